/**
 * `npm run demo`: the main job end to end on a built-in example. Starts a real private registry
 * on 127.0.0.1 (Debian's docker-registry: TLS with its own CA, htpasswd auth with a Harbor-style
 * robot account), pushes the images Rancher v2.5.8's local cluster pulls (the seed article's
 * list), writes the registries.yaml an operator would mount, and runs `airgap-preflight lint` and `registry` on it.
 * Then it shows one classic mistake (the same file without `ca_file`) and what the tool says.
 * Everything stays on loopback; the registry is stopped at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRegistry } from '../../test/support/registry.js';
import { findRelease } from '../../src/rancher/releases.js';

const ROOT = path.resolve(process.argv[2] ?? '.');
const BIN = path.join(ROOT, 'dist', 'src', 'bin.js');
const VERSION = 'v2.5.8';

function run(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const release = findRelease(VERSION)!;
  const images = release.images.filter((i) => i.tag).map((i) => `${i.repo}:${i.tag}`);
  process.stdout.write(`starting a private registry on 127.0.0.1 (TLS with a private CA, htpasswd auth) with ${images.length} images of Rancher ${VERSION}…\n`);
  const reg = await startRegistry({ tls: 'valid', auth: 'htpasswd', images });
  const dir = await mkdtemp(path.join(tmpdir(), 'airgap-preflight-demo-'));
  try {
    const [user, password] = Object.entries(reg.users)[0]!;
    const good = path.join(dir, 'registries.yaml');
    const yaml = (withCa: boolean) =>
      [
        'mirrors:',
        `  "${reg.host}":`,
        '    endpoint:',
        `      - "https://${reg.host}"`,
        'configs:',
        `  "${reg.host}":`,
        '    auth:',
        `      username: "${user}"`,
        `      password: "${password}"`,
        ...(withCa ? ['    tls:', `      ca_file: ${reg.caFile}`] : []),
        '',
      ].join('\n');
    await writeFile(good, yaml(true), { mode: 0o600 });
    const args = ['--system-default-registry', reg.host, '--rancher-version', VERSION];
    // lint then registry: what `all` runs before any Rancher container exists (the demo does not
    // judge whatever containers this machine happens to run).
    process.stdout.write(`\n$ airgap-preflight lint ${good} ${args.join(' ')}\n\n`);
    const lintCode = await run(['lint', good, ...args]);
    process.stdout.write(`\n$ airgap-preflight registry ${good} ${args.join(' ')}\n\n`);
    const okCode = Math.max(lintCode, await run(['registry', good, ...args]));

    const broken = path.join(dir, 'registries-without-ca.yaml');
    await writeFile(broken, yaml(false), { mode: 0o600 });
    process.stdout.write(`\nThe same file without tls.ca_file (the #1 mistake), quiet output:\n$ airgap-preflight registry ${broken} ${args.join(' ')} --quiet\n\n`);
    const badCode = await run(['registry', broken, ...args, '--quiet']);

    process.stdout.write(`\ncorrect config: exit ${okCode} (expected 0); without ca_file: exit ${badCode} (expected 1)\n`);
    return okCode === 0 && badCode === 1 ? 0 : 1;
  } finally {
    await reg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
