// Runs `lint --fix` through the real CLI main() in-process on a copy of a file (mode 600 unless told),
// the way test/support/lint-fixtures.ts runs lint.
import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli.js';
import { clearSecrets } from '../../src/redact.js';
import type { Report } from '../../src/types.js';

export const FIX_FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/fix');

export interface FixArgs {
  systemDefaultRegistry?: string;
  rancherVersion?: string;
}

/** fixtures/fix/<check>/<case> folders, as [check, case]. */
export async function listFixCases(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const check of (await readdir(FIX_FIXTURES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const c of (await readdir(path.join(FIX_FIXTURES, check), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) out.push([check, c]);
  }
  return out;
}

export async function readFixArgs(dir: string): Promise<FixArgs> {
  const p = path.join(dir, 'args.json');
  return existsSync(p) ? (JSON.parse(await readFile(p, 'utf8')) as FixArgs) : {};
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  clearSecrets();
  const code = await main({ argv, env, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

export function argsFor(a: FixArgs): string[] {
  const argv: string[] = [];
  if (a.systemDefaultRegistry) argv.push('--system-default-registry', a.systemDefaultRegistry);
  if (a.rancherVersion) argv.push('--rancher-version', a.rancherVersion);
  return argv;
}

/** A private copy of text as <tmp>/registries.yaml with the given mode. */
export async function tempFile(text: string, mode = 0o600): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'agp-fix-case-'));
  const file = path.join(dir, 'registries.yaml');
  await writeFile(file, text);
  await chmod(file, mode);
  return { dir, file };
}

/** `lint FILE --fix --format json` (plus args): exit code, stderr and the JSON report. */
export async function fixJson(file: string, args: FixArgs, extra: string[] = []): Promise<{ code: number; stderr: string; report: Report }> {
  const r = await cli(['lint', file, '--fix', '--format', 'json', ...argsFor(args), ...extra]);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as Report };
}
