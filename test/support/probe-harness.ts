/** Helpers for the registry-probe tests: write a registries.yaml, run the real CLI, read its JSON. */
import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import type { Finding, Report } from '../../src/types.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * The registry suites use 127.0.0.1 registries as stand-ins for a remote Harbor, so by default the
 * chain treats loopback hosts as remote ones (no containerd loopback http default): main() gets the
 * seam `loopbackAsRemote` (MainIO.seams, never read from the environment). Tests of the loopback
 * behaviour itself pass `{ loopbackAsRemote: false }`.
 */
export interface Seams {
  loopbackAsRemote?: boolean;
}

export async function cli(argv: string[], env: Record<string, string | undefined> = {}, seams: Seams = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main({ argv, env, seams: { loopbackAsRemote: seams.loopbackAsRemote ?? true }, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

export async function tempDir(prefix = 'agp-probe-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes registries.yaml text to a new temp dir; returns its path. */
export async function writeRegistries(text: string): Promise<string> {
  const dir = await tempDir();
  const file = join(dir, 'registries.yaml');
  await writeFile(file, text);
  return file;
}

/** YAML double-quoted scalar (JSON strings are valid YAML). */
export const q = (s: string): string => JSON.stringify(s);

export interface ConfigParts {
  mirror?: string;
  endpoints?: string[];
  rewrite?: Record<string, string>;
  configKey?: string;
  auth?: { username: string; password: string } | null;
  tls?: { ca_file?: string; cert_file?: string; key_file?: string; insecure_skip_verify?: boolean } | null;
}

export function registriesYaml(p: ConfigParts): string {
  const lines: string[] = [];
  if (p.mirror) {
    lines.push('mirrors:', `  ${q(p.mirror)}:`, '    endpoint:');
    for (const e of p.endpoints ?? []) lines.push(`      - ${q(e)}`);
    if (p.rewrite) {
      lines.push('    rewrite:');
      for (const [k, v] of Object.entries(p.rewrite)) lines.push(`      ${q(k)}: ${q(v)}`);
    }
  }
  if (p.configKey && (p.auth || p.tls)) {
    lines.push('configs:', `  ${q(p.configKey)}:`);
    if (p.auth) lines.push('    auth:', `      username: ${q(p.auth.username)}`, `      password: ${q(p.auth.password)}`);
    if (p.tls) {
      lines.push('    tls:');
      for (const [k, v] of Object.entries(p.tls)) if (v !== undefined) lines.push(`      ${k}: ${typeof v === 'string' ? q(v) : v}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Runs `registry FILE … -f json` and returns the parsed report with the raw run. */
export async function registryJson(file: string, args: string[], seams: Seams = {}): Promise<{ run: CliRun; report: Report }> {
  const run = await cli(['registry', file, ...args, '-f', 'json'], {}, seams);
  if (!run.out) throw new Error(`no JSON output (exit ${run.code}): ${run.err}`);
  return { run, report: JSON.parse(run.out) as Report };
}

/** [check, status, target] of every finding: the shape of a whole report. */
export function shape(findings: Finding[]): [string, string, string | null][] {
  return findings.map((f) => [f.check, f.status, f.target]);
}

export function byCheck(findings: Finding[], check: string): Finding[] {
  return findings.filter((f) => f.check === check);
}

/** Every output format of one run, to scan for secrets. */
export async function allFormats(file: string, args: string[]): Promise<string> {
  const dir = await tempDir('agp-fmt-');
  const run = await cli(['registry', file, ...args, '-f', 'text', '-f', 'json', '-o', join(dir, 'r.json'), '-f', 'junit', '-o', join(dir, 'r.xml'), '-f', 'sarif', '-o', join(dir, 'r.sarif'), '--save-facts', join(dir, 'facts')]);
  const files = await Promise.all(['r.json', 'r.xml', 'r.sarif', 'facts/registryProbe.json', 'facts/registriesFile.json'].map((f) => readFile(join(dir, f), 'utf8').catch(() => '')));
  return [run.out, run.err, ...files].join('\n');
}
