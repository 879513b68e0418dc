/**
 * A private containerd (Debian's /usr/bin/containerd, 1.6) for comparing our verdicts with
 * containerd's own pull (issue #3). Own root, state and socket under a temp dir; the CRI plugin
 * and the snapshotters that need special filesystems are disabled. Pulls use the `native`
 * snapshotter so no overlay mount is needed.
 *
 * ```ts
 * const ctd = await startContainerd();
 * const hostsDir = await ctd.writeHostsDir(renderHostsToml(model, { mode: 'D' })!);
 * const r = await ctd.ctrPull(`${reg.host}/rancher/shell:v0.1.6`, { hostsDir, user: 'u:p' });
 * // r.ok, r.stderr (e.g. "... x509: certificate signed by unknown authority")
 * await ctd.stop();
 * ```
 * The password travels only in argv to a local child process (ctr); it is never logged, and
 * the returned stdout/stderr have it replaced by <redacted>.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { HostsTomlFile } from '../../src/containerd/hosts-toml.js';
import { createRequire } from 'node:module';

export const CONTAINERD_BIN = '/usr/bin/containerd';
export const CTR_BIN = '/usr/bin/ctr';

export interface CtrPullOptions {
  /** Directory holding <host>/hosts.toml, passed as --hosts-dir. */
  hostsDir?: string;
  /** "user:password" for --user. */
  user?: string;
  /** Default linux/amd64. */
  platform?: string;
  /** Default 30 s; the ctr process is killed after it. */
  timeoutMs?: number;
  /**
   * name -> loopback address, e.g. { 'harbor.airgap.test': '127.0.0.1' }: ctr runs in a private
   * mount namespace (unshare) whose /etc/hosts maps these names, so the registry is reached by a
   * non-loopback *name* (containerd adds a plain-HTTP fallback for loopback hosts, hiding
   * HTTP/HTTPS mismatches and 404s). ctr resolves and fetches in its own process, so this is
   * enough; the machine's /etc/hosts is untouched.
   */
  resolve?: Record<string, string>;
}

export interface CtrPullResult { ok: boolean; code: number | null; timedOut: boolean; stdout: string; stderr: string }

export interface ContainerdOptions {
  /**
   * Run the CRI plugin (rendering mode A: K3s' config.toml registry section is read only by CRI,
   * never by ctr). Pulls then go through `criPull` (runtime.v1 ImageService/PullImage over the
   * gRPC socket, as the kubelet does) with the `native` snapshotter.
   */
  cri?: boolean;
  /** Extra config.toml text appended as is, e.g. renderConfigToml() output (its `version = 2` line is dropped). */
  configExtra?: string;
}

export interface CriPullResult { ok: boolean; error: string; imageRef: string }

export interface RunningContainerd {
  address: string;
  dir: string;
  /** PullImage through CRI (only with { cri: true }). */
  criPull(ref: string, timeoutMs?: number): Promise<CriPullResult>;
  /** Write the files of renderHostsToml() into a fresh directory and return its path. */
  writeHostsDir(files: HostsTomlFile[]): Promise<string>;
  ctrPull(ref: string, opts?: CtrPullOptions): Promise<CtrPullResult>;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<CtrPullResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (c: string) => { if (stdout.length < 1 << 20) stdout += c; });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => { if (stderr.length < 1 << 20) stderr += c; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && !timedOut, code, timedOut, stdout, stderr });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, code: null, timedOut, stdout, stderr: stderr + String(e) });
    });
  });
}

function hide(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('<redacted>');
}

/**
 * The CRI image service, written from the CRI API (k8s.io/cri-api runtime/v1 api.proto,
 * ImageService.PullImage) with only the fields a pull needs.
 */
const CRI_PROTO = `syntax = "proto3";
package runtime.v1;
service ImageService { rpc PullImage(PullImageRequest) returns (PullImageResponse) {} }
message ImageSpec { string image = 1; map<string, string> annotations = 2; }
message AuthConfig { string username = 1; string password = 2; string auth = 3; string server_address = 4; string identity_token = 5; string registry_token = 6; }
message PullImageRequest { ImageSpec image = 1; AuthConfig auth = 2; }
message PullImageResponse { string image_ref = 1; }
`;

interface GrpcClient { PullImage(req: unknown, opts: { deadline: Date }, cb: (err: Error | null, res?: { image_ref?: string }) => void): void; close(): void }

async function criClient(address: string, dir: string): Promise<GrpcClient> {
  // @grpc/grpc-js and @grpc/proto-loader are installed with dockerode (a devDependency).
  const require = createRequire(import.meta.url);
  const grpc = require('@grpc/grpc-js') as { credentials: { createInsecure(): unknown }; loadPackageDefinition(d: unknown): Record<string, Record<string, Record<string, new (addr: string, creds: unknown) => GrpcClient>>> };
  const loader = require('@grpc/proto-loader') as { loadSync(file: string, opts: Record<string, unknown>): unknown };
  const protoFile = join(dir, 'cri.proto');
  await writeFile(protoFile, CRI_PROTO);
  const def = loader.loadSync(protoFile, { keepCase: true, longs: String, defaults: true });
  const pkg = grpc.loadPackageDefinition(def);
  const Ctor = pkg.runtime!.v1!.ImageService!;
  return new Ctor(`unix://${address}`, grpc.credentials.createInsecure());
}

export async function startContainerd(opts: ContainerdOptions = {}): Promise<RunningContainerd> {
  // Short path: the socket path must stay under the 108-byte sun_path limit.
  const dir = await mkdtemp(join(tmpdir(), 'agp-ctd-'));
  const address = join(dir, 'c.sock');
  const config = join(dir, 'config.toml');
  await writeFile(config, [
    'version = 2',
    `root = ${JSON.stringify(join(dir, 'root'))}`,
    `state = ${JSON.stringify(join(dir, 'state'))}`,
    `disabled_plugins = [${opts.cri ? '' : '"io.containerd.grpc.v1.cri", '}"io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]`,
    '[grpc]',
    `  address = ${JSON.stringify(address)}`,
    '[ttrpc]',
    `  address = ${JSON.stringify(address + '.ttrpc')}`,
    '[debug]',
    '  address = ""',
    '[metrics]',
    '  address = ""',
    ...(opts.cri ? [
      '[plugins."io.containerd.grpc.v1.cri"]',
      '  disable_tcp_service = true',
      '  stream_server_address = "127.0.0.1"',
      '  stream_server_port = "0"',
      '  sandbox_image = "registry.invalid/pause:3.6"',
      '[plugins."io.containerd.grpc.v1.cri".containerd]',
      '  snapshotter = "native"',
      '[plugins."io.containerd.grpc.v1.cri".cni]',
      `  bin_dir = ${JSON.stringify(join(dir, 'cni-bin'))}`,
      `  conf_dir = ${JSON.stringify(join(dir, 'cni-conf'))}`,
    ] : []),
    ...(opts.configExtra ? opts.configExtra.split('\n').filter((l) => l.trim() !== 'version = 2') : []),
    '',
  ].join('\n'));
  const child: ChildProcess = spawn(CONTAINERD_BIN, ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  // Never leave a containerd behind if the test process exits without stop().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { log = (log + c).slice(-20_000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`containerd exited (${child.exitCode}): ${log.slice(-2000)}`);
    const v = await run(CTR_BIN, ['--address', address, 'version'], 5000);
    if (v.ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`containerd did not come up: ${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let hostsDirs = 0;
  return {
    address,
    dir,
    async writeHostsDir(files) {
      const root = join(dir, `hosts-${++hostsDirs}`);
      await mkdir(root);
      for (const f of files) {
        await mkdir(join(root, f.dir), { recursive: true });
        await writeFile(join(root, f.dir, 'hosts.toml'), f.toml);
      }
      return root;
    },
    async criPull(ref, timeoutMs = 30_000) {
      if (!opts.cri) throw new Error('criPull needs startContainerd({ cri: true })');
      const client = await criClient(address, dir);
      try {
        return await new Promise<CriPullResult>((resolve) => {
          client.PullImage({ image: { image: ref } }, { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
            resolve(err ? { ok: false, error: err.message, imageRef: '' } : { ok: true, error: '', imageRef: res?.image_ref ?? '' });
          });
        });
      } finally {
        client.close();
      }
    },
    async ctrPull(ref, opts = {}) {
      // A fresh namespace per pull, so nothing pulled before can stand in for this pull's result.
      const args = ['--address', address, '--namespace', `t${randomBytes(6).toString('hex')}`, 'images', 'pull', '--snapshotter', 'native',
        '--platform', opts.platform ?? 'linux/amd64'];
      if (opts.hostsDir) args.push('--hosts-dir', opts.hostsDir);
      if (opts.user) args.push('--user', opts.user);
      args.push(ref);
      let r: CtrPullResult;
      if (opts.resolve && Object.keys(opts.resolve).length) {
        for (const ip of Object.values(opts.resolve)) {
          if (!/^(127\.\d+\.\d+\.\d+|::1)$/.test(ip)) throw new Error(`resolve: only loopback addresses are allowed, got ${ip}`);
        }
        const hostsFile = join(dir, `etc-hosts-${randomBytes(4).toString('hex')}`);
        await writeFile(hostsFile, ['127.0.0.1 localhost', '::1 localhost', ...Object.entries(opts.resolve).map(([n, ip]) => `${ip} ${n}`), ''].join('\n'));
        r = await run('unshare', ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', 'mount --bind "$0" /etc/hosts && exec "$@"',
          hostsFile, CTR_BIN, ...args], opts.timeoutMs ?? 30_000);
      } else {
        r = await run(CTR_BIN, args, opts.timeoutMs ?? 30_000);
      }
      const secret = opts.user?.includes(':') ? opts.user.slice(opts.user.indexOf(':') + 1) : undefined;
      return { ...r, stdout: hide(r.stdout, secret), stderr: hide(r.stderr, secret) };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
