import { defineCheck, ref } from '../src/types.js';
import { DOCKER_STATE_MESSAGES, filesFact, filesUnobserved, needsContainer, PROBE_ERROR_MESSAGES, probeErrorArg, REASON_MESSAGES, theContainer } from '../src/health/check-helpers.js';
import { REGISTRIES_PATH } from '../src/probes/health-probes.js';

/**
 * K3s reads only /etc/rancher/k3s/registries.yaml (DOMAIN §1.1, §6 #21); bind-mounting a host path
 * that does not exist makes Docker create a directory there, and K3s then fails to start (§6 #7).
 */
export default defineCheck({
  id: 'registries-mount',
  title: 'registries.yaml is bind-mounted into the Rancher container as a file',
  failTitle: 'registries.yaml is not mounted into the Rancher container as a file',
  stage: 'health',
  requires: ['rancherContainer'],
  optional: ['rancherContainerFiles'],
  spec: ['§1.1', '§6 #7', '§6 #21'],
  appliesTo: needsContainer,
  messages: {
    mounted: '{path} is bind-mounted from {source} and is a regular file inside the container.',
    notMounted: 'Nothing is mounted at {path} and no such file exists in the container, so K3s has no private-registry configuration: every image is pulled from the registry named in its reference, without credentials or custom CA.',
    'notMounted.fix': 'Re-create the container with `-v /host/path/registries.yaml:{path}:ro` (airgap-preflight plan prints the command).',
    notMountedGiven: 'You gave {hostFile}, but nothing is mounted at {path} inside container {name}, so K3s does not use it.',
    'notMountedGiven.fix': 'Re-create the container with `-v {hostFile}:{path}:ro`.',
    inImage: '{path} exists in the container but is not bind-mounted (it was copied into the image or the container); edits on the host do not reach it.',
    directory: '{path} inside the container is a directory, not a file: Docker creates a directory when the host path of a bind mount ({source}) does not exist. K3s cannot read it and fails to start ("k3s exited with: …").',
    'directory.fix': 'Create the file on the host first, remove the directory Docker created (`rm -r {source}` if it is empty), then re-create the container with `-v <host file>:{path}:ro`.',
    otherKind: '{path} inside the container is neither a file nor a directory ({kind}).',
    lookalike: 'Found {names} in /etc/rancher/k3s; K3s reads only registries.yaml (with .yaml), so that file is ignored.',
    'lookalike.fix': 'Mount the file at {path} exactly.',
    wrongPlace: '{destination} is mounted from {source}, but K3s reads only {path}; the mounted file is ignored.',
    'wrongPlace.fix': 'Mount it at {path} instead.',
    unknown: 'Could not examine {path} inside the container: {error}.',
    unverified: '{path} is bind-mounted from {source}, but whether it is a file could not be observed ({reason}); K3s fails to start on a directory there.',
    // Phrases filled into the messages above.
    'kind.other': 'other',
    'reason.remote': 'the Docker host\'s filesystem is not local',
    ...REASON_MESSAGES,
    ...DOCKER_STATE_MESSAGES,
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Bind-mount your registries.yaml at /etc/rancher/k3s/registries.yaml as a file.',
  run(facts, ctx) {
    const c = theContainer(facts)!;
    const files = filesFact(facts);
    const mount = c.mounts.find((m) => m.destination === REGISTRIES_PATH);
    const out = [];
    const path = REGISTRIES_PATH;
    const hostFile = ctx.options.fileGiven ? ctx.options.file : null;
    for (const m of c.mounts) {
      if (m.destination !== path && /registr(y|ies)\.ya?ml$/i.test(m.destination)) {
        out.push({ status: 'fail' as const, messageId: 'wrongPlace', args: { destination: m.destination, source: m.source, path }, target: c.name, data: { mount: m } });
      }
    }
    const reg = files && !files.skipped ? files.registries : null;
    // From inspect alone (container stopped): the host side of the mount tells a directory apart.
    const kind = reg && reg.kind !== 'unknown' ? reg.kind : (files?.mountSources.find((s) => s.destination === path)?.kind ?? (mount ? 'unknown' : 'missing'));
    const data = { mount: mount ?? null, kind, source: mount?.source ?? null };
    if (kind === 'directory') out.push({ status: 'fail' as const, messageId: 'directory', args: { path, source: mount?.source ?? '?' }, target: c.name, data });
    else if (!mount && (kind === 'missing' || kind === 'unknown')) {
      if (hostFile) out.push({ status: 'fail' as const, messageId: 'notMountedGiven', args: { path, hostFile, name: c.name }, target: c.name, data });
      else out.push({ status: 'warn' as const, messageId: 'notMounted', args: { path }, target: c.name, data });
    } else if (!mount && kind === 'file') out.push({ status: 'warn' as const, messageId: 'inImage', args: { path }, fixId: 'notMounted.fix', target: c.name, data });
    else if (kind === 'other') out.push({ status: 'fail' as const, messageId: 'otherKind', args: { path, kind: ref('kind.other'), source: mount?.source ?? '?' }, fixId: 'directory.fix', target: c.name, data });
    else if (mount && kind === 'unknown' && reg?.error) out.push({ status: 'error' as const, messageId: 'unknown', args: { path, error: probeErrorArg(reg.error) }, target: c.name, data });
    if (reg && reg.lookalikes.length > 0 && kind !== 'file') {
      out.push({ status: 'fail' as const, messageId: 'lookalike', args: { names: reg.lookalikes.join(', '), path }, target: c.name, data: { lookalikes: reg.lookalikes } });
    }
    // A pass needs the file seen as a file, inside the container or at the mount's host source.
    if (out.length === 0 && mount && kind === 'file') out.push({ status: 'pass' as const, messageId: 'mounted', args: { path, source: mount.source }, target: c.name, data });
    else if (out.length === 0 && mount) out.push({ status: 'skip' as const, messageId: 'unverified', args: { path, source: mount.source, reason: filesUnobserved(facts) ?? ref('reason.remote') }, target: c.name, data });
    return out;
  },
});
