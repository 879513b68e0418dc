import type { CheckDef, Finding, Report } from '../types.js';
import { STAGES } from '../types.js';
import { xmlEscape } from './xml.js';

function where(f: Finding): string {
  return f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : '';
}

/** JUnit XML: a testsuite per stage, a testcase per finding. A warning fails the case only under --strict. */
export function renderJunit(report: Report, checks: CheckDef[], strict: boolean): string {
  const stageOf = new Map(checks.map((c) => [c.id, c.stage]));
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = report.summary;
  const failures = s.fail + (strict ? s.warn : 0);
  lines.push(`<testsuites name="${xmlEscape(report.tool.name)}" tests="${report.findings.length}" failures="${failures}" errors="${s.error}" skipped="${s.skip}">`);
  for (const stage of STAGES) {
    const fs = report.findings.filter((f) => (stageOf.get(f.check) ?? 'lint') === stage);
    if (fs.length === 0) continue;
    const fails = fs.filter((f) => f.status === 'fail' || (strict && f.status === 'warn')).length;
    const errs = fs.filter((f) => f.status === 'error').length;
    const skips = fs.filter((f) => f.status === 'skip').length;
    lines.push(`  <testsuite name="${stage}" tests="${fs.length}" failures="${fails}" errors="${errs}" skipped="${skips}">`);
    for (const f of fs) {
      const name = [f.check, f.target ?? '', where(f)].filter(Boolean).join(' ');
      lines.push(`    <testcase classname="${xmlEscape(`${report.tool.name}.${stage}.${f.check}`)}" name="${xmlEscape(name)}">`);
      const body = xmlEscape(f.message + (f.remediation ? `\nfix: ${f.remediation}` : ''));
      if (f.status === 'fail' || (strict && f.status === 'warn')) lines.push(`      <failure type="${f.status}" message="${xmlEscape(f.message)}">${body}</failure>`);
      else if (f.status === 'error') lines.push(`      <error message="${xmlEscape(f.message)}">${body}</error>`);
      else if (f.status === 'skip') lines.push(`      <skipped message="${xmlEscape(f.message)}"/>`);
      else if (f.status === 'warn') lines.push(`      <system-out>warning: ${body}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
