/**
 * The cluster stage's one probe: through the Kubernetes API (kubeconfig as kubectl reads it), the
 * pods and events of every namespace (or the given ones), as the same PodInfo/EventInfo records the
 * health stage parses from `kubectl … -o json`, so the same judge and classifier apply.
 */
import { NODE_HOST_ROOT, defineProbe, type ProbeDef } from '../probe-runner.js';
import type { ClusterProbeOptions } from '../options.js';
import { parseEventsJson, parsePodsJson, type EventInfo, type PodInfo } from '../health/parse.js';
import { KUBE_CLUSTER, KUBE_NODE_RUNS, type KubeClusterFact, type KubeError, type KubeNodeRunsFact, type PodPlacement } from '../kube/facts.js';
import { clientNode, connectCluster, kubeError, withTimeout } from '../kube/client.js';

type Obj = Record<string, unknown>;

const PAGE = 500;

/** Every item of a paged list call (limit/continue), each page within the timeout. */
async function listAll(call: (cont: string | undefined) => Promise<{ items: unknown[]; metadata?: { _continue?: string } }>, timeoutMs: number, signal: AbortSignal): Promise<unknown[]> {
  const items: unknown[] = [];
  let cont: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const res = await withTimeout(call(cont), timeoutMs, signal);
    items.push(...res.items);
    cont = res.metadata?._continue || undefined;
    if (!cont) break;
  }
  return items;
}

function placementOf(raw: unknown): PodPlacement {
  const p = raw as Obj;
  const meta = (p.metadata ?? {}) as Obj;
  const spec = (p.spec ?? {}) as Obj;
  const owner = ((meta.ownerReferences ?? []) as Obj[])[0];
  let sdr: string | null = null;
  for (const c of [...((spec.initContainers ?? []) as Obj[]), ...((spec.containers ?? []) as Obj[])]) {
    for (const e of (c.env ?? []) as Obj[]) if (e.name === 'CATTLE_SYSTEM_DEFAULT_REGISTRY' && typeof e.value === 'string') sdr = e.value;
  }
  return {
    namespace: String(meta.namespace ?? 'default'),
    name: String(meta.name ?? '?'),
    node: typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : null,
    owner: owner ? `${String(owner.kind)}/${String(owner.name)}` : null,
    systemDefaultRegistry: sdr,
  };
}

export const kubeClusterProbe = defineProbe<KubeClusterFact, ClusterProbeOptions>({
  id: KUBE_CLUSTER,
  // Each request has its own timeout (--timeout); the whole probe gets room for paging.
  timeoutMs: (o) => Math.max(30_000, o.timeoutMs * 6),
  async run(ctx) {
    const o = ctx.options;
    const namespaces = o.namespaces.length ? o.namespaces : null;
    const fact: KubeClusterFact = { source: null, context: null, server: null, user: null, namespaces, api: 'error', error: null, version: null, pods: [], placement: [], events: [], eventsError: null, nodes: null };
    const kc = await connectCluster(o, fact);
    if (!kc) return fact;
    const k = await clientNode();
    const core = kc.makeApiClient(k.CoreV1Api);
    const timeoutMs = o.timeoutMs;
    const scope = namespaces ? namespaces.join(', ') : 'all namespaces';
    ctx.progress(`listing pods (${scope}) at ${fact.server}`);
    let podItems: unknown[] = [];
    try {
      if (namespaces) for (const ns of namespaces) podItems.push(...(await listAll((c) => core.listNamespacedPod({ namespace: ns, limit: PAGE, _continue: c }), timeoutMs, ctx.signal)));
      else podItems = await listAll((c) => core.listPodForAllNamespaces({ limit: PAGE, _continue: c }), timeoutMs, ctx.signal);
    } catch (err) {
      fact.error = kubeError(err, `list pods (${scope})`);
      return fact;
    }
    fact.api = 'ready';
    // The same parser as `health` (kubectl -o json): one source of truth for container states.
    fact.pods = parsePodsJson(JSON.stringify({ items: podItems })) as PodInfo[];
    fact.placement = podItems.map(placementOf);
    ctx.progress(`listing events (${scope})`);
    try {
      let evItems: unknown[] = [];
      if (namespaces) for (const ns of namespaces) evItems.push(...(await listAll((c) => core.listNamespacedEvent({ namespace: ns, limit: PAGE, _continue: c }), timeoutMs, ctx.signal)));
      else evItems = await listAll((c) => core.listEventForAllNamespaces({ limit: PAGE, _continue: c }), timeoutMs, ctx.signal);
      fact.events = parseEventsJson(JSON.stringify({ items: evItems })) as EventInfo[];
    } catch (err) {
      fact.eventsError = kubeError(err, `list events (${scope})`) as KubeError;
    }
    try {
      const v = await withTimeout(kc.makeApiClient(k.VersionApi).getCode(), timeoutMs, ctx.signal);
      fact.version = v.gitVersion ?? null;
    } catch { /* optional */ }
    try {
      const nodes = await listAll((c) => core.listNode({ limit: PAGE, _continue: c }), timeoutMs, ctx.signal);
      fact.nodes = nodes.map((n) => {
        const info = (((n as Obj).status as Obj | undefined)?.nodeInfo ?? {}) as Obj;
        return { name: String(((n as Obj).metadata as Obj | undefined)?.name ?? '?'), kubeletVersion: typeof info.kubeletVersion === 'string' ? info.kubeletVersion : null, runtime: typeof info.containerRuntimeVersion === 'string' ? info.containerRuntimeVersion : null };
      });
    } catch { /* optional: a namespaced user may not list nodes */ }
    return fact;
  },
});

/** cluster --nodes: one pod per Ready node runs `registry` there (src/kube/node-runs.ts does the I/O). */
export const kubeNodeRunsProbe = defineProbe<KubeNodeRunsFact, ClusterProbeOptions>({
  id: KUBE_NODE_RUNS,
  // The pods' own bound plus room to create and delete them.
  timeoutMs: (o) => o.nodeTimeoutMs + Math.max(60_000, o.timeoutMs * 6),
  async run(ctx) {
    const { runNodeChecks } = await import('../kube/node-runs.js');
    const hostRoot = ctx.runtime.get(NODE_HOST_ROOT);
    return runNodeChecks(ctx.options, { signal: ctx.signal, progress: ctx.progress, hostRoot: typeof hostRoot === 'string' ? hostRoot : undefined });
  },
});

export function kubeProbes(o: { nodes?: boolean } = {}): ProbeDef<unknown, ClusterProbeOptions>[] {
  return o.nodes ? [kubeNodeRunsProbe as ProbeDef<unknown, ClusterProbeOptions>] : [kubeClusterProbe];
}
