import { defineCheck, ref, type FindingInput, type MessageArg } from '../src/types.js';
import { describeAttempts, endpointById, PROBE_ERROR_MESSAGES, errorArg, registryProbeFact } from '../src/registry/describe.js';
import { MAX_MANIFEST_SIZE } from '../src/registry/manifest.js';

/**
 * ONE finding per image, target = the reference exactly as Rancher requests it. Pass when the first
 * endpoint that answers 200 has it (containerd: 404 ⇒ next endpoint, other errors remembered, first
 * error wins; DOMAIN §1.5, §3.1, §5.2 #6/#7). A chain where every endpoint was unusable is `skip`,
 * blocked by the registry-tls / registry-auth finding of that endpoint (one broken CA = one failure).
 */
export default defineCheck({
  id: 'image-available',
  title: 'Image can be pulled',
  failTitle: 'Image cannot be pulled',
  stage: 'registry',
  requires: ['registryProbe'],
  spec: ['§1.5', '§3.1', '§3.2', '§3.4', '§5.2 #6', '§5.2 #7', '§6 #13'],
  messages: {
    nothing: 'not run: no image was probed (see image-set)',
    ok: '{ref}: found at {at}{via} ({kind}, {digest}).',
    missing: '{ref}: not found at any endpoint; containerd reports: failed to resolve reference "{ref}": {ref}: not found. Tried: {attempts}.',
    'missing.fix': 'Push the image to the registry as {pushAs} (e.g. rancher-load-images.sh --registry {registryPrefix}, or skopeo copy --all docker://docker.io/{upstream} docker://{pushAs}).{projectNote}',
    unauthorized: '{ref}: {firstError}. Tried: {attempts}.',
    'unauthorized.fix': '{authFix}',
    failed: '{ref}: {firstError}. Tried: {attempts}.',
    'failed.fix': 'Fix the first error above: containerd reports the first non-404 error of the endpoints it tried.',
    webPage: '{ref}: {firstError}: {url} answered a web page (text/html), not a manifest. Tried: {attempts}.',
    'webPage.fix': 'The endpoint is not a registry API (see registry-auth): write it as scheme://host[:port] of the registry itself (K3s adds /v2), not a web UI address, and keep HTTP proxies out of the way to the registry (NO_PROXY).',
    tooLarge: '{ref}: {firstError}: the manifest at {url} is larger than containerd accepts ({max} bytes). Tried: {attempts}.',
    'tooLarge.fix': 'Check what {url} serves under this tag: a real image manifest or index is a few KiB; push the image again (skopeo copy --all) or fix the proxy that answers in place of the registry.',
    platform: '{ref}: found at {at} but the index has no {platform} image (it has: {platforms}); containerd reports "no match for platform in manifest: not found".',
    'platform.fix': 'Copy all platforms of the image (skopeo copy --all, or docker buildx imagetools create), not a single-arch docker push.',
    blocked: 'blocked by {dep} for {endpoint}',
    modeUnknown: '{ref}: not judged: the registry answered, but the K3s registry rendering mode of RKE2 {version} is not known (see image-set), so what containerd on that node would request is not known either.',
    'modeUnknown.fix': 'Give an RKE2 version from the built-in table (docs/registry-modes.md) with --rke2-version.',
    // Phrases filled into the messages above (message references, so they are translated too).
    via: ' as {repository}',
    'kind.artifact': 'artifact {type}',
    'kind.index': 'index: {platforms}',
    'kind.manifest': 'manifest',
    projectNote: ' The repository {repository} does not exist at all.',
    'projectNote.harbor': ' The repository {repository} does not exist at all (with Harbor: is the project "{project}" there and were the images pushed under it?).',
    'authFix.no-permission': 'The login for configs."{config}" works, but pulling {repository} is not allowed: create the Harbor project "{project}" (or push the images there) and give the account pull permission on it (a robot account of that project, or make the project public).',
    'authFix.bad-credentials': 'Fix the username/password under configs."{config}".auth; the registry rejects them.',
    'authFix.no-credentials': 'Add configs."{host}".auth with a username and password that may pull {repository} (configs keys are the endpoint host[:port]).',
    'authFix.unknown': 'Check the credentials under configs."{config}".auth, that the Harbor project "{project}" exists, and that the account has pull permission on it.',
    // One endpoint tried ({attempts} above), built in src/registry/describe.ts.
    'attempts.2': '{a}; {b}',
    'attempts.3': '{a}; {b}; {c}',
    'attempts.4': '{a}; {b}; {c}; {d}',
    'attempt.role.default': ' (default endpoint)',
    'attempt.rewrite': ' as {repository} (rewrite "{pattern}")',
    'attempt.ok': '{url}{role}{repo}: found',
    'attempt.not-found': '{url}{role}{repo}: 404 {meaning}',
    'attempt.unauthorized': '{url}{role}{repo}: 401 ({why}{actions}): {error}',
    'attempt.denied': '{url}{role}{repo}: 403 denied',
    'attempt.blocked': '{url}{role}: not usable ({dep}): {error}',
    'attempt.error': '{url}{role}{repo}: {error}',
    'attempt.why.no-permission': 'credentials are valid but have no pull permission here (or the Harbor project does not exist)',
    'attempt.why.bad-credentials': 'credentials rejected',
    'attempt.why.no-credentials': 'no credentials configured for this endpoint',
    'attempt.why.no-permission-or-bad-credentials': 'wrong credentials, no pull permission, or the Harbor project does not exist',
    'attempt.tokenGrants': '; the token grants [{actions}]',
    'code.MANIFEST_UNKNOWN': 'MANIFEST_UNKNOWN: no manifest under this tag',
    'code.NAME_UNKNOWN': 'NAME_UNKNOWN: the repository does not exist',
    'code.none': 'not found',
    // The probe's errors (src/registry/errors.ts): one template per code.
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Push the image to the registry under the name Rancher requests.',
  run(facts, ctx) {
    const f = registryProbeFact(facts);
    const out: FindingInput[] = [];
    const sdr = f.imageSet.systemDefaultRegistry;
    // Nothing probed (e.g. an unknown --rancher-version): say so rather than an empty pass.
    if (f.images.length === 0) return [{ status: 'skip', messageId: 'nothing' }];
    for (const img of f.images) {
      // containerd refuses its config.toml (see containerd-config): nothing is pulled, nothing was probed.
      if (img.chainNotes.includes('containerd-config-unparsable')) {
        out.push({ status: 'skip', messageId: 'blocked', args: { dep: 'containerd-config', endpoint: 'config.toml' }, target: img.ref, data: { registry: img.registry, repository: img.repository, reference: img.reference, result: img.result, attempts: [], blockedBy: 'containerd-config' } });
        continue;
      }
      const attempts = describeAttempts(f, img);
      const data: Record<string, unknown> = { registry: img.registry, repository: img.repository, reference: img.reference, result: img.result, attempts: img.attempts, source: img.source, line: img.line };
      const resolvedEp = img.resolvedAt ? endpointById(f, img.resolvedAt) : undefined;
      const okAttempt = img.attempts.find((a) => a.status === 'ok');
      const common = {
        ref: img.ref,
        attempts,
        at: resolvedEp?.url ?? '',
        via: okAttempt && okAttempt.repository !== img.repository ? ref('via', { repository: okAttempt.repository }) : '',
        platform: f.platform,
      };
      if (img.result === 'ok' || img.result === 'platform-missing') {
        const m = img.manifest;
        data.digest = m?.digest ?? null;
        data.mediaType = m?.mediaType ?? null;
        data.platforms = m?.platforms ?? null;
        data.artifactType = m?.artifactType ?? null;
        const kind: MessageArg = m?.artifactType
          ? ref('kind.artifact', { type: m.artifactType })
          : m?.platforms
            ? ref('kind.index', { platforms: m.platforms.join(', ') })
            : (m?.mediaType ?? ref('kind.manifest'));
        if (img.result === 'ok') out.push({ status: 'pass', messageId: 'ok', args: { ...common, kind, digest: m?.digest ?? '' }, target: img.ref, data });
        else out.push({ status: 'fail', messageId: 'platform', args: { ...common, platforms: (m?.platforms ?? []).join(', ') }, target: img.ref, data });
        continue;
      }
      if (img.result === 'blocked') {
        const a = img.attempts[0]!;
        const ep = endpointById(f, a.endpoint);
        const dep = a.blockedBy === 'auth' ? 'registry-auth' : 'registry-tls';
        out.push({ status: 'skip', messageId: 'blocked', args: { dep, endpoint: ep?.url ?? a.endpoint }, target: img.ref, data: { ...data, blockedBy: dep, endpoint: ep?.url ?? a.endpoint } });
        continue;
      }
      if (img.result === 'not-found') {
        const first = img.attempts.find((a) => a.status === 'not-found');
        const pushRepo = first?.repository ?? img.repository;
        const pushAs = `${img.registry}/${pushRepo}:${img.reference}`;
        const nameUnknown = img.attempts.some((a) => a.code === 'NAME_UNKNOWN');
        const project = pushRepo.split('/')[0];
        out.push({
          status: 'fail',
          messageId: 'missing',
          args: {
            ...common,
            pushAs,
            registryPrefix: sdr ?? img.registry,
            upstream: `${img.repository.replace(/^.*?(rancher\/)/, '$1')}:${img.reference}`,
            projectNote: nameUnknown ? ref(pushRepo.includes('/') ? 'projectNote.harbor' : 'projectNote', { repository: pushRepo, project }) : '',
          },
          target: img.ref,
          data,
        });
        continue;
      }
      // containerd reports the first non-404 error of the chain, an unusable endpoint included (DOMAIN §1.5).
      const firstErr = img.attempts.find((a) => a.status !== 'not-found') ?? img.attempts[0]!;
      const ep = endpointById(f, firstErr.endpoint);
      if (firstErr.status === 'unauthorized') {
        const project = firstErr.repository.split('/')[0];
        const cfg = ep?.configKey ?? ep?.configLookup ?? img.registry;
        const authFix = ref(`authFix.${firstErr.authCause === 'no-permission' || firstErr.authCause === 'bad-credentials' || firstErr.authCause === 'no-credentials' ? firstErr.authCause : 'unknown'}`, {
          config: cfg,
          host: ep?.host ?? cfg,
          repository: firstErr.repository,
          project,
        });
        out.push({ status: 'fail', messageId: 'unauthorized', args: { ...common, firstError: errorArg(firstErr.error), authFix }, target: img.ref, data });
        continue;
      }
      if (firstErr.problem === 'web-page' || firstErr.problem === 'too-large') {
        // A 200 containerd cannot use: a web page (DOMAIN §5.2 #13) or a manifest over MaxManifestSize (§3.1).
        const tooLarge = firstErr.problem === 'too-large';
        out.push({ status: 'fail', messageId: tooLarge ? 'tooLarge' : 'webPage', args: { ...common, firstError: errorArg(firstErr.error), url: ep?.url ?? firstErr.endpoint, max: MAX_MANIFEST_SIZE }, target: img.ref, data });
        continue;
      }
      out.push({ status: 'fail', messageId: 'failed', args: { ...common, firstError: errorArg(firstErr.error) }, target: img.ref, data });
    }
    // No modelled mode for this --rke2-version (not in the table, or mode C): the chain walked is
    // today's (mode D), so a pass would be a guess. Failures stay: the registry really answered so.
    if (f.modeSource === 'unknown') {
      return out.map((o) => (o.status === 'pass' ? { status: 'skip', messageId: 'modeUnknown', args: { ref: o.target ?? '', version: ctx.options.rke2Version ?? '' }, target: o.target, data: o.data } : o));
    }
    return out;
  },
});
