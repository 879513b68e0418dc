// Runs fixtures/lint/<case>/ through the real CLI main() in-process. Each case is copied to a temp
// dir ($DIR) with mode 600 (or args.mode), `$CERTS` in registries.yaml names a folder of real PEM
// files made with openssl (test/support/pki.ts); both are put back as placeholders in the output.
import { copyFile, mkdir, mkdtemp, readFile, readdir, writeFile, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli.js';
import { clearSecrets } from '../../src/redact.js';
import { makePki, openssl, serverCert } from './pki.js';
import type { Finding } from '../../src/types.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/lint');

export interface FixtureArgs {
  systemDefaultRegistry?: string;
  rancherVersion?: string;
  /** Permission bits of the copied registries.yaml (default 600). */
  mode?: string;
  /** --distribution k3s|rke2. */
  distribution?: string;
  /** --rke2-version. */
  rke2Version?: string;
  /** Directory under $DIR the file is copied into, e.g. "etc/rancher/rke2" (the distribution is inferred from it). */
  nodePath?: string;
}

export async function listFixtures(): Promise<string[]> {
  return (await readdir(FIXTURES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/**
 * The certificate folder fixtures refer to as $CERTS: ca.crt (a CA), client.crt/client.key (a
 * matching client pair signed by it), other.key (a key of another CA: mismatch), expired.crt
 * (notAfter 2021-01-01), future.crt (notBefore 2099-01-01), ca.der (the CA in DER), certdir/ (a directory).
 */
export async function makeCertsDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'agp-lint-certs-'));
  const pki = await makePki(path.join(dir, 'pki'));
  await copyFile(pki.caCert, path.join(dir, 'ca.crt'));
  await copyFile(pki.clientCert, path.join(dir, 'client.crt'));
  await copyFile(pki.clientKey, path.join(dir, 'client.key'));
  await copyFile(pki.otherCaKey, path.join(dir, 'other.key'));
  const expired = await serverCert(pki, 'expired', ['harbor.example.com']);
  await copyFile(expired.cert, path.join(dir, 'expired.crt'));
  const future = await serverCert(pki, 'not-yet-valid', ['harbor.example.com']);
  await copyFile(future.cert, path.join(dir, 'future.crt'));
  await openssl(['x509', '-in', pki.caCert, '-outform', 'DER', '-out', path.join(dir, 'ca.der')]);
  await mkdir(path.join(dir, 'certdir'));
  return dir;
}

export async function readArgs(name: string): Promise<FixtureArgs> {
  const p = path.join(FIXTURES, name, 'args.json');
  return existsSync(p) ? (JSON.parse(await readFile(p, 'utf8')) as FixtureArgs) : {};
}

function replaceAll(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

/** Lints one fixture with `--format json` and returns exit code, stderr and the findings (placeholders restored). */
export async function runFixture(name: string, certs: string): Promise<{ code: number; stderr: string; findings: Finding[] }> {
  const args = await readArgs(name);
  const dir = await mkdtemp(path.join(tmpdir(), 'agp-lint-case-'));
  if (args.nodePath) await mkdir(path.join(dir, args.nodePath), { recursive: true });
  const file = path.join(dir, args.nodePath ?? '', 'registries.yaml');
  const text = replaceAll(await readFile(path.join(FIXTURES, name, 'registries.yaml'), 'utf8'), '$CERTS', certs);
  await writeFile(file, text);
  await chmod(file, parseInt(args.mode ?? '600', 8));
  const argv = ['lint', file, '--format', 'json'];
  if (args.systemDefaultRegistry) argv.push('--system-default-registry', args.systemDefaultRegistry);
  if (args.rancherVersion) argv.push('--rancher-version', args.rancherVersion);
  if (args.distribution) argv.push('--distribution', args.distribution);
  if (args.rke2Version) argv.push('--rke2-version', args.rke2Version);
  let out = '';
  let err = '';
  clearSecrets();
  const code = await main({ argv, env: {}, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  const json = replaceAll(replaceAll(out, certs, '$CERTS'), dir, '$DIR');
  return { code, stderr: err, findings: out ? (JSON.parse(json) as { findings: Finding[] }).findings : [] };
}
