/**
 * Turns what a user pastes into `explain` into pull-failure messages: one error line, a log
 * (kubelet/K3s klog, containerd logfmt, crictl, ctr), `kubectl describe pod`, `kubectl get events`
 * (table, `-o wide`, JSON or YAML), `kubectl get pod -o json|yaml`, or several of these one after
 * another. Formats follow kubectl's printers (kubernetes/kubectl pkg/describe/describe.go
 * `DescribeEvents`: tabwriter columns Type, Reason, Age, From, Message; container state prints only
 * `Reason:` for Waiting) and DOMAIN §5.1. Pure; no I/O.
 */
import { parse as parseYamlDoc } from 'yaml';
import { parseEventsJson, parsePodsJson } from '../health/parse.js';

export type InputFormat = 'json' | 'yaml' | 'describe' | 'events-table' | 'text';

export interface PullRecord {
  /** 1-based line of the input where the message starts (0 for JSON/YAML documents). */
  line: number;
  source: 'event' | 'status' | 'log' | 'text';
  message: string;
  /** Image the surrounding output names for this record (describe's Image:, the event's pod container). */
  image: string | null;
  /** namespace/name of the pod, when the output says. */
  pod: string | null;
  container: string | null;
  /** Event reason (Failed, BackOff, FailedCreatePodSandBox) or waiting reason (ErrImagePull, …). */
  reason: string | null;
  /** How many times the event happened (describe's "(x4 over 2m)", events' COUNT). */
  count: number;
}

export interface ParsedInput {
  formats: InputFormat[];
  lines: number;
  records: PullRecord[];
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Lines that carry a pull failure (or a step of one) rather than other log noise. */
export const PULL_HINT =
  /Failed to pull image|failed to pull and unpack image|failed to resolve reference|failed to do request|failed to get sandbox image|FailedCreatePodSandBox|trying next host|PullImage .*failed|pulling image|Back-off pulling image|failed to fetch (?:oauth|anonymous) token|failed to authorize|pull access denied|failed to decode hosts\.toml|host will try HTTPS first|x509: |server gave HTTP response to HTTPS client|unexpected status (?:code|from)|InvalidImageName|Error response from daemon|ErrImagePull|ImagePullBackOff/;

/** Event/status texts that say that a pull failed but not why (kubelet, DOMAIN §5.1 item 3). */
const NO_CAUSE = /^(?:Error: (?:ErrImagePull|ImagePullBackOff|ErrImageNeverPull|InvalidImageName)|Pulling image "[^"]*"|Back-off pulling image "[^"]*"|Successfully pulled image.*|Container image "[^"]*" already present on machine)\s*$/;

export function carriesNoCause(message: string): boolean {
  return NO_CAUSE.test(message.trim());
}

/** Reads one Go-quoted string starting at `start` (the opening quote); returns the unescaped text and the end index. */
function goQuoted(text: string, start: number): { value: string; end: number } | null {
  if (text[start] !== '"') return null;
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      const n = text[i + 1]!;
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
      i++;
      continue;
    }
    if (ch === '"') return { value: out, end: i + 1 };
    out += ch;
  }
  return { value: out, end: text.length };
}

/**
 * The messages inside one log line: containerd/crictl logfmt (`error="…"`, `err="…"`), kubelet's
 * pod_workers `failed to "StartContainer" for "helm" with ErrImagePull: "…"` (several per line), or
 * the line itself.
 */
export function messagesInLine(line: string): { message: string; container: string | null; reason: string | null }[] {
  const out: { message: string; container: string | null; reason: string | null }[] = [];
  const start = /failed to "StartContainer" for "([^"]+)" with (\w+): /g;
  for (let m = start.exec(line); m; m = start.exec(line)) {
    const q = goQuoted(line, m.index + m[0].length);
    if (q) out.push({ message: q.value, container: m[1]!, reason: m[2]! });
  }
  if (out.length) return out;
  for (const key of ['error', 'err']) {
    const m = new RegExp(`(?:^|\\s)${key}="`).exec(line);
    if (!m) continue;
    const q = goQuoted(line, m.index + m[0].length - 1);
    if (!q) continue;
    // msg="PullImage \"ref\" failed": keep the image the msg names.
    const msg = /(?:^|\s)msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\"/g, '"') ?? '';
    const ref = /PullImage "([^"]+)"/.exec(msg)?.[1];
    let message = q.value;
    // logrus text (`ERRO[0000] failed to decode hosts.toml error="…"`) puts the message before error=.
    const text = msg || line.slice(0, m.index).replace(/^\s*(?:[A-Z]{4}\[[^\]]*\]|time="[^"]*"\s+level=\w+)\s*/, '').trim();
    if (ref && !message.includes(ref)) message = `PullImage "${ref}" failed: ${message}`;
    else if (!ref && text && !/^trying next host/.test(text) && !/^(?:level|time)=/.test(text) && !message.includes(text)) message = `${text}: ${message}`;
    out.push({ message, container: null, reason: null });
    return out;
  }
  // containerd 2.x logs row 16 as msg="host will try HTTPS first …" host=…
  if (/host will try HTTPS first/.test(line)) return [{ message: line.trim(), container: null, reason: null }];
  const msgOnly = /(?:^|\s)msg="((?:[^"\\]|\\.)*)"/.exec(line);
  if (msgOnly && /level=/.test(line)) {
    const rest = line.replace(/^.*?(?:^|\s)msg="(?:[^"\\]|\\.)*"/, '').trim();
    return [{ message: `${msgOnly[1]!.replace(/\\"/g, '"')}${rest ? ' ' + rest : ''}`, container: null, reason: null }];
  }
  return [{ message: line.trim(), container: null, reason: null }];
}

/** Split concatenated JSON documents (`kubectl get pods -o json; kubectl get events -o json`). */
function jsonDocuments(text: string): unknown[] | null {
  const docs: unknown[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) break;
    if (text[i] !== '{' && text[i] !== '[') return null;
    let depth = 0;
    let inStr = false;
    let j = i;
    for (; j < n; j++) {
      const ch = text[j]!;
      if (inStr) {
        if (ch === '\\') j++;
        else if (ch === '"') inStr = false;
      } else if (ch === '"') inStr = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    try {
      docs.push(JSON.parse(text.slice(i, j + 1)));
    } catch {
      return null;
    }
    i = j + 1;
  }
  return docs.length ? docs : null;
}

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

const PULL_WAITING = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'ImageInspectError', 'RegistryUnavailable']);

/** Pods and events of Kubernetes objects (List, PodList, EventList, Pod, Event), as kubectl prints them in JSON or YAML. */
function recordsFromObjects(docs: unknown[]): PullRecord[] | null {
  const items: J[] = [];
  const add = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(add);
    else if (isObj(v)) {
      if (Array.isArray(v.items)) v.items.forEach(add);
      else items.push(v);
    }
  };
  docs.forEach(add);
  const pods = items.filter((o) => o.kind === 'Pod' || (o.kind === undefined && isObj(o.status) && isObj(o.spec)));
  const events = items.filter((o) => o.kind === 'Event' || (o.kind === undefined && 'involvedObject' in o));
  if (pods.length === 0 && events.length === 0) return null;
  const out: PullRecord[] = [];
  for (const p of parsePodsJson(JSON.stringify({ items: pods }))) {
    for (const c of p.containers) {
      if (c.state !== 'waiting' || !c.reason || !PULL_WAITING.has(c.reason)) continue;
      out.push({ line: 0, source: 'status', message: c.message ?? '', image: c.image, pod: `${p.namespace}/${p.name}`, container: c.name, reason: c.reason, count: 1 });
    }
  }
  const podImages = new Map<string, Map<string, string>>();
  for (const p of parsePodsJson(JSON.stringify({ items: pods }))) podImages.set(`${p.namespace}/${p.name}`, new Map(p.containers.map((c) => [c.name, c.image ?? ''])));
  for (const e of parseEventsJson(JSON.stringify({ items: events }))) {
    if (e.kind && e.kind !== 'Pod') continue;
    const pod = e.name ? `${e.namespace}/${e.name}` : null;
    const container = /spec\.(?:initContainers|containers)\{([^}]+)\}/.exec(e.fieldPath ?? '')?.[1] ?? null;
    const image = (pod && container && podImages.get(pod)?.get(container)) || null;
    out.push({ line: 0, source: 'event', message: e.message, image, pod, container, reason: e.reason || null, count: e.count });
  }
  return out;
}

interface Columns {
  starts: number[];
  names: string[];
}

function headerColumns(header: string, names: string[]): Columns {
  return { starts: names.map((n) => header.indexOf(n)), names };
}

function cell(line: string, cols: Columns, name: string): string {
  const i = cols.names.indexOf(name);
  const start = cols.starts[i]!;
  const end = i + 1 < cols.starts.length ? cols.starts[i + 1]! : line.length;
  return line.slice(start, end).trim();
}

const EVENTS_HEADER = /^(NAMESPACE\s+)?LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+(?:SUBOBJECT\s+SOURCE\s+)?MESSAGE\b/;
const TYPE_RE = /^(Normal|Warning)$/;
const COUNT_RE = /\(x(\d+) over [^)]*\)/;

/** `kubectl get events [-A] [-o wide]`: columns located by the header (tabwriter pads every row alike). */
function parseEventsTable(lines: string[], from: number, out: PullRecord[]): number {
  const header = lines[from]!;
  const names = header.trim().split(/\s{2,}/);
  const cols = headerColumns(header, names);
  let i = from + 1;
  let last: PullRecord | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      last = null;
      continue;
    }
    if (EVENTS_HEADER.test(line)) break;
    const type = cell(line, cols, 'TYPE');
    if (!TYPE_RE.test(type)) {
      // A terminal wrapped a long MESSAGE (DOMAIN §5.1 item 3 sample): append the continuation.
      if (last) last.message += line;
      else if (/^\S+\s/.test(line) && !line.includes('  ')) break;
      continue;
    }
    const object = cell(line, cols, 'OBJECT');
    const ns = names.includes('NAMESPACE') ? cell(line, cols, 'NAMESPACE') : null;
    const msgIdx = names.indexOf('MESSAGE');
    const message = msgIdx + 1 < names.length ? cell(line, cols, 'MESSAGE') : line.slice(cols.starts[msgIdx]!).trim();
    const m = /^pod\/(.+)$/.exec(object);
    const count = names.includes('COUNT') ? Number(cell(line, cols, 'COUNT')) || 1 : 1;
    const sub = names.includes('SUBOBJECT') ? /\{([^}]+)\}/.exec(cell(line, cols, 'SUBOBJECT'))?.[1] ?? null : null;
    last = { line: i + 1, source: 'event', message, image: null, pod: m ? (ns ? `${ns}/${m[1]}` : m[1]!) : null, container: sub, reason: cell(line, cols, 'REASON') || null, count };
    out.push(last);
  }
  return i;
}

/** `kubectl describe pod`: Name/Namespace, each container's Image and waiting Reason, and the Events table. */
function parseDescribe(lines: string[], from: number, out: PullRecord[]): number {
  let name: string | null = null;
  let ns: string | null = null;
  const containers: { name: string; image: string | null; reason: string | null; line: number }[] = [];
  let current: (typeof containers)[number] | null = null;
  let inContainers = false;
  let i = from;
  const pod = () => (name ? (ns ? `${ns}/${name}` : name) : null);
  const podRecords: PullRecord[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (i > from && /^Name:\s/.test(line)) break; // the next object of `kubectl describe pods`
    let m: RegExpExecArray | null;
    if ((m = /^Name:\s+(\S+)/.exec(line))) name = m[1]!;
    else if ((m = /^Namespace:\s+(\S+)/.exec(line))) ns = m[1]!;
    else if (/^(Init Containers|Containers):\s*$/.test(line)) inContainers = true;
    else if (/^\S/.test(line) && !/^Events:/.test(line)) inContainers = false;
    if (inContainers) {
      if ((m = /^ {2}([^\s:][^:]*):\s*$/.exec(line))) {
        current = { name: m[1]!, image: null, reason: null, line: i + 1 };
        containers.push(current);
      } else if (current && (m = /^ {4}Image:\s+(\S+)/.exec(line))) current.image = m[1]!;
      else if (current && (m = /^ {6}Reason:\s+(\S+)/.exec(line)) && current.reason === null) current.reason = m[1]!;
    }
    if (/^Events:\s*$/.test(line)) {
      const header = lines[i + 1] ?? '';
      if (!/^\s+Type\s+Reason\s+Age\s+From\s+Message/.test(header)) continue;
      const cols = headerColumns(header, ['Type', 'Reason', 'Age', 'From', 'Message']);
      let last: PullRecord | null = null;
      let j = i + 3; // header, dashes
      for (; j < lines.length; j++) {
        const row = lines[j]!;
        if (row.trim() === '' || /^\S/.test(row)) break;
        const type = cell(row, cols, 'Type');
        if (!TYPE_RE.test(type)) {
          if (last) last.message += row.replace(/^\s+/, '');
          continue;
        }
        const age = cell(row, cols, 'Age');
        last = { line: j + 1, source: 'event', message: row.slice(cols.starts[4]!).trim(), image: null, pod: pod(), container: null, reason: cell(row, cols, 'Reason') || null, count: Number(COUNT_RE.exec(age)?.[1] ?? 1) };
        podRecords.push(last);
      }
      i = j - 1;
    }
  }
  for (const c of containers) {
    if (!c.reason || !PULL_WAITING.has(c.reason)) continue;
    podRecords.push({ line: c.line, source: 'status', message: '', image: c.image, pod: pod(), container: c.name, reason: c.reason, count: 1 });
  }
  // Events name the image they failed on; tie them to the container that uses it.
  for (const r of podRecords) {
    if (r.source !== 'event') continue;
    const img = /image "([^"]+)"/.exec(r.message)?.[1];
    const c = img ? containers.find((k) => k.image === img) : undefined;
    if (c) {
      r.container = c.name;
      r.image = c.image;
    }
  }
  out.push(...podRecords);
  return i;
}

/** Parse pasted text (ANSI colours and CR stripped) into pull-failure candidates. */
export function parseInput(raw: string): ParsedInput {
  const text = raw.replace(ANSI, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const docs = jsonDocuments(trimmed);
    const recs = docs ? recordsFromObjects(docs) : null;
    if (recs) return { formats: ['json'], lines: lines.length, records: recs };
  }
  if (/^(apiVersion|kind|items):/m.test(trimmed) && /^kind:\s*(Pod|Event|List|PodList|EventList)\s*$/m.test(trimmed)) {
    try {
      const docs = trimmed.split(/^---\s*$/m).map((d) => parseYamlDoc(d, { maxAliasCount: 100 }) as unknown);
      const recs = recordsFromObjects(docs);
      if (recs) return { formats: ['yaml'], lines: lines.length, records: recs };
    } catch {
      // not YAML after all: read it as text
    }
  }
  const formats = new Set<InputFormat>();
  const records: PullRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (EVENTS_HEADER.test(line)) {
      formats.add('events-table');
      i = parseEventsTable(lines, i, records) - 1;
      continue;
    }
    if (/^Name:\s+\S/.test(line) && lines.slice(i + 1, i + 4).some((l) => /^Namespace:\s/.test(l))) {
      formats.add('describe');
      i = parseDescribe(lines, i, records) - 1;
      continue;
    }
    if (line.trim() === '' || !PULL_HINT.test(line)) continue;
    formats.add('text');
    for (const m of messagesInLine(line)) {
      records.push({ line: i + 1, source: /level=|^[EWIF]\d{4} |^time=|^(?:FATA|ERRO|WARN|INFO)\[/.test(line) ? 'log' : 'text', message: m.message, image: null, pod: null, container: m.container, reason: m.reason, count: 1 });
    }
  }
  return { formats: formats.size ? [...formats] : ['text'], lines: lines.length, records };
}
