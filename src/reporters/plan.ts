import type { Report } from '../types.js';

/**
 * `plan` as a generator. Text: the docker run command alone (so `plan … > run.sh && sh run.sh`
 * works); nothing when it could not be planned (the findings on stderr say why). JSON:
 * {command, argv, mounts, env, daemon} first, then the report's own keys, so the findings are
 * still there for whoever wants them.
 */
export function renderPlan(report: Report, format: 'text' | 'json'): string {
  const f = report.findings.find((x) => x.check === 'plan-docker-run' && x.status === 'pass' && typeof x.data?.command === 'string');
  const data = (f?.data ?? {}) as { command?: string; argv?: string[]; volumes?: unknown[]; env?: Record<string, string>; daemon?: unknown };
  if (format === 'text') return data.command ? `${data.command}\n` : '';
  const out = {
    command: data.command ?? null,
    argv: data.argv ?? null,
    mounts: data.volumes ?? [],
    env: data.env ?? {},
    daemon: data.daemon ?? null,
    ...report,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
