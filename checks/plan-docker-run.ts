import { defineCheck, ref, type FindingInput } from '../src/types.js';
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
  advice: ['hostDocker.caSigned', 'hostDocker.selfSigned', 'hostDocker.mtls', 'hostDocker.http', 'hostDocker.insecure', 'relativeFile'],
  messages: {
    command: 'Start Rancher with:\n\n{command}\n\nThis mounts {file} at {registriesPath} and {tlsCount} TLS file(s) at the paths registries.yaml names (containerd opens them inside the container), read-only. /var/lib/rancher is left as Docker\'s volume so the bundled pause and coredns images stay visible; for persistence use a named volume (-v rancher-data:/var/lib/rancher), never a bind mount of an empty directory.',
    'hostDocker.caSigned': 'The host\'s Docker daemon pulls {image} itself and does not read registries.yaml. {registry} has no ca_file, client certificate or plain HTTP endpoint in registries.yaml, so Docker trusts it through the system CAs: nothing to set up for TLS.{login}',
    'hostDocker.selfSigned': 'The host\'s Docker daemon pulls {image} itself and does not read registries.yaml: it trusts {registry} only through /etc/docker/certs.d/{registry}/ca.crt. Before docker run: `mkdir -p /etc/docker/certs.d/{registry} && cp {ca} /etc/docker/certs.d/{registry}/ca.crt`.{login}',
    'hostDocker.mtls': 'The host\'s Docker daemon pulls {image} itself and does not read registries.yaml: it presents a client certificate to {registry} only from /etc/docker/certs.d/{registry}/client.cert and client.key. Before docker run: `mkdir -p /etc/docker/certs.d/{registry} && cp {cert} /etc/docker/certs.d/{registry}/client.cert && cp {key} /etc/docker/certs.d/{registry}/client.key{ca}`.{login}',
    'hostDocker.mtlsCa': ' && cp {ca} /etc/docker/certs.d/{registry}/ca.crt',
    'hostDocker.http': 'The host\'s Docker daemon pulls {image} itself and does not read registries.yaml: {registry} is served over plain HTTP ({endpoint}), which Docker refuses unless /etc/docker/daemon.json lists it: add "insecure-registries": ["{registry}"] there and restart Docker (systemctl restart docker). certs.d does not help for HTTP.{login}',
    'hostDocker.insecure': 'The host\'s Docker daemon pulls {image} itself and does not read registries.yaml: registries.yaml skips TLS verification for {registry} (insecure_skip_verify), which Docker does only for registries listed in /etc/docker/daemon.json: add "insecure-registries": ["{registry}"] there and restart Docker (systemctl restart docker), or install its CA as /etc/docker/certs.d/{registry}/ca.crt.{login}',
    'hostDocker.login': ' Then docker login {registry} (registries.yaml has credentials for it; Docker keeps its own).',
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
    const mounts = argv.flatMap((a, i) => (argv[i - 1] === '-v' ? [a] : [])).map((v) => {
      const [source, target, mode] = v.split(':');
      return { source: source!, target: target!, readOnly: mode === 'ro' };
    });
    const env: Record<string, string> = sdr ? { CATTLE_SYSTEM_DEFAULT_REGISTRY: sdr } : {};
    const daemon = registry ? daemonAdvice(m, registry) : null;
    out.unshift({
      status: 'pass',
      messageId: 'command',
      args: { command, file, registriesPath: REGISTRIES_PATH, tlsCount: seen.size - out.length },
      target: image,
      data: { command, argv, image, mounts: argv.filter((_, i) => argv[i - 1] === '-v'), env, volumes: mounts, daemon },
    });
    if (relative) out.push({ status: 'pass', messageId: 'relativeFile', args: { file: file.replace(/^\.\//, '') } });
    if (!version) out.push({ status: 'warn', messageId: 'noVersion' });
    if (!sdr) out.push({ status: 'warn', messageId: 'noSdr' });
    else if (daemon) {
      const login = daemon.login ? ref('hostDocker.login', { registry: registry! }) : '';
      const args = { image, registry: registry!, login, ca: daemon.files.ca ?? '', cert: daemon.files.cert ?? '', key: daemon.files.key ?? '', endpoint: daemon.endpoint ?? '' };
      if (daemon.kind === 'mtls') args.ca = daemon.files.ca ? (ref('hostDocker.mtlsCa', { ca: daemon.files.ca, registry: registry! }) as never) : '';
      const id = { 'ca-signed': 'caSigned', 'self-signed': 'selfSigned', mtls: 'mtls', http: 'http', insecure: 'insecure' }[daemon.kind];
      out.push({ status: 'pass', messageId: `hostDocker.${id}`, args, target: registry, data: { daemon } });
    }
    return out;
  },
});

export interface DaemonAdvice {
  registry: string;
  /** How the host's Docker must be set up to pull from `registry` (Docker reads /etc/docker, never registries.yaml). */
  kind: 'ca-signed' | 'self-signed' | 'mtls' | 'http' | 'insecure';
  /** Host files registries.yaml names for this registry. */
  files: { ca: string | null; cert: string | null; key: string | null };
  /** Files to create under /etc/docker/certs.d/<registry>/ (Docker: *.crt = CA, *.cert + *.key = client pair). */
  certsD: { source: string; target: string }[];
  /** Keys for /etc/docker/daemon.json. */
  daemonJson: { 'insecure-registries': string[] } | null;
  /** The plain-HTTP endpoint seen, if any. */
  endpoint: string | null;
  /** registries.yaml has credentials for the registry: Docker needs its own docker login. */
  login: boolean;
}

/**
 * The host's Docker daemon pulls rancher/rancher straight from the registry host (no mirrors): it
 * trusts a private CA only from /etc/docker/certs.d/<host>/ca.crt, sends a client pair only from
 * client.cert/client.key there, and talks plain HTTP (or skips verification) only to the hosts in
 * daemon.json's insecure-registries (Docker docs: "Verify repository client with certificates",
 * "Test an insecure registry").
 */
export function daemonAdvice(m: ReturnType<typeof model>, registry: string): DaemonAdvice {
  const config = m.configs.find((c) => c.key === registry);
  const abs = (p: string | undefined) => (p && p.startsWith('/') ? p : null);
  const files = { ca: abs(config?.tls?.caFile?.path), cert: abs(config?.tls?.certFile?.path), key: abs(config?.tls?.keyFile?.path) };
  const dir = `/etc/docker/certs.d/${registry}`;
  const endpoints = m.mirrors.flatMap((x) => x.endpoints).filter((e) => e.parsed && e.parsed.host === registry);
  const http = endpoints.find((e) => e.parsed!.scheme === 'http');
  const login = Boolean(config?.auth && (config.auth.hasPassword || config.auth.hasAuth || config.auth.hasIdentityToken));
  const base = { registry, files, login, endpoint: null as string | null };
  if (http) return { ...base, kind: 'http', certsD: [], daemonJson: { 'insecure-registries': [registry] }, endpoint: http.raw };
  if (files.cert && files.key) {
    const certsD = [{ source: files.cert, target: `${dir}/client.cert` }, { source: files.key, target: `${dir}/client.key` }];
    if (files.ca) certsD.unshift({ source: files.ca, target: `${dir}/ca.crt` });
    return { ...base, kind: 'mtls', certsD, daemonJson: null };
  }
  if (config?.tls?.insecureSkipVerify === true && !files.ca) return { ...base, kind: 'insecure', certsD: [], daemonJson: { 'insecure-registries': [registry] } };
  if (files.ca) return { ...base, kind: 'self-signed', certsD: [{ source: files.ca, target: `${dir}/ca.crt` }], daemonJson: null };
  return { ...base, kind: 'ca-signed', certsD: [], daemonJson: null };
}
