import type { CheckDef, Finding, Report, Status } from '../types.js';
import { STAGES } from '../types.js';

export interface TextOptions {
  color: boolean;
  quiet: boolean;
  /** Heading line, e.g. "lint /etc/rancher/k3s/registries.yaml". */
  heading?: string;
}

const CODES = { red: 31, yellow: 33, green: 32, gray: 90, cyan: 36, bold: 1 } as const;
type Color = keyof typeof CODES;

const LABEL: Record<Status, { text: string; color: Color }> = {
  fail: { text: 'FAIL', color: 'red' },
  error: { text: 'ERROR', color: 'red' },
  warn: { text: 'WARN', color: 'yellow' },
  pass: { text: 'PASS', color: 'green' },
  skip: { text: 'SKIP', color: 'gray' },
};

export function renderText(report: Report, checks: CheckDef[], opts: TextOptions): string {
  const paint = (c: Color, s: string) => (opts.color ? `\u001b[${CODES[c]}m${s}\u001b[0m` : s);
  const stageOf = new Map(checks.map((c) => [c.id, c.stage]));
  const out: string[] = [];
  if (opts.heading && !opts.quiet) out.push(paint('bold', `${report.tool.name} ${report.tool.version} · ${opts.heading}`), '');
  for (const stage of STAGES) {
    const all = report.findings.filter((f) => (stageOf.get(f.check) ?? 'lint') === stage);
    const shown = opts.quiet ? all.filter((f) => f.status !== 'pass' && f.status !== 'skip') : all;
    if (shown.length === 0) continue;
    out.push(paint('bold', stage));
    for (const f of shown) out.push(...renderFinding(f, paint));
    out.push('');
  }
  const s = report.summary;
  const parts = [
    paint(s.fail ? 'red' : 'gray', `${s.fail} failed`),
    paint(s.error ? 'red' : 'gray', `${s.error} errors`),
    paint(s.warn ? 'yellow' : 'gray', `${s.warn} warnings`),
    paint('green', `${s.pass} passed`),
    paint('gray', `${s.skip} skipped`),
  ];
  out.push(`Summary: ${parts.join(', ')}`);
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, paint: (c: Color, s: string) => string): string[] {
  const l = LABEL[f.status];
  const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.target ?? '';
  const head = `  ${paint(l.color, l.text.padEnd(5))} ${paint('cyan', f.check)}${where ? ' ' + where : ''}`;
  const lines = [head];
  const indent = '        ';
  if (f.location && f.target) lines.push(`${indent}${paint('gray', f.target)}`);
  for (const line of f.message.split('\n')) lines.push(`${indent}${line}`);
  if (f.remediation && (f.status === 'fail' || f.status === 'warn' || f.status === 'error')) {
    const [first, ...rest] = f.remediation.split('\n');
    lines.push(`${indent}${paint('bold', 'fix:')} ${first}`);
    for (const r of rest) lines.push(`${indent}     ${r}`);
  }
  return lines;
}
