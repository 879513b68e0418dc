import { defineCheck, type FindingInput } from '../src/types.js';
import { model, registriesFact } from '../src/check-helpers.js';
import { REGISTRIES_PATH } from '../src/probes/health-probes.js';

/** Words the shell passes through unchanged; anything else is single-quoted. */
function q(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `plan` prints the docker run command that mounts registries.yaml and every TLS file it names at
 * the paths K3s opens inside the container and sets CATTLE_SYSTEM_DEFAULT_REGISTRY, so the
 * container-side mistakes (DOMAIN §6 #7, #18-21, §1.8) cannot happen. The command is the finding's
 * message and data.command (data.argv: the same as an argument list).
 */
export default defineCheck({
  id: 'plan-docker-run',
  title: 'docker run command for this registries.yaml',
  failTitle: 'The docker run command cannot be planned',
  stage: 'plan',
  requires: ['registriesFile'],
  spec: ['§1.1', '§1.8', '§4.1', '§4.5', '§6 #7', '§6 #24'],
  messages: {
    command: 'Start Rancher with:\n\n{command}\n\nThis mounts {file} at {registriesPath} and {tlsCount} TLS file(s) at the paths registries.yaml names (containerd opens them inside the container), read-only. /var/lib/rancher is left as Docker\'s volume so the bundled pause and coredns images stay visible; for persistence use a named volume (-v rancher-data:/var/lib/rancher), never a bind mount of an empty directory.',
    hostDocker: 'The host\'s Docker daemon pulls {image} itself and does not read registries.yaml: it trusts {registry} only through /etc/docker/certs.d/{registry}/ca.crt (or "insecure-registries" in /etc/docker/daemon.json for plain HTTP) and needs `docker login {registry}` if the project is private.',
    'hostDocker.fix': 'Before docker run: `mkdir -p /etc/docker/certs.d/{registry} && cp <ca.pem> /etc/docker/certs.d/{registry}/ca.crt`, then `docker login {registry}` and `docker pull {image}`.',
    noVersion: 'No --rancher-version given: the image tag is a placeholder (<version>).',
    'noVersion.fix': 'Run plan with --rancher-version vX.Y.Z (the tag you pushed to the registry).',
    noSdr: 'No --system-default-registry given (and CATTLE_SYSTEM_DEFAULT_REGISTRY unset): Rancher would pull its system images as docker.io/rancher/…, which an air gap cannot reach unless registries.yaml mirrors docker.io.',
    'noSdr.fix': 'Run plan with --system-default-registry <registry host[:port]> (the registry your mirrors key names).',
    relativeTls: 'configs."{key}".tls.{field} "{path}" is a relative path; K3s resolves it against its working directory inside the container, and Docker cannot bind-mount a relative host path.',
    'relativeTls.fix': 'Use an absolute path, e.g. /etc/rancher/k3s/certs/{base}, and put the file there on the host.',
    relativeFile: '{file} is a relative path; the command uses "$(pwd)/{file}" because Docker bind mounts need absolute host paths. Run it from the same directory.',
  },
  remediation: 'Give --rancher-version and --system-default-registry so the command is complete.',
  run(facts, ctx) {
    const m = model(facts, ctx);
    const fact = registriesFact(facts);
    const file = fact.path ?? ctx.options.file;
    const sdr = ctx.options.systemDefaultRegistry;
    const version = ctx.options.rancherVersion;
    const out: FindingInput[] = [];
    const registry = sdr ? sdr.split('/')[0]! : null;
    const image = `${sdr ? `${sdr}/` : ''}rancher/rancher:${version ?? '<version>'}`;
    const argv = ['docker', 'run', '-d', '--privileged', '--restart=unless-stopped', '-p', '80:80', '-p', '443:443'];
    if (sdr) argv.push('-e', `CATTLE_SYSTEM_DEFAULT_REGISTRY=${sdr}`);
    const relative = !file.startsWith('/');
    argv.push('-v', `${relative ? `$(pwd)/${file.replace(/^\.\//, '')}` : file}:${REGISTRIES_PATH}:ro`);
    const seen = new Set<string>();
    for (const c of m.configs) {
      for (const [field, entry] of [
        ['ca_file', c.tls?.caFile],
        ['cert_file', c.tls?.certFile],
        ['key_file', c.tls?.keyFile],
      ] as const) {
        if (!entry || seen.has(entry.path)) continue;
        seen.add(entry.path);
        if (!entry.path.startsWith('/')) {
          out.push({ status: 'warn', messageId: 'relativeTls', args: { key: c.key, field, path: entry.path, base: entry.path.split('/').pop() ?? 'ca.pem' }, location: { file: ctx.options.file, line: entry.line, column: entry.col } });
          continue;
        }
        argv.push('-v', `${entry.path}:${entry.path}:ro`);
      }
    }
    argv.push(image);
    // One option per line, as Rancher's docs print it; $(pwd) stays unquoted so the shell expands it.
    const words = argv.map((w) => (w.startsWith('$(pwd)/') ? `"${w.replace(/"/g, '\\"')}"` : q(w)));
    const lines: string[] = [words.slice(0, 5).join(' ')];
    for (let i = 5; i < words.length - 1; i++) {
      if (words[i]!.startsWith('-') && (words[i] === '-p' || words[i] === '-e' || words[i] === '-v')) {
        lines.push(`${words[i]} ${words[i + 1]}`);
        i++;
      } else lines.push(words[i]!);
    }
    lines.push(words[words.length - 1]!);
    const command = lines.map((l, i) => (i === 0 ? l : `    ${l}`)).join(' \\\n');
    out.unshift({
      status: 'pass',
      messageId: 'command',
      args: { command, file, registriesPath: REGISTRIES_PATH, tlsCount: seen.size - out.length },
      target: image,
      data: { command, argv, image, mounts: argv.filter((_, i) => argv[i - 1] === '-v') },
    });
    if (relative) out.push({ status: 'pass', messageId: 'relativeFile', args: { file: file.replace(/^\.\//, '') } });
    if (!version) out.push({ status: 'warn', messageId: 'noVersion' });
    if (!sdr) out.push({ status: 'warn', messageId: 'noSdr' });
    else out.push({ status: 'warn', messageId: 'hostDocker', args: { image, registry: registry! }, target: registry });
    return out;
  },
});
