/**
 * A real Kubernetes node for tests (../shared/docs/KUBE-LAB.md "A real node"): the kubelet 1.20.2 built by
 * scripts/build-kube.sh and Debian's containerd 1.6 with its own root/state/socket (never dockerd's), a
 * static pause image built with gcc -static and imported, and the registry configuration exactly as K3s
 * renders a registries.yaml into containerd's config.toml in its first mode (mode A: `registry.mirrors`
 * and `registry.configs` of the CRI plugin; k3s-io/k3s pkg/agent/templates/templates_linux.go, the
 * `PrivateRegistryConfig` blocks). The kubelet runs with AWS_EC2_METADATA_DISABLED=true so its in-tree
 * ECR provider never contacts the metadata address. stop() kills the pods' shims, unmounts and removes all.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { freePort } from './registry.js';
import { kubeBin, requireKubeBinaries, type RunningKube } from './kube.js';
import { parseYaml } from '../../src/yaml-tree.js';
import { buildModel } from '../../src/registries-model.js';
import { renderHostsToml } from '../../src/containerd/hosts-toml.js';
import { requireLoopbackOnlyNetns } from './netns.js';

export const PAUSE_IMAGE = 'localhost/airgap-preflight/pause:test';

/** The subset of registries.yaml the node tests use (DOMAIN §1). */
export interface RegistriesYaml {
  mirrors?: Record<string, { endpoint: string[]; rewrite?: Record<string, string> }>;
  configs?: Record<string, { auth?: { username?: string; password?: string }; tls?: { ca_file?: string; cert_file?: string; key_file?: string; insecure_skip_verify?: boolean } }>;
}

/** registries.yaml as YAML text (what an operator writes on the node). */
export function registriesYamlText(r: RegistriesYaml): string {
  const q = (s: string) => JSON.stringify(s);
  const out: string[] = [];
  if (r.mirrors) {
    out.push('mirrors:');
    for (const [k, v] of Object.entries(r.mirrors)) {
      out.push(`  ${q(k)}:`, '    endpoint:', ...v.endpoint.map((e) => `      - ${q(e)}`));
      if (v.rewrite) out.push('    rewrite:', ...Object.entries(v.rewrite).map(([a, b]) => `      ${q(a)}: ${q(b)}`));
    }
  }
  if (r.configs) {
    out.push('configs:');
    for (const [k, v] of Object.entries(r.configs)) {
      out.push(`  ${q(k)}:`);
      if (v.auth) out.push('    auth:', ...Object.entries(v.auth).map(([a, b]) => `      ${a}: ${q(String(b))}`));
      if (v.tls) out.push('    tls:', ...Object.entries(v.tls).map(([a, b]) => `      ${a}: ${typeof b === 'boolean' ? b : q(String(b))}`));
    }
  }
  return out.join('\n') + '\n';
}

/**
 * Rendering mode D (K3s v1.26.16+/v1.27.13+/v1.28.9+/v1.29.4+/v1.30+; DOMAIN §2.1): config.toml names
 * `config_path` and keeps only the auth blocks; endpoints and TLS go to certs.d/<host>/hosts.toml, as
 * src/containerd/hosts-toml.ts renders them (a port of K3s' getHostConfigs + HostsTomlTemplate).
 */
export function renderModeD(r: RegistriesYaml, certsDir: string): { configToml: string; files: { dir: string; toml: string }[] } {
  const files = renderHostsToml(buildModel(parseYaml(registriesYamlText(r)).tree), { mode: 'D' }) ?? [];
  const auth = renderModeA({ configs: Object.fromEntries(Object.entries(r.configs ?? {}).filter(([, v]) => v.auth).map(([k, v]) => [k, { auth: v.auth }])) });
  return { configToml: `[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = ${JSON.stringify(certsDir)}\n${auth}`, files };
}

/** The registry part of K3s' containerd config template (mode A), for the CRI plugin. */
export function renderModeA(r: RegistriesYaml): string {
  const q = (s: string) => JSON.stringify(s);
  const out: string[] = [];
  const P = '[plugins."io.containerd.grpc.v1.cri".registry';
  if (r.mirrors && Object.keys(r.mirrors).length) out.push(`${P}.mirrors]`);
  for (const [k, v] of Object.entries(r.mirrors ?? {})) {
    out.push(`${P}.mirrors.${q(k)}]`, `  endpoint = [${v.endpoint.map(q).join(', ')}]`);
    if (v.rewrite) out.push(`  ${P}.mirrors.${q(k)}.rewrite]`, ...Object.entries(v.rewrite).map(([a, b]) => `    ${q(a)} = ${q(b)}`));
  }
  for (const [k, v] of Object.entries(r.configs ?? {})) {
    if (v.auth) {
      out.push(`${P}.configs.${q(k)}.auth]`);
      if (v.auth.username) out.push(`  username = ${q(v.auth.username)}`);
      if (v.auth.password) out.push(`  password = ${q(v.auth.password)}`);
    }
    if (v.tls) {
      out.push(`${P}.configs.${q(k)}.tls]`);
      if (v.tls.ca_file) out.push(`  ca_file = ${q(v.tls.ca_file)}`);
      if (v.tls.cert_file) out.push(`  cert_file = ${q(v.tls.cert_file)}`);
      if (v.tls.key_file) out.push(`  key_file = ${q(v.tls.key_file)}`);
      if (v.tls.insecure_skip_verify) out.push('  insecure_skip_verify = true');
    }
  }
  return out.join('\n') + '\n';
}

function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)));
  });
}

/** A docker-save tarball of a one-file image (the static pause), as `ctr images import` reads it. */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000755\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function tar(files: [string, Buffer][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, data] of files) {
    parts.push(tarHeader(name, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

async function buildPause(dir: string): Promise<string> {
  const src = join(dir, 'pause.c');
  await writeFile(src, '#include <signal.h>\n#include <unistd.h>\nstatic void on(int s){(void)s;_exit(0);}\nint main(void){signal(SIGTERM,on);signal(SIGINT,on);for(;;)pause();return 0;}\n');
  await run('gcc', ['-static', '-O2', '-o', join(dir, 'pause'), src], 60_000);
  const layer = tar([['pause', readFileSync(join(dir, 'pause'))]]);
  const diff = createHash('sha256').update(layer).digest('hex');
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Entrypoint: ['/pause'] }, rootfs: { type: 'layers', diff_ids: [`sha256:${diff}`] } }));
  const cid = createHash('sha256').update(config).digest('hex');
  const manifest = Buffer.from(JSON.stringify([{ Config: `${cid}.json`, RepoTags: [PAUSE_IMAGE], Layers: [`${diff}/layer.tar`] }]));
  const out = join(dir, 'pause.tar');
  await writeFile(out, tar([[`${cid}.json`, config], [`${diff}/layer.tar`, layer], ['manifest.json', manifest]]));
  return out;
}

export interface RunningNode {
  name: string;
  dir: string;
  socket: string;
  /** The kubelet's and containerd's process ids (their /proc entries show their network namespace and environment). */
  pids: { kubelet: number; containerd: number };
  /** containerd's config.toml as written (the registry part rendered from registries.yaml). */
  configToml: string;
  log(which: 'kubelet' | 'containerd'): Promise<string>;
  stop(): Promise<void>;
}

interface Proc { child: ChildProcess; log: string }

function start(dir: string, name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const log = join(dir, `${name}.log`);
  const out = createWriteStream(log);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return { child, log };
}

async function kill(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.child.once('exit', () => r()));
  try {
    process.kill(-p.child.pid!, 'SIGTERM');
  } catch { /* gone */ }
  const t = setTimeout(() => {
    try {
      process.kill(-p.child.pid!, 'SIGKILL');
    } catch { /* gone */ }
  }, 5000);
  await exited;
  clearTimeout(t);
}

/** Processes whose command line names our containerd socket: the pods' shims (they outlive containerd). */
function shimPids(socket: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('containerd-shim-runc-v2') && cmd.includes(socket)) pids.push(Number(d));
    } catch { /* exited */ }
  }
  return pids;
}

export async function startNode(kube: RunningKube, opts: { name: string; registries: RegistriesYaml; mode?: 'A' | 'D' }): Promise<RunningNode> {
  requireKubeBinaries(['kubelet']);
  requireLoopbackOnlyNetns();
  // Short path: the socket must fit in sun_path (108 bytes).
  const dir = await mkdtemp(join(tmpdir(), 'agp-node-'));
  const socket = join(dir, 'c.sock');
  const procs: Proc[] = [];
  const stop = async () => {
    const kubelet = procs[1];
    if (kubelet) await kill(kubelet);
    for (const pid of shimPids(socket)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch { /* gone */ }
    }
    if (procs[0]) await kill(procs[0]);
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(dir + '/')).sort().reverse();
    for (const m of mounts) await run('umount', ['-l', m]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const d of ['cni/bin', 'cni/conf', 'kubelet', 'certs', 'runc', 'certs.d']) await mkdir(join(dir, d), { recursive: true });
    let registryToml = renderModeA(opts.registries);
    if (opts.mode === 'D') {
      const d = renderModeD(opts.registries, join(dir, 'certs.d'));
      registryToml = d.configToml;
      for (const f of d.files) {
        await mkdir(join(dir, 'certs.d', f.dir), { recursive: true });
        await writeFile(join(dir, 'certs.d', f.dir, 'hosts.toml'), f.toml);
      }
    }
    const configToml = [
      'version = 2',
      `root = ${JSON.stringify(join(dir, 'root'))}`,
      `state = ${JSON.stringify(join(dir, 'state'))}`,
      'disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]',
      '[grpc]', `  address = ${JSON.stringify(socket)}`,
      '[ttrpc]', `  address = ${JSON.stringify(socket + '.ttrpc')}`,
      '[debug]', '  address = ""', '[metrics]', '  address = ""',
      '[plugins."io.containerd.grpc.v1.cri"]',
      `  sandbox_image = ${JSON.stringify(PAUSE_IMAGE)}`,
      // Without it every sandbox fails here: runc "can't get final child's PID from pipe: EOF" (KUBE-LAB.md).
      '  restrict_oom_score_adj = true',
      '  disable_apparmor = true',
      '[plugins."io.containerd.grpc.v1.cri".containerd]', '  snapshotter = "overlayfs"',
      '[plugins."io.containerd.grpc.v1.cri".cni]', `  bin_dir = ${JSON.stringify(join(dir, 'cni/bin'))}`, `  conf_dir = ${JSON.stringify(join(dir, 'cni/conf'))}`,
      '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]', '  runtime_type = "io.containerd.runc.v2"',
      '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]', `  Root = ${JSON.stringify(join(dir, 'runc'))}`,
      '',
      registryToml,
    ].join('\n');
    await writeFile(join(dir, 'config.toml'), configToml, { mode: 0o600 });
    await writeFile(join(dir, 'registries.yaml'), registriesYamlText(opts.registries), { mode: 0o600 });
    procs.push(start(dir, 'containerd', '/usr/bin/containerd', ['--config', join(dir, 'config.toml')], process.env));
    const until = Date.now() + 30_000;
    for (;;) {
      if (procs[0]!.child.exitCode !== null) throw new Error(`containerd exited: ${await readFile(procs[0]!.log, 'utf8')}`);
      if (await run('/usr/bin/ctr', ['--address', socket, 'version'], 5000).then(() => true, () => false)) break;
      if (Date.now() > until) throw new Error('containerd did not come up');
      await new Promise((r) => setTimeout(r, 200));
    }
    await run('/usr/bin/ctr', ['--address', socket, '-n', 'k8s.io', 'images', 'import', await buildPause(dir)], 60_000);
    await writeFile(join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\n');
    const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
    procs.push(start(dir, 'kubelet', kubeBin('kubelet'), [
      `--kubeconfig=${kube.adminKubeconfig}`, '--container-runtime=remote', `--container-runtime-endpoint=unix://${socket}`, `--image-service-endpoint=unix://${socket}`,
      '--cgroup-driver=cgroupfs', '--fail-swap-on=false', `--hostname-override=${opts.name}`, '--address=127.0.0.1', `--port=${await freePort()}`,
      '--healthz-bind-address=127.0.0.1', '--healthz-port=0', '--read-only-port=0', `--root-dir=${join(dir, 'kubelet')}`, `--cert-dir=${join(dir, 'certs')}`,
      `--resolv-conf=${join(dir, 'resolv.conf')}`, '--make-iptables-util-chains=false', '--eviction-hard=memory.available<1Mi,nodefs.available<1%,imagefs.available<1%',
      `--pod-infra-container-image=${PAUSE_IMAGE}`, '--docker=unix:///nonexistent.sock', '--image-pull-progress-deadline=20s',
    ], env));
    const nodeUntil = Date.now() + 90_000;
    for (;;) {
      if (procs[1]!.child.exitCode !== null) throw new Error(`kubelet exited: ${(await readFile(procs[1]!.log, 'utf8')).slice(-3000)}`);
      if (await kube.kubectl(['get', 'node', opts.name, '-o', 'name']).then(() => true, () => false)) break;
      if (Date.now() > nodeUntil) throw new Error(`node ${opts.name} did not register: ${(await readFile(procs[1]!.log, 'utf8')).slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    return { name: opts.name, dir, socket, pids: { kubelet: procs[1]!.child.pid!, containerd: procs[0]!.child.pid! }, configToml, log: (w) => readFile(join(dir, `${w}.log`), 'utf8'), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
