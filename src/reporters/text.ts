import type { CheckDef, Finding, Report, Status } from '../types.js';
import { STAGES } from '../types.js';
import type { Translator } from '../i18n/index.js';

export interface TextOptions {
  color: boolean;
  quiet: boolean;
  /** List every finding, passes and skips included (the listing before problems-first). */
  verbose?: boolean;
  /** Heading line, e.g. "lint /etc/rancher/k3s/registries.yaml". */
  heading?: string;
  /** Lines printed under the heading (the fixes `lint --fix` applied; replay notes go to stderr). */
  notes?: string[];
}

const CODES = { red: 31, yellow: 33, green: 32, gray: 90, cyan: 36, bold: 1 } as const;
type Color = keyof typeof CODES;

const LABEL: Record<Status | 'note', { text: string; color: Color }> = {
  fail: { text: 'FAIL', color: 'red' },
  error: { text: 'ERROR', color: 'red' },
  warn: { text: 'WARN', color: 'yellow' },
  pass: { text: 'PASS', color: 'green' },
  skip: { text: 'SKIP', color: 'gray' },
  note: { text: 'NOTE', color: 'cyan' },
};

/** The label in the user's language, padded to 5 columns (a CJK character takes two). */
function label(t: Translator, status: Status | 'note'): string {
  const text = t.ui(`label.${status}`);
  const width = [...text].reduce((n, c) => n + (c.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, 5 - width));
}

/** Fewer findings than this of one check and cause are listed one by one. */
const GROUP_MIN = 3;

export const isAdvice = (f: Finding): boolean => f.status === 'pass' && f.data?.advice === true;
const isProblem = (f: Finding): boolean => f.status === 'fail' || f.status === 'error' || f.status === 'warn';

/**
 * Problems first, as ESLint and kube-linter print: per stage the failures, errors and warnings with
 * their fix, then advice to act on (NOTE), then one line counting what passed and was skipped.
 * Many findings of one check with one cause (600 missing images) print as one block: the first in
 * full, the rest one line each. --verbose lists every finding as it is.
 */
export function renderText(report: Report, checks: CheckDef[], t: Translator, opts: TextOptions): string {
  const paint = (c: Color, s: string) => (opts.color ? `\u001b[${CODES[c]}m${s}\u001b[0m` : s);
  const stageOf = new Map(checks.map((c) => [c.id, c.stage]));
  const out: string[] = [];
  if (opts.heading && !opts.quiet) {
    out.push(paint('bold', `${report.tool.name} ${report.tool.version} · ${opts.heading}`));
    for (const n of opts.notes ?? []) out.push(paint('gray', n));
    out.push('');
  }
  for (const stage of STAGES) {
    const all = report.findings.filter((f) => (stageOf.get(f.check) ?? 'lint') === stage);
    if (all.length === 0) continue;
    const lines: string[] = [];
    if (opts.verbose) {
      for (const f of all) lines.push(...renderFinding(f, paint, t));
    } else {
      const problems = all.filter(isProblem);
      const order: Status[] = ['fail', 'error', 'warn'];
      problems.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
      for (const block of groupFindings(problems)) lines.push(...(block.length >= GROUP_MIN ? renderGroup(block, all, paint, t) : block.flatMap((f) => renderFinding(f, paint, t))));
      for (const f of all.filter(isAdvice)) lines.push(...renderFinding(f, paint, t));
      if (!opts.quiet) {
        const folded = foldedLine(all, t);
        if (folded) lines.push(`  ${paint('gray', folded)}`);
      }
    }
    if (lines.length === 0) continue;
    out.push(paint('bold', t.ui(`stage.${stage}`)), ...lines, '');
  }
  const s = report.summary;
  out.push(t.ui('summary', { fail: s.fail, error: s.error, warn: s.warn, pass: s.pass, skip: s.skip }));
  const named = (status: Status[]) => [...new Set(report.findings.filter((f) => status.includes(f.status)).map((f) => f.check))];
  const failed = named(['fail', 'error']);
  const warned = named(['warn']).filter((id) => !failed.includes(id));
  if (failed.length > 0) out.push(paint('red', t.ui('summary.failed', { checks: failed.join(t.ui('listSep')) })));
  if (warned.length > 0) out.push(paint('yellow', t.ui('summary.warned', { checks: warned.join(t.ui('listSep')) })));
  return out.join('\n') + '\n';
}

/**
 * The cause a finding shares with others of its check. image-available's "not-found" and
 * "platform-missing" have one fix template whatever the image; any other finding groups only when
 * its fix is the same text once the image's own names (target, repository, tag) are taken out.
 */
function causeKey(f: Finding): string {
  const result = typeof f.data?.result === 'string' ? f.data.result : '';
  if (result === 'not-found' || result === 'platform-missing') return `${f.check}\u0001${f.status}\u0001${result}`;
  let fix = f.remediation ?? '';
  for (const s of [f.target, f.data?.repository, f.data?.reference]) if (typeof s === 'string' && s.length > 0) fix = fix.split(s).join('\u0000');
  return `${f.check}\u0001${f.status}\u0001${result}\u0001${fix}`;
}

/** Consecutive-or-not findings with the same check, status and cause, in first-seen order. */
export function groupFindings(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.target ? causeKey(f) : `\u0002${groups.size}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}

function renderGroup(block: Finding[], stageFindings: Finding[], paint: (c: Color, s: string) => string, t: Translator): string[] {
  const first = block[0]!;
  const total = stageFindings.filter((f) => f.check === first.check).length;
  const l = LABEL[first.status];
  const cause = typeof first.data?.result === 'string' ? t.ui(`cause.${first.data.result}`) : t.ui(`cause.status.${first.status}`);
  const lines = [`  ${paint(l.color, label(t, first.status))} ${paint('cyan', first.check)}  ${paint('bold', t.ui('group.count', { n: block.length, total, cause }))}`];
  const indent = '        ';
  lines.push(`${indent}${paint('gray', t.ui('group.example'))}`);
  lines.push(...renderFinding(first, paint, t).slice(1));
  lines.push(`${indent}${paint('gray', t.ui('group.all', { n: block.length }))}`);
  for (const f of block) lines.push(`${indent}  ${f.location ? `${f.target ?? ''} ${where(f)}`.trim() : (f.target ?? '')}`);
  if (first.check === 'image-available' && (first.data?.result === 'not-found' || first.data?.result === 'platform-missing')) lines.push(`${indent}${paint('gray', t.ui('group.missingHint'))}`);
  return lines;
}

function where(f: Finding): string {
  return f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : '';
}

/** "24 passed, 20 skipped (20 blocked by yaml-lost-indentation; 1 not applicable: system-default-registry-format)" */
function foldedLine(all: Finding[], t: Translator): string | null {
  const pass = all.filter((f) => f.status === 'pass' && !isAdvice(f)).length;
  const skips = all.filter((f) => f.status === 'skip');
  if (pass === 0 && skips.length === 0) return null;
  const reasons: string[] = [];
  const blocked = new Map<string, number>();
  const disabled: string[] = [];
  const other: string[] = [];
  for (const f of skips) {
    const dep = f.data?.blockedBy;
    if (f.data?.disabledBy) disabled.push(f.check);
    else if (typeof dep === 'string') blocked.set(dep, (blocked.get(dep) ?? 0) + 1);
    else other.push(f.check);
  }
  for (const [dep, n] of blocked) reasons.push(t.ui('folded.blocked', { n, dep }));
  if (disabled.length > 0) reasons.push(t.ui('folded.disabled', { n: disabled.length, checks: [...new Set(disabled)].join(t.ui('listSep')) }));
  if (other.length > 0) reasons.push(t.ui('folded.notApplicable', { n: other.length, checks: [...new Set(other)].join(t.ui('listSep')) }));
  const counts = t.ui('folded.counts', { pass, skip: skips.length });
  return reasons.length > 0 ? t.ui('folded.withReasons', { counts, reasons: reasons.join('; ') }) : t.ui('folded.plain', { counts });
}

function renderFinding(f: Finding, paint: (c: Color, s: string) => string, t: Translator): string[] {
  const l = isAdvice(f) ? LABEL.note : LABEL[f.status];
  const loc = f.location ? where(f) : (f.target ?? '');
  const head = `  ${paint(l.color, label(t, isAdvice(f) ? 'note' : f.status))} ${paint('cyan', f.check)}${loc ? ' ' + loc : ''}`;
  if (f.status === 'pass' && !isAdvice(f)) return [`${head}  ${paint('gray', f.message)}`];
  const lines = [head];
  const indent = '        ';
  if (f.location && f.target) lines.push(`${indent}${paint('gray', f.target)}`);
  for (const line of f.message.split('\n')) lines.push(line === '' ? '' : `${indent}${line}`);
  if (f.remediation && (f.status === 'fail' || f.status === 'warn' || f.status === 'error')) {
    const [first, ...rest] = f.remediation.split('\n');
    const label = t.ui('fix');
    // A full-width colon (zh-CN) carries its own spacing.
    lines.push(`${indent}${paint('bold', label)}${label.endsWith('：') ? '' : ' '}${first}`);
    for (const r of rest) lines.push(`${indent}     ${r}`);
  }
  return lines;
}
