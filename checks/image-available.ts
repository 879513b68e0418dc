import { defineCheck, type FindingInput } from '../src/types.js';
import { describeAttempts, endpointById, registryProbeFact } from '../src/registry/describe.js';

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
    platform: '{ref}: found at {at} but the index has no {platform} image (it has: {platforms}); containerd reports "no match for platform in manifest: not found".',
    'platform.fix': 'Copy all platforms of the image (skopeo copy --all, or docker buildx imagetools create), not a single-arch docker push.',
    blocked: 'blocked by {dep} for {endpoint}',
  },
  remediation: 'Push the image to the registry under the name Rancher requests.',
  run(facts) {
    const f = registryProbeFact(facts);
    const out: FindingInput[] = [];
    const sdr = f.imageSet.systemDefaultRegistry;
    // Nothing probed (e.g. an unknown --rancher-version): say so rather than an empty pass.
    if (f.images.length === 0) return [{ status: 'skip', messageId: 'nothing' }];
    for (const img of f.images) {
      const attempts = describeAttempts(f, img);
      const data: Record<string, unknown> = { registry: img.registry, repository: img.repository, reference: img.reference, result: img.result, attempts: img.attempts, source: img.source, line: img.line };
      const resolvedEp = img.resolvedAt ? endpointById(f, img.resolvedAt) : undefined;
      const okAttempt = img.attempts.find((a) => a.status === 'ok');
      const common = {
        ref: img.ref,
        attempts,
        at: resolvedEp?.url ?? '',
        via: okAttempt && okAttempt.repository !== img.repository ? ` as ${okAttempt.repository}` : '',
        platform: f.platform,
      };
      if (img.result === 'ok' || img.result === 'platform-missing') {
        const m = img.manifest;
        data.digest = m?.digest ?? null;
        data.mediaType = m?.mediaType ?? null;
        data.platforms = m?.platforms ?? null;
        data.artifactType = m?.artifactType ?? null;
        const kind = m?.artifactType ? `artifact ${m.artifactType}` : m?.platforms ? `index: ${m.platforms.join(', ')}` : (m?.mediaType ?? 'manifest');
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
            projectNote: nameUnknown ? ` The repository ${pushRepo} does not exist at all${pushRepo.includes('/') ? ` (with Harbor: is the project "${project}" there and were the images pushed under it?)` : ''}.` : '',
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
        const authFix =
          firstErr.authCause === 'no-permission'
            ? `The login for configs."${cfg}" works, but pulling ${firstErr.repository} is not allowed: create the Harbor project "${project}" (or push the images there) and give the account pull permission on it (a robot account of that project, or make the project public).`
            : firstErr.authCause === 'bad-credentials'
              ? `Fix the username/password under configs."${cfg}".auth; the registry rejects them.`
              : firstErr.authCause === 'no-credentials'
                ? `Add configs."${ep?.host ?? cfg}".auth with a username and password that may pull ${firstErr.repository} (configs keys are the endpoint host[:port]).`
                : `Check the credentials under configs."${cfg}".auth, that the Harbor project "${project}" exists, and that the account has pull permission on it.`;
        out.push({ status: 'fail', messageId: 'unauthorized', args: { ...common, firstError: firstErr.error ?? '', authFix }, target: img.ref, data });
        continue;
      }
      out.push({ status: 'fail', messageId: 'failed', args: { ...common, firstError: firstErr.error ?? '' }, target: img.ref, data });
    }
    return out;
  },
});
