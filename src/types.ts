/** Shapes shared by probes, checks, the engine and reporters. Everything here is plain, serializable data. */
import type { JudgeOptions } from './options.js';

export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error';
export type Severity = 'error' | 'warning' | 'info';
export type Stage = 'lint' | 'registry' | 'health' | 'plan' | 'explain' | 'cluster' | 'nodes';
export const STAGES: Stage[] = ['lint', 'registry', 'health', 'plan', 'explain', 'cluster', 'nodes'];
export const STATUSES: Status[] = ['pass', 'warn', 'fail', 'skip', 'error'];

export interface Location {
  file: string;
  line: number;
  column: number;
}

/** A finding as reporters see it: every field present, `null` when empty. */
export interface Finding {
  check: string;
  status: Status;
  severity: Severity;
  target: string | null;
  message: string;
  /**
   * The template the message was rendered from and its arguments (publint's model), so integrations
   * key on them rather than on text: a key of the check's `messages`, or `engine.<key>` for findings
   * the engine makes (blocked, crashed, …). null only for a pass with the check's title.
   */
  messageId: string | null;
  args: MessageArgs | null;
  remediation: string | null;
  location: Location | null;
  data: Record<string, unknown> | null;
}

/** Values substituted into `{name}` placeholders of a message template. Never secrets. */
export type MessageArg = string | number | boolean | null | undefined | MessageRef | MessageRef[];
export type MessageArgs = { [name: string]: MessageArg };

/**
 * A phrase inside a message that must be translated too: another key of the same check's
 * `messages`, rendered (in the chosen language) before it is substituted. An array of them is
 * joined with the language's list separator.
 */
export interface MessageRef {
  messageId: string;
  args?: MessageArgs;
}

export function ref(messageId: string, args?: MessageArgs): MessageRef {
  return { messageId, args };
}

/**
 * What a check returns; the engine fills in the rest. Wording lives apart from detection (as in
 * publint and ESLint): a finding names a template in its check's `messages` and gives the args;
 * the engine renders it in the chosen language.
 */
export interface FindingInput {
  status: Status;
  /** Key of `messages` in the check definition. */
  messageId: string;
  args?: MessageArgs;
  /**
   * Key of `messages` holding the fix. Default: `<messageId>.fix` when that key exists, else the
   * check's `remediation`. Pass `null` for none.
   */
  fixId?: string | null;
  target?: string | null;
  location?: Location | null;
  data?: Record<string, unknown> | null;
}

/** A fact is either a value or the error met while gathering it. */
export type FactResult<T = unknown> = { ok: true; value: T } | { ok: false; error: string };
export type Facts = Record<string, FactResult>;

export interface CheckContext {
  /** Options the run was given that judge facts (never I/O handles); saved in meta.json, reused by --from-facts. */
  options: JudgeOptions;
}

export type Lang = 'en' | 'zh-CN';

export interface CheckDef {
  /** Permanent kebab-case id. Users gate CI on it. */
  id: string;
  /** Old ids that still resolve to this check. */
  aliases?: string[];
  /** Short sentence used for the pass finding ("registries.yaml parses as YAML"). */
  title: string;
  /** Short sentence naming the failure ("registries.yaml does not parse"). */
  failTitle: string;
  stage: Stage;
  /** Facts this check reads; a failed fact makes the check `error`. */
  requires: string[];
  /**
   * Facts read when present, beyond `requires`, that decide a verdict: without them (absent, failed,
   * or not observed) the check must not pass on what they would have shown — it says `skip` or
   * `error` with the reason (issue 10 item 3; test/check-evidence.test.ts enforces it).
   */
  optional?: string[];
  /** Facts read only to add context (data, wording), never to decide a status. */
  annotates?: string[];
  /** Checks that must not have failed; if one did, this check is `skip` ("blocked by <id>"). */
  after?: string[];
  /** Default remediation (English), used when a failing finding names no fix of its own. */
  remediation: string;
  /**
   * English message templates with `{name}` placeholders: what is wrong and why it matters, in one
   * or two sentences. `<id>.fix` keys hold a specific remediation for message `<id>`.
   * Translations live in src/i18n/<lang>.ts under the same keys.
   */
  messages: Record<string, string>;
  /** DOMAIN.md sections the rule comes from, e.g. ['§1.2', '§6 #2']. */
  spec: string[];
  /** true: run; a string: skip, with that key of `messages` as the reason; false: not reported at all. */
  appliesTo?: (facts: Facts, ctx: CheckContext) => true | false | string;
  /**
   * Keys of `messages` whose pass findings are advice the user must act on (e.g. "mount this CA into
   * the container"): the text report shows them even under -q, SARIF gives them level "note", and
   * the engine marks them with data.advice = true.
   */
  advice?: string[];
  /**
   * Keys of `messages` whose findings `lint --fix` may repair (ESLint's `meta.fixable`): such a
   * finding's `data.fix` (a Suggestion of src/lint-fix.ts) is its certain fix, applied by --fix.
   * A finding that also carries `data.alternatives`, or whose `data.fix` is null, is ambiguous: it
   * stays a finding and its suggestions are only shown (ESLint's `suggest`). Only list a message
   * whose fix leaves one reading of the file and changes no secret's characters.
   */
  fixable?: string[];
  run(facts: Facts, ctx: CheckContext): FindingInput[];
}

/** Identity function that exists for typing (as arethetypeswrong's defineCheck). */
export function defineCheck(def: CheckDef): CheckDef {
  return def;
}

export type { JudgeOptions };

/** The former name of JudgeOptions (tests still use it): what checks and reporters see; probes get their command's ProbeOptions (src/options.ts). */
export type RunOptions = JudgeOptions;

export interface Summary {
  pass: number;
  warn: number;
  fail: number;
  skip: number;
  error: number;
}

export interface Report {
  tool: { name: string; version: string };
  summary: Summary;
  findings: Finding[];
  /**
   * `lint --fix` only (absent otherwise): the fixes applied, in order, each with the check, the
   * finding's messageId, target and line before that pass, its message, and the pass number.
   * `findings` are then those of the fixed file.
   */
  fixes?: AppliedFix[];
  /**
   * `lint --fix` only (absent otherwise): the certain fixes of findings that are still in
   * `findings` and were not applied, each with why (`reason`, a stable code) so the user knows the
   * finding was not fixed and must be fixed by hand.
   */
  fixesRefused?: RefusedFix[];
}

/**
 * A certain fix `lint --fix` did not apply. Reasons:
 * - `repeatedKey`: the fix edits a path through a key written more than once in one map (`key`,
 *   written at `lines`); the path names the merged key, so the fix cannot tell which written one it
 *   means, and editing either could change what K3s reads.
 * - `notApplied`: the fix does not apply to the file as it now is (nothing at its path, its lines
 *   moved); `key` is null and `lines` empty.
 */
export interface RefusedFix {
  check: string;
  messageId: string;
  target: string | null;
  line: number | null;
  reason: 'repeatedKey' | 'notApplied';
  key: string | null;
  lines: number[];
}

export interface AppliedFix {
  check: string;
  messageId: string;
  target: string | null;
  line: number | null;
  message: string;
  pass: number;
}
