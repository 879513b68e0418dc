import { defineCheck, ref } from '../src/types.js';
import { filesFact, needsContainer, PROBE_ERROR_MESSAGES, probeErrorArg, theContainer } from '../src/health/check-helpers.js';
import { REGISTRIES_PATH } from '../src/probes/health-probes.js';

/**
 * ca_file / cert_file / key_file are opened by containerd inside the Rancher container (DOMAIN §1.8);
 * a host path that is not also mounted there is the #1 TLS mistake (§6 #7). Missing ⇒ pulls fail
 * with "failed to load CA file" / "unable to read CA cert" (§5.2 row 11).
 */
export default defineCheck({
  id: 'tls-files-in-container',
  title: 'Every TLS file named in registries.yaml is readable inside the Rancher container',
  failTitle: 'A TLS file named in registries.yaml is missing inside the Rancher container',
  stage: 'health',
  requires: ['rancherContainer', 'rancherContainerFiles'],
  spec: ['§1.8', '§6 #7', '§5.2 row 11'],
  appliesTo: needsContainer,
  messages: {
    ok: 'configs."{key}".tls.{field} {path} is readable inside the container ({blocks} PEM block(s)).',
    missing: 'configs."{key}".tls.{field} {path} does not exist inside the Rancher container. containerd opens it there, not on the host, so every pull from {key} fails ("failed to load CA file" / "unable to read CA cert").',
    'missing.fix': 'Add `-v {path}:{path}:ro` to the docker run command (re-create the container), or point {field} at a path that is mounted.',
    directory: 'configs."{key}".tls.{field} {path} is a directory inside the container — Docker created it because the host path of its bind mount did not exist.',
    'directory.fix': 'Put the file on the host at the mounted path, remove the empty directory Docker made, and re-create the container with `-v {path}:{path}:ro`.',
    unreadable: 'configs."{key}".tls.{field} {path} exists inside the container but cannot be read.',
    'unreadable.fix': 'Make the host file readable (e.g. chmod 644 for a CA certificate, 600 owned by root for a key) and restart the container.',
    notPem: 'configs."{key}".tls.{field} {path} contains no PEM block ("-----BEGIN"); containerd needs PEM (a DER file is ignored or rejected).',
    'notPem.fix': 'Convert it: `openssl x509 -inform der -in {path} -out {path}.pem` and point {field} at the PEM file.',
    unknown: 'Could not check {path} inside the container: {error}.',
    notRunning: 'The container is not running, so the TLS files cannot be checked inside it.',
    noRegistries: 'Not checked: {path} is not a readable file inside the container ({kind}), so no TLS file of it could be looked for there (see registries-mount).',
    none: 'Nothing to check: {path} inside the container names no ca_file, cert_file or key_file.',
    // What the file inside the container is, filled into noRegistries.
    'kind.missing': 'missing',
    'kind.directory': 'a directory',
    'kind.other': 'not a regular file',
    'kind.unknown': 'unknown',
    'kind.unreadable': 'unreadable: {error}',
    // The probe's own reasons, filled into unknown; other errors are quoted verbatim.
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: `Mount every ca_file / cert_file / key_file of ${REGISTRIES_PATH} into the Rancher container at the same path.`,
  run(facts) {
    const c = theContainer(facts)!;
    const files = filesFact(facts)!;
    if (files.skipped) return [{ status: 'skip', messageId: 'notRunning', target: c.name }];
    // No registries.yaml read inside the container ⇒ no TLS path known there: nothing was verified.
    const reg = files.registries;
    if (!reg || reg.kind !== 'file' || !reg.yaml) {
      const kind = reg?.error ? ref('kind.unreadable', { error: probeErrorArg(reg.error) }) : ref(`kind.${reg && reg.kind !== 'file' ? reg.kind : 'unknown'}`);
      return [{ status: 'skip', messageId: 'noRegistries', args: { path: REGISTRIES_PATH, kind }, target: c.name }];
    }
    if (files.tlsFiles.length === 0) return [{ status: 'skip', messageId: 'none', args: { path: REGISTRIES_PATH }, target: c.name }];
    return files.tlsFiles.map((t) => {
      const args = { key: t.configKey, field: t.field, path: t.path, blocks: t.pemBlocks ?? 0, error: probeErrorArg(t.error) };
      const target = `${c.name}:${t.path}`;
      const location = { file: REGISTRIES_PATH, line: t.line, column: t.col };
      const data = { configKey: t.configKey, field: t.field, path: t.path, status: t.status, pemBlocks: t.pemBlocks };
      if (t.status === 'unknown') return { status: 'error' as const, messageId: 'unknown', args, target, location, data };
      if (t.status !== 'ok') return { status: 'fail' as const, messageId: t.status, args, target, location, data };
      if (t.pemBlocks === 0) return { status: 'fail' as const, messageId: 'notPem', args, target, location, data };
      return { status: 'pass' as const, messageId: 'ok', args, target, location, data };
    });
  },
});
