import { defineCheck, ref } from '../src/types.js';
import { filesFact, needsContainer, theContainer } from '../src/health/check-helpers.js';
import { REGISTRIES_PATH } from '../src/probes/health-probes.js';

/**
 * K3s reads registries.yaml only at start (DOMAIN §1.1), and an editor that replaces the host file
 * leaves a single-file bind mount on the old inode (§6 #20): the file K3s used can differ from the
 * one the user is looking at.
 */
export default defineCheck({
  id: 'registries-in-sync',
  title: 'The registries.yaml K3s read matches the host file and predates the container start',
  failTitle: 'The registries.yaml K3s read is stale',
  stage: 'health',
  requires: ['rancherContainer', 'rancherContainerFiles'],
  after: ['registries-mount'],
  spec: ['§1.1', '§6 #20'],
  appliesTo: needsContainer,
  messages: {
    same: '{path} inside the container is identical to {hostFile} (sha256 {sha}).',
    differs: '{path} inside container {name} differs from {hostFile}. K3s uses the copy inside the container; an editor that saved the host file as a new file leaves the bind mount on the old one.',
    'differs.fix': 'Restart the container (`docker restart {name}`) so the bind mount and K3s pick up the current file; if it still differs, the mount source is another file: re-create the container with `-v {hostFile}:{path}:ro`.',
    newer: '{path} was modified at {mtime}, after the container started at {startedAt}. K3s reads it only when it starts, so the change is not in effect.',
    'newer.fix': 'Restart the Rancher container: `docker restart {name}`.',
    notStarted: 'Nothing to compare: {path} is not a readable file inside the container.',
    noHostFile: 'No host registries.yaml given; pass it as FILE to compare it with the copy inside the container.',
    hostMissing: 'The host file {hostFile} is {kind}; nothing to compare.',
    notRunning: 'The container is not running; the copy inside it cannot be read.',
    // What the host file is, filled into hostMissing.
    'kind.file': 'file',
    'kind.directory': 'directory',
    'kind.missing': 'missing',
    'kind.other': 'other',
    'kind.unknown': 'unknown',
  },
  remediation: 'Restart the Rancher container after editing registries.yaml.',
  run(facts, ctx) {
    const c = theContainer(facts)!;
    const files = filesFact(facts)!;
    if (files.skipped) return [{ status: 'skip', messageId: 'notRunning', target: c.name }];
    const reg = files.registries;
    if (!reg || reg.kind !== 'file' || !reg.sha256) return [{ status: 'skip', messageId: 'notStarted', args: { path: REGISTRIES_PATH }, target: c.name }];
    const out = [];
    const args = { path: REGISTRIES_PATH, name: c.name, hostFile: files.hostFile?.path ?? '', sha: reg.sha256.slice(0, 12), mtime: reg.mtime ? new Date(reg.mtime * 1000).toISOString() : '?', startedAt: c.state.startedAt ?? '?', kind: ref(`kind.${files.hostFile?.kind ?? 'unknown'}`) };
    const started = c.state.startedAt ? Date.parse(c.state.startedAt) / 1000 : null;
    // One second of slack: mtimes are whole seconds.
    if (reg.mtime && started && reg.mtime > started + 1) out.push({ status: 'fail' as const, messageId: 'newer', args, target: c.name, data: { mtime: reg.mtime, startedAt: c.state.startedAt } });
    const host = files.hostFile;
    if (!host) out.push({ status: 'skip' as const, messageId: 'noHostFile', target: c.name });
    else if (host.kind !== 'file' || !host.sha256) out.push({ status: 'skip' as const, messageId: 'hostMissing', args, target: c.name });
    else if (host.sha256 !== reg.sha256) out.push({ status: 'fail' as const, messageId: 'differs', args, target: c.name, data: { containerSha256: reg.sha256, hostSha256: host.sha256 } });
    else if (out.length === 0) out.push({ status: 'pass' as const, messageId: 'same', args, target: c.name, data: { sha256: reg.sha256 } });
    return out;
  },
});
