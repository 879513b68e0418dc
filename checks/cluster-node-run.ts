import { defineCheck, type FindingInput } from '../src/types.js';
import { KUBE_NODE_RUNS, type KubeNodeRunsFact, type NodeRun } from '../src/kube/facts.js';
import type { Facts } from '../src/types.js';
import { pullFailures } from '../src/health/judge.js';
import { registryOf } from '../src/health/classify.js';
import type { ClusterStateFact } from '../src/health/health-facts.js';
import { durationText } from '../src/options.js';

function runsFact(facts: Facts): KubeNodeRunsFact {
  const f = facts[KUBE_NODE_RUNS];
  if (!f || !f.ok) throw new Error(`${KUBE_NODE_RUNS} fact missing`);
  return f.value as KubeNodeRunsFact;
}

/** The pod's state as one phrase: the container's waiting/terminated reason, else the phase. */
function stateOf(r: NodeRun): string {
  const c = r.podInfo?.containers.find((x) => !x.init);
  if (c?.reason) return c.message ? `${c.reason}: ${c.message}` : c.reason;
  return r.podInfo?.phase ?? 'not created';
}

/** The warnings the kubelet wrote for the pod (FailedMount, FailedCreatePodSandBox…), newest last. */
function warnings(r: NodeRun): string {
  const w = r.events.filter((e) => e.type === 'Warning').map((e) => `${e.reason}: ${e.message}`);
  return w.length ? w.slice(-3).join(' | ') : '-';
}

function asState(r: NodeRun): ClusterStateFact {
  return { skipped: null, api: 'ready', apiError: null, pods: r.podInfo ? [r.podInfo] : [], podsSource: 'json', events: r.events, images: [], imagesSource: null, imagesError: null, containerd: { configToml: null, hostsToml: [], logTail: null }, execs: [], wait: null };
}

/**
 * cluster --nodes: did `airgap-preflight registry` run on each node, in the pod we created there? Our
 * own image pull is evidence too: a node that cannot pull it is reported with the cause, classified by
 * the same classifier `health` and cluster-image-pull use (the kubelet's Failed event when the status
 * only says "Back-off pulling image"). A run that did not complete is `error` or `skip`, never a pass.
 */
export default defineCheck({
  id: 'cluster-node-run',
  title: 'The registry check ran on every node, in a pod of ours',
  failTitle: 'The registry check could not run on a node',
  stage: 'nodes',
  requires: [KUBE_NODE_RUNS],
  spec: ['§5.1', '§5.2', '§7'],
  messages: {
    ok: '{node}: `registry {file}` ran in pod {namespace}/{pod} ({image}, exit {exitCode}): {fail} failed, {warn} warnings, {pass} passed.',
    noConfig: 'No kubeconfig: --kubeconfig not given, $KUBECONFIG unset or naming no existing file, no ~/.kube/config, and not running in a pod.',
    'noConfig.fix': 'Pass --kubeconfig FILE (K3s: /etc/rancher/k3s/k3s.yaml, RKE2: /etc/rancher/rke2/rke2.yaml on a server node) or set KUBECONFIG.',
    api: 'Kubernetes API {server}: {request} failed ({kind}). The API said: {message}',
    'api.fix': 'cluster --nodes needs to list nodes, create/delete a namespace, create/delete pods, read pod logs and list events: `kubectl auth can-i create pods -n {namespace}` shows what is missing (run `airgap-preflight cluster` for the cause of an unreachable server).',
    namespaceConflict: 'Namespace {namespace} exists and is not labelled app.kubernetes.io/managed-by=airgap-preflight: it is not ours, so nothing was created in it and no node was checked.',
    'namespaceConflict.fix': 'Pass --node-namespace NAME for a namespace that does not exist yet (we create, label and delete it).',
    noNodes: 'The API lists no node: nothing was checked.',
    pullFailed: '{node} cannot pull our image {image} ({reason}, cause {cause}): the registry check did not run there, and every image from {registry} fails the same way on that node. containerd said: {detail}',
    'pullFailed.fix': 'Make {registry} pullable on {node} ({file}: `airgap-preflight explain` with the message above gives the fix for cause {cause}), or push our image to a registry the node can pull from (`npm run image`, then skopeo copy).',
    timeout: '{node}: pod {namespace}/{pod} did not finish within {timeout} ({state}): the node was not checked. Kubelet warnings: {events}',
    'timeout.fix': 'Read `kubectl -n {namespace} describe pod {pod}` (a FailedMount means the read-only hostPath mount of the node root (/) was refused, e.g. by a policy; a sandbox failure means its pause image cannot be pulled), or raise --node-timeout.',
    interrupted: '{node}: interrupted (SIGINT/SIGTERM) before pod {namespace}/{pod} finished ({state}): the node was not checked.',
    createFailed: '{node}: the API refused pod {namespace}/{pod}: {detail}',
    'createFailed.fix': 'A Pod Security or admission policy may refuse hostPath/hostNetwork pods: the namespace we create is labelled pod-security.kubernetes.io/enforce=privileged; allow it in your policy engine, or run the manifests of `--emit` where they are allowed.',
    notReady: '{node}: its kubelet is not posting status (condition Ready is Unknown or missing): no pod was started there; the node was not checked.',
    notFound: '{node} (--node) is not a node of this cluster: nothing was checked there.',
    'notFound.fix': 'Use a name from `kubectl get nodes`.',
    badOutput: '{node}: pod {namespace}/{pod} ended (exit {exitCode}) without a report: {detail}',
    'badOutput.fix': 'Run the image by hand on {node} (`ctr run --rm --net-host {image} t /airgap-preflight --version`) and check that it is this tool\'s image.',
    cleanupLeft: 'After the run, {left} still exist(s) in the cluster. Errors while deleting: {errors}',
    'cleanupLeft.fix': 'Delete them: `kubectl delete namespace {namespace}` (our pods only read; nothing else depends on them).',
  },
  remediation: 'Let the per-node pod run: our image pullable on every node, the namespace ours, the API allowing pods and their logs.',
  run(facts) {
    const k = runsFact(facts);
    const base = { server: k.server ?? '?', namespace: k.namespace, image: k.image };
    if (k.error) {
      const e = k.error;
      const data = { server: k.server, kind: e.kind, cause: e.cause, status: e.status, request: e.request };
      if (e.kind === 'config') return [{ status: 'error', messageId: 'noConfig', target: null, data }];
      return [{ status: 'error', messageId: 'api', args: { ...base, request: e.request, kind: e.kind === 'unreachable' ? `unreachable, ${e.cause ?? 'other'}` : e.status !== null ? `${e.kind} ${e.status}` : e.kind, message: e.message }, target: k.server, data }];
    }
    if (k.namespaceConflict) return [{ status: 'error', messageId: 'namespaceConflict', args: base, target: `namespace/${k.namespace}`, data: { namespace: k.namespace, labels: k.namespaceConflict } }];
    if (k.runs.length === 0) return [{ status: 'skip', messageId: 'noNodes', target: k.server, data: null }];
    const out: FindingInput[] = [];
    for (const r of k.runs) {
      const target = `node/${r.node}`;
      const args = { ...base, node: r.node, pod: r.pod ?? '-', file: r.file, state: stateOf(r), events: warnings(r), detail: r.detail ?? '-', exitCode: r.exitCode ?? '-' };
      const data = { node: r.node, outcome: r.outcome, pod: r.pod, distribution: r.distribution, distributionSource: r.distributionSource, file: r.file, exitCode: r.exitCode };
      switch (r.outcome) {
        case 'completed':
          if (r.report) out.push({ status: 'pass', messageId: 'ok', args: { ...args, fail: r.report.summary.fail ?? 0, warn: r.report.summary.warn ?? 0, pass: r.report.summary.pass ?? 0 }, target, data: { ...data, summary: r.report.summary } });
          else out.push({ status: 'error', messageId: 'badOutput', args, target, data });
          break;
        case 'pull-failed': {
          const f = pullFailures(asState(r))[0];
          const cl = f?.classification;
          out.push({
            status: 'fail',
            messageId: 'pullFailed',
            args: { ...args, reason: f?.reason ?? stateOf(r), cause: cl?.cause ?? 'unknown', registry: registryOf(k.image), detail: cl?.detail ?? f?.message ?? stateOf(r) },
            target,
            data: { ...data, reason: f?.reason ?? null, cause: cl?.cause ?? 'unknown', message: f?.message ?? null, host: cl?.host ?? null },
          });
          break;
        }
        case 'timeout':
          out.push({ status: 'error', messageId: 'timeout', args: { ...args, timeout: durationText(k.nodeTimeoutMs) }, target, data });
          break;
        case 'interrupted':
          out.push({ status: 'skip', messageId: 'interrupted', args, target, data });
          break;
        case 'create-failed':
          out.push({ status: 'error', messageId: 'createFailed', args, target, data });
          break;
        case 'not-ready':
          out.push({ status: 'skip', messageId: 'notReady', args, target, data });
          break;
        case 'not-found':
          out.push({ status: 'error', messageId: 'notFound', args, target, data });
          break;
      }
    }
    if (k.cleanup && (k.cleanup.left.length || k.cleanup.errors.length)) {
      out.push({ status: 'warn', messageId: 'cleanupLeft', args: { ...base, left: k.cleanup.left.join(', ') || '-', errors: k.cleanup.errors.join(' | ') || '-' }, target: `namespace/${k.namespace}`, data: k.cleanup });
    }
    return out;
  },
});
