import { defineCheck, ref, type FindingInput, type MessageArg, type MessageArgs } from '../src/types.js';
import { explainRecords, locateEntry, sdrRelation, type EntryInfo, type Explanation } from '../src/explain/explain.js';
import type { ExplainInputFact } from '../src/explain/probe.js';
import type { RegistriesFileFact } from '../src/probes/registries-file.js';
import { buildModel, type RegistriesModel } from '../src/registries-model.js';
import { featuresFor } from '../src/rancher/releases.js';
import { splitHostPort } from '../src/endpoint.js';

/**
 * Every image-pull failure in a pasted message, log or kubectl output: the cause (DOMAIN §5.2
 * signatures, via src/health/classify.ts), the failing URL and host, whether that URL is a mirror
 * or the default endpoint, the registries.yaml entries involved when the file is given, and the fix.
 */
const check = defineCheck({
  id: 'explain-pull-error',
  title: 'The input holds no image-pull error',
  failTitle: 'The input holds an image-pull error',
  stage: 'explain',
  requires: ['explainInput'],
  spec: ['§5.1', '§5.2', '§1.3', '§1.5', '§4.1'],
  messages: {
    none: 'No image-pull error found in the input ({lines} lines, read as {formats}).',
    explained: '{cause}{where}{entry}{sdr}{seen}{said}',
    // The cause, one per DOMAIN §5.2 row (cause codes of src/health/classify.ts).
    'cause.unknown-ca': '{image}: {endpoint} presents a TLS certificate signed by a CA containerd does not trust (self-signed, a private CA without ca_file, or the wrong ca_file).',
    'cause.unknown-ca.fix': 'Trust the CA: in registries.yaml set `configs: {"{host}": {tls: {ca_file: /etc/rancher/k3s/certs/ca.pem}}}` (the configs key must be the endpoint host "{host}" exactly), mount the CA file into the Rancher container at that path, and restart the container.',
    'cause.san-mismatch': '{image}: the certificate of {endpoint} does not name "{hostname}" in its Subject Alternative Names (or has only a legacy Common Name).',
    'cause.san-mismatch.fix': 'Re-issue the registry certificate with subjectAltName DNS:{hostname} (IP:… for an IP address), or use a name the certificate has, both in the endpoint and in CATTLE_SYSTEM_DEFAULT_REGISTRY.',
    'cause.cert-expired': '{image}: the certificate of {endpoint} has expired or is not yet valid (or a clock is wrong).',
    'cause.cert-expired.fix': 'Renew the registry certificate, or correct the clock of the Docker host (containerd compares the certificate with its own clock).',
    'cause.https-to-http': '{image}: containerd spoke HTTPS to {endpoint}, which answers plain HTTP.',
    'cause.https-to-http.fix': 'List the registry with an explicit http:// endpoint: `mirrors: {"{registry}": {endpoint: ["http://{host}"]}}` (the mirrors key must equal "{registry}" exactly), remove any tls: block for "{host}", and restart the Rancher container.',
    'cause.http-to-https': '{image}: containerd spoke plain HTTP to {endpoint}, which expects HTTPS.',
    'cause.http-to-https.fix': 'Use an https:// endpoint for {host} in registries.yaml (with configs."{host}".tls.ca_file when its CA is private) and restart the Rancher container.',
    'cause.http-fallback-400': '{image}: containerd\'s last answer from {host} is 400 Bad Request to the manifest request, which is what an HTTPS port answers to plain HTTP. containerd 1.6 tries plain http after https for some hosts (a loopback registry in hosts.toml mode, an http:// fallback endpoint) and reports the first answer that is not 404: the https answer before it, usually 404 (the tag or the repository {repository} is missing), is hidden.',
    'cause.http-fallback-400.fix': 'Check that {image} exists on {registry} (the repository {repository} and its tag: `curl -sk https://{host}/v2/{repository}/tags/list`, with -u user for a private registry) and push it when it is missing; check that every endpoint for {host} in registries.yaml has the scheme its port speaks (https:// for TLS). containerd\'s log shows each answer (`trying next host`).',
    'cause.auth-token': '{image}: the token service of {registry} rejected the credentials containerd sent.',
    'cause.auth-token.fix': 'Correct username/password in configs."{host}".auth (quote values with $, : or other special characters) and restart the Rancher container.',
    'cause.auth-no-credentials': '{image}: {registry} requires a login and containerd sent no credentials.',
    'cause.auth-no-credentials.fix': 'Add `configs: {"{host}": {auth: {username: …, password: …}}}` to registries.yaml (keyed by the endpoint host "{host}" exactly, not by the mirror name) and restart the Rancher container.',
    'cause.auth-denied': '{image}: the registry denied access to {repository} (insufficient scope: the project does not exist, is private and no credentials were sent, or the account may not pull from it).',
    'cause.auth-denied.fix': 'Check that the project of {repository} exists on {registry} and that the account in configs."{host}".auth may pull from it (Harbor: a project member or robot account with pull permission).',
    'cause.auth-rejected': '{image}: {endpoint} answered 401/403: the credentials for "{host}" are wrong or missing, or the account may not pull {repository} (Harbor also answers 401 for a project that does not exist).',
    'cause.auth-rejected.fix': 'Test the login on the Docker host with `docker login {host}`; correct username/password in configs."{host}".auth (quote values with special characters) and restart the Rancher container.',
    'cause.rate-limited': '{image}: {endpoint} refuses more pulls (429 Too Many Requests): containerd reached Docker Hub instead of your registry.',
    'cause.rate-limited.fix': 'Mirror the image to your registry and add a mirrors entry for "{registry}" (or set CATTLE_SYSTEM_DEFAULT_REGISTRY) so that nothing is pulled from Docker Hub.',
    'cause.not-html-api': '{image}: {endpoint} served a web page (text/html) instead of the registry API: the endpoint points at a UI or a proxy, not at the v2 API.',
    'cause.not-html-api.fix': 'Point the endpoint at the registry root (https://{host}, no path) and check that {endpoint}/v2/ answers with the header Docker-Distribution-Api-Version.',
    'cause.not-found': '{image} does not exist where containerd looked: repository {repository} or its tag is missing (wrong project, not pushed, or a wrong rewrite).',
    'cause.not-found.fix': 'Push it: `docker pull` or `docker load` the image, `docker tag` it as {image} and `docker push {image}` (rancher-load-images.sh --registry {registry} pushes every image of a release).',
    'cause.invalid-name': '{image}: the image name is invalid. Rancher builds system images as CATTLE_SYSTEM_DEFAULT_REGISTRY + "/rancher/…", so a scheme, a trailing slash or upper case there breaks every one of them.',
    'cause.invalid-name.fix': 'Re-create the Rancher container with CATTLE_SYSTEM_DEFAULT_REGISTRY=host[:port][/project]: no https://, no trailing slash, lower case.',
    'cause.dns': '{image}: the name "{hostname}" does not resolve where containerd runs (inside the Rancher container).',
    'cause.dns.fix': "Re-create the Rancher container with `--add-host {hostname}:<registry IP>` or a DNS server that knows the name (`--dns <ip>`); the Docker host's /etc/hosts is not visible inside the container.",
    'cause.refused': '{image}: nothing listens at {endpoint} (connection refused: a wrong port, or the registry is down).',
    'cause.refused.fix': 'Check the port in the endpoint and in CATTLE_SYSTEM_DEFAULT_REGISTRY, and that the registry runs: `curl -v {endpoint}/v2/` from the Docker host.',
    'cause.network': '{image}: {endpoint} cannot be reached (timeout, reset or no route: a firewall or routing problem).',
    'cause.network.fix': 'Check routing and firewalls between the Rancher container and {host}: `curl -v {endpoint}/v2/` from the Docker host.',
    'cause.tls-file-missing': '{image}: a ca_file, cert_file or key_file named in registries.yaml cannot be read where containerd runs (inside the Rancher container).',
    'cause.tls-file-missing.fix': 'Mount each TLS file into the Rancher container at the path registries.yaml names (`-v /path/ca.pem:/path/ca.pem:ro`) and restart it.',
    'cause.hosts-toml-invalid': '{image}: containerd rejected a hosts.toml generated from registries.yaml (or edited by hand).',
    'cause.hosts-toml-invalid.fix': 'This K3s version renders an invalid hosts.toml for this registries.yaml: upgrade Rancher, or remove hand-made files under /var/lib/rancher/k3s/agent/etc/containerd/certs.d.',
    'cause.sandbox-image': 'The pod sandbox cannot be created: the pause image {sandboxImage} cannot be pulled ({innerCause}). Rancher bundles pause and coredns; they are pulled only when the bundle is hidden (a bind mount on /var/lib/rancher) or was not loaded.',
    'cause.sandbox-image.fix': 'Do not bind-mount /var/lib/rancher (use a named volume), or push {sandboxImage} to your registry and add a "docker.io" mirror to registries.yaml.',
    'cause.https-first': '{host}: containerd 2.x tries HTTPS first for this http:// endpoint because registries.yaml gives it a TLS configuration (configs."{host}".tls).',
    'cause.https-first.fix': 'For a plain-HTTP registry remove the tls: block of configs."{host}" (keep auth:), or serve the registry over HTTPS and use an https:// endpoint.',
    'cause.back-off': '{image} is in ImagePullBackOff and the input holds no message saying why (the kubelet repeats only "Back-off pulling image"; the Failed events may have expired).',
    'cause.back-off.fix': 'Get the real error: `kubectl get events -A --field-selector reason=Failed`, or `docker exec <rancher container> k3s crictl pull {image}`, and explain that.',
    'cause.unknown': '{image}: a pull error this tool does not know.',
    'cause.unknown.fix': 'Read /var/lib/rancher/k3s/agent/containerd/containerd.log inside the Rancher container; please report the message so that it can be classified.',
    // Fixes that replace the cause's own when the URL says more than the cause.
    'fix.docker-hub': 'In an air gap Docker Hub cannot be reached, so pull {image} from your registry instead: set CATTLE_SYSTEM_DEFAULT_REGISTRY on the Rancher container so that Rancher prefixes its images, or add `mirrors: {"docker.io": {endpoint: ["https://<your registry>"]}}` for the images K3s pulls by itself (pause, coredns), and push {repository} there.',
    'fix.fell-back': 'containerd tried the mirror endpoints first ({tried}) and reached the default endpoint because they answered 404 (an error there would be the one shown): the image is missing on the mirror. Push {repository} with this tag to the mirror (or fix the rewrite), and read every attempt: `docker exec <rancher container> grep "trying next host" /var/lib/rancher/k3s/agent/containerd/containerd.log`.',
    // Phrases filled into `explained`.
    unnamedImage: '(image not named)',
    unknownHost: 'the registry (the message names no host)',
    hostPlaceholder: '<registry host>',
    'fix.noHost': '{fix}\nThe message names no registry host: write the host[:port] containerd contacts (the endpoint host in registries.yaml, or the registry part of the image name) in place of <registry host>. Give --file registries.yaml or --system-default-registry to have it filled in.',
    'fix.hostFromSdr': '{fix}\nThe message names no registry host; this fix uses {guessHost}, the registry of --system-default-registry {guessSdr}. Check that it is the registry that failed.',
    'fix.hostFromSdrMirror': '{fix}\nThe message names no registry host; this fix uses {guessHost}, the first endpoint (line {guessLine}) of the mirror for the registry of --system-default-registry {guessSdr}. Check that it is the registry that failed.',
    'fix.hostFromFile': '{fix}\nThe message names no registry host; this fix uses {guessHost}, the only registry host in registries.yaml (line {guessLine}). Check that it is the registry that failed.',
    unknownRepository: '(repository not named)',
    'where.mirror': '\nFailing URL: {url}, host {host}: a mirror endpoint for {registry}.',
    'where.default': '\nFailing URL: {url}, host {host}: the default endpoint of {registry}. containerd tries it when no mirror applies, or last, after the mirror endpoints; as it reports the first error, a pull error at this endpoint means every mirror endpoint answered 404 or none applied.',
    'where.unknown': '\nFailing URL: {url}, host {host}.',
    'where.none': '\nThe message names no URL (registry {registry}).',
    'entry.mirror': '\nregistries.yaml: mirrors."{mirrorKey}" (line {mirrorLine}), endpoint "{raw}" (line {line}); {config}.',
    'entry.default': '\nregistries.yaml: {mirror}; {config}.',
    'entry.noMirror': 'no mirrors key matches "{registry}" or "*", so containerd tries only the default endpoint',
    'entry.triedFirst': 'mirrors."{mirrorKey}" (line {mirrorLine}) lists the endpoints tried before it: {tried}',
    'entry.mirrorNoEndpoint': 'mirrors."{mirrorKey}" (line {mirrorLine}) gives no endpoint tried before it',
    'entry.config': 'configs."{configKey}" applies (line {configLine})',
    'entry.noConfig': 'no configs entry applies (containerd looks for configs."{configLookup}")',
    'entry.notInChain': '\nregistries.yaml does not lead containerd to this URL for {image}; it would try {chain}. The file in effect inside the Rancher container differs from this one (edited without a restart, or another file), or the image was pulled under another name.',
    'entry.noUrl': '\nregistries.yaml: for {image} containerd tries {chain}.',
    'entry.noImage': '\nregistries.yaml: the message names no image, so the entry that applies cannot be told.',
    'sdr.not-prefixed': '\nThe image was pulled as {image}, not under the system default registry {sdr}: Rancher did not prefix it (CATTLE_SYSTEM_DEFAULT_REGISTRY is not set in the Rancher container), or K3s pulls it by itself (pause, coredns), which needs a mirrors "docker.io" entry.',
    'sdr.is-sdr': '\n{registry} is the registry of the system default registry {sdr}: Rancher pulls every system image from it, so registries.yaml needs mirrors."{registry}" (exactly that key) when its endpoint is not https://{registry}.',
    'sdr.other-registry': '\n{registry} is not the registry of the system default registry {sdr}: this is not one of the system images Rancher prefixes (a workload image, or a name written elsewhere).',
    seen: '\nSeen {count} time(s): {places}.',
    'place.pod': 'pod {pod}',
    'place.podContainer': 'pod {pod} container {container}',
    'place.line': 'input line {line}',
    'place.more': '{n} more',
    said: '\ncontainerd said: {detail}',
    // The cause of the pause image's pull (innerCause of cause.sandbox-image); English keeps the cause id of data.cause.
    'inner.unknown-ca': 'unknown-ca',
    'inner.san-mismatch': 'san-mismatch',
    'inner.cert-expired': 'cert-expired',
    'inner.https-to-http': 'https-to-http',
    'inner.http-to-https': 'http-to-https',
    'inner.http-fallback-400': 'http-fallback-400',
    'inner.auth-token': 'auth-token',
    'inner.auth-no-credentials': 'auth-no-credentials',
    'inner.auth-denied': 'auth-denied',
    'inner.auth-rejected': 'auth-rejected',
    'inner.rate-limited': 'rate-limited',
    'inner.not-html-api': 'not-html-api',
    'inner.not-found': 'not-found',
    'inner.invalid-name': 'invalid-name',
    'inner.dns': 'dns',
    'inner.refused': 'refused',
    'inner.network': 'network',
    'inner.none': 'unknown cause',
  },
  remediation: 'Make the image pullable from the private registry (see the cause above).',
  run(facts, ctx) {
    const input = facts.explainInput!.ok ? (facts.explainInput.value as ExplainInputFact) : null;
    if (!input) return [];
    const explanations = explainRecords(input.records);
    if (explanations.length === 0) {
      return [{ status: 'skip', messageId: 'none', args: { lines: input.lines, formats: input.formats.join(', ') }, data: { formats: input.formats, lines: input.lines } }];
    }
    const reg = facts.registriesFile;
    const file = reg && reg.ok && !(reg.value as { absent?: boolean }).absent ? (reg.value as RegistriesFileFact) : null;
    const feats = ctx.options.rancherVersion ? featuresFor(ctx.options.rancherVersion) : null;
    const mode = feats?.mode ?? 'D';
    const model = file ? buildModel(file.yaml.tree, mode) : null;
    const chainFeatures = { mode, rewrite: feats?.rewrite ?? true, lastDefaultEndpointBug: feats?.lastDefaultEndpointBug ?? false };
    const urls = explanations.map((e) => e.url).filter((u): u is string => u !== null);
    const guess = hostGuess(ctx.options.systemDefaultRegistry, model);
    return explanations.map((ex) => finding(ex, model ? locateEntry(ex, model, chainFeatures) : null, Boolean(model), ctx.options.file, ctx.options.systemDefaultRegistry, urls, guess));
  },
});
export default check;

const INNER = new Set(['unknown-ca', 'san-mismatch', 'cert-expired', 'https-to-http', 'http-to-https', 'http-fallback-400', 'auth-token', 'auth-no-credentials', 'auth-denied', 'auth-rejected', 'rate-limited', 'not-html-api', 'not-found', 'invalid-name', 'dns', 'refused', 'network']);

function places(ex: Explanation): MessageArg {
  const seen = new Set<string>();
  const out: { key: string; args: MessageArgs }[] = [];
  for (const o of ex.occurrences) {
    const p = o.pod ? (o.container ? { key: 'place.podContainer', args: { pod: o.pod, container: o.container } } : { key: 'place.pod', args: { pod: o.pod } }) : { key: 'place.line', args: { line: o.line } };
    const id = JSON.stringify(p);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(p);
  }
  const shown = out.slice(0, 5).map((p) => ref(p.key, p.args));
  if (out.length > 5) shown.push(ref('place.more', { n: out.length - 5 }));
  return shown;
}

/**
 * The host a fix names when the message names none (a bare `x509: …` line): the registry of
 * --system-default-registry, else the one endpoint host registries.yaml lists (configs keys included).
 * With neither, or several hosts in the file, there is no honest guess.
 */
type HostGuess = { host: string; from: 'sdr'; sdr: string } | { host: string; from: 'sdrMirror'; sdr: string; line: number } | { host: string; from: 'file'; line: number } | null;
function hostGuess(sdr: string | null, model: RegistriesModel | null): HostGuess {
  if (sdr) {
    const host = sdr.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.toLowerCase();
    // containerd contacts the first endpoint of the mirror for that registry, and configs is keyed by its host.
    const first = model?.mirrors.find((m) => m.key.toLowerCase() === host)?.endpoints.find((e) => e.parsed);
    if (host && first) return { host: first.parsed!.host, from: 'sdrMirror', sdr, line: first.line };
    if (host) return { host, from: 'sdr', sdr };
  }
  if (!model) return null;
  const seen = new Map<string, number>();
  for (const m of model.mirrors) for (const e of m.endpoints) if (e.parsed && !seen.has(e.parsed.host)) seen.set(e.parsed.host, e.line);
  for (const c of model.configs) if (c.key !== '*' && !seen.has(c.key.toLowerCase())) seen.set(c.key.toLowerCase(), c.line);
  if (seen.size !== 1) return null;
  const [host, line] = [...seen][0]!;
  return { host, from: 'file', line };
}

function finding(ex: Explanation, entry: EntryInfo | null, haveFile: boolean, file: string, sdr: string | null, urls: string[], guess: HostGuess): FindingInput {
  const host = ex.host ?? (ex.registry && ex.registry !== 'docker.io' ? ex.registry : ex.registry === 'docker.io' ? 'registry-1.docker.io' : null);
  const image: MessageArg = ex.image ?? ref('unnamedImage');
  const role = entry?.role ?? (ex.role === 'unknown' ? null : ex.role);
  const base = {
    image,
    registry: ex.registry ?? host ?? '?',
    repository: ex.repository ?? ref('unknownRepository'),
    host: host ?? ref('unknownHost'),
    hostname: host ? splitHostPort(host).hostname : ref('unknownHost'),
    endpoint: ex.endpoint ?? (host ? `https://${host}` : ref('unknownHost')),
    url: ex.url,
    sandboxImage: ex.sandboxImage ?? image,
    innerCause: ref(ex.innerCause && INNER.has(ex.innerCause) ? `inner.${ex.innerCause}` : 'inner.none'),
    detail: ex.detail,
  };
  const where = ex.cause === 'back-off' ? '' : ex.url ? ref(role === 'mirror' ? 'where.mirror' : role === 'default' ? 'where.default' : 'where.unknown', base) : ex.registry ? ref('where.none', base) : '';
  let entryArg: MessageArg = '';
  if (haveFile && ex.cause !== 'back-off') {
    if (!entry) entryArg = ref('entry.noImage');
    else {
      const config = entry.config ? ref('entry.config', { configKey: entry.config.key, configLine: entry.config.line }) : ref('entry.noConfig', { configLookup: entry.configLookup ?? host ?? '?' });
      const chainText = entry.chain.map((s) => s.url).join(' → ');
      if (ex.url && entry.matched === null) entryArg = ref('entry.notInChain', { image, chain: chainText });
      else if (entry.role === 'mirror' && entry.mirror && entry.endpoint) entryArg = ref('entry.mirror', { mirrorKey: entry.mirror.key, mirrorLine: entry.mirror.line, raw: entry.endpoint.raw, line: entry.endpoint.line, config });
      else if (entry.role === 'default') {
        const mirror = !entry.mirror
          ? ref('entry.noMirror', { registry: base.registry })
          : entry.triedBefore.length
            ? ref('entry.triedFirst', { mirrorKey: entry.mirror.key, mirrorLine: entry.mirror.line, tried: entry.triedBefore.join(', ') })
            : ref('entry.mirrorNoEndpoint', { mirrorKey: entry.mirror.key, mirrorLine: entry.mirror.line });
        entryArg = ref('entry.default', { mirror, config });
      } else entryArg = ref('entry.noUrl', { image, chain: chainText });
    }
  }
  const rel = sdrRelation(ex, sdr);
  const sdrArg: MessageArg = rel ? ref(`sdr.${rel.relation}`, { image, sdr: sdr!, registry: base.registry }) : '';
  const count = ex.occurrences.reduce((n, o) => n + Math.max(1, o.count), 0);
  const seen = count > 1 || ex.occurrences.some((o) => o.pod) ? ref('seen', { count, places: places(ex) }) : '';
  const said = ex.cause === 'back-off' || ex.detail === '' ? '' : ref('said', { detail: ex.detail });
  let fixId = `cause.${ex.cause}.fix`;
  // The input shows an error at an endpoint tried before this one: that one is the failure, not a 404 fallback.
  const earlierFailed = Boolean(entry?.triedBefore.some((b) => urls.some((u) => u.toLowerCase().startsWith(`${b.toLowerCase()}/`))));
  if (role === 'default' && entry && entry.triedBefore.length && !earlierFailed) fixId = 'fix.fell-back';
  else if (role === 'default' && ex.registry === 'docker.io' && ex.cause !== 'back-off') fixId = 'fix.docker-hub';
  let noHost: MessageArgs = {};
  // Only a fix that names the host gets the note (the placeholders are the same in every language).
  if (!host && ex.cause !== 'back-off' && /\{(host|hostname|endpoint|registry)\}/.test(check.messages?.[fixId] ?? '')) {
    // The message names no host: the fix is written for the guessed host, or for a placeholder the
    // reader replaces, and says which.
    const h = guess?.host ?? null;
    const fixBase = { ...base, host: h ?? ref('hostPlaceholder'), hostname: h ? splitHostPort(h).hostname : ref('hostPlaceholder'), endpoint: h ? `https://${h}` : ref('hostPlaceholder'), registry: ex.registry ?? h ?? ref('hostPlaceholder') };
    noHost = { fix: ref(fixId, fixBase), ...(guess ? { guessHost: guess.host } : {}), ...(guess && guess.from !== 'file' ? { guessSdr: guess.sdr } : {}), ...(guess && guess.from !== 'sdr' ? { guessLine: guess.line } : {}) };
    const noteIds = { sdr: 'fix.hostFromSdr', sdrMirror: 'fix.hostFromSdrMirror', file: 'fix.hostFromFile' } as const;
    fixId = guess ? noteIds[guess.from] : 'fix.noHost';
  }
  const location = entry?.endpoint && entry.role === 'mirror' ? { file, line: entry.endpoint.line, column: entry.endpoint.col } : entry?.mirror ? { file, line: entry.mirror.line, column: entry.mirror.col } : null;
  return {
    status: 'fail',
    messageId: 'explained',
    args: { ...base, tried: entry?.triedBefore.join(', ') ?? '', cause: ref(`cause.${ex.cause}`, base), where, entry: entryArg, sdr: sdrArg, seen, said, ...noHost },
    fixId,
    target: ex.image ?? host,
    location,
    data: {
      cause: ex.cause,
      signatureRow: ex.row,
      image: ex.image,
      imageFrom: ex.imageFrom,
      registry: ex.registry,
      repository: ex.repository,
      url: ex.url,
      endpoint: ex.endpoint,
      host: ex.host,
      role: role ?? 'unknown',
      ns: ex.ns,
      sandboxImage: ex.sandboxImage,
      innerCause: ex.innerCause,
      detail: ex.detail,
      occurrences: ex.occurrences,
      entry,
      systemDefaultRegistry: rel ? { value: sdr, registry: rel.sdrRegistry, relation: rel.relation } : null,
    },
  };
}
