import type { CheckContext, CheckDef, Facts, Finding, FindingInput, Report, Severity, Status, Summary } from './types.js';
import { STAGES } from './types.js';
import { redactDeep } from './redact.js';
import { errorMessage } from './errors.js';

export function severityFor(status: Status): Severity {
  if (status === 'fail' || status === 'error') return 'error';
  if (status === 'warn') return 'warning';
  return 'info';
}

function complete(check: CheckDef, input: FindingInput): Finding {
  const needsFix = input.status === 'fail' || input.status === 'warn';
  return {
    check: check.id,
    status: input.status,
    severity: severityFor(input.status),
    target: input.target ?? null,
    message: input.message,
    remediation: input.remediation ?? (needsFix ? check.remediation : null),
    location: input.location ?? null,
    data: input.data ?? null,
  };
}

/**
 * Run checks over facts. Pure: no I/O, no printing. Order: stage, then the order of `checks`,
 * then the order each check returns, so output is deterministic however facts were gathered.
 */
export function runChecks(checks: CheckDef[], facts: Facts, ctx: CheckContext): Finding[] {
  const ordered = [...checks].sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
  const outcome = new Map<string, Status[]>();
  const findings: Finding[] = [];
  for (const check of ordered) {
    const results = runOne(check, facts, ctx, outcome);
    outcome.set(check.id, results.map((r) => r.status));
    findings.push(...results);
  }
  return redactDeep(findings);
}

function runOne(check: CheckDef, facts: Facts, ctx: CheckContext, outcome: Map<string, Status[]>): Finding[] {
  for (const dep of check.after ?? []) {
    const statuses = outcome.get(dep);
    if (statuses && statuses.some((s) => s === 'fail' || s === 'error')) {
      return [complete(check, { status: 'skip', message: `blocked by ${dep}` , data: { blockedBy: dep } })];
    }
  }
  for (const name of check.requires) {
    const fact = facts[name];
    if (!fact) {
      return [complete(check, { status: 'skip', message: `not run: fact "${name}" was not gathered in this run`, data: { missingFact: name } })];
    }
    if (!fact.ok) {
      return [complete(check, { status: 'error', message: `could not gather ${name}: ${fact.error}`, data: { fact: name } })];
    }
  }
  if (check.appliesTo) {
    let applies: boolean | string;
    try {
      applies = check.appliesTo(facts, ctx);
    } catch (err) {
      return [complete(check, { status: 'error', message: `check crashed: ${errorMessage(err)}` })];
    }
    if (applies !== true) return typeof applies === 'string' ? [complete(check, { status: 'skip', message: applies })] : [];
  }
  let results: FindingInput[];
  try {
    results = check.run(facts, ctx);
  } catch (err) {
    return [complete(check, { status: 'error', message: `check crashed: ${errorMessage(err)}` })];
  }
  if (results.length === 0) return [complete(check, { status: 'pass', message: check.title })];
  return results.map((r) => complete(check, r));
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
