/**
 * Pure judgements over the cluster state shared by checks and by the --wait loop (which must
 * agree on what "healthy" means). DOMAIN §5.1, §7 item 5.
 */
import type { ClusterStateFact } from './health-facts.js';
import type { ContainerState, EventInfo, PodInfo } from './parse.js';
import { classifyPullError, type Classification } from './classify.js';

export const PULL_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'ImageInspectError', 'RegistryUnavailable']);
const TABLE_PULL_STATUS = /^(Init:)?(ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull)$/;

export interface PullFailure {
  namespace: string;
  pod: string;
  /** Container name; null when only the table (no per-container data) was available. */
  container: string | null;
  init: boolean;
  image: string | null;
  reason: string;
  /** The most informative message: the status message, else the latest matching Failed event. */
  message: string;
  classification: Classification;
}

/**
 * The `data` of a pull-failure finding, shared by pod-image-pull (one Rancher container) and
 * cluster-image-pull (a cluster's nodes). Each adds its own fields; they sit where the checks have
 * always put them, so the JSON output keeps its key order.
 */
export function pullFailureData(
  f: PullFailure,
  own: { node?: string | null; upstream?: boolean; distribution?: unknown; hostView?: unknown; containerdLog?: unknown } = {},
): Record<string, unknown> {
  const cl = f.classification;
  return {
    ...('node' in own ? { node: own.node } : {}),
    namespace: f.namespace,
    pod: f.pod,
    container: f.container,
    init: f.init,
    image: f.image,
    reason: f.reason,
    cause: cl.cause,
    signatureRow: cl.row,
    url: cl.url,
    endpoint: cl.endpoint,
    ...('upstream' in own ? { upstream: own.upstream } : {}),
    innerCause: cl.inner,
    ...('distribution' in own ? { distribution: own.distribution } : {}),
    message: f.message,
    ...('hostView' in own ? { hostView: own.hostView } : {}),
    ...('containerdLog' in own ? { containerdLog: own.containerdLog } : {}),
  };
}

/** Helm-operation pods and other completed Jobs are fine (DOMAIN §4.2). */
export function podDone(p: PodInfo): boolean {
  return p.phase === 'Succeeded' || p.status === 'Completed';
}

function eventsFor(events: EventInfo[], p: PodInfo): EventInfo[] {
  return events.filter((e) => e.kind === 'Pod' && e.namespace === p.namespace && e.name === p.name);
}

function latest(events: EventInfo[]): EventInfo | undefined {
  return [...events].sort((a, b) => (a.last ?? '').localeCompare(b.last ?? '')).pop();
}

/** Best message for a container: a back-off status message carries nothing, the Failed event does (DOMAIN §5.1 items 2-3). */
function messageFor(c: ContainerState | null, podEvents: EventInfo[]): string {
  const status = c?.message ?? '';
  const informative = status !== '' && !/^Back-off pulling image "[^"]*"\s*$/.test(status);
  if (informative) return status;
  const failed = podEvents.filter(
    (e) => e.reason === 'Failed' && /Failed to pull image|failed to pull and unpack|failed to resolve reference/i.test(e.message) && (!c || !e.fieldPath || e.fieldPath.includes(`{${c.name}}`) || (c.image !== null && e.message.includes(`"${c.image}"`))),
  );
  return latest(failed)?.message ?? status;
}

export function pullFailures(state: ClusterStateFact): PullFailure[] {
  const out: PullFailure[] = [];
  for (const p of state.pods) {
    if (podDone(p)) continue;
    const evs = eventsFor(state.events, p);
    const sandboxEv = latest(evs.filter((e) => e.reason === 'FailedCreatePodSandBox'));
    const pullContainers = p.containers.filter((c) => c.state === 'waiting' && c.reason !== null && PULL_REASONS.has(c.reason));
    for (const c of pullContainers) {
      const message = messageFor(c, evs);
      out.push({ namespace: p.namespace, pod: p.name, container: c.name, init: c.init, image: c.image, reason: c.reason!, message, classification: classifyPullError(message, c.reason) });
    }
    if (pullContainers.length === 0 && p.containers.length === 0 && p.status && TABLE_PULL_STATUS.test(p.status)) {
      const message = messageFor(null, evs);
      out.push({ namespace: p.namespace, pod: p.name, container: null, init: p.status.startsWith('Init:'), image: /image "([^"]+)"/.exec(message)?.[1] ?? null, reason: p.status.replace(/^Init:/, ''), message, classification: classifyPullError(message, p.status) });
    }
    // Sandbox (pause) failures leave containers in ContainerCreating (DOMAIN §5.2 row 12, §4.5).
    const creating = p.status === 'ContainerCreating' || p.containers.some((c) => c.state === 'waiting' && c.reason === 'ContainerCreating') || (p.phase === 'Pending' && p.containers.every((c) => c.state === 'unknown'));
    if (sandboxEv && creating && pullContainers.length === 0) {
      out.push({ namespace: p.namespace, pod: p.name, container: null, init: false, image: /sandbox image "([^"]+)"/.exec(sandboxEv.message)?.[1] ?? null, reason: 'FailedCreatePodSandBox', message: sandboxEv.message, classification: classifyPullError(sandboxEv.message, 'FailedCreatePodSandBox') });
    }
  }
  return out;
}

export interface PodReadiness {
  namespace: string;
  name: string;
  ready: boolean;
  done: boolean;
  detail: string;
}

export function podReadiness(p: PodInfo): PodReadiness {
  const done = podDone(p);
  if (done) return { namespace: p.namespace, name: p.name, ready: true, done, detail: 'Completed' };
  if (p.containers.length === 0) {
    const m = p.ready ? /^(\d+)\/(\d+)$/.exec(p.ready) : null;
    const ready = p.status === 'Running' && Boolean(m && m[1] === m[2]);
    return { namespace: p.namespace, name: p.name, ready, done, detail: `${p.status ?? p.phase}${p.ready ? ` ${p.ready}` : ''}` };
  }
  const main = p.containers.filter((c) => !c.init);
  const readyCount = main.filter((c) => c.ready).length;
  const waiting = p.containers.find((c) => c.state === 'waiting' && c.reason);
  const ready = p.phase === 'Running' && main.length > 0 && readyCount === main.length;
  return { namespace: p.namespace, name: p.name, ready, done, detail: `${waiting?.reason ?? p.phase} ${readyCount}/${main.length}` };
}

/** Healthy = the API answers, there are pods, no pull fails and every pod is ready or completed. */
export function clusterHealthy(state: ClusterStateFact): boolean {
  if (state.api !== 'ready' || state.pods.length === 0) return false;
  if (pullFailures(state).length > 0) return false;
  return state.pods.every((p) => podReadiness(p).ready);
}

export interface LogAttempt {
  host: string | null;
  error: string;
}

/**
 * The containerd log is the only place listing every endpoint tried for a pull (DOMAIN §5.1 item 6):
 * `msg="trying next host" error="failed to do request: Head \"<url>\": …" host=<host>`. Returns the
 * attempts whose URL names this repository and tag, oldest first (at most 10).
 */
export function logAttempts(logTail: string | null, repository: string, tag: string): LogAttempt[] {
  if (!logTail) return [];
  const needle = `/${repository}/manifests/${tag}`;
  const out: LogAttempt[] = [];
  for (const line of logTail.split('\n')) {
    if (!line.includes('trying next host') || !line.includes(needle)) continue;
    const error = /\berror="((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\"/g, '"') ?? line;
    out.push({ host: /\bhost=("?)([^\s"]+)\1/.exec(line)?.[2] ?? null, error });
  }
  return out.slice(-10);
}
