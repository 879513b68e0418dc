/**
 * Helpers for test/kube-node-nodes.test.ts (`cluster --nodes` on the real lab node).
 *
 * - A node root: a temporary directory standing in for the node's `/` (its etc/rancher/k3s/registries.yaml,
 *   its CA files). The per-node pod mounts `<root>` as /host (MainIO.seams.nodeHostRoot), so the
 *   test machine's own root is never read. The node's containerd is configured from the same file as K3s
 *   renders it, with every path the file names read under that root (the node's containerd and the pod
 *   see the same bytes).
 * - Our image pushed with skopeo to a test registry, so the node's containerd pulls it through the
 *   rendering of its registries.yaml (the pod's own pull is evidence).
 * - The CLI spawned as a real process (test/support/kube-nodes-bin.mjs), for a real SIGINT.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registriesYamlText, type RegistriesYaml } from './kube-node.js';
import type { RunningRegistry } from './registry.js';
import { ROOT } from './subprocess.js';

function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)));
  });
}

export interface NodeRoot {
  /** The directory standing in for the node's `/`. */
  dir: string;
  /** registries.yaml as the node's containerd reads it: every path the file names, under `dir`. */
  forContainerd: RegistriesYaml;
}

/**
 * Writes `<dir>/etc/rancher/k3s/registries.yaml` (as given: paths are the node's own) and copies each
 * `files` entry (node path → source file) under `dir`.
 */
export async function makeNodeRoot(registries: RegistriesYaml, files: Record<string, string>): Promise<NodeRoot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'agp-noderoot-'));
  await mkdir(path.join(dir, 'etc/rancher/k3s'), { recursive: true });
  await writeFile(path.join(dir, 'etc/rancher/k3s/registries.yaml'), registriesYamlText(registries), { mode: 0o600 });
  for (const [nodePath, src] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, nodePath)), { recursive: true });
    await copyFile(src, path.join(dir, nodePath));
  }
  const under = (p: string | undefined) => (p === undefined ? undefined : path.join(dir, p));
  const forContainerd: RegistriesYaml = {
    mirrors: registries.mirrors,
    configs: Object.fromEntries(Object.entries(registries.configs ?? {}).map(([k, v]) => [k, {
      ...(v.auth ? { auth: v.auth } : {}),
      ...(v.tls ? { tls: { ...v.tls, ca_file: under(v.tls.ca_file), cert_file: under(v.tls.cert_file), key_file: under(v.tls.key_file) } } : {}),
    }])),
  };
  for (const c of Object.values(forContainerd.configs ?? {})) if (c.tls) for (const k of ['ca_file', 'cert_file', 'key_file'] as const) if (c.tls[k] === undefined) delete c.tls[k];
  return { dir, forContainerd };
}

/** Pushes the OCI archive to `reg` as REPO:TAG with skopeo (TLS verified against the registry's CA). */
export async function pushImage(archive: string, reg: RunningRegistry, ref: string, creds?: { user: string; password: string }): Promise<string> {
  const certDir = await mkdtemp(path.join(tmpdir(), 'agp-skopeo-'));
  if (reg.caFile) await copyFile(reg.caFile, path.join(certDir, 'ca.crt'));
  const args = ['copy', '--quiet', '--insecure-policy', `--dest-cert-dir=${certDir}`];
  if (reg.scheme === 'http') args.push('--dest-tls-verify=false');
  if (creds) args.push(`--dest-creds=${creds.user}:${creds.password}`);
  await run('skopeo', [...args, `oci-archive:${archive}`, `docker://${reg.host}/${ref}`]);
  return `${reg.host}/${ref}`;
}

export interface SpawnedCli {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * Spawns the CLI as its own process (dist/src/cli.js through test/support/kube-nodes-bin.mjs, which is
 * src/bin.ts plus the nodeHostRoot seam), so a real SIGINT reaches src/interrupt.ts's handlers.
 */
export function spawnCli(hostRoot: string, argv: string[], env: Record<string, string> = {}): SpawnedCli {
  const child = spawn(process.execPath, [path.join(ROOT, 'test/support/kube-nodes-bin.mjs'), hostRoot, ...argv], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), LANG: 'C.UTF-8', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
