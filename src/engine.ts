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
  return finding(check, { status: input.status, message, messageId: input.messageId, args: input.args ?? null, remediation, target: input.target, location: input.location, data: input.data });
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
