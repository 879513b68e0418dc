import type { CheckContext, CheckDef, Facts, Finding, FindingInput, Report, Severity, Status, Summary } from './types.js';
import { EN, type Translator } from './i18n/index.js';
import { STAGES } from './types.js';
import { redactDeep } from './redact.js';
import { errorMessage } from './errors.js';

export function severityFor(status: Status): Severity {
  if (status === 'fail' || status === 'error') return 'error';
  if (status === 'warn') return 'warning';
  return 'info';
}

/** Engine-made findings (blocked, crashed, …) carry their text directly. */
interface Rendered {
  status: Status;
  message: string;
  messageId?: string | null;
  args?: Finding['args'];
  remediation?: string | null;
  target?: string | null;
  location?: Finding['location'];
  data?: Record<string, unknown> | null;
}

function finding(check: CheckDef, r: Rendered): Finding {
  return {
    check: check.id,
    status: r.status,
    severity: severityFor(r.status),
    target: r.target ?? null,
    message: r.message,
    messageId: r.messageId ?? null,
    args: r.args ?? null,
    remediation: r.remediation ?? null,
    location: r.location ?? null,
    data: r.data ?? null,
  };
}

function render(check: CheckDef, input: FindingInput, t: Translator): Finding {
  const needsFix = input.status === 'fail' || input.status === 'warn';
  const message = t.message(check, input.messageId, input.args) ?? t.engine('unknownMessage', { check: check.id, messageId: input.messageId });
  let remediation: string | null = null;
  if (input.fixId !== null && needsFix) {
    const fixKey = input.fixId ?? `${input.messageId}.fix`;
    remediation = t.message(check, fixKey, input.args) ?? (input.fixId ? t.engine('unknownMessage', { check: check.id, messageId: fixKey }) : t.remediation(check));
  }
  const advice = input.status === 'pass' && (check.advice ?? []).includes(input.messageId);
  const data = advice ? { ...(input.data ?? {}), advice: true } : input.data;
  return finding(check, { status: input.status, message, messageId: input.messageId, args: input.args ?? null, remediation, target: input.target, location: input.location, data });
}

/**
 * Run checks over facts. Pure: no I/O, no printing. Order: stage, then the order of `checks`,
 * then the order each check returns, so output is deterministic however facts were gathered.
 */
export function runChecks(checks: CheckDef[], facts: Facts, ctx: CheckContext, t: Translator = EN): Finding[] {
  const ordered = [...checks].sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
  const outcome = new Map<string, Status[]>();
  const findings: Finding[] = [];
  for (const check of ordered) {
    const results = runOne(check, facts, ctx, outcome, t);
    outcome.set(check.id, results.map((r) => r.status));
    findings.push(...results);
  }
  return redactDeep(findings);
}

function runOne(check: CheckDef, facts: Facts, ctx: CheckContext, outcome: Map<string, Status[]>, t: Translator): Finding[] {
  for (const dep of check.after ?? []) {
    const statuses = outcome.get(dep);
    if (statuses && statuses.some((s) => s === 'fail' || s === 'error')) {
      return [finding(check, { status: 'skip', message: t.engine('blocked', { dep }), messageId: 'engine.blocked', args: { dep }, data: { blockedBy: dep } })];
    }
  }
  for (const name of check.requires) {
    const fact = facts[name];
    if (!fact) return [finding(check, { status: 'skip', message: t.engine('factMissing', { fact: name }), messageId: 'engine.factMissing', args: { fact: name }, data: { missingFact: name } })];
    if (!fact.ok) return [finding(check, { status: 'error', message: t.engine('factFailed', { fact: name, error: fact.error }), messageId: 'engine.factFailed', args: { fact: name, error: fact.error }, data: { fact: name } })];
  }
  if (check.appliesTo) {
    let applies: boolean | string;
    try {
      applies = check.appliesTo(facts, ctx);
    } catch (err) {
      return [finding(check, { status: 'error', message: t.engine('crashed', { error: errorMessage(err) }), messageId: 'engine.crashed', args: { error: errorMessage(err) } })];
    }
    if (applies !== true) {
      return typeof applies === 'string' ? [finding(check, { status: 'skip', message: t.message(check, applies) ?? applies, messageId: applies })] : [];
    }
  }
  let results: FindingInput[];
  try {
    results = check.run(facts, ctx);
  } catch (err) {
    return [finding(check, { status: 'error', message: t.engine('crashed', { error: errorMessage(err) }), messageId: 'engine.crashed', args: { error: errorMessage(err) } })];
  }
  if (results.length === 0) return [finding(check, { status: 'pass', message: t.title(check) })];
  return results.map((r) => render(check, r, t));
}

export function summarize(findings: Finding[]): Summary {
  const s: Summary = { pass: 0, warn: 0, fail: 0, skip: 0, error: 0 };
  for (const f of findings) s[f.status]++;
  return s;
}

/** The exit-code contract: 0 nothing failed, 1 a check failed (or warned under --strict). 2 is decided by the CLI for bad input. */
export function exitCodeFor(summary: Summary, strict: boolean): 0 | 1 {
  if (summary.fail > 0 || summary.error > 0) return 1;
  if (strict && summary.warn > 0) return 1;
  return 0;
}

export function makeReport(name: string, version: string, findings: Finding[]): Report {
  return { tool: { name, version }, summary: summarize(findings), findings };
}

/** An inline `# airgap-preflight-disable-next-line [ID[, ID]…]` comment (ESLint's convention), as the registriesFile probe records it. */
export interface DisableDirective {
  /** Line of the comment (1-based); it applies to findings located on the next line. */
  line: number;
  /** Check ids; empty = every check. */
  ids: string[];
}

export interface Controls {
  /** --skip: these checks' findings are reported as skip ("disabled by --skip"). */
  skip?: string[];
  /** --only: only these checks are reported (plus the failures that blocked them). */
  only?: string[];
  /** Inline directives of the file findings are located in. */
  directives?: DisableDirective[];
  /** The file the directives were read from (findings located elsewhere are not touched). */
  file?: string;
}

/**
 * Apply the CI controls after every check has run, so a check switched off still blocks the checks
 * that need it (switching yaml-syntax off must not make the checks after it pass on an unparsed file).
 * A disabled finding stays in the report as `skip` with data.disabledBy and its original status.
 */
export function applyControls(findings: Finding[], controls: Controls, t: Translator = EN): Finding[] {
  const skip = new Set(controls.skip ?? []);
  const only = controls.only && controls.only.length > 0 ? new Set(controls.only) : null;
  const disable = (f: Finding, by: string, message: string, extra: Record<string, unknown> = {}): Finding => ({
    ...f,
    status: 'skip',
    severity: 'info',
    message,
    remediation: null,
    data: { ...(f.data ?? {}), disabledBy: by, originalStatus: f.status, originalMessage: f.message, ...extra },
  });
  let out = findings.map((f) => {
    if (skip.has(f.check)) return disable(f, 'skip', t.engine('disabledSkip'));
    if (f.location && controls.directives && (controls.file === undefined || f.location.file === controls.file)) {
      const d = controls.directives.find((x) => x.line === f.location!.line - 1 && (x.ids.length === 0 || x.ids.includes(f.check)));
      if (d && f.status !== 'pass' && f.status !== 'skip') return disable(f, 'comment', t.engine('disabledComment', { line: d.line }), { directiveLine: d.line });
    }
    return f;
  });
  if (only) {
    // Keep the failures that blocked a kept check: without them a skipped check would read as all clear.
    const keep = new Set(only);
    let grew = true;
    while (grew) {
      grew = false;
      for (const f of out) {
        const dep = f.data?.blockedBy;
        if (keep.has(f.check) && f.status === 'skip' && typeof dep === 'string' && !keep.has(dep)) {
          keep.add(dep);
          grew = true;
        }
      }
    }
    out = out.filter((f) => only.has(f.check) || (keep.has(f.check) && (f.status === 'fail' || f.status === 'error')));
  }
  return out;
}

/** Parses `# airgap-preflight-disable-next-line a, b -- reason` comments out of a file's text. */
export function findDisableDirectives(text: string): DisableDirective[] {
  const out: DisableDirective[] = [];
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*#\s*airgap-preflight-disable-next-line\b(.*)$/.exec(raw.replace(/\r$/, ''));
    if (!m) return;
    const body = m[1]!.split(/\s--\s/)[0]!;
    out.push({ line: i + 1, ids: body.split(/[\s,]+/).filter(Boolean) });
  });
  return out;
}
