/** Serializable facts of the health stage (saved with --save-facts, replayed with --from-facts). */
import type { DockerAccess } from '../docker/engine-api.js';
import type { ParsedYaml } from '../yaml-tree.js';
import type { EventInfo, ImageInfo, PodInfo } from './parse.js';
import type { RunsInfo } from './recognise.js';
import type { HealthProbeError } from './probe-errors.js';

export const RANCHER_CONTAINER = 'rancherContainer';
export const CONTAINER_FILES = 'rancherContainerFiles';
export const CLUSTER_STATE = 'rancherCluster';

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: string;
  status: string;
}

export interface MountInfo {
  type: string;
  source: string;
  destination: string;
  rw: boolean;
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  /** Rancher version read from the image tag (v2.8.5), when it has one. */
  imageVersion: string | null;
  state: { status: string; running: boolean; restarting: boolean; startedAt: string | null; finishedAt: string | null; exitCode: number | null };
  privileged: boolean;
  restartPolicy: string;
  /** The env variables that matter here; null = unset. */
  env: Record<'CATTLE_SYSTEM_DEFAULT_REGISTRY' | 'K3S_SYSTEM_DEFAULT_REGISTRY' | 'CATTLE_K3S_VERSION' | 'SSL_CERT_DIR', string | null>;
  mounts: MountInfo[];
  extraHosts: string[];
  networkMode: string;
  /** What the container runs (absent in facts saved before recognition by process). */
  runs?: RunsInfo;
}

export interface RancherContainerFact {
  docker: DockerAccess;
  /** --container as given. */
  requested: string | null;
  /** Containers that run the Rancher server (src/health/recognise.ts), running or not. */
  candidates: ContainerSummary[];
  /** Containers of a rancher/rancher image name that do not run the server (why, per recognise.ts). */
  ignored?: (ContainerSummary & { why: 'entrypoint' | 'no-server-env'; runs: string })[];
  /** null when none could be chosen; `problem` says why. */
  container: ContainerInfo | null;
  problem: 'not-found' | 'several' | null;
  /** --container names a container that does not run the Rancher server: examined as asked, and said so. */
  rejected?: { name: string; image: string; runs: string; why: 'entrypoint' | 'no-server-env' } | null;
}

export type FileKind = 'file' | 'directory' | 'missing' | 'other' | 'unknown';

export interface RegistriesInContainer {
  path: string;
  kind: FileKind;
  size: number | null;
  /** Modification time, seconds since the epoch. */
  mtime: number | null;
  sha256: string | null;
  /** Parsed with our own YAML 1.1 parser; secrets replaced by <redacted>. */
  yaml: ParsedYaml | null;
  /** Other files in /etc/rancher/k3s that look like a misplaced registries file (registries.yml, …). */
  lookalikes: string[];
  error: HealthProbeError | null;
}

export interface HostFileInfo {
  path: string;
  kind: FileKind;
  sha256: string | null;
  mtime: number | null;
  error: string | null;
}

export interface TlsFileInContainer {
  configKey: string;
  field: 'ca_file' | 'cert_file' | 'key_file';
  path: string;
  line: number;
  col: number;
  /** ok | missing | directory | unreadable | unknown (exec failed). */
  status: 'ok' | 'missing' | 'directory' | 'unreadable' | 'unknown';
  /** Number of PEM blocks (certificates or keys) found; null when not read. */
  pemBlocks: number | null;
  error: HealthProbeError | null;
}

export interface DnsResult {
  host: string;
  /** Why we resolve it: the system default registry or an endpoint of mirrors.<key>. */
  source: string;
  resolved: boolean | null;
  addresses: string[];
  error: HealthProbeError | null;
}

export interface MountSource {
  destination: string;
  source: string;
  /** What the bind-mount source is on the Docker host (only known when the engine is local). */
  kind: FileKind;
}

export interface ContainerFilesFact {
  /** Set when the container could not be examined (not running, not found). */
  skipped: HealthProbeError | null;
  /** Host side of the bind mounts that matter, from docker inspect + stat (works on a stopped container). */
  mountSources: MountSource[];
  registries: RegistriesInContainer | null;
  hostFile: HostFileInfo | null;
  tlsFiles: TlsFileInContainer[];
  airgapImages: { path: string; present: boolean | null; files: string[] };
  dns: DnsResult[];
}

export interface ExecSummary {
  cmd: string;
  exitCode: number | null;
  truncated: boolean;
  timedOut: boolean;
  error: HealthProbeError | null;
  ms: number;
  /** First line of stderr when the command failed. */
  stderr: string | null;
}

export interface ClusterStateFact {
  skipped: HealthProbeError | null;
  /** ready: kubectl answered; starting: the API is not up yet; error: kubectl failed otherwise or printed garbage. */
  api: 'ready' | 'starting' | 'error';
  apiError: HealthProbeError | null;
  pods: PodInfo[];
  podsSource: 'json' | 'table' | null;
  events: EventInfo[];
  images: ImageInfo[];
  imagesSource: 'json' | 'table' | null;
  imagesError: HealthProbeError | null;
  containerd: { configToml: string | null; hostsToml: { path: string; text: string }[]; logTail: string | null };
  execs: ExecSummary[];
  wait: { requestedMs: number; elapsedMs: number; polls: number; healthy: boolean } | null;
  /** The container stopped while this was gathered: its state then, and the command that found it (absent in older facts). */
  stopped?: { status: string; cmd: string } | null;
}

/** The files fact when nothing inside the container could be observed (the probe fills it in as it goes). */
export function emptyContainerFiles(skipped: HealthProbeError | null): ContainerFilesFact {
  return { skipped, mountSources: [], registries: null, hostFile: null, tlsFiles: [], airgapImages: { path: '/var/lib/rancher/k3s/agent/images', present: null, files: [] }, dns: [] };
}

/** The cluster fact when kubectl / crictl could not be run. */
export function emptyClusterState(skipped: HealthProbeError | null): ClusterStateFact {
  return { skipped, api: 'error', apiError: null, pods: [], podsSource: null, events: [], images: [], imagesSource: null, imagesError: null, containerd: { configToml: null, hostsToml: [], logTail: null }, execs: [], wait: null };
}

/**
 * Health facts saved before errors were data (facts format 1) hold English sentences where codes
 * now are. Returns the first such place (`rancherCluster.apiError`), or null when the facts read
 * as they are (format-1 facts with no error in them are the same as format 2).
 */
export function legacyHealthError(facts: Record<string, { ok: boolean; value?: unknown }>): string | null {
  const keys = new Set(['error', 'skipped', 'apiError', 'imagesError']);
  const walk = (v: unknown, where: string): string | null => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], `${where}[${i}]`);
        if (r) return r;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (keys.has(k) && typeof x === 'string') return `${where}.${k}`;
        if (k !== 'yaml' && k !== 'containerd') {
          const r = walk(x, `${where}.${k}`);
          if (r) return r;
        }
      }
    }
    return null;
  };
  for (const name of [RANCHER_CONTAINER, CONTAINER_FILES, CLUSTER_STATE]) {
    const f = facts[name];
    if (f?.ok) {
      const r = walk(f.value, name);
      if (r) return r;
    }
  }
  return null;
}
