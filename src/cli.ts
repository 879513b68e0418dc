import { Command, CommanderError, Option } from 'commander';
import { promises as fs } from 'node:fs';
import type { CheckDef, Report, RunOptions } from './types.js';
import { exitCodeFor, makeReport, runChecks } from './engine.js';
import { gatherFacts, loadFacts, saveFacts } from './facts.js';
import { COMMANDS, type CommandName } from './commands.js';
import { ALL_CHECKS } from '../checks/index.js';
import { InputError, UsageError, errorMessage } from './errors.js';
import { redact } from './redact.js';
import { renderText } from './reporters/text.js';
import { renderJson } from './reporters/json.js';
import { renderJunit } from './reporters/junit.js';
import { renderSarif } from './reporters/sarif.js';
import { toolVersion, versionLine } from './version.js';
import { parseVersion } from './rancher/releases.js';
import { loadTranslator, resolveLang } from './i18n/index.js';

export const DEFAULT_REGISTRIES_FILE = '/etc/rancher/k3s/registries.yaml';
export const FORMATS = ['text', 'json', 'junit', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface MainIO {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** Read by `explain -` (and `explain` with piped input). */
  stdin?: AsyncIterable<string | Buffer> & { isTTY?: boolean };
}

export interface OutputTarget {
  format: Format;
  file: string | null;
}

/** Pair each --output with the --format written before it (ffmpeg style); formats without one go to stdout. */
export function resolveOutputs(argv: string[]): OutputTarget[] {
  const targets: OutputTarget[] = [];
  let last: OutputTarget | null = null;
  const inferFormat = (file: string): Format => (/\.json$/i.test(file) ? 'json' : /\.xml$/i.test(file) ? 'junit' : /\.sarif(\.json)?$/i.test(file) ? 'sarif' : 'text');
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
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (name === '--format') {
      if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`unknown format "${value}" (use one of: ${FORMATS.join(', ')})`);
      last = { format: value as Format, file: null };
      targets.push(last);
    } else {
      if (last && last.file === null) last.file = value;
      else {
        last = { format: inferFormat(value), file: value };
        targets.push(last);
      }
    }
  }
  if (targets.length === 0) targets.push({ format: 'text', file: null });
  const onStdout = targets.filter((t) => t.file === null);
  if (onStdout.filter((t) => t.format !== 'text').length > 1 || (onStdout.length > 1 && onStdout.some((t) => t.format !== 'text'))) {
    throw new UsageError('at most one format can go to stdout; give the others an --output FILE');
  }
  return targets;
}

export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag}: "${text}" is not a duration (e.g. 500ms, 10s, 2m)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new UsageError(`${flag}: "${text}" must be a whole number from 1 to 1024`);
  return n;
}

interface RawOpts {
  systemDefaultRegistry?: string;
  rancherVersion?: string;
  format?: string[];
  output?: string[];
  strict?: boolean;
  color?: boolean;
  quiet?: boolean;
  saveFacts?: string;
  fromFacts?: string;
  images?: string;
  image?: string[];
  platform?: string;
  concurrency?: string;
  timeout?: string;
  container?: string;
  wait?: string;
  execTimeout?: string;
  lang?: string;
  /** explain: the message text (argument or stdin), and its --file. */
  message?: string;
  file?: string;
}

function collect(value: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), value];
}

function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--system-default-registry <value>', 'registry prefix Rancher uses for system images (default: env CATTLE_SYSTEM_DEFAULT_REGISTRY)')
    .option('--rancher-version <vX.Y.Z>', 'Rancher version to judge against (enables version gates and the built-in image list)')
    .addOption(new Option('-f, --format <format>', 'output format: text, json, junit, sarif (repeatable)').argParser(collect))
    .addOption(new Option('-o, --output <file>', 'write the format given before it to FILE (repeatable)').argParser(collect))
    .option('--strict', 'exit 1 on warnings too')
    .option('--no-color', 'no colors in text output (also honoured: NO_COLOR)')
    .option('-q, --quiet', 'text output shows only problems and the summary')
    .option('--save-facts <dir>', 'save gathered facts (secrets redacted) to DIR for replay or a bug report')
    .option('--from-facts <dir>', 'judge facts saved with --save-facts instead of probing')
    .option('--lang <lang>', 'language of messages: en or zh-CN (default: from LC_ALL / LANG)');
}

function addRegistryOptions(cmd: Command): Command {
  return cmd
    .option('--images <file>', "image list to check, e.g. a release's rancher-images.txt (one rancher/<repo>:<tag> per line)")
    .addOption(new Option('--image <ref>', 'an image to check, as rancher/<repo>:<tag> or a full reference (repeatable)').argParser(collect))
    .option('--platform <os/arch>', 'platform the image index must contain (default: this machine)')
    .option('--concurrency <n>', 'requests in flight per registry host', '8')
    .option('--timeout <duration>', 'timeout for each network request', '10s');
}

function addHealthOptions(cmd: Command): Command {
  return cmd.option('--container <name|id>', 'the Rancher container (default: found by image rancher/rancher*)').option('--wait <duration>', 'poll until healthy or the time is up').option('--exec-timeout <duration>', 'timeout for each command run inside the Rancher container', '20s');
}

function buildOptions(command: CommandName, file: string | undefined, raw: RawOpts, env: MainIO['env']): RunOptions {
  const sdr = raw.systemDefaultRegistry ?? env.CATTLE_SYSTEM_DEFAULT_REGISTRY ?? null;
  if (raw.rancherVersion !== undefined && !parseVersion(raw.rancherVersion)) {
    throw new UsageError(`--rancher-version: "${raw.rancherVersion}" is not a version like v2.8.5`);
  }
  const rancherVersion = raw.rancherVersion ? (raw.rancherVersion.startsWith('v') ? raw.rancherVersion : `v${raw.rancherVersion}`) : null;
  return {
    command,
    file: file ?? DEFAULT_REGISTRIES_FILE,
    fileGiven: file !== undefined,
    systemDefaultRegistry: sdr === '' ? null : sdr,
    rancherVersion,
    strict: Boolean(raw.strict),
    images: raw.images ?? null,
    imageRefs: raw.image ?? [],
    platform: raw.platform ?? null,
    concurrency: raw.concurrency !== undefined ? positiveInt(raw.concurrency, '--concurrency') : 8,
    timeoutMs: raw.timeout !== undefined ? parseDuration(raw.timeout, '--timeout') : 10_000,
    container: raw.container ?? null,
    waitMs: raw.wait !== undefined ? parseDuration(raw.wait, '--wait') : null,
    execTimeoutMs: raw.execTimeout !== undefined ? parseDuration(raw.execTimeout, '--exec-timeout') : null,
    ...(raw.message !== undefined ? { message: raw.message } : {}),
  };
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

async function execute(command: CommandName, file: string | undefined, raw: RawOpts, io: MainIO, argv: string[]): Promise<number> {
  const targets = resolveOutputs(argv);
  const lang = resolveLang(raw.lang, io.env);
  if (!lang) throw new UsageError(`--lang: "${raw.lang}" is not supported (use en or zh-CN)`);
  const t = await loadTranslator(lang);
  const options = buildOptions(command, file, raw, io.env);
  const spec = COMMANDS[command];
  const checks = checksFor(spec.stages);
  const machineOnStdout = targets.some((t) => t.file === null && t.format !== 'text');

  let facts;
  if (raw.fromFacts) {
    facts = (await loadFacts(raw.fromFacts)).facts;
  } else {
    const probes = await spec.probes();
    let spinner: { text: string; stop(): void } | null = null;
    // A terminal that reports 0 columns (`script`, `docker exec -t` before a resize) makes ora divide by
    // zero and redraw forever at 100% CPU, so no spinner there.
    const columns = (io.stderr as { columns?: number }).columns;
    if (io.stderr.isTTY && columns !== 0 && !machineOnStdout && !raw.quiet && command !== 'lint' && command !== 'plan' && command !== 'explain') {
      const { default: ora } = await import('ora');
      spinner = ora({ text: 'starting', stream: io.stderr as NodeJS.WritableStream }).start();
    }
    try {
      facts = await gatherFacts(probes, options, { progress: (t) => spinner && (spinner.text = redact(t)) });
    } finally {
      spinner?.stop();
    }
    if (raw.saveFacts) await saveFacts(raw.saveFacts, facts, { tool: 'airgap-preflight', version: toolVersion(), command, options });
  }
  const findings = runChecks(checks, facts, { options }, t);
  const report: Report = makeReport('airgap-preflight', toolVersion(), findings);
  const color = useColor(io, raw);
  for (const target of targets) {
    let text: string;
    switch (target.format) {
      case 'json':
        text = renderJson(report);
        break;
      case 'junit':
        text = renderJunit(report, checks, options.strict);
        break;
      case 'sarif':
        text = renderSarif(report, checks);
        break;
      default:
        text = renderText(report, checks, t, { color: target.file === null && color, quiet: Boolean(raw.quiet), heading: command === 'explain' ? `explain${options.fileGiven ? ` ${options.file}` : ''}` : `${command} ${options.file}` });
    }
    text = redact(text);
    if (target.file === null) io.stdout.write(text);
    else {
      try {
        await fs.writeFile(target.file, text);
      } catch (err) {
        throw new InputError(`--output ${target.file}: ${errorMessage(err)}`);
      }
    }
  }
  return exitCodeFor(report.summary, options.strict);
}

export function buildProgram(io: MainIO, argv: string[], result: { code: number }): Command {
  const program = new Command();
  program
    .name('airgap-preflight')
    .description('Checks, before and after installing Rancher in an air gap, that every image the local cluster needs can be pulled from your private registry, and names the fix when not.')
    .version(versionLine(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing failed (warnings allowed unless --strict), 1 a check failed (or warned under --strict), 2 usage or input error.
Docs: README.md and docs/checks/<check-id>.md`,
    );

  const run = (name: CommandName) => async (file: string | undefined, opts: RawOpts) => {
    result.code = await execute(name, file, opts, io, argv);
  };

  addCommonOptions(program.command('lint').argument('[file]', `registries.yaml to lint (default: ${DEFAULT_REGISTRIES_FILE})`).description('offline checks of registries.yaml (pre-install)')).action(run('lint'));
  addRegistryOptions(
    addCommonOptions(program.command('registry').argument('[file]', 'registries.yaml whose endpoints, TLS and auth to use').description('probe the private registry as containerd would: TLS, auth and every required tag (pre-install)')),
  ).action(run('registry'));
  addHealthOptions(addCommonOptions(program.command('health').argument('[file]', 'host copy of registries.yaml to compare with the container').description('inspect the running Rancher container and explain every ImagePullBackOff (post-install)')))
    .option('--timeout <duration>', 'timeout for each Docker Engine API call', '10s')
    .action(run('health'));
  addHealthOptions(addRegistryOptions(addCommonOptions(program.command('all').argument('[file]', 'registries.yaml').description('lint, then registry, then health when a Rancher container is running')))).action(run('all'));
  addExplainCommand(program, io, argv, result);
  addCommonOptions(program.command('plan').argument('<file>', 'registries.yaml').description('print the docker run command with every mount and env the config needs')).action(run('plan'));
  return program;
}

/** The largest message `explain` reads (a whole containerd.log is usually far smaller; pass `tail` of a bigger one). */
export const MAX_EXPLAIN_BYTES = 16 * 1024 * 1024;

async function readExplainInput(words: string[], io: MainIO): Promise<string> {
  const fromStdin = words.length === 0 || (words.length === 1 && words[0] === '-');
  if (!fromStdin) return words.join(' ');
  if (!io.stdin || (words.length === 0 && io.stdin.isTTY)) {
    throw new UsageError('explain: give the message as an argument, or pipe it: kubectl describe pod NAME | airgap-preflight explain -');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of io.stdin) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    size += b.length;
    if (size > MAX_EXPLAIN_BYTES) throw new InputError(`explain: the input is larger than ${MAX_EXPLAIN_BYTES} bytes; pass the part with the error (e.g. tail -n 5000)`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function addExplainCommand(program: Command, io: MainIO, argv: string[], result: { code: number }): void {
  const cmd = program
    .command('explain')
    .argument('[message...]', 'the error message; "-" or nothing (with piped input) reads stdin')
    .description('explain a pasted image-pull error (kubelet, containerd, crictl, Rancher log, kubectl describe pod / get events), offline')
    .option('--file <registries.yaml>', 'registries.yaml in effect: also name the mirrors and configs entries containerd used');
  addCommonOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  kubectl describe pod -n cattle-system helm-operation-x | airgap-preflight explain -
  kubectl get events -A | airgap-preflight explain - --file /etc/rancher/k3s/registries.yaml --system-default-registry harbor.example.com
  airgap-preflight explain 'failed to do request: Head "https://harbor.example.com/v2/rancher/shell/manifests/v0.1.6": x509: certificate signed by unknown authority'
  docker exec rancher grep 'trying next host' /var/lib/rancher/k3s/agent/containerd/containerd.log | airgap-preflight explain - -f json

Reads nothing but the message and --file: no network, no Docker. Exit 1 when a pull error was found, 0 when none.`,
    )
    .action(async (words: string[], opts: RawOpts) => {
      const message = await readExplainInput(words, io);
      if (message.trim() === '') throw new UsageError('explain: the input is empty');
      result.code = await execute('explain', opts.file, { ...opts, message }, io, argv);
    });
}

/** Entry point used by the bin and by tests. Returns the exit code; never throws. */
export async function main(io: MainIO): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(io, io.argv, result);
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
      io.stderr.write(`airgap-preflight: ${redact(err.message)}\n`);
      return 2;
    }
    io.stderr.write(`airgap-preflight: internal error: ${redact(errorMessage(err))}\n`);
    return 3;
  }
}
