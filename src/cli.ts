import { Command, CommanderError, Help } from 'commander';
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import type { CheckDef, Facts, Report, Stage } from './types.js';
import { applyControls, exitCodeFor, makeReport, runChecks, type DisableDirective } from './check-runner.js';
import { LOOPBACK_AS_REMOTE, NODE_HOST_ROOT, gatherFacts, loadFacts, saveFacts } from './probe-runner.js';
import { COMMANDS, type CommandName, type CommandSpec, type ProbesOf } from './commands.js';
import { COMMAND_OPTIONS, DEFAULT_REGISTRIES_FILE, parseRun, replayJudge, savedJudge, type ParsedRun, type ProbeOptionsFor, type RawOpts } from './options.js';
import { ALL_CHECKS } from '../checks/index.js';
import { InputError, UsageError, errorMessage } from './errors.js';
import { redact } from './redact.js';
import { interruptSignal } from './interrupt.js';
import { renderText, type TextOptions } from './reporters/text.js';
import { renderJson } from './reporters/json.js';
import { renderJunit } from './reporters/junit.js';
import { renderSarif } from './reporters/sarif.js';
import { renderPlan } from './reporters/plan.js';
import { missingImages, renderImageList } from './reporters/image-list.js';
import { startProgress, type Progress } from './reporters/progress.js';
import { toolVersion, versionLine } from './version.js';
import { EN, loadTranslator, localizeError, resolveLang, type Translator } from './i18n/index.js';
import { fixMode, runFix, type FixOutcome } from './fix/cli.js';

export { DEFAULT_REGISTRIES_FILE, parseDuration } from './options.js';
export const FORMATS = ['text', 'json', 'junit', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface MainIO {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  /** Where `-` as the file reads from (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /**
   * Seams for in-process callers (the tests: test/support/probe-harness.ts), never read from the
   * environment or argv; src/bin.ts passes none. loopbackAsRemote: see LOOPBACK_AS_REMOTE in src/probe-runner.ts.
   */
  seams?: { loopbackAsRemote?: boolean; nodeHostRoot?: string };
}

export interface OutputTarget {
  format: Format;
  file: string | null;
}

/** What a file name says about its format; null when it says nothing we trust. */
export function inferFormat(file: string): Format | null {
  if (/\.sarif(\.json)?$/i.test(file)) return 'sarif';
  if (/\.json$/i.test(file)) return 'json';
  if (/\.(xml|junit)$/i.test(file)) return 'junit';
  if (/\.(txt|text|log)$/i.test(file)) return 'text';
  return null;
}

/**
 * Pair each --output with its --format, in either order (`-f junit -o x.xml` = `-o x.xml -f junit`):
 * a --format binds to the --output just before it if that one has no format yet, else starts a new
 * output; an --output binds to the --format just before it if that one has no file yet. An --output
 * left without a format takes it from its name (.json, .xml/.junit, .sarif, .txt/.log), or is refused.
 * Formats without a file go to stdout.
 */
export function resolveOutputs(argv: string[], t: Translator = EN): OutputTarget[] {
  type Pending = { format: Format | null; file: string | null };
  const targets: Pending[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') break;
    let name: string | null = null;
    let value: string | undefined;
    const eq = tok.indexOf('=');
    if (tok.startsWith('--format') || tok.startsWith('--output')) {
      name = eq > 0 ? tok.slice(0, eq) : tok;
      if (name !== '--format' && name !== '--output') continue;
      value = eq > 0 ? tok.slice(eq + 1) : argv[++i];
    } else if (tok === '-f' || tok === '-o') {
      name = tok === '-f' ? '--format' : '--output';
      value = argv[++i];
    } else continue;
    if (value === undefined) throw new UsageError(t.ui('err.needsValue', { flag: name }));
    const last = targets[targets.length - 1];
    if (name === '--format') {
      if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(t.ui('err.unknownFormat', { value, formats: FORMATS.join(', ') }));
      if (last && last.file !== null && last.format === null) last.format = value as Format;
      else targets.push({ format: value as Format, file: null });
    } else {
      if (last && last.file === null) last.file = value;
      else targets.push({ format: null, file: value });
    }
  }
  const out: OutputTarget[] = targets.map((p) => {
    if (p.format !== null) return { format: p.format, file: p.file };
    const inferred = inferFormat(p.file!);
    if (!inferred) throw new UsageError(t.ui('err.cannotInfer', { file: p.file! }));
    return { format: inferred, file: p.file };
  });
  if (out.length === 0) out.push({ format: 'text', file: null });
  const onStdout = out.filter((o) => o.file === null);
  if (onStdout.length > 1) throw new UsageError(t.ui('err.oneStdout'));
  return out;
}

function useColor(io: MainIO, raw: RawOpts): boolean {
  if (raw.color === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}

export function checksFor(stages: string[]): CheckDef[] {
  return ALL_CHECKS.filter((c) => stages.includes(c.stage));
}

/** Levenshtein distance, for "did you mean" on --skip/--only ids. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** Check ids (and aliases) given to --skip/--only, as canonical ids. Unknown ids are a usage error naming the nearest. */
export function resolveCheckIds(ids: string[], flag: string, t: Translator = EN): string[] {
  const byName = new Map<string, string>();
  for (const c of ALL_CHECKS) {
    byName.set(c.id, c.id);
    for (const a of c.aliases ?? []) byName.set(a, c.id);
  }
  return ids.map((id) => {
    const hit = byName.get(id);
    if (hit) return hit;
    const nearest = [...byName.keys()].map((k) => [k, distance(id, k)] as const).sort((a, b) => a[1] - b[1])[0]!;
    if (nearest[1] <= Math.max(3, Math.floor(id.length / 3))) throw new UsageError(t.ui('err.unknownCheckSuggest', { flag, id, nearest: nearest[0] }));
    throw new UsageError(t.ui('err.unknownCheck', { flag, id }));
  });
}

/** Fails before any probe runs when an --output or --missing-images file cannot be written. */
async function ensureWritable(file: string, flag: string, t: Translator): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  try {
    const st = await fs.stat(file).catch(() => null);
    if (st?.isDirectory()) throw new InputError(t.ui('err.outputIsDir', { flag, file }));
    await fs.access(st ? file : dir, fsConstants.W_OK);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(t.ui(code === 'ENOENT' ? 'err.outputNoDir' : 'err.outputDenied', { flag, file, dir }));
  }
}

async function writeOut(file: string, text: string, flag: string, t: Translator): Promise<void> {
  try {
    await fs.writeFile(file, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(t.ui(code === 'ENOENT' ? 'err.outputNoDir' : code === 'EISDIR' ? 'err.outputIsDir' : 'err.outputDenied', { flag, file, dir: path.dirname(path.resolve(file)) }));
  }
}

/** `-` as the file: read registries.yaml from stdin into a private temporary file (K3s reads a file; so do the probes). */
async function stdinFile(io: MainIO, t: Translator): Promise<{ file: string; cleanup(): Promise<void> }> {
  const stream = io.stdin ?? process.stdin;
  if ((stream as { isTTY?: boolean }).isTTY) throw new UsageError(t.ui('err.stdinTty'));
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const { mkdtemp, rm } = fs;
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(path.join(tmpdir(), 'airgap-preflight-stdin-'));
  const file = path.join(dir, 'registries.yaml');
  await fs.writeFile(file, Buffer.concat(chunks), { mode: 0o600 });
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Run command C's probes with C's probe options. */
async function gather<C extends CommandName>(run: ParsedRun<C>, hooks: { progress(text: string): void; runtime: Map<string, unknown> }): Promise<Facts> {
  const spec: { [K in CommandName]: (typeof COMMANDS)[K] }[C] = COMMANDS[run.command];
  return gatherFacts(await (spec.probes as (o: unknown) => Promise<ProbesOf<C>>)(run.probe), run.probe, hooks);
}

async function execute(command: CommandName, fileArg: string | undefined, raw: RawOpts, io: MainIO, argv: string[]): Promise<number> {
  const lang = resolveLang(raw.lang, io.env);
  if (!lang) throw new UsageError(EN.ui('err.lang', { value: raw.lang ?? '' }));
  const t = await loadTranslator(lang);
  const targets = resolveOutputs(argv, t);
  const skip = resolveCheckIds(raw.skip ?? [], '--skip', t);
  const only = resolveCheckIds(raw.only ?? [], '--only', t);
  const spec = COMMANDS[command];
  let checks = checksFor(spec.stages);
  for (const target of targets) if (target.file !== null) await ensureWritable(target.file, '--output', t);
  if (raw.missingImages) await ensureWritable(raw.missingImages, '--missing-images', t);

  const fixing = command === 'lint' ? fixMode(raw, fileArg, t) : null;
  let stdin: { file: string; cleanup(): Promise<void> } | null = null;
  if (fileArg === '-') {
    if (raw.fromFacts) throw new UsageError(t.ui('err.stdinFromFacts'));
    stdin = await stdinFile(io, t);
  }
  try {
    const run = parseRun(command, fileArg, raw, io.env, t, stdin?.file);
    const stagesFor = (spec as CommandSpec<typeof command>).stagesFor as ((o: unknown) => Stage[]) | undefined;
    if (stagesFor) checks = checksFor(stagesFor(run.probe));
    // cluster --emit: a generator; prints the per-node manifests, applies nothing, judges nothing.
    if (command === 'cluster' && (run.probe as ProbeOptionsFor['cluster']).emit) {
      const { emitManifests } = await import('./kube/node-runs.js');
      io.stdout.write(await emitManifests(run.probe as ProbeOptionsFor['cluster']));
      return 0;
    }
    let options = run.judge;
    const notes: string[] = [];
    // lint --fix / --fix-dry-run (src/fix/cli.ts): repair the file first, then report on the fixed file.
    let fixed: FixOutcome | null = null;
    if (fixing) {
      fixed = await runFix({ mode: fixing, file: stdin?.file ?? options.file, label: options.file, probes: await COMMANDS.lint.probes(), checks, options, t, skip, only, stdout: io.stdout, stderr: io.stderr });
      if (fixed.exit !== undefined) return fixed.exit;
      notes.push(...fixed.notes);
    }
    let facts: Facts;
    if (raw.fromFacts) {
      const loaded = await loadFacts(raw.fromFacts);
      facts = loaded.facts;
      const stagesForFacts = (spec as CommandSpec<typeof command>).stagesForFacts;
      if (stagesForFacts) checks = checksFor(stagesForFacts(Object.keys(facts)));
      const replayed = replayJudge(run, savedJudge(loaded.meta, raw.fromFacts));
      options = replayed.judge;
      // Notes go to stderr, never into the report: a replay's report is the live run's, byte for byte.
      const replayNotes = [t.ui('replay.from', { dir: raw.fromFacts, command: String(loaded.meta.command ?? '?'), version: String(loaded.meta.version ?? '?') })];
      if (replayed.fromMeta.length > 0) replayNotes.push(t.ui('replay.saved', { options: replayed.fromMeta.join(', ') }));
      if (replayed.overridden.length > 0) replayNotes.push(t.ui('replay.overridden', { options: replayed.overridden.join(', ') }));
      if (loaded.meta.command && loaded.meta.command !== command) replayNotes.push(t.ui('replay.otherCommand', { saved: String(loaded.meta.command), command }));
      for (const n of replayNotes) io.stderr.write(`airgap-preflight: ${redact(n)}\n`);
    } else {
      const machineOnStdout = targets.some((x) => x.file === null && x.format !== 'text');
      let progress: Progress | null = null;
      if (io.stderr.isTTY && !machineOnStdout && !raw.quiet && command !== 'lint' && command !== 'plan' && command !== 'explain') progress = startProgress(io.stderr, t);
      try {
        const runtime = new Map<string, unknown>(io.seams?.loopbackAsRemote ? [[LOOPBACK_AS_REMOTE, true]] : []);
        if (io.seams?.nodeHostRoot) runtime.set(NODE_HOST_ROOT, io.seams.nodeHostRoot);
        facts = await gather(run, { progress: (text) => progress?.update(redact(text)), runtime });
      } finally {
        progress?.stop();
      }
      if (stdin) relabel(facts, stdin.file, '-');
      // registry --host-root: findings name the node's own path, not where it is mounted here.
      const hostRoot = (run.probe as { hostRoot?: string | null }).hostRoot;
      if (hostRoot && !stdin) relabel(facts, (run.probe as { file: string }).file, options.file);
      if (raw.saveFacts) await saveFacts(raw.saveFacts, facts, { tool: 'airgap-preflight', version: toolVersion(), command, options });
    }
    const directives = (facts.registriesFile?.ok ? ((facts.registriesFile.value as { directives?: DisableDirective[] }).directives ?? []) : []);
    const findings = applyControls(runChecks(checks, facts, { options }, t), { skip, only, directives, file: options.file }, t);
    const report: Report = makeReport('airgap-preflight', toolVersion(), findings);
    const color = useColor(io, raw);
    for (const target of targets) {
      let text: string;
      switch (target.format) {
        case 'json':
          text = command === 'plan' ? renderPlan(report, 'json') : renderJson(fixed ? { ...report, fixes: fixed.fixes, fixesRefused: fixed.refused } : report);
          break;
        case 'junit':
          text = renderJunit(report, checks, options.strict);
          break;
        case 'sarif':
          text = renderSarif(report, checks);
          break;
        default: {
          const textOpts: TextOptions = { color: target.file === null && color, quiet: Boolean(raw.quiet), verbose: Boolean(raw.verbose), heading: command === 'explain' ? `explain${options.fileGiven ? ` ${options.file}` : ''}` : command === 'cluster' ? 'cluster' : `${command} ${options.file}`, notes };
          if (command === 'plan' && target.file === null) {
            // plan is a generator: stdout carries only the command (`plan … > run.sh && sh run.sh`), findings go to stderr.
            io.stderr.write(redact(renderText(report, checks, t, { ...textOpts, color: Boolean(io.stderr.isTTY) && color })));
            text = renderPlan(report, 'text');
          } else text = renderText(report, checks, t, textOpts);
        }
      }
      text = redact(text);
      if (target.file === null) io.stdout.write(text);
      else await writeOut(target.file, text, '--output', t);
    }
    if (raw.missingImages) {
      const list = missingImages(report, options);
      await writeOut(raw.missingImages, redact(renderImageList(list.images)), '--missing-images', t);
      if (list.unchecked > 0) io.stderr.write(`airgap-preflight: ${t.ui('missing.incomplete', { file: raw.missingImages, n: list.unchecked })}\n`);
    }
    // Interrupted (SIGINT/SIGTERM) after cleaning up: the partial report is printed, the exit code says so.
    if (interruptSignal.aborted) return 130;
    return exitCodeFor(report.summary, options.strict);
  } finally {
    await stdin?.cleanup();
  }
}

/** Facts gathered from stdin's temporary copy name the file as `-`, so no temporary path reaches a report. */
function relabel(facts: Facts, from: string, to: string): void {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(from).join(to);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  for (const k of Object.keys(facts)) facts[k] = walk(facts[k]) as Facts[string];
}

/** Language for --help and commander's own errors: --lang in argv, else the environment. */
function langFromArgv(argv: string[], env: MainIO['env']) {
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lang') flag = argv[i + 1];
    else if (argv[i]!.startsWith('--lang=')) flag = argv[i]!.slice(7);
  }
  return resolveLang(flag, env) ?? 'en';
}

export function buildProgram(io: MainIO, argv: string[], result: { code: number }, t: Translator = EN): Command {
  const program = new Command();
  const titles: Record<string, string> = { 'Usage:': t.ui('help.usage'), 'Options:': t.ui('help.options'), 'Commands:': t.ui('help.commands'), 'Arguments:': t.ui('help.arguments'), 'Global Options:': t.ui('help.globalOptions') };
  const help: Partial<Help> = {
    styleTitle: (s: string) => titles[s] ?? s,
    commandUsage(this: Help, cmd: Command) {
      return Help.prototype.commandUsage.call(this, cmd).replace('[options]', t.ui('help.optionsWord')).replace('[command]', t.ui('help.commandWord'));
    },
    subcommandTerm(this: Help, cmd: Command) {
      return Help.prototype.subcommandTerm.call(this, cmd).replace('[options]', t.ui('help.optionsWord')).replace('[command]', t.ui('help.commandWord'));
    },
  };
  const configure = (cmd: Command) =>
    cmd
      .configureHelp(help)
      .helpOption('-h, --help', t.ui('opt.help'))
      .showSuggestionAfterError(true)
      .exitOverride()
      .configureOutput({
        writeOut: (s) => io.stdout.write(s),
        writeErr: (s) => io.stderr.write(s),
        outputError: (s, write) => write(t.lang === 'en' ? s : localizeCommanderError(s, t)),
      });
  configure(program)
    .name('airgap-preflight')
    .description(t.ui('help.description'))
    .version(versionLine(), '-V, --version', t.ui('opt.version'))
    .helpCommand('help [command]', t.ui('opt.helpCommand'))
    .addHelpText('after', `\n${t.ui('help.exitCodes')}\n${t.ui('help.docs')}\n\n${t.ui('help.examplesTitle')}\n${t.ui('help.examples.program')}`);

  const run = (name: CommandName) => async (file: string | undefined, opts: RawOpts) => {
    result.code = await execute(name, file, opts, io, argv);
  };
  const sub = (name: CommandName, arg: string, argDesc: string) => {
    const cmd = configure(program.command(name).argument(arg, argDesc).description(t.ui(`cmd.${name}`)));
    cmd.addHelpText('after', `\n${t.ui('help.examplesTitle')}\n${t.ui(`help.examples.${name}`)}`);
    return cmd;
  };

  const declare = (name: CommandName, cmd: Command) => COMMAND_OPTIONS[name].declare(cmd, t);
  declare('lint', sub('lint', '[file]', t.ui('arg.lint', { file: DEFAULT_REGISTRIES_FILE }))).action(run('lint'));
  declare('registry', sub('registry', '[file]', t.ui('arg.registry'))).action(run('registry'));
  declare('health', sub('health', '[file]', t.ui('arg.health'))).action(run('health'));
  declare('all', sub('all', '[file]', t.ui('arg.all'))).action(run('all'));
  declare('plan', sub('plan', '<file>', t.ui('arg.plan'))).action(run('plan'));
  declare('explain', sub('explain', '[message...]', t.ui('arg.explain'))).action(async (words: string[], opts: RawOpts) => {
    const message = await readExplainInput(words, io, t);
    if (message.trim() === '') throw new UsageError(t.ui('err.explainEmpty'));
    result.code = await execute('explain', opts.file, { ...opts, message }, io, argv);
  });
  declare('cluster', configure(program.command('cluster').description(t.ui('cmd.cluster'))))
    .addHelpText('after', `\n${t.ui('help.examplesTitle')}\n${t.ui('help.examples.cluster')}`)
    .action(async (opts: RawOpts) => {
      result.code = await execute('cluster', undefined, opts, io, argv);
    });
  return program;
}

/** The largest message `explain` reads (a whole containerd.log is usually far smaller; pass `tail` of a bigger one). */
export const MAX_EXPLAIN_BYTES = 16 * 1024 * 1024;

async function readExplainInput(words: string[], io: MainIO, t: Translator): Promise<string> {
  const fromStdin = words.length === 0 || (words.length === 1 && words[0] === '-');
  if (!fromStdin) return words.join(' ');
  const stream = io.stdin;
  if (!stream || (words.length === 0 && (stream as { isTTY?: boolean }).isTTY)) throw new UsageError(t.ui('err.explainNoInput'));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    size += b.length;
    if (size > MAX_EXPLAIN_BYTES) throw new InputError(t.ui('err.explainTooLarge', { max: MAX_EXPLAIN_BYTES }));
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Commander's English errors in the user's language (the ids, flags and values stay verbatim). */
function localizeCommanderError(s: string, t: Translator): string {
  const rules: [RegExp, string][] = [
    [/^error: unknown option '([^']*)'/, 'cmdr.unknownOption'],
    [/^error: unknown command '([^']*)'/, 'cmdr.unknownCommand'],
    [/^error: missing required argument '([^']*)'/, 'cmdr.missingArgument'],
    [/^error: option '([^']*)' argument missing/, 'cmdr.optionMissing'],
    [/^error: too many arguments for '([^']*)'/, 'cmdr.tooMany'],
    [/^error: too many arguments/, 'cmdr.tooMany'],
  ];
  const lines = s.replace(/\n$/, '').split('\n');
  const out = lines.map((line) => {
    const dym = /^\(Did you mean (.+)\?\)$/.exec(line);
    if (dym) return t.ui('cmdr.didYouMean', { what: dym[1]! });
    for (const [re, key] of rules) {
      const m = re.exec(line);
      if (m) return t.ui(key, { what: m[1] ?? '' });
    }
    return line;
  });
  return out.join('\n') + '\n';
}

/** Entry point used by the bin and by tests. Returns the exit code; never throws. */
export async function main(io: MainIO): Promise<number> {
  const result = { code: 0 };
  const lang = langFromArgv(io.argv, io.env);
  const t = await loadTranslator(lang);
  const program = buildProgram(io, io.argv, result, t);
  try {
    if (io.argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(io.argv, { from: 'user' });
    return result.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof UsageError || err instanceof InputError) {
      io.stderr.write(`airgap-preflight: ${redact(localizeError(err.message, t))}\n`);
      return 2;
    }
    io.stderr.write(`airgap-preflight: ${t.ui('err.internal', { error: redact(errorMessage(err)) })}\n`);
    return 3;
  }
}
