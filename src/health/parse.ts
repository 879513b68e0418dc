/**
 * Parsers for what `kubectl` and `crictl` print inside the Rancher container (DOMAIN §2.3, §5.1):
 * the JSON forms first, the table forms as a fallback for builds where `-o json` is unavailable.
 * They turn outputs into small serializable records and throw OutputFormatError on anything else,
 * so garbage is reported as garbage rather than as "no pods".
 */
import { probeErrorText, type HealthProbeError } from './probe-errors.js';

export class OutputFormatError extends Error {
  /** The same, as data for facts (src/health/probe-errors.ts). */
  readonly problem: HealthProbeError;
  constructor(what: string, text: string) {
    const line = text.trim().split('\n')[0] ?? '';
    const first = line.length > 80 ? line.slice(0, 80) + '…' : line;
    const problem: HealthProbeError = first ? { code: 'output.unrecognised', args: { what }, raw: first } : { code: 'output.empty', args: { what } };
    super(probeErrorText(problem));
    this.name = 'OutputFormatError';
    this.problem = problem;
  }
}

export interface ContainerState {
  name: string;
  init: boolean;
  image: string | null;
  ready: boolean;
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason: string | null;
  message: string | null;
  exitCode: number | null;
}

export interface PodInfo {
  namespace: string;
  name: string;
  /** Pod phase (JSON) or the STATUS column (table). */
  phase: string;
  /** STATUS column as kubectl prints it, when parsed from a table. */
  status: string | null;
  ready: string | null;
  containers: ContainerState[];
}

export interface EventInfo {
  namespace: string;
  kind: string;
  name: string;
  fieldPath: string | null;
  type: string;
  reason: string;
  message: string;
  count: number;
  last: string | null;
}

export interface ImageInfo {
  /** Repository including the registry, as crictl prints it (`docker.io/rancher/pause`). */
  repo: string;
  tag: string;
  id: string;
  size: string;
}

function parseJson(what: string, text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{')) throw new OutputFormatError(what, text);
  try {
    return JSON.parse(t);
  } catch {
    throw new OutputFormatError(what, text);
  }
}

type J = Record<string, unknown>;
const obj = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function containerFrom(raw: unknown, init: boolean, specImages: Map<string, string>): ContainerState {
  const c = obj(raw);
  const state = obj(c.state);
  const name = str(c.name) ?? '?';
  let kind: ContainerState['state'] = 'unknown';
  let reason: string | null = null;
  let message: string | null = null;
  let exitCode: number | null = null;
  if (state.waiting) {
    kind = 'waiting';
    reason = str(obj(state.waiting).reason);
    message = str(obj(state.waiting).message);
  } else if (state.running) kind = 'running';
  else if (state.terminated) {
    kind = 'terminated';
    const t = obj(state.terminated);
    reason = str(t.reason);
    message = str(t.message);
    exitCode = typeof t.exitCode === 'number' ? t.exitCode : null;
  }
  // The spec image is what the kubelet asked for; status.image may be a resolved name.
  return { name, init, image: specImages.get(`${init ? 'i' : 'c'}/${name}`) ?? str(c.image), ready: c.ready === true, state: kind, reason, message, exitCode };
}

/** `kubectl get pods -A -o json`. */
export function parsePodsJson(text: string): PodInfo[] {
  const doc = obj(parseJson('kubectl get pods -o json', text));
  if (!Array.isArray(doc.items)) throw new OutputFormatError('kubectl get pods -o json', text);
  return doc.items.map((raw) => {
    const p = obj(raw);
    const meta = obj(p.metadata);
    const spec = obj(p.spec);
    const status = obj(p.status);
    const specImages = new Map<string, string>();
    for (const c of arr(spec.containers)) specImages.set(`c/${str(obj(c).name)}`, str(obj(c).image) ?? '');
    for (const c of arr(spec.initContainers)) specImages.set(`i/${str(obj(c).name)}`, str(obj(c).image) ?? '');
    const containers = [...arr(status.initContainerStatuses).map((c) => containerFrom(c, true, specImages)), ...arr(status.containerStatuses).map((c) => containerFrom(c, false, specImages))];
    // A pod whose sandbox was never created has no container statuses yet: list the spec so the report names them.
    if (containers.length === 0) {
      for (const c of arr(spec.initContainers)) containers.push({ name: str(obj(c).name) ?? '?', init: true, image: str(obj(c).image), ready: false, state: 'unknown', reason: null, message: null, exitCode: null });
      for (const c of arr(spec.containers)) containers.push({ name: str(obj(c).name) ?? '?', init: false, image: str(obj(c).image), ready: false, state: 'unknown', reason: null, message: null, exitCode: null });
    }
    return { namespace: str(meta.namespace) ?? 'default', name: str(meta.name) ?? '?', phase: str(status.phase) ?? 'Unknown', status: null, ready: null, containers };
  });
}

function tableRows(what: string, text: string, header: RegExp): string[][] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  if (!header.test(lines[0]!)) throw new OutputFormatError(what, text);
  return lines.slice(1).map((l) => l.trim().split(/\s+/));
}

/** `kubectl get pods -A` (the table in the seed article). No images or messages: events fill those in. */
export function parsePodsTable(text: string): PodInfo[] {
  if (/^No resources found/.test(text.trim())) return [];
  const rows = tableRows('kubectl get pods -A', text, /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
  return rows.map((cols) => {
    if (cols.length < 6 || !/^\d+\/\d+$/.test(cols[2]!)) throw new OutputFormatError('kubectl get pods -A', text);
    const status = cols[3]!;
    const phase = status === 'Completed' ? 'Succeeded' : status === 'Running' ? 'Running' : 'Pending';
    return { namespace: cols[0]!, name: cols[1]!, phase, status, ready: cols[2]!, containers: [] };
  });
}

/** `kubectl get events -A -o json`. */
export function parseEventsJson(text: string): EventInfo[] {
  const doc = obj(parseJson('kubectl get events -o json', text));
  if (!Array.isArray(doc.items)) throw new OutputFormatError('kubectl get events -o json', text);
  return doc.items.map((raw) => {
    const e = obj(raw);
    const io = obj(e.involvedObject ?? e.regarding);
    const meta = obj(e.metadata);
    return {
      namespace: str(io.namespace) ?? str(meta.namespace) ?? 'default',
      kind: str(io.kind) ?? '',
      name: str(io.name) ?? '',
      fieldPath: str(io.fieldPath),
      type: str(e.type) ?? 'Normal',
      reason: str(e.reason) ?? '',
      message: str(e.message) ?? str(e.note) ?? '',
      count: typeof e.count === 'number' ? e.count : 1,
      last: str(e.lastTimestamp) ?? str(e.eventTime) ?? str(obj(e.series).lastObservedTime),
    };
  });
}

/** `crictl images -o json`. */
export function parseImagesJson(text: string): ImageInfo[] {
  const doc = obj(parseJson('crictl images -o json', text));
  if (!Array.isArray(doc.images)) throw new OutputFormatError('crictl images -o json', text);
  const out: ImageInfo[] = [];
  for (const raw of doc.images) {
    const i = obj(raw);
    const tags = arr(i.repoTags).map(str).filter((s): s is string => Boolean(s));
    const id = (str(i.id) ?? '').replace(/^sha256:/, '').slice(0, 13);
    const size = typeof i.size === 'string' || typeof i.size === 'number' ? String(i.size) : '';
    if (tags.length === 0) {
      const digest = arr(i.repoDigests).map(str).find(Boolean);
      if (digest) out.push({ repo: digest.split('@')[0]!, tag: '<none>', id, size });
      continue;
    }
    for (const t of tags) {
      const colon = t.lastIndexOf(':');
      const slash = t.lastIndexOf('/');
      out.push(colon > slash ? { repo: t.slice(0, colon), tag: t.slice(colon + 1), id, size } : { repo: t, tag: 'latest', id, size });
    }
  }
  return out;
}

/** `crictl images` (the table in the seed article). */
export function parseImagesTable(text: string): ImageInfo[] {
  const rows = tableRows('crictl images', text, /^IMAGE\s+TAG\s+IMAGE ID\s+SIZE/);
  return rows.map((cols) => {
    if (cols.length < 4) throw new OutputFormatError('crictl images', text);
    return { repo: cols[0]!, tag: cols[1]!, id: cols[2]!, size: cols.slice(3).join(' ') };
  });
}
