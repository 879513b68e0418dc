import { defineCheck, type FindingInput } from '../src/types.js';
import { clusterFact, DOCKER_STATE_MESSAGES, dockerStateRef, probeErrorArg, PROBE_ERROR_MESSAGES, theContainer } from '../src/health/check-helpers.js';
import { podReadiness, pullFailures } from '../src/health/judge.js';

/** The local cluster answers and every pod is ready or completed (DOMAIN §4.2, §7 item 5). */
export default defineCheck({
  id: 'cluster-ready',
  title: 'The local cluster answers and every pod is ready or completed',
  failTitle: 'The local cluster is not ready',
  stage: 'health',
  requires: ['rancherCluster'],
  // The container's name, for the commands in the fixes.
  annotates: ['rancherContainer'],
  spec: ['§4.2', '§5.1', '§7'],
  messages: {
    ready: '{pods} pods in the local cluster: {running} running and ready, {completed} completed (helm-operation pods finish by design).',
    readyWaited: '{pods} pods in the local cluster are ready or completed after {seconds}s ({polls} checks).',
    starting: 'Rancher is still starting: the Kubernetes API of the embedded K3s does not answer yet ({error}).',
    'starting.fix': 'Wait a minute and run again, or use --wait 5m to poll until the cluster is healthy.',
    startingTimedOut: 'The Kubernetes API of the embedded K3s still did not answer after waiting {seconds}s ({error}).',
    'startingTimedOut.fix': 'Read the K3s log: `docker exec {container} tail -n 100 /var/lib/rancher/k3s.log` (Rancher ≤ v2.5.9: `docker logs {container}`).',
    apiError: 'Could not list the pods of the local cluster: {error}.',
    'apiError.fix': 'Run `docker exec {container} k3s kubectl get pods -A` yourself to see what it prints; an output this tool cannot parse is worth a bug report (attach --save-facts DIR).',
    notReady: 'Pod {target} is not ready: {detail}.',
    'notReady.fix': 'Look at `docker exec {container} k3s kubectl -n {namespace} describe pod {pod}`; image-pull problems are explained by pod-image-pull.',
    notHealthyWaited: 'The local cluster was not healthy after waiting {seconds}s ({polls} checks): {notReady} pod(s) not ready, {pulls} image pull(s) failing.',
    'notHealthyWaited.fix': 'Fix the failures listed by pod-image-pull and the container checks, then restart Rancher or wait longer.',
    stopped: 'Rancher container {container} stopped while it was being examined (during "{cmd}"; it is now {status}): the local cluster could not be read.',
    'stopped.fix': 'Read `docker logs {container}` for why it stopped (K3s exits on an unreadable registries.yaml; a restart policy may bring it back), then run again.',
    noPods: 'The local cluster answers but has no pods yet; Rancher is still deploying its system charts.',
    'noPods.fix': 'Wait and run again, or use --wait 5m.',
    // The probe's own sentences, filled into {error}; commands, exit codes and outputs stay verbatim.
    ...PROBE_ERROR_MESSAGES,
    ...DOCKER_STATE_MESSAGES,
  },
  remediation: 'Wait for Rancher to start, or fix the failures reported by the other health checks.',
  // No container (or not running): rancher-container already says why.
  appliesTo: (facts) => !clusterFact(facts).skipped,
  run(facts, ctx) {
    const st = clusterFact(facts);
    const container = theContainer(facts)?.name ?? ctx.options.container ?? '<rancher container>';
    const waited = st.wait;
    const seconds = waited ? Math.round(waited.elapsedMs / 1000) : 0;
    const base = { container, seconds, polls: waited?.polls ?? 1 };
    const error = probeErrorArg(st.apiError);
    // Whatever the Engine answered for the execs after the stop (404/409/500), it is one cause.
    if (st.stopped) return [{ status: 'fail', messageId: 'stopped', args: { ...base, cmd: st.stopped.cmd, status: dockerStateRef(st.stopped.status) }, data: { api: st.api, stopped: st.stopped } }];
    if (st.api === 'starting') {
      return waited
        ? [{ status: 'fail', messageId: 'startingTimedOut', args: { ...base, error }, data: { api: st.api } }]
        : [{ status: 'warn', messageId: 'starting', args: { error }, data: { api: st.api } }];
    }
    if (st.api === 'error') return [{ status: 'fail', messageId: 'apiError', args: { ...base, error }, data: { api: st.api } }];
    if (st.pods.length === 0) return [{ status: waited ? 'fail' : 'warn', messageId: 'noPods', args: base }];
    const rs = st.pods.map(podReadiness);
    const notReady = rs.filter((r) => !r.ready);
    const out: FindingInput[] = [];
    const pulls = pullFailures(st);
    if (waited && !waited.healthy) {
      out.push({ status: 'fail', messageId: 'notHealthyWaited', args: { ...base, notReady: notReady.length, pulls: pulls.length }, data: { wait: waited } });
    }
    for (const r of notReady) {
      const target = `${r.namespace}/${r.name}`;
      // Pull failures are reported (with cause and fix) by pod-image-pull; here they only count.
      out.push({ status: 'warn', messageId: 'notReady', args: { ...base, target, detail: r.detail, namespace: r.namespace, pod: r.name }, target, data: { detail: r.detail } });
    }
    if (out.length === 0) {
      const completed = rs.filter((r) => r.done).length;
      out.push({ status: 'pass', messageId: waited ? 'readyWaited' : 'ready', args: { ...base, pods: rs.length, running: rs.length - completed, completed }, data: { pods: rs.length, completed, source: st.podsSource, wait: waited } });
    }
    return out;
  },
});
