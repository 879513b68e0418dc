/** Shapes shared by probes, checks, the engine and reporters. Everything here is plain, serializable data. */

export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error';
export type Severity = 'error' | 'warning' | 'info';
export type Stage = 'lint' | 'registry' | 'health' | 'plan';
export const STAGES: Stage[] = ['lint', 'registry', 'health', 'plan'];
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
  remediation: string | null;
  location: Location | null;
  data: Record<string, unknown> | null;
}

/** What a check returns; the engine fills in the rest. */
export interface FindingInput {
  status: Status;
  message: string;
  target?: string | null;
  remediation?: string | null;
  location?: Location | null;
  data?: Record<string, unknown> | null;
}

/** A fact is either a value or the error met while gathering it. */
export type FactResult<T = unknown> = { ok: true; value: T } | { ok: false; error: string };
export type Facts = Record<string, FactResult>;

export interface CheckContext {
  /** Options the run was given that judge facts (never I/O handles). */
  options: RunOptions;
}

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
  /** Checks that must not have failed; if one did, this check is `skip` ("blocked by <id>"). */
  after?: string[];
  /** Default remediation, used when a finding carries none. */
  remediation: string;
  /** DOMAIN.md sections the rule comes from, e.g. ['§1.2', '§6 #2']. */
  spec: string[];
  /** Runs only when this returns true (e.g. a version gate needs --rancher-version). */
  /** true: run; a string: skip with that reason; false: not reported at all. */
  appliesTo?: (facts: Facts, ctx: CheckContext) => true | false | string;
  run(facts: Facts, ctx: CheckContext): FindingInput[];
}

/** Identity function that exists for typing (as arethetypeswrong's defineCheck). */
export function defineCheck(def: CheckDef): CheckDef {
  return def;
}

export interface RunOptions {
  /** Path of registries.yaml as given by the user (for messages). */
  file: string;
  systemDefaultRegistry: string | null;
  rancherVersion: string | null;
  strict: boolean;
  /** Extra options used by later stages; free-form but serializable. */
  [key: string]: unknown;
}

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
}
