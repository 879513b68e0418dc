/**
 * `cluster --nodes`: run `airgap-preflight registry` on every node whose kubelet posts status, through the Kubernetes API.
 * Creates the namespace it owns (labelled as ours; a namespace of that name not labelled ours is never
 * used) and one pod per node (src/kube/node-manifests.ts), waits until each terminated (its JSON report
 * is read from the pod LOG: a termination message is capped at 4 KiB) or failed to pull our image (its
 * status and events are kept for the health classifier), then deletes what it created: on success, on
 * --node-timeout and on SIGINT/SIGTERM (src/interrupt.ts). No verdict here: checks/cluster-node-*.ts judge.
 */
import { stringify } from 'yaml';
import { InputError } from '../errors.js';
import type { ClusterProbeOptions } from '../options.js';
import { parseEventsJson, parsePodsJson, type EventInfo, type PodInfo } from '../health/parse.js';
import { PULL_REASONS } from '../health/judge.js';
import { holdInterrupts, interruptSignal } from '../interrupt.js';
import { sleep } from '../sleep.js';
import { clientNode, connectCluster, kubeError, loadClusterConfig, withTimeout } from './client.js';
import { distributionOf } from './judge.js';
import type { KubeNodeRunsFact, NodeRun } from './facts.js';
import { MANAGED_BY, NODE_CHECK_LABEL, namespaceManifest, nodeRunManifests, podManifest, podName, registriesPath, type ManifestOptions, type NodeTarget } from './node-manifests.js';

type Obj = Record<string, unknown>;
type Core = InstanceType<Awaited<ReturnType<typeof clientNode>>['CoreV1Api']>;

const POLL_MS = 1000;
/** The report of one `registry` run; larger logs are not a report. */
const MAX_LOG_BYTES = 16 << 20;

export interface NodeRunHooks {
  signal: AbortSignal;
  progress(text: string): void;
  /** Test seam: the host directory mounted as the pods' /host (default `/`). Not an option of the CLI. */
  hostRoot?: string;
  /** Aborted by SIGINT/SIGTERM (default: src/interrupt.ts). */
  interrupt?: AbortSignal;
}

/**
 * `ready`: the node's kubelet is posting status (its Ready condition is True, or False with the kubelet's
 * own reason). A node that is NotReady because its network plugin is not up (often because the CNI image
 * cannot be pulled: the very registries.yaml problem we look for) still runs hostNetwork pods such as ours;
 * a node whose condition is Unknown (the kubelet stopped posting) or missing would never start the pod.
 */
interface NodeInfo { name: string; ready: boolean; kubeletVersion: string | null }

function nodeInfo(raw: unknown): NodeInfo {
  const n = raw as Obj;
  const status = (n.status ?? {}) as Obj;
  const info = (status.nodeInfo ?? {}) as Obj;
  const ready = ((status.conditions ?? []) as Obj[]).some((c) => c.type === 'Ready' && (c.status === 'True' || c.status === 'False'));
  return { name: String(((n.metadata ?? {}) as Obj).name ?? '?'), ready, kubeletVersion: typeof info.kubeletVersion === 'string' ? info.kubeletVersion : null };
}

function target(n: NodeInfo, forced: ClusterProbeOptions['distribution']): { t: NodeTarget; source: NodeRun['distributionSource'] } {
  if (forced) return { t: { name: n.name, distribution: forced }, source: 'flag' };
  const d = distributionOf({ name: n.name, kubeletVersion: n.kubeletVersion, runtime: null });
  return d ? { t: { name: n.name, distribution: d }, source: 'kubelet' } : { t: { name: n.name, distribution: 'k3s' }, source: 'default' };
}

/** Every node, sorted by name (the callers apply --node). */
async function listNodes(core: Core, timeoutMs: number, signal: AbortSignal): Promise<NodeInfo[]> {
  const res = await withTimeout(core.listNode({}), timeoutMs, signal);
  return (res.items as unknown[]).map(nodeInfo).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function runFor(n: NodeInfo, o: ClusterProbeOptions): NodeRun {
  const { t, source } = target(n, o.distribution);
  return { node: n.name, kubeletVersion: n.kubeletVersion, distribution: t.distribution, distributionSource: source, file: registriesPath(t.distribution), pod: null, outcome: 'not-ready', exitCode: null, report: null, detail: null, podInfo: null, events: [] };
}

/** --emit: the manifests a live run would create, as multi-document YAML. */
export async function emitManifests(o: ClusterProbeOptions): Promise<string> {
  const hooks = { signal: new AbortController().signal };
  let targets: NodeTarget[];
  if (o.nodeNames.length && o.distribution) targets = o.nodeNames.map((name) => ({ name, distribution: o.distribution! }));
  else {
    const cfg = await loadClusterConfig(o);
    if (!cfg.kc) throw new InputError('--emit: no kubeconfig to list the nodes; give --node NAME (repeated) and --distribution k3s|rke2 to emit without the API');
    const k = await clientNode();
    let nodes: NodeInfo[];
    try {
      nodes = await listNodes(cfg.kc.makeApiClient(k.CoreV1Api), o.timeoutMs, hooks.signal);
    } catch (err) {
      const e = kubeError(err, 'list nodes');
      throw new InputError(`--emit: cannot list the nodes at ${cfg.server} (${e.status ?? e.cause ?? e.kind}): ${e.message}; give --node NAME and --distribution k3s|rke2 to emit without the API`);
    }
    const chosen = o.nodeNames.length ? o.nodeNames.map((name) => nodes.find((n) => n.name === name) ?? { name, ready: true, kubeletVersion: null }) : nodes.filter((n) => n.ready);
    targets = chosen.map((n) => target(n, o.distribution).t);
  }
  const docs = nodeRunManifests(manifestOptions(o, targets));
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

function manifestOptions(o: ClusterProbeOptions, nodes: NodeTarget[], hostRoot?: string): ManifestOptions {
  return { namespace: o.nodeNamespace, image: o.nodeImage!, nodes, lang: o.lang, deadlineSeconds: Math.ceil(o.nodeTimeoutMs / 1000) + 30, hostRoot, rancherVersion: o.rancherVersion, systemDefaultRegistry: o.systemDefaultRegistry };
}

export async function runNodeChecks(o: ClusterProbeOptions, hooks: NodeRunHooks): Promise<KubeNodeRunsFact> {
  const fact: KubeNodeRunsFact = { source: null, context: null, server: null, user: null, image: o.nodeImage ?? '', namespace: o.nodeNamespace, nodeTimeoutMs: o.nodeTimeoutMs, error: null, namespaceConflict: null, runs: [], interrupted: false, cleanup: null };
  const kc = await connectCluster(o, fact);
  if (!kc) return fact;
  const k = await clientNode();
  const core: Core = kc.makeApiClient(k.CoreV1Api);
  const ns = o.nodeNamespace;
  const req = o.timeoutMs;
  const interrupted = hooks.interrupt ?? interruptSignal;
  // Stop waiting on SIGINT/SIGTERM or the probe's own deadline; cleanup has its own bounds.
  const stop = AbortSignal.any([interrupted, hooks.signal]);
  let nodes: NodeInfo[];
  try {
    nodes = await listNodes(core, req, hooks.signal);
  } catch (err) {
    fact.error = kubeError(err, 'list nodes');
    return fact;
  }
  const wanted = o.nodeNames.length ? o.nodeNames : nodes.map((n) => n.name);
  fact.runs = wanted.map((name) => {
    const n = nodes.find((x) => x.name === name);
    return n ? runFor(n, o) : { ...runFor({ name, ready: false, kubeletVersion: null }, o), outcome: 'not-found' as const };
  });
  const todo = fact.runs.filter((r) => r.outcome === 'not-ready' && nodes.find((n) => n.name === r.node)?.ready);
  if (todo.length === 0) return fact;

  const release = holdInterrupts();
  const created: string[] = [];
  let madeNamespace = false;
  try {
    // The namespace: ours (labelled) or made now; a namespace someone else owns is never touched.
    hooks.progress(`creating namespace ${ns}`);
    try {
      const existing = await withTimeout(core.readNamespace({ name: ns }), req, hooks.signal);
      const labels = (existing.metadata?.labels ?? {}) as Record<string, string>;
      if (labels[MANAGED_BY.key] !== MANAGED_BY.value) {
        fact.namespaceConflict = labels;
        return fact;
      }
      madeNamespace = true;
      if (existing.metadata?.deletionTimestamp) await waitGone(core, ns, req, stop, Date.now() + o.nodeTimeoutMs);
    } catch (err) {
      const e = kubeError(err, `read namespace ${ns}`);
      if (e.status !== 404) {
        fact.error = e;
        return fact;
      }
    }
    try {
      await withTimeout(core.createNamespace({ body: namespaceManifest(ns) as never }), req, hooks.signal);
      madeNamespace = true;
    } catch (err) {
      const e = kubeError(err, `create namespace ${ns}`);
      if (e.status !== 409) {
        fact.error = e;
        return fact;
      }
    }
    const mo = manifestOptions(o, todo.map((r) => ({ name: r.node, distribution: r.distribution })), hooks.hostRoot);
    for (const r of todo) {
      if (stop.aborted) break;
      const body = podManifest(mo, { name: r.node, distribution: r.distribution });
      r.pod = podName(r.node);
      hooks.progress(`creating pod ${ns}/${r.pod} on ${r.node}`);
      try {
        await createPod(core, ns, r.pod, body, req, hooks.signal, stop, Date.now() + o.nodeTimeoutMs);
        created.push(r.pod);
        r.outcome = 'timeout';
      } catch (err) {
        r.outcome = 'create-failed';
        r.detail = kubeError(err, `create pod ${ns}/${r.pod}`).message;
      }
    }
    await waitAll(core, ns, todo.filter((r) => r.outcome === 'timeout'), req, stop, Date.now() + o.nodeTimeoutMs, hooks.progress);
    fact.interrupted = interrupted.aborted;
    if (fact.interrupted) for (const r of todo) if (r.outcome === 'timeout') r.outcome = 'interrupted';
    return fact;
  } finally {
    if (madeNamespace || created.length) fact.cleanup = await cleanup(core, ns, created, madeNamespace, req, hooks.progress);
    release();
  }
}

/**
 * The ServiceAccount admission plugin refuses pods in a namespace whose `default` service account the
 * controller-manager has not made yet ("error looking up service account NS/default"): a fresh namespace
 * of ours, a few milliseconds old. That refusal is retried (until `deadline`); any other is final.
 */
const NO_SERVICE_ACCOUNT_YET = /error looking up service account|serviceaccount "default" not found/;

/** `signal` bounds each request (the probe's deadline); `stop` (also SIGINT) only ends the retrying. */
async function createPod(core: Core, ns: string, name: string, body: Obj, req: number, signal: AbortSignal, stop: AbortSignal, deadline: number): Promise<void> {
  for (;;) {
    try {
      await withTimeout(core.createNamespacedPod({ namespace: ns, body: body as never }), req, signal);
      return;
    } catch (err) {
      const e = kubeError(err, '');
      if (e.status === 403 && NO_SERVICE_ACCOUNT_YET.test(e.message) && Date.now() < deadline && !stop.aborted) {
        await sleep(250, stop);
        continue;
      }
      // A pod of ours left by a run that was killed: replace it.
      if (e.status !== 409 || Date.now() >= deadline) throw err;
      await withTimeout(core.deleteNamespacedPod({ name, namespace: ns, gracePeriodSeconds: 0 }), req, signal);
    }
  }
}

function podInfoOf(raw: unknown): PodInfo {
  return parsePodsJson(JSON.stringify({ items: [raw] }))[0]!;
}

async function eventsOf(core: Core, ns: string, pod: string, req: number, signal: AbortSignal): Promise<EventInfo[]> {
  try {
    const res = await withTimeout(core.listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod}` }), req, signal);
    return parseEventsJson(JSON.stringify({ items: res.items }));
  } catch {
    return [];
  }
}

async function waitAll(core: Core, ns: string, runs: NodeRun[], req: number, stop: AbortSignal, deadline: number, progress: (t: string) => void): Promise<void> {
  const pending = new Set(runs);
  const noStop = new AbortController().signal;
  while (pending.size && !stop.aborted && Date.now() < deadline) {
    progress(`waiting for ${pending.size} node pod(s) in ${ns}`);
    let items: unknown[] = [];
    try {
      items = (await withTimeout(core.listNamespacedPod({ namespace: ns, labelSelector: `${NODE_CHECK_LABEL}=true` }), req, stop)).items as unknown[];
    } catch { /* try again until the deadline */ }
    for (const raw of items) {
      const name = String(((raw as Obj).metadata as Obj | undefined)?.name ?? '');
      const r = [...pending].find((x) => x.pod === name);
      if (!r) continue;
      const info = podInfoOf(raw);
      r.podInfo = info;
      const c = info.containers.find((x) => !x.init);
      const phase = info.phase;
      if (c?.state === 'terminated' || phase === 'Succeeded' || phase === 'Failed') {
        r.exitCode = c?.exitCode ?? null;
        try {
          const log = await withTimeout(core.readNamespacedPodLog({ name, namespace: ns, container: 'registry', limitBytes: MAX_LOG_BYTES }), req, noStop);
          parseReport(r, String(log));
        } catch (err) {
          r.outcome = 'completed';
          r.detail = `log not readable: ${kubeError(err, `read log of ${ns}/${name}`).message}`;
        }
        r.events = await eventsOf(core, ns, name, req, noStop);
        pending.delete(r);
      } else if (c?.state === 'waiting' && c.reason && PULL_REASONS.has(c.reason)) {
        // The kubelet failed to pull our image: a definite answer (the cause: status or, in back-off, the events).
        r.outcome = 'pull-failed';
        r.events = await eventsOf(core, ns, name, req, noStop);
        pending.delete(r);
      }
    }
    if (pending.size) await sleep(POLL_MS, stop);
  }
  // Not done (timeout, SIGINT): look once more, so the report says what the pod and its events say now
  // (ContainerCreating with a FailedMount, a sandbox failure…), not what the last poll saw up to a second ago.
  if (pending.size) {
    try {
      const items = (await withTimeout(core.listNamespacedPod({ namespace: ns, labelSelector: `${NODE_CHECK_LABEL}=true` }), req, noStop)).items as unknown[];
      for (const raw of items) {
        const r = [...pending].find((x) => x.pod === String(((raw as Obj).metadata as Obj | undefined)?.name ?? ''));
        if (r) r.podInfo = podInfoOf(raw);
      }
    } catch { /* keep the last poll's */ }
  }
  for (const r of pending) if (r.pod) r.events = await eventsOf(core, ns, r.pod, req, noStop);
}

function parseReport(r: NodeRun, log: string): void {
  r.outcome = 'completed';
  try {
    const doc = JSON.parse(log) as { summary?: unknown; findings?: unknown };
    if (!doc || typeof doc !== 'object' || !Array.isArray(doc.findings) || typeof doc.summary !== 'object') throw new Error('not a report');
    r.report = { summary: doc.summary as Record<string, number>, findings: doc.findings };
  } catch {
    const first = log.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
    r.detail = `the pod's log is not a JSON report: ${first || '(empty)'}`;
  }
}

async function namespaceExists(core: Core, ns: string, req: number): Promise<boolean> {
  try {
    await withTimeout(core.readNamespace({ name: ns }), req);
    return true;
  } catch (err) {
    return kubeError(err, '').status !== 404;
  }
}

async function waitGone(core: Core, ns: string, req: number, signal: AbortSignal, deadline: number): Promise<boolean> {
  while (Date.now() < deadline && !signal.aborted) {
    try {
      await withTimeout(core.readNamespace({ name: ns }), req, signal);
    } catch (err) {
      if (kubeError(err, '').status === 404) return true;
    }
    await sleep(500, signal);
  }
  return false;
}

/** Delete our pods (no grace: they only read) and our namespace; report what is left. Bounded, never aborted by a signal. */
async function cleanup(core: Core, ns: string, pods: string[], namespace: boolean, req: number, progress: (t: string) => void): Promise<{ left: string[]; errors: string[] }> {
  const signal = new AbortController().signal;
  const errors: string[] = [];
  progress(`deleting ${pods.length} pod(s) and namespace ${ns}`);
  for (const name of pods) {
    try {
      await withTimeout(core.deleteNamespacedPod({ name, namespace: ns, gracePeriodSeconds: 0 }), req, signal);
    } catch (err) {
      const e = kubeError(err, `delete pod ${ns}/${name}`);
      if (e.status !== 404) errors.push(`${e.request}: ${e.message}`);
    }
  }
  if (namespace) {
    try {
      await withTimeout(core.deleteNamespace({ name: ns }), req, signal);
    } catch (err) {
      const e = kubeError(err, `delete namespace ${ns}`);
      if (e.status !== 404) errors.push(`${e.request}: ${e.message}`);
    }
  }
  const left: string[] = [];
  // Pods are gone at once (grace 0); the namespace once its controller finalized it.
  const deadline = Date.now() + 30_000;
  for (;;) {
    left.length = 0;
    try {
      const res = await withTimeout(core.listNamespacedPod({ namespace: ns, labelSelector: `${MANAGED_BY.key}=${MANAGED_BY.value}` }), req, signal);
      for (const p of res.items) left.push(`pod/${p.metadata?.name}`);
    } catch { /* namespace gone */ }
    if (namespace && (await namespaceExists(core, ns, req))) left.push(`namespace/${ns}`);
    if (left.length === 0 || Date.now() > deadline) break;
    await sleep(500, signal);
  }
  return { left, errors };
}
