import { defineCheck, type FindingInput } from '../src/types.js';
import { KUBE_NODE_RUNS, type KubeNodeRunsFact } from '../src/kube/facts.js';

interface Inner { check?: unknown; status?: unknown; target?: unknown; message?: unknown; messageId?: unknown; remediation?: unknown; location?: unknown; data?: unknown }

const STATUSES = new Set(['pass', 'warn', 'fail', 'skip', 'error']);

/**
 * cluster --nodes: the report `airgap-preflight registry` gave on each node (its registries.yaml, its
 * CA files, its network), one section per node: every finding of that run with its status, the node in
 * `target` (`node/<name>`) and `data.node`, the inner check id in `data.check`. A node whose run did
 * not complete has no section here but one `skip` (its cause is cluster-node-run's finding).
 */
export default defineCheck({
  id: 'cluster-node-registry',
  title: 'registries.yaml of every node passes the registry check, run on that node',
  failTitle: 'The registry check failed on a node',
  stage: 'nodes',
  requires: [KUBE_NODE_RUNS],
  spec: ['§1', '§3', '§5.1'],
  messages: {
    finding: '{node}: [{check}] {message}',
    'finding.fix': '{remediation}',
    notRun: '{node}: not checked ({outcome}; see cluster-node-run).',
    noRuns: 'No node ran the registry check ({outcome}; see cluster-node-run).',
  },
  remediation: 'Fix registries.yaml (or the registry) on that node as the node\'s own finding says.',
  run(facts) {
    const f = facts[KUBE_NODE_RUNS]!;
    const k = (f.ok ? f.value : null) as KubeNodeRunsFact;
    const out: FindingInput[] = [];
    // Nothing was started when the API failed or the namespace is not ours: say that, not the node's initial state.
    const blocked = k.error ? 'api-error' : k.namespaceConflict ? 'namespace-conflict' : null;
    for (const r of k.runs) {
      const target = `node/${r.node}`;
      if (!r.report) {
        const outcome = blocked ?? r.outcome;
        out.push({ status: 'skip', messageId: 'notRun', args: { node: r.node, outcome }, target, data: { node: r.node, outcome } });
        continue;
      }
      for (const raw of r.report.findings as Inner[]) {
        const status = typeof raw.status === 'string' && STATUSES.has(raw.status) ? (raw.status as FindingInput['status']) : 'error';
        const remediation = typeof raw.remediation === 'string' ? raw.remediation : null;
        out.push({
          status,
          messageId: 'finding',
          fixId: remediation ? 'finding.fix' : null,
          args: { node: r.node, check: String(raw.check ?? '?'), message: String(raw.message ?? ''), remediation: remediation ?? '' },
          target,
          data: { node: r.node, file: r.file, check: raw.check ?? null, target: raw.target ?? null, messageId: raw.messageId ?? null, location: raw.location ?? null, data: raw.data ?? null },
        });
      }
    }
    // No node to report (the API failed before listing them, or it lists none): a skip, never an empty pass.
    if (k.runs.length === 0) out.push({ status: 'skip', messageId: 'noRuns', args: { outcome: blocked ?? 'no-nodes' }, target: null, data: { outcome: blocked ?? 'no-nodes' } });
    return out;
  },
});
