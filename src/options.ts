/**
 * Every command's options: the defaults (written once, here), the commander declarations, and the
 * one parse from commander's raw strings into typed options. All validation of the command line
 * happens here, at the CLI edge; probes and checks receive values that are already valid.
 *
 * A run's options are split in two:
 * - `ProbeOptionsFor[command]`: what that command's probes need to do their I/O (timeouts, images,
 *   the Docker container, the kubeconfig…). Never saved: a replay probes nothing.
 * - `JudgeOptions`: what checks read to judge facts (CheckContext.options). Saved in meta.json by
 *   --save-facts and reused by --from-facts, so a replay judges as the live run did.
 *
 * To add an option to a command: declare it in that command's entry of COMMAND_OPTIONS (`declare`),
 * add its raw field to RawOpts, its typed field to the command's ProbeOptions (or to JudgeOptions when a
 * check reads it, then also to JUDGE_KEYS/`judgeOptions`/`savedJudge`), and parse it in the entry's
 * `probe` (or in `judgeOptions`). Nothing in src/cli.ts changes.
 */
import { Option, type Command } from 'commander';
import type { CommandName } from './commands.js';
import { InputError, UsageError } from './errors.js';
import { EN, type Translator } from './i18n/index.js';
import { parseVersion } from './rancher/releases.js';
import { defaultPlatform } from './registry/manifest.js';
import { underHostRoot } from './host-root.js';

export const DEFAULTS = {
  /** registries.yaml when FILE is not given (K3s's path). */
  registriesFile: '/etc/rancher/k3s/registries.yaml',
  /**
   * --timeout: each registry request, Docker Engine API call or Kubernetes API request. Also the
   * bound of the probes that only read local files (registries.yaml, TLS files, explain's --file).
   */
  timeoutMs: 10_000,
  /** --concurrency: requests in flight per registry host. */
  concurrency: 8,
  /** --exec-timeout: each command run inside the Rancher container. */
  execTimeoutMs: 20_000,
  /** --wait: no polling unless asked. */
  waitMs: null,
  /** cluster --nodes: the namespace of the per-node pods, and how long they may take. */
  nodeNamespace: 'airgap-preflight',
  nodeTimeoutMs: 120_000,
} as const;

export const DEFAULT_REGISTRIES_FILE = DEFAULTS.registriesFile;

/** A duration as the help shows it: 10000 → "10s", 500 → "500ms". */
export function durationText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

// ---------------------------------------------------------------------------------------------
// Typed options

export type { Distribution } from './distribution.js';
import type { Distribution } from './distribution.js';
import { pathsOf } from './distribution.js';
import { RKE2_VERSION } from './rancher/rke2.js';

/** What checks read (CheckContext.options). Plain serializable data, saved in meta.json. */
export interface JudgeOptions {
  /** The command judging the facts (always this command line's, never meta.json's). */
  command: CommandName;
  /** Path of registries.yaml as the user gave it (for messages); `-` when read from stdin. */
  file: string;
  /** FILE was given (not the default path). */
  fileGiven: boolean;
  /** FILE was `-`: registries.yaml came from stdin. */
  fromStdin: boolean;
  systemDefaultRegistry: string | null;
  rancherVersion: string | null;
  /** --strict: warnings fail the run. */
  strict: boolean;
  /** --container as given (health, all). */
  container: string | null;
  /** --distribution (cluster, lint, registry, all): null when not given (lint/registry then infer it, src/distribution.ts). */
  distribution: Distribution | null;
  /** --rke2-version: the RKE2 release of the node (its K3s registry code decides the rendering mode). */
  rke2Version: string | null;
}

/** The JudgeOptions a replay takes from meta.json (all but `command`), in the order notes name them. */
export const JUDGE_KEYS = ['file', 'fileGiven', 'fromStdin', 'systemDefaultRegistry', 'rancherVersion', 'strict', 'container', 'distribution', 'rke2Version'] as const;
export type JudgeKey = (typeof JUDGE_KEYS)[number];

/** Probes that read registries.yaml. */
export interface FileProbeOptions {
  /** The path to read (stdin's private temporary copy when FILE is `-`). */
  file: string;
  fileGiven: boolean;
}

export type LintProbeOptions = FileProbeOptions;

export interface RegistryProbeOptions extends FileProbeOptions {
  systemDefaultRegistry: string | null;
  rancherVersion: string | null;
  rke2Version: string | null;
  /** --images FILE (read by the probe). */
  images: string | null;
  /** --image REF, repeated. */
  imageRefs: string[];
  /** os/arch[/variant]: --platform, else this machine's. */
  platform: string;
  concurrency: number;
  timeoutMs: number;
  /** --host-root DIR: ca_file/cert_file/key_file are read under DIR (the node's root as mounted in the per-node pod). */
  hostRoot: string | null;
}

export interface HealthProbeOptions extends FileProbeOptions {
  systemDefaultRegistry: string | null;
  container: string | null;
  /** Each Docker Engine API call. */
  timeoutMs: number;
  /** --wait; null: gather once. */
  waitMs: number | null;
  execTimeoutMs: number;
}

export type AllProbeOptions = RegistryProbeOptions & HealthProbeOptions;

export interface ExplainProbeOptions extends FileProbeOptions {
  /** The pasted text (argument or stdin). */
  message: string;
}

export interface ClusterProbeOptions {
  kubeconfig: string | null;
  context: string | null;
  namespaces: string[];
  /** Each Kubernetes API request. */
  timeoutMs: number;
  /** KUBECONFIG and HOME: paths, never secrets. */
  kubeconfigEnv: string | null;
  home: string | null;
  /** --nodes: run `registry` in one pod per Ready node (src/kube/node-runs.ts). */
  nodes: boolean;
  /** --emit: print the per-node manifests instead of applying them. */
  emit: boolean;
  /** --image REF: our image, as the nodes pull it (required by --nodes and --emit). */
  nodeImage: string | null;
  /** --node-namespace: the namespace the per-node pods are created in (ours: labelled, created and deleted by us). */
  nodeNamespace: string;
  /** --node NAME, repeated: only these nodes (default: every Ready node). */
  nodeNames: string[];
  /** --node-timeout: how long the per-node pods may take, all together. */
  nodeTimeoutMs: number;
  /** Language of the per-node reports (the run's). */
  lang: string;
  /** --distribution: which registries.yaml the per-node pod reads when the kubelet version does not say. */
  distribution: Distribution | null;
  /** --rancher-version / --system-default-registry, passed on to each node's `registry` run. */
  rancherVersion: string | null;
  systemDefaultRegistry: string | null;
}

export interface ProbeOptionsFor {
  lint: LintProbeOptions;
  registry: RegistryProbeOptions;
  health: HealthProbeOptions;
  all: AllProbeOptions;
  plan: LintProbeOptions;
  explain: ExplainProbeOptions;
  cluster: ClusterProbeOptions;
}

/** Commander's raw options (strings as typed), before parseRun. */
export interface RawOpts {
  systemDefaultRegistry?: string;
  rancherVersion?: string;
  format?: string[];
  output?: string[];
  strict?: boolean;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  skip?: string[];
  only?: string[];
  missingImages?: string;
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
  kubeconfig?: string;
  context?: string;
  namespace?: string[];
  distribution?: string;
  rke2Version?: string;
  hostRoot?: string;
  /** cluster --nodes / --emit. */
  nodes?: boolean;
  emit?: boolean;
  nodeNamespace?: string;
  node?: string[];
  nodeTimeout?: string;
  /** lint --fix / --fix-dry-run (src/fix/cli.ts). */
  fix?: boolean;
  fixDryRun?: boolean;
}

export type Env = Record<string, string | undefined>;

/** What a command's options are parsed from besides the raw options. */
export interface Edge {
  /** FILE as given (undefined: the default path). */
  fileArg: string | undefined;
  /** The path probes read: FILE, the default, or stdin's temporary copy. */
  probeFile: string;
  env: Env;
  t: Translator;
}

// ---------------------------------------------------------------------------------------------
// Parsers (each throws a UsageError: one line, exit 2)

export function parseDuration(text: string, flag: string, t: Translator = EN): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(t.ui('err.duration', { flag, value: text }));
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

function positiveInt(text: string, flag: string, t: Translator): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new UsageError(t.ui('err.positiveInt', { flag, value: text }));
  return n;
}

function platform(value: string | undefined, t: Translator): string {
  if (value === undefined) return defaultPlatform();
  if (!/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(value)) throw new UsageError(t.ui('err.platform', { value }));
  return value;
}

function rancherVersion(value: string | undefined, t: Translator): string | null {
  if (value === undefined || value === '') return null;
  if (!parseVersion(value)) throw new UsageError(t.ui('err.rancherVersion', { value }));
  return value.startsWith('v') ? value : `v${value}`;
}

function systemDefaultRegistry(raw: RawOpts, env: Env): string | null {
  const sdr = raw.systemDefaultRegistry ?? env.CATTLE_SYSTEM_DEFAULT_REGISTRY ?? null;
  return sdr === '' ? null : sdr;
}

function rke2Version(value: string | undefined, dist: Distribution | null, t: Translator): string | null {
  if (value === undefined || value === '') return null;
  if (!RKE2_VERSION.test(value.trim())) throw new UsageError(t.ui('err.rke2Version', { value }));
  if (dist === 'k3s') throw new UsageError(t.ui('err.rke2VersionK3s', { value }));
  return value.trim().startsWith('v') ? value.trim() : `v${value.trim()}`;
}

function distribution(value: string | undefined, t: Translator): Distribution | null {
  if (value === undefined) return null;
  if (value !== 'k3s' && value !== 'rke2') throw new UsageError(t.ui('err.distribution', { value }));
  return value;
}

function namespaces(values: string[] | undefined, t: Translator): string[] {
  for (const ns of values ?? []) if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63) throw new UsageError(t.ui('err.namespace', { value: ns }));
  return values ?? [];
}

const timeout = (raw: RawOpts, t: Translator) => (raw.timeout !== undefined ? parseDuration(raw.timeout, '--timeout', t) : DEFAULTS.timeoutMs);

// ---------------------------------------------------------------------------------------------
// Commander declarations

function collect(value: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), value];
}

function collectList(value: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function addCommonOptions(cmd: Command, t: Translator): Command {
  return cmd
    .option('--system-default-registry <value>', t.ui('opt.sdr'))
    .option('--rancher-version <vX.Y.Z>', t.ui('opt.rancherVersion'))
    .addOption(new Option('-f, --format <format>', t.ui('opt.format')).argParser(collect))
    .addOption(new Option('-o, --output <file>', t.ui('opt.output')).argParser(collect))
    .option('--strict', t.ui('opt.strict'))
    .addOption(new Option('--skip <ids>', t.ui('opt.skip')).argParser(collectList))
    .addOption(new Option('--only <ids>', t.ui('opt.only')).argParser(collectList))
    .option('--no-color', t.ui('opt.noColor'))
    .option('-q, --quiet', t.ui('opt.quiet'))
    .option('-v, --verbose', t.ui('opt.verbose'))
    .option('--save-facts <dir>', t.ui('opt.saveFacts'))
    .option('--from-facts <dir>', t.ui('opt.fromFacts'))
    .option('--lang <lang>', t.ui('opt.lang'));
}

/** lint, registry, all: which node the file is for (src/distribution.ts), and its version. */
function addNodeOptions(cmd: Command, t: Translator): Command {
  return cmd.option('--distribution <k3s|rke2>', t.ui('opt.nodeDistribution')).option('--rke2-version <vX.Y.Z+rke2rN>', t.ui('opt.rke2Version'));
}

function addRegistryOptions(cmd: Command, t: Translator): Command {
  return cmd
    .option('--images <file>', t.ui('opt.images'))
    .addOption(new Option('--image <ref>', t.ui('opt.image')).argParser(collect))
    .option('--missing-images <file>', t.ui('opt.missingImages'))
    .option('--platform <os/arch>', t.ui('opt.platform'))
    .option('--concurrency <n>', t.ui('opt.concurrency', { default: DEFAULTS.concurrency }))
    .option('--timeout <duration>', t.ui('opt.timeout', { default: durationText(DEFAULTS.timeoutMs) }))
    .option('--host-root <dir>', t.ui('opt.hostRoot'));
}

function addHealthOptions(cmd: Command, t: Translator): Command {
  return cmd
    .option('--container <name|id>', t.ui('opt.container'))
    .option('--wait <duration>', t.ui('opt.wait'))
    .option('--exec-timeout <duration>', t.ui('opt.execTimeout', { default: durationText(DEFAULTS.execTimeoutMs) }));
}

function addClusterOptions(cmd: Command, t: Translator): Command {
  return cmd
    .option('--kubeconfig <file>', t.ui('opt.kubeconfig'))
    .option('--context <name>', t.ui('opt.context'))
    .addOption(new Option('-n, --namespace <ns>', t.ui('opt.namespace')).argParser(collect))
    .option('--distribution <k3s|rke2>', t.ui('opt.distribution'))
    .option('--timeout <duration>', t.ui('opt.kubeTimeout'), durationText(DEFAULTS.timeoutMs))
    .option('--nodes', t.ui('opt.nodes'))
    .option('--emit', t.ui('opt.emit'))
    .addOption(new Option('--image <ref>', t.ui('opt.nodeImage')).argParser(collect))
    .option('--node-namespace <ns>', t.ui('opt.nodeNamespace', { default: DEFAULTS.nodeNamespace }))
    .addOption(new Option('--node <name>', t.ui('opt.node')).argParser(collect))
    .option('--node-timeout <duration>', t.ui('opt.nodeTimeout', { default: durationText(DEFAULTS.nodeTimeoutMs) }));
}

function nodeImage(raw: RawOpts, t: Translator): string | null {
  const refs = raw.image ?? [];
  if (refs.length > 1) throw new UsageError(t.ui('err.nodeImageOnce'));
  const image = refs[0] ?? null;
  if ((raw.nodes || raw.emit) && !image && !raw.fromFacts) throw new UsageError(t.ui('err.nodeImage'));
  if (image !== null && !/^[a-z0-9][a-z0-9._:\[\]-]*(\/[a-z0-9._-]+)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/.test(image)) throw new UsageError(t.ui('err.nodeImageRef', { value: image }));
  return image;
}

function nodeNames(values: string[] | undefined, t: Translator): string[] {
  for (const n of values ?? []) if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n) || n.length > 253) throw new UsageError(t.ui('err.nodeName', { value: n }));
  return values ?? [];
}

// ---------------------------------------------------------------------------------------------
// Per command: its commander options and its probes' options (the one place to add an option)

function fileProbe(edge: Edge): FileProbeOptions {
  return { file: edge.probeFile, fileGiven: edge.fileArg !== undefined };
}

function registryProbe(raw: RawOpts, edge: Edge): RegistryProbeOptions {
  const { t } = edge;
  const hostRoot = raw.hostRoot || null;
  const file = fileProbe(edge);
  // --host-root: registries.yaml is the node's too (FILE is its path on the node); stdin is never under it.
  if (hostRoot && edge.fileArg !== '-') file.file = underHostRoot(hostRoot, file.file);
  return {
    ...file,
    systemDefaultRegistry: systemDefaultRegistry(raw, edge.env),
    rancherVersion: rancherVersion(raw.rancherVersion, t),
    rke2Version: rke2Version(raw.rke2Version, distribution(raw.distribution, t), t),
    images: raw.images ?? null,
    imageRefs: raw.image ?? [],
    platform: platform(raw.platform, t),
    concurrency: raw.concurrency !== undefined ? positiveInt(raw.concurrency, '--concurrency', t) : DEFAULTS.concurrency,
    timeoutMs: timeout(raw, t),
    hostRoot,
  };
}

function healthProbe(raw: RawOpts, edge: Edge): HealthProbeOptions {
  const { t } = edge;
  return {
    ...fileProbe(edge),
    systemDefaultRegistry: systemDefaultRegistry(raw, edge.env),
    container: raw.container || null,
    timeoutMs: timeout(raw, t),
    waitMs: raw.wait !== undefined ? parseDuration(raw.wait, '--wait', t) : DEFAULTS.waitMs,
    execTimeoutMs: raw.execTimeout !== undefined ? parseDuration(raw.execTimeout, '--exec-timeout', t) : DEFAULTS.execTimeoutMs,
  };
}

export interface CommandOptions<C extends CommandName> {
  /** Adds the command's options to its commander command (the order is --help's). */
  declare(cmd: Command, t: Translator): Command;
  /** The command's probe options, validated. */
  probe(raw: RawOpts, edge: Edge): ProbeOptionsFor[C];
}

export const COMMAND_OPTIONS: { [C in CommandName]: CommandOptions<C> } = {
  lint: {
    declare: (cmd, t) => addNodeOptions(addCommonOptions(cmd, t), t).option('--fix', t.ui('opt.fix')).option('--fix-dry-run', t.ui('opt.fixDryRun')),
    probe: (_raw, edge) => fileProbe(edge),
  },
  registry: {
    declare: (cmd, t) => addRegistryOptions(addNodeOptions(addCommonOptions(cmd, t), t), t),
    probe: registryProbe,
  },
  health: {
    declare: (cmd, t) => addHealthOptions(addCommonOptions(cmd, t), t).option('--timeout <duration>', t.ui('opt.dockerTimeout', { default: durationText(DEFAULTS.timeoutMs) })),
    probe: healthProbe,
  },
  all: {
    declare: (cmd, t) => addHealthOptions(addRegistryOptions(addNodeOptions(addCommonOptions(cmd, t), t), t), t),
    probe: (raw, edge) => ({ ...registryProbe(raw, edge), ...healthProbe(raw, edge) }),
  },
  plan: {
    declare: addCommonOptions,
    probe: (_raw, edge) => fileProbe(edge),
  },
  explain: {
    declare: (cmd, t) => addCommonOptions(cmd, t).option('--file <registries.yaml>', t.ui('opt.explainFile')),
    probe: (raw, edge) => ({ ...fileProbe(edge), message: raw.message ?? '' }),
  },
  cluster: {
    declare: (cmd, t) => addClusterOptions(addCommonOptions(cmd, t), t),
    probe: (raw, edge) => ({
      kubeconfig: raw.kubeconfig ?? null,
      context: raw.context ?? null,
      namespaces: namespaces(raw.namespace, edge.t),
      timeoutMs: timeout(raw, edge.t),
      kubeconfigEnv: edge.env.KUBECONFIG ?? null,
      home: edge.env.HOME ?? null,
      nodes: Boolean(raw.nodes),
      emit: Boolean(raw.emit),
      nodeImage: nodeImage(raw, edge.t),
      nodeNamespace: raw.nodeNamespace !== undefined ? namespaces([raw.nodeNamespace], edge.t)[0]! : DEFAULTS.nodeNamespace,
      nodeNames: nodeNames(raw.node, edge.t),
      nodeTimeoutMs: raw.nodeTimeout !== undefined ? parseDuration(raw.nodeTimeout, '--node-timeout', edge.t) : DEFAULTS.nodeTimeoutMs,
      lang: edge.t.lang,
      distribution: distribution(raw.distribution, edge.t),
      rancherVersion: rancherVersion(raw.rancherVersion, edge.t),
      systemDefaultRegistry: systemDefaultRegistry(raw, edge.env),
    }),
  },
};

// ---------------------------------------------------------------------------------------------
// The parse

export interface ParsedRun<C extends CommandName = CommandName> {
  command: C;
  judge: JudgeOptions;
  probe: ProbeOptionsFor[C];
  /** JudgeOptions keys the command line set (a replay keeps meta.json's value for the others). */
  given: Set<JudgeKey>;
}

function judgeOptions(command: CommandName, raw: RawOpts, edge: Edge): JudgeOptions {
  const dist = distribution(raw.distribution, edge.t);
  return {
    command,
    file: edge.fileArg ?? defaultRegistriesFile(command, raw),
    fileGiven: edge.fileArg !== undefined,
    fromStdin: edge.fileArg === '-',
    systemDefaultRegistry: systemDefaultRegistry(raw, edge.env),
    rancherVersion: rancherVersion(raw.rancherVersion, edge.t),
    strict: Boolean(raw.strict),
    container: raw.container || null,
    distribution: dist,
    rke2Version: rke2Version(raw.rke2Version, dist, edge.t),
  };
}

/**
 * registries.yaml when FILE is not given: RKE2's path for an RKE2 node (--distribution rke2 or
 * --rke2-version on lint/registry/all), else K3s' (the Rancher container's).
 */
function defaultRegistriesFile(command: CommandName, raw: RawOpts): string {
  const node = command === 'lint' || command === 'registry' || command === 'all';
  const rke2 = node && (raw.distribution === 'rke2' || (raw.distribution === undefined && raw.rke2Version !== undefined && raw.rke2Version !== ''));
  return rke2 ? pathsOf('rke2').registries : DEFAULTS.registriesFile;
}

function givenKeys(raw: RawOpts, edge: Edge): Set<JudgeKey> {
  const given = new Set<JudgeKey>();
  if (edge.fileArg !== undefined) given.add('file').add('fileGiven').add('fromStdin');
  if (raw.systemDefaultRegistry !== undefined || edge.env.CATTLE_SYSTEM_DEFAULT_REGISTRY !== undefined) given.add('systemDefaultRegistry');
  if (raw.rancherVersion !== undefined) given.add('rancherVersion');
  if (raw.strict !== undefined) given.add('strict');
  if (raw.container !== undefined) given.add('container');
  if (raw.distribution !== undefined) given.add('distribution');
  if (raw.rke2Version !== undefined) given.add('rke2Version');
  return given;
}

/**
 * Parse and validate a command's raw options, once. `fileArg` is FILE as given (`-` for stdin);
 * `probeFile` the path probes read (stdin's temporary copy), default: FILE or the default path.
 */
export function parseRun<C extends CommandName>(command: C, fileArg: string | undefined, raw: RawOpts, env: Env, t: Translator = EN, probeFile?: string): ParsedRun<C> {
  const edge: Edge = { fileArg, probeFile: probeFile ?? fileArg ?? defaultRegistriesFile(command, raw), env, t };
  const judge = judgeOptions(command, raw, edge);
  const options: { [K in CommandName]: CommandOptions<K> }[C] = COMMAND_OPTIONS[command];
  return { command, judge, probe: options.probe(raw, edge), given: givenKeys(raw, edge) };
}

// ---------------------------------------------------------------------------------------------
// --from-facts: the saved JudgeOptions

type Checker = (v: unknown) => boolean;
const str: Checker = (v) => typeof v === 'string';
const strOrNull: Checker = (v) => v === null || typeof v === 'string';
const bool: Checker = (v) => typeof v === 'boolean';
const SAVED: Record<JudgeKey, Checker> = {
  file: str,
  fileGiven: bool,
  fromStdin: bool,
  systemDefaultRegistry: strOrNull,
  rancherVersion: (v) => v === null || (typeof v === 'string' && parseVersion(v) !== null),
  strict: bool,
  container: strOrNull,
  distribution: (v) => v === null || v === 'k3s' || v === 'rke2',
  rke2Version: (v) => v === null || (typeof v === 'string' && RKE2_VERSION.test(v)),
};

/**
 * The JudgeOptions in meta.json's `options`. Reads this format and the previous one (all RunOptions
 * saved, probe options included: those are ignored; a key it lacks is taken from the command line).
 * A value of the wrong type is refused with one line.
 */
export function savedJudge(meta: Record<string, unknown>, dir: string): Partial<JudgeOptions> {
  const o = meta.options;
  if (o === undefined) return {};
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new InputError(`--from-facts ${dir}: meta.json "options" is not an object; save the facts again with --save-facts`);
  const out: Record<string, unknown> = {};
  for (const key of JUDGE_KEYS) {
    if (!(key in o)) continue;
    const v = (o as Record<string, unknown>)[key];
    if (!SAVED[key](v)) throw new InputError(`--from-facts ${dir}: meta.json options.${key} is ${JSON.stringify(v)}, not a value this version reads; save the facts again with --save-facts`);
    out[key] = v;
  }
  return out as Partial<JudgeOptions>;
}

export interface Replayed {
  judge: JudgeOptions;
  /** `key=value` of the saved options used that this command line alone would not have (named in a note). */
  fromMeta: string[];
  /** Keys given on the command line whose saved value differs (they win; named in a note). */
  overridden: string[];
}

/** The options a replay judges with: meta.json's, except those the command line gave. */
export function replayJudge(run: ParsedRun, saved: Partial<JudgeOptions>): Replayed {
  const judge: JudgeOptions = { ...run.judge };
  const fromMeta: string[] = [];
  const overridden: string[] = [];
  for (const key of JUDGE_KEYS) {
    if (!(key in saved)) continue;
    const same = JSON.stringify(saved[key]) === JSON.stringify(run.judge[key]);
    if (run.given.has(key)) {
      if (!same) overridden.push(key);
      continue;
    }
    if (!same && key !== 'fileGiven' && key !== 'fromStdin') fromMeta.push(`${key}=${JSON.stringify(saved[key])}`);
    (judge as unknown as Record<string, unknown>)[key] = saved[key];
  }
  return { judge, fromMeta, overridden };
}
