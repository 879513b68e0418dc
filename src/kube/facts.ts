/** Serializable facts of the cluster stage (saved with --save-facts, replayed with --from-facts). Pure types. */
import type { EventInfo, PodInfo } from '../health/parse.js';

export const KUBE_CLUSTER = 'kubeCluster';

/**
 * What went wrong talking to the API server. `config`: no kubeconfig to use; `unreachable`: no HTTP
 * answer (refused, DNS, timeout, TLS); `unauthorized`: 401; `forbidden`: 403 (RBAC); `api`: another status.
 */
export type KubeErrorKind = 'config' | 'unreachable' | 'unauthorized' | 'forbidden' | 'api';

export interface KubeError {
  kind: KubeErrorKind;
  /** For `unreachable`: refused | dns | timeout | tls-unknown-ca | tls | reset | other. */
  cause: string | null;
  /** HTTP status for unauthorized / forbidden / api. */
  status: number | null;
  /** The API server's Status message (verbatim), or the client's error text. */
  message: string;
  /** What we asked: "list pods" / "list events", with the scope. */
  request: string;
}

export interface PodPlacement {
  namespace: string;
  name: string;
  /** spec.nodeName; null while unscheduled. */
  node: string | null;
  /** Owner kind/name (ReplicaSet, DaemonSet, Job, …) for grouping Rancher's workloads. */
  owner: string | null;
  /** CATTLE_SYSTEM_DEFAULT_REGISTRY as a literal env value of any container of the pod, when set. */
  systemDefaultRegistry: string | null;
}

export interface KubeClusterFact {
  /** The kubeconfig file(s) read, or "in-cluster". */
  source: string | null;
  context: string | null;
  server: string | null;
  user: string | null;
  /** Namespaces asked for; null = every namespace. */
  namespaces: string[] | null;
  /** ready: pods listed. */
  api: 'ready' | 'error';
  error: KubeError | null;
  /** Server version (gitVersion) when /version answered. */
  version: string | null;
  pods: PodInfo[];
  placement: PodPlacement[];
  events: EventInfo[];
  /** Events could not be listed (e.g. RBAC allows pods only): causes of back-offs are then unknown. */
  eventsError: KubeError | null;
  /** Nodes, when they could be listed (null: not allowed or failed; not required). */
  nodes: NodeSummary[] | null;
}

export interface NodeSummary {
  name: string;
  /** status.nodeInfo.kubeletVersion: v1.28.9+k3s1 / v1.28.9+rke2r1 tell the distribution. */
  kubeletVersion: string | null;
  /** status.nodeInfo.containerRuntimeVersion, e.g. containerd://1.7.15-k3s1. */
  runtime: string | null;
}

export const KUBE_NODE_RUNS = 'kubeNodeRuns';

/**
 * How one node's pod ended. `completed`: it terminated and its log was read; `pull-failed`: the kubelet
 * could not pull our image (the pod's status and events say why); `timeout`: not done within --node-timeout;
 * `interrupted`: SIGINT/SIGTERM before it was done; `create-failed`: the API refused the pod;
 * `not-ready`: the node is not Ready, no pod was made; `not-found`: a --node that does not exist.
 */
export type NodeRunOutcome = 'completed' | 'pull-failed' | 'timeout' | 'interrupted' | 'create-failed' | 'not-ready' | 'not-found';

export interface NodeRun {
  node: string;
  kubeletVersion: string | null;
  distribution: 'k3s' | 'rke2';
  /** Where the distribution came from: the kubelet version (+k3s/+rke2), --distribution, or the K3s default. */
  distributionSource: 'kubelet' | 'flag' | 'default';
  /** registries.yaml as the node has it (the pod reads it under /host). */
  file: string;
  pod: string | null;
  outcome: NodeRunOutcome;
  /** The container's exit code (completed). */
  exitCode: number | null;
  /** The JSON report `registry` printed (completed and parsed). */
  report: { summary: Record<string, number>; findings: unknown[] } | null;
  /** Why the log was not a report (completed but unparsable), or the API error (create-failed), or the last state seen. */
  detail: string | null;
  /** The pod as last seen and its events (pull-failed, timeout, interrupted): judged by the health classifier. */
  podInfo: PodInfo | null;
  events: EventInfo[];
}

export interface KubeNodeRunsFact {
  source: string | null;
  context: string | null;
  server: string | null;
  user: string | null;
  image: string;
  namespace: string;
  /** --node-timeout. */
  nodeTimeoutMs: number;
  error: KubeError | null;
  /** The namespace exists and is not labelled as ours: nothing was created. */
  namespaceConflict: Record<string, string> | null;
  runs: NodeRun[];
  interrupted: boolean;
  /** What was left behind after cleanup (names), and the errors met deleting it. */
  cleanup: { left: string[]; errors: string[] } | null;
}
