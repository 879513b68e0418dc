import type { CheckDef, Report } from '../types.js';

export const DOCS_BASE = 'https://github.com/airgap-preflight/airgap-preflight/blob/main/docs/checks/';

/** SARIF 2.1.0 with one rule per check that produced a finding; passes are results of kind "pass". */
export function renderSarif(report: Report, checks: CheckDef[]): string {
  const used = new Set(report.findings.map((f) => f.check));
  const rules = checks
    .filter((c) => used.has(c.id))
    .map((c) => ({
      id: c.id,
      name: c.id,
      shortDescription: { text: c.title },
      fullDescription: { text: c.failTitle },
      help: { text: c.remediation },
      helpUri: `${DOCS_BASE}${c.id}.md`,
      properties: { stage: c.stage },
    }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => {
    // Advice to act on (a pass such as "mount this CA into the container") is a note: SARIF 2.1.0
    // §3.27.9 allows a level other than "none" only with kind "fail".
    const advice = f.status === 'pass' && f.data?.advice === true;
    const level = f.status === 'fail' || f.status === 'error' ? 'error' : f.status === 'warn' ? 'warning' : advice ? 'note' : 'none';
    const kind = advice ? 'fail' : f.status === 'pass' ? 'pass' : f.status === 'skip' ? 'notApplicable' : 'fail';
    const r: Record<string, unknown> = {
      ruleId: f.check,
      ruleIndex: ruleIndex.get(f.check),
      kind,
      level,
      message: { text: f.message + (f.remediation && (f.status === 'fail' || f.status === 'warn') ? ` Fix: ${f.remediation}` : '') },
      properties: { status: f.status, target: f.target, data: f.data },
    };
    if (f.location) {
      r.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: f.location.file.replace(/\\/g, '/') },
            region: { startLine: f.location.line, startColumn: f.location.column },
          },
        },
      ];
    }
    return r;
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, informationUri: DOCS_BASE, rules } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
