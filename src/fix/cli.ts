/**
 * `lint --fix` and `lint --fix-dry-run`: the options, their validation, and the run that cli.ts
 * calls before it reports (kept out of cli.ts so the command line stays thin).
 *
 * --fix         repairs the file in place (atomically, mode and owner kept) with the certain fixes
 *               of the checks, then lint reports on the fixed file; each applied fix is a note of
 *               the text report and an entry of `fixes` in the JSON report; each certain fix that
 *               was not applied (a key written twice, src/lint-fix.ts RepeatedKeyError) is a note
 *               "Not fixed …" and an entry of `fixesRefused`, and its finding stays in the report.
 * --fix-dry-run prints the unified diff --fix would write (credentials masked as in every report)
 *               and changes nothing; the exit code is the one --fix would give. The "Not fixed"
 *               notes go to stderr, so stdout stays a patch.
 * `-` (stdin) with --fix is refused: there is no file to write, and printing the fixed file would
 * print its credentials. `-` with --fix-dry-run prints the diff.
 */
import { promises as fs } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckDef, Facts, Finding } from '../types.js';
import type { JudgeOptions, LintProbeOptions } from '../options.js';
import { applyControls, exitCodeFor, runChecks, summarize, type DisableDirective } from '../check-runner.js';
import { gatherFacts, type ProbeDef } from '../probe-runner.js';
import { InputError, UsageError } from '../errors.js';
import { redact } from '../redact.js';
import type { Translator } from '../i18n/index.js';
import { FixError, fixLoop, type AppliedFix, type RefusedFix } from './engine.js';
import { unifiedDiff } from './diff.js';
import { scratchCopy, writeAtomic } from './write.js';

/** The raw options fixMode reads (declared with lint's options in src/options.ts). */
export interface FixRawOpts {
  fix?: boolean;
  fixDryRun?: boolean;
  fromFacts?: string;
}

export type FixMode = 'fix' | 'dryRun';

/** Which fix mode the options ask for (null: none); a usage error for combinations that cannot work. */
export function fixMode(raw: FixRawOpts, fileArg: string | undefined, t: Translator): FixMode | null {
  if (raw.fix && raw.fixDryRun) throw new UsageError(t.ui('err.fixBoth'));
  const mode: FixMode | null = raw.fix ? 'fix' : raw.fixDryRun ? 'dryRun' : null;
  if (!mode) return null;
  if (raw.fromFacts) throw new UsageError(t.ui('err.fixFromFacts'));
  if (mode === 'fix' && fileArg === '-') throw new UsageError(t.ui('err.fixStdin'));
  return mode;
}

export interface FixRun {
  mode: FixMode;
  /** The file to read (stdin's private copy for `-`). */
  file: string;
  /** The name reports use (`-` for stdin). */
  label: string;
  probes: ProbeDef<unknown, LintProbeOptions>[];
  checks: CheckDef[];
  options: JudgeOptions;
  t: Translator;
  skip: string[];
  only: string[];
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export interface FixOutcome {
  /** Set when the command is done (dry run): its exit code. */
  exit?: number;
  /** One line per applied fix, then one per refused fix, for the text report. */
  notes: string[];
  fixes: AppliedFix[];
  refused: RefusedFix[];
}

function relabel(v: unknown, from: string, to: string): unknown {
  if (typeof v === 'string') return v.split(from).join(to);
  if (Array.isArray(v)) return v.map((x) => relabel(x, from, to));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, relabel(x, from, to)]));
  return v;
}

/**
 * The text each pass lints, in a private temporary directory (0700) with the original's mode: the
 * checks read the file's text and mode only (TLS paths are resolved as written), and nothing
 * appears beside the user's file, which may sit in a directory K3s or others read.
 */
async function scratch(file: string, text: string, mode: number) {
  const dir = await mkdtemp(path.join(tmpdir(), 'airgap-preflight-fix-'));
  const copy = await scratchCopy(path.join(dir, path.basename(file)), text, mode);
  return { file: copy.file, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Lint of a text as if it were the file: the same probes, checks, options and --skip/--only. */
function linter(run: FixRun, mode: number) {
  return async (text: string): Promise<Finding[]> => {
    const copy = await scratch(run.file, text, mode);
    try {
      const facts = relabel(await gatherFacts(run.probes, { file: copy.file, fileGiven: true } satisfies LintProbeOptions), copy.file, run.label) as Facts;
      const directives = facts.registriesFile?.ok ? ((facts.registriesFile.value as { directives?: DisableDirective[] }).directives ?? []) : [];
      return applyControls(runChecks(run.checks, facts, { options: run.options }, run.t), { skip: run.skip, only: run.only, directives, file: run.options.file }, run.t);
    } finally {
      await copy.remove();
    }
  };
}

export function fixNote(f: AppliedFix, t: Translator): string {
  return t.ui(f.line === null ? 'fix.appliedNoLine' : 'fix.applied', { check: f.check, line: f.line ?? 0, message: f.message });
}

/** "Not fixed {check} (line N): why", one line per refused fix. */
export function refusedNote(f: RefusedFix, t: Translator): string {
  const reason = t.ui(`fix.refusedWhy.${f.reason}`, { key: f.key ?? '', n: f.lines.length, lines: f.lines.join(t.ui('listSep')) });
  return t.ui(f.line === null ? 'fix.refusedNoLine' : 'fix.refused', { check: f.check, line: f.line ?? 0, reason });
}

export async function runFix(run: FixRun): Promise<FixOutcome> {
  let text: string;
  let mode: number;
  try {
    text = await fs.readFile(run.file, 'utf8');
    mode = (await fs.stat(run.file)).mode;
  } catch {
    throw new InputError(run.t.ui('err.fixRead', { file: run.label }));
  }
  let result;
  try {
    result = await fixLoop(text, linter(run, mode), run.checks);
  } catch (err) {
    if (err instanceof FixError) throw new InputError(run.t.ui(err.reason === 'unparsable' ? 'err.fixUnparsable' : 'err.fixNoFixedPoint', { file: run.label, n: err.message }));
    throw err;
  }
  if (run.mode === 'dryRun') {
    run.stdout.write(redact(unifiedDiff(text, result.text, run.label === '-' ? 'registries.yaml' : run.label.replace(/^\//, ''))));
    for (const f of result.refused) run.stderr.write(`airgap-preflight: ${redact(refusedNote(f, run.t))}\n`);
    return { exit: exitCodeFor(summarize(result.findings), run.options.strict), notes: [], fixes: result.applied, refused: result.refused };
  }
  if (result.text !== text) {
    try {
      await writeAtomic(run.file, result.text);
    } catch {
      throw new InputError(run.t.ui('err.fixWrite', { file: run.label }));
    }
  }
  const notes = [...result.applied.map((f) => fixNote(f, run.t)), ...result.refused.map((f) => refusedNote(f, run.t))];
  return { notes: notes.length ? notes : [run.t.ui('fix.none')], fixes: result.applied, refused: result.refused };
}
