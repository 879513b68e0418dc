import type { CheckDef, Finding, Report, Status } from '../types.js';
import { STAGES } from '../types.js';
import type { Translator } from '../i18n/index.js';

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

export function renderText(report: Report, checks: CheckDef[], t: Translator, opts: TextOptions): string {
  const paint = (c: Color, s: string) => (opts.color ? `\u001b[${CODES[c]}m${s}\u001b[0m` : s);
  const stageOf = new Map(checks.map((c) => [c.id, c.stage]));
  const out: string[] = [];
  if (opts.heading && !opts.quiet) out.push(paint('bold', `${report.tool.name} ${report.tool.version} · ${opts.heading}`), '');
  for (const stage of STAGES) {
    const all = report.findings.filter((f) => (stageOf.get(f.check) ?? 'lint') === stage);
    const shown = opts.quiet ? all.filter((f) => f.status !== 'pass' && f.status !== 'skip') : all;
    if (shown.length === 0) continue;
    out.push(paint('bold', t.ui(`stage.${stage}`)));
    for (const f of shown) out.push(...renderFinding(f, paint, t));
    out.push('');
  }
  const s = report.summary;
  out.push(t.ui('summary', { fail: s.fail, error: s.error, warn: s.warn, pass: s.pass, skip: s.skip }));
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, paint: (c: Color, s: string) => string, t: Translator): string[] {
  const l = LABEL[f.status];
  const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : f.target ?? '';
  const head = `  ${paint(l.color, l.text.padEnd(5))} ${paint('cyan', f.check)}${where ? ' ' + where : ''}`;
  if (f.status === 'pass') return [`${head}  ${paint('gray', f.message)}`];
  const lines = [head];
  const indent = '        ';
  if (f.location && f.target) lines.push(`${indent}${paint('gray', f.target)}`);
  for (const line of f.message.split('\n')) lines.push(`${indent}${line}`);
  if (f.remediation && (f.status === 'fail' || f.status === 'warn' || f.status === 'error')) {
    const [first, ...rest] = f.remediation.split('\n');
    const label = t.ui('fix');
    // A full-width colon (zh-CN) carries its own spacing.
    lines.push(`${indent}${paint('bold', label)}${label.endsWith('：') ? '' : ' '}${first}`);
    for (const r of rest) lines.push(`${indent}     ${r}`);
  }
  return lines;
}
