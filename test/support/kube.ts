/**
 * A real Kubernetes control plane for tests (../shared/docs/KUBE-LAB.md): Debian's etcd and
 * kube-apiserver 1.20.2 built from Debian's kubernetes source package by scripts/build-kube.sh
 * (+ kube-controller-manager and kube-scheduler when asked), every one on free 127.0.0.1 ports, with
 * TLS made by openssl, static tokens and client certificates, AlwaysAllow or RBAC. Torn down by stop().
 *
 * The binaries are required: when they are missing the test fails (never skips), because CI runs
 * scripts/install-deps.sh, which builds them once per machine (KUBE_BIN_DIR overrides the location).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { freePort } from './registry.js';

export const KUBE_BIN_DIR = process.env.KUBE_BIN_DIR ?? '/var/cache/airgap-preflight/k8s';
export const ETCD_BIN = '/usr/bin/etcd';
export const KUBECTL_BIN = '/usr/bin/kubectl';

export function kubeBin(name: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubelet'): string {
  return join(KUBE_BIN_DIR, name);
}

/** Throws with the way to fix it when a binary is missing, so a test cannot silently pass without a cluster. */
export function requireKubeBinaries(names: Parameters<typeof kubeBin>[0][] = ['kube-apiserver']): void {
  const missing = [ETCD_BIN, ...names.map(kubeBin)].filter((b) => !existsSync(b));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run scripts/install-deps.sh (it runs scripts/build-kube.sh)`);
}

export interface KubeUser {
  name: string;
  token: string;
  /** kubeconfig using the token. */
  kubeconfig: string;
}

export interface KubeOptions {
  /** 'RBAC' to test permissions; default AlwaysAllow. */
  authorization?: 'AlwaysAllow' | 'RBAC';
  /** Also run kube-controller-manager and kube-scheduler (Jobs, DaemonSets). */
  controllers?: boolean;
  /** Extra users with static tokens and no groups (RBAC decides what they may do). */
  users?: string[];
}

export interface RunningKube {
  dir: string;
  url: string;
  port: number;
  caFile: string;
  /** kubeconfig of the admin user (system:masters) with a client certificate. */
  adminKubeconfig: string;
  /** kubeconfig of the admin user with a bearer token. */
  adminTokenKubeconfig: string;
  adminToken: string;
  users: Record<string, KubeUser>;
  /** Runs the preinstalled kubectl against this server as admin; resolves stdout, rejects with stderr. */
  kubectl(args: string[], opts?: { stdin?: string; kubeconfig?: string }): Promise<string>;
  /** Writes a kubeconfig for `server` (any URL, e.g. a dead port) with the admin token. */
  kubeconfigFor(server: string, opts?: { token?: string; file?: string }): Promise<string>;
  /** Log output of a component (for failure messages). */
  log(name: string): Promise<string>;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], opts: { stdin?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 << 20, env: opts.env ?? process.env }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout);
    });
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  });
}

const openssl = (args: string[]) => run('openssl', args);

async function makePki(dir: string): Promise<{ ca: string; caKey: string; serverCert: string; serverKey: string; adminCert: string; adminKey: string; saKey: string; saPub: string }> {
  const p = (n: string) => join(dir, n);
  const ec = (out: string) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', out]);
  await ec(p('ca.key'));
  await openssl(['req', '-x509', '-new', '-key', p('ca.key'), '-sha256', '-days', '30', '-subj', '/CN=airgap-preflight test kube CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', p('ca.pem')]);
  const sign = async (name: string, subj: string, ext: string) => {
    await ec(p(`${name}.key`));
    await openssl(['req', '-new', '-key', p(`${name}.key`), '-subj', subj, '-out', p(`${name}.csr`)]);
    await writeFile(p(`${name}.ext`), ext);
    await openssl(['x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '30', '-sha256', '-extfile', p(`${name}.ext`), '-out', p(`${name}.pem`)]);
  };
  await sign('server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n');
  await sign('admin', '/O=system:masters/CN=admin', 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n');
  await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', p('sa.key')]);
  await openssl(['pkey', '-in', p('sa.key'), '-pubout', '-out', p('sa.pub')]);
  return { ca: p('ca.pem'), caKey: p('ca.key'), serverCert: p('server.pem'), serverKey: p('server.key'), adminCert: p('admin.pem'), adminKey: p('admin.key'), saKey: p('sa.key'), saPub: p('sa.pub') };
}

function kubeconfigText(server: string, caFile: string, user: { token?: string; cert?: string; key?: string }, name = 'test'): string {
  const auth = user.token ? `    token: ${user.token}\n` : `    client-certificate: ${user.cert}\n    client-key: ${user.key}\n`;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${caFile}`,
    'users:',
    `- name: ${name}-user`,
    '  user:',
    auth.trimEnd(),
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-user`,
    '    namespace: default',
    `current-context: ${name}`,
    '',
  ].join('\n');
}

interface Proc {
  name: string;
  child: ChildProcess;
  logFile: string;
}

function startProc(dir: string, name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Proc {
  const logFile = join(dir, `${name}.log`);
  const out = createWriteStream(logFile);
  // Own process group: stop() kills the whole group, nothing outlives the test.
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return { name, child, logFile };
}

async function stopProc(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.child.once('exit', () => r()));
  try {
    process.kill(-p.child.pid!, 'SIGTERM');
  } catch { /* already gone */ }
  const t = setTimeout(() => {
    try {
      process.kill(-p.child.pid!, 'SIGKILL');
    } catch { /* gone */ }
  }, 5000);
  await exited;
  clearTimeout(t);
}

function get(url: string, ca: Buffer, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}` }, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

async function waitFor(what: string, ms: number, fn: () => Promise<boolean>, procs: Proc[]): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    for (const p of procs) if (p.child.exitCode !== null) throw new Error(`${p.name} exited ${p.child.exitCode} while waiting for ${what}: ${(await readFile(p.logFile, 'utf8').catch(() => '')).slice(-3000)}`);
    try {
      if (await fn()) return;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startKube(opts: KubeOptions = {}): Promise<RunningKube> {
  requireKubeBinaries(opts.controllers ? ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] : ['kube-apiserver']);
  const dir = await mkdtemp(join(tmpdir(), 'agp-kube-'));
  const procs: Proc[] = [];
  const stop = async () => {
    for (const p of [...procs].reverse()) await stopProc(p);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const pki = await makePki(dir);
    const [etcdClient, etcdPeer, etcdMetrics, port] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const adminToken = randomBytes(16).toString('hex');
    const users: Record<string, KubeUser> = {};
    const tokenLines = [`${adminToken},admin-token,uid-admin,"system:masters"`];
    for (const u of opts.users ?? []) {
      const token = randomBytes(16).toString('hex');
      tokenLines.push(`${token},${u},uid-${u}`);
      users[u] = { name: u, token, kubeconfig: join(dir, `${u}.kubeconfig`) };
    }
    const controllerToken = randomBytes(16).toString('hex');
    tokenLines.push(`${controllerToken},system:kube-controller-manager,uid-kcm,"system:masters"`);
    await writeFile(join(dir, 'tokens.csv'), tokenLines.join('\n') + '\n', { mode: 0o600 });

    const etcd = startProc(dir, 'etcd', ETCD_BIN, [
      '--data-dir', join(dir, 'etcd'), '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--advertise-client-urls', `http://127.0.0.1:${etcdClient}`,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `default=http://127.0.0.1:${etcdPeer}`, '--listen-metrics-urls', `http://127.0.0.1:${etcdMetrics}`,
    ]);
    procs.push(etcd);
    const url = `https://127.0.0.1:${port}`;
    const apiArgs = [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${port}`, '--insecure-port=0',
      `--tls-cert-file=${pki.serverCert}`, `--tls-private-key-file=${pki.serverKey}`, `--client-ca-file=${pki.ca}`, `--token-auth-file=${join(dir, 'tokens.csv')}`,
      `--authorization-mode=${opts.authorization ?? 'AlwaysAllow'}`, `--service-account-issuer=https://kubernetes.default.svc`, `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`, '--api-audiences=https://kubernetes.default.svc', '--service-cluster-ip-range=10.0.0.0/24',
      '--endpoint-reconciler-type=none', '--profiling=false',
    ];
    if (!opts.controllers) apiArgs.push('--disable-admission-plugins=ServiceAccount');
    const api = startProc(dir, 'kube-apiserver', kubeBin('kube-apiserver'), apiArgs);
    procs.push(api);
    const ca = await readFile(pki.ca);
    await waitFor('kube-apiserver /readyz', 60_000, async () => (await get(`${url}/readyz`, ca, adminToken)).status === 200, procs);

    const adminKubeconfig = join(dir, 'admin.kubeconfig');
    await writeFile(adminKubeconfig, kubeconfigText(url, pki.ca, { cert: pki.adminCert, key: pki.adminKey }), { mode: 0o600 });
    const adminTokenKubeconfig = join(dir, 'admin-token.kubeconfig');
    await writeFile(adminTokenKubeconfig, kubeconfigText(url, pki.ca, { token: adminToken }), { mode: 0o600 });
    for (const u of Object.values(users)) await writeFile(u.kubeconfig, kubeconfigText(url, pki.ca, { token: u.token }), { mode: 0o600 });

    const kubectl = (args: string[], o: { stdin?: string; kubeconfig?: string } = {}) =>
      run(KUBECTL_BIN, ['--kubeconfig', o.kubeconfig ?? adminKubeconfig, ...args], { stdin: o.stdin, env: { ...process.env, HOME: dir } });

    if (opts.controllers) {
      const kcmConfig = join(dir, 'kcm.kubeconfig');
      await writeFile(kcmConfig, kubeconfigText(url, pki.ca, { token: controllerToken }), { mode: 0o600 });
      const kcm = startProc(dir, 'kube-controller-manager', kubeBin('kube-controller-manager'), [
        `--kubeconfig=${kcmConfig}`, '--bind-address=127.0.0.1', `--secure-port=${await freePort()}`, '--port=0', '--leader-elect=false',
        '--controllers=*,-nodelifecycle,-nodeipam,-cloud-node-lifecycle,-service,-route,-attachdetach,-persistentvolume-binder',
        `--service-account-private-key-file=${pki.saKey}`, `--root-ca-file=${pki.ca}`, '--use-service-account-credentials=false',
      ]);
      procs.push(kcm);
      const sched = startProc(dir, 'kube-scheduler', kubeBin('kube-scheduler'), [`--kubeconfig=${kcmConfig}`, '--bind-address=127.0.0.1', `--secure-port=${await freePort()}`, '--port=0', '--leader-elect=false']);
      procs.push(sched);
      // The default service account exists once the controller-manager's serviceaccount controller ran.
      await waitFor('default service account', 60_000, async () => (await kubectl(['get', 'serviceaccount', 'default', '-o', 'name'])).trim() !== '', procs);
    }

    return {
      dir,
      url,
      port,
      caFile: pki.ca,
      adminKubeconfig,
      adminTokenKubeconfig,
      adminToken,
      users,
      kubectl,
      async kubeconfigFor(server, o = {}) {
        const file = o.file ?? join(dir, `kc-${randomBytes(4).toString('hex')}.kubeconfig`);
        await writeFile(file, kubeconfigText(server, pki.ca, { token: o.token ?? adminToken }), { mode: 0o600 });
        return file;
      },
      log: (name) => readFile(join(dir, `${name}.log`), 'utf8').catch(() => ''),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
