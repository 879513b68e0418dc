/**
 * Proposed values of lint findings, as data (`finding.data.fix`, other ways in `data.alternatives`), and a pure function that
 * applies one to the text of registries.yaml. Checks compute every value they propose from the
 * model (never by pasting strings into a message), so the same value can be fed back through lint
 * and the endpoint chain (test/lint-suggestions.test.ts) and, later, written by `lint --fix`.
 *
 * Paths name keys and list indexes as they are in the file (`['mirrors', 'docker.io', 'endpoint', 0]`).
 * A suggestion never carries a secret: edits that keep a credential move it by path.
 */
import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, Scalar, YAMLMap, type Document, type Pair } from 'yaml';

export type PathSeg = string | number;

export type Edit =
  /** Set the value at path (missing maps on the way are created). */
  | { op: 'set'; path: PathSeg[]; value: string | boolean | string[] }
  /** Rename the key at path, keeping its value and place. */
  | { op: 'rename'; path: PathSeg[]; to: string }
  /** Delete the key or list item at path. */
  | { op: 'delete'; path: PathSeg[] }
  /** Copy the value at `from` to `to` (which must not exist). */
  | { op: 'copy'; from: PathSeg[]; to: PathSeg[] }
  /** Move the value at `from` to `to` (which must not exist). */
  | { op: 'move'; from: PathSeg[]; to: PathSeg[] }
  /**
   * Re-nest lost indentation: in the map at `path`, the pair at item `index` (whose key is `key` and
   * whose value is empty) takes the `count` pairs after it as its value, in order, comments and all.
   * Item indexes, not keys, because a flattened file repeats keys (the host under mirrors and configs).
   */
  | { op: 'adopt'; path: PathSeg[]; index: number; key: string; count: number }
  /**
   * Quote text on a line of the file, byte for byte (a credential is never read into the edit):
   * `length` characters from `column` (1-based), or to the end of the line when null. Single quotes
   * double an inner `'`; double quotes are only used for text without `"` and `\`.
   */
  | { op: 'quote'; line: number; column: number; length: number | null; style: 'single' | 'double' }
  /** Not an edit of the file: a run option, e.g. CATTLE_SYSTEM_DEFAULT_REGISTRY. */
  | { op: 'option'; name: 'systemDefaultRegistry'; value: string };

/** One way to fix a finding: every edit is needed. */
export interface Suggestion {
  edits: Edit[];
}

export function suggestion(...edits: Edit[]): Suggestion {
  return { edits };
}

export interface Applied {
  text: string;
  /** Run options the suggestion sets (not part of the file). */
  options: { systemDefaultRegistry?: string };
}

export class SuggestionError extends Error {}

function keyOf(pair: Pair): string | null {
  const k = pair.key;
  if (isScalar(k)) return typeof k.value === 'string' ? k.value : String(k.source ?? k.value);
  return null;
}

/** The last pair with this key (yaml.v2 keeps the last of duplicate keys). */
function pairOf(map: YAMLMap, key: string): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const p = map.items[i]!;
    if (isPair(p) && keyOf(p) === key) return p;
  }
  return undefined;
}

function nodeAt(doc: Document, path: PathSeg[]): unknown {
  let cur: unknown = doc.contents;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = cur.items[seg];
    } else {
      if (!isMap(cur)) return undefined;
      cur = pairOf(cur, seg)?.value;
    }
  }
  return cur;
}

function parentOf(doc: Document, path: PathSeg[], create: boolean): unknown {
  let cur: unknown = doc.contents;
  for (const seg of path.slice(0, -1)) {
    if (typeof seg === 'number') {
      if (!isSeq(cur)) throw new SuggestionError(`not a list at ${JSON.stringify(path)}`);
      cur = cur.items[seg];
      continue;
    }
    if (!isMap(cur)) throw new SuggestionError(`not a map at ${JSON.stringify(path)}`);
    let p = pairOf(cur, seg);
    if (!p || p.value === null || (isScalar(p.value) && p.value.value === null)) {
      if (!create) throw new SuggestionError(`no ${seg} in ${JSON.stringify(path)}`);
      const m = new YAMLMap();
      if (p) p.value = m;
      else cur.add(doc.createPair(seg, m));
      p = pairOf(cur, seg)!;
    }
    cur = p.value;
  }
  return cur;
}

function quotedKey(doc: Document, key: string): Scalar {
  const k = doc.createNode(key) as Scalar;
  // Keys with ":" or "*" (host:port, the wildcard) are quoted, as the K3s docs write them.
  if (/[:*\s]/.test(key)) k.type = 'QUOTE_DOUBLE';
  return k;
}

/** A new scalar replacing an old one keeps the old one's comments. */
function keepComments(old: unknown, node: unknown) {
  if (isScalar(old) && isScalar(node)) {
    node.comment = old.comment;
    node.commentBefore = old.commentBefore;
  }
  // A string turned into a list (endpoint: "…" → endpoint: ["…"]): the comment goes with its item.
  if (isScalar(old) && isSeq(node) && isScalar(node.items[0])) {
    node.items[0].comment = old.comment;
    node.commentBefore = old.commentBefore;
  }
}

function setAt(doc: Document, path: PathSeg[], node: unknown, mustNotExist: boolean) {
  const parent = parentOf(doc, path, true);
  const last = path[path.length - 1]!;
  if (typeof last === 'number') {
    if (!isSeq(parent) || last > parent.items.length) throw new SuggestionError(`no list item ${JSON.stringify(path)}`);
    keepComments(parent.items[last], node);
    parent.items[last] = node as never;
    return;
  }
  if (!isMap(parent)) throw new SuggestionError(`not a map at ${JSON.stringify(path)}`);
  const p = pairOf(parent, last);
  if (p && mustNotExist) throw new SuggestionError(`${JSON.stringify(path)} exists already`);
  if (p) keepComments(p.value, node);
  if (p) p.value = node as never;
  else parent.items.push(doc.createPair(quotedKey(doc, last), node) as Pair);
}

function deleteAt(doc: Document, path: PathSeg[]) {
  const parent = parentOf(doc, path, false);
  const last = path[path.length - 1]!;
  if (typeof last === 'number') {
    if (!isSeq(parent) || !parent.items[last]) throw new SuggestionError(`no list item ${JSON.stringify(path)}`);
    parent.items.splice(last, 1);
    return;
  }
  if (!isMap(parent)) throw new SuggestionError(`not a map at ${JSON.stringify(path)}`);
  const p = pairOf(parent, last);
  if (!p) throw new SuggestionError(`no key ${JSON.stringify(path)}`);
  parent.items.splice(parent.items.indexOf(p), 1);
}

function valueNode(doc: Document, value: string | boolean | string[]): unknown {
  if (typeof value === 'boolean') return doc.createNode(value);
  if (Array.isArray(value)) {
    const seq = doc.createNode(value.map((v) => v));
    if (isSeq(seq)) for (const it of seq.items) if (isScalar(it)) it.type = 'QUOTE_DOUBLE';
    return seq;
  }
  const s = doc.createNode(value) as Scalar;
  s.type = 'QUOTE_DOUBLE';
  return s;
}

/**
 * Applies a suggestion to registries.yaml text (comments and layout kept where the yaml library
 * can). Throws SuggestionError when the file no longer has what the suggestion edits.
 */
export function applySuggestion(text: string, s: Suggestion): Applied {
  // Text edits (quoting) first, right to left on a line so earlier columns stay valid.
  const quotes = s.edits.filter((e): e is Extract<Edit, { op: 'quote' }> => e.op === 'quote').sort((a, b) => b.line - a.line || b.column - a.column);
  if (quotes.length) {
    const lines = text.split('\n');
    for (const q of quotes) {
      const raw = lines[q.line - 1];
      if (raw === undefined) throw new SuggestionError(`no line ${q.line}`);
      const cr = raw.endsWith('\r') ? '\r' : '';
      const line = cr ? raw.slice(0, -1) : raw;
      const start = q.column - 1;
      const end = q.length === null ? line.replace(/\s+$/, '').length : start + q.length;
      if (start < 0 || end > line.length || end <= start) throw new SuggestionError(`no text at ${q.line}:${q.column}`);
      const body = line.slice(start, end);
      if (q.style === 'double' && /["\\]/.test(body)) throw new SuggestionError(`cannot double-quote ${q.line}:${q.column}`);
      const quoted = q.style === 'single' ? `'${body.split("'").join("''")}'` : `"${body}"`;
      lines[q.line - 1] = line.slice(0, start) + quoted + line.slice(end) + cr;
    }
    text = lines.join('\n');
    if (quotes.length === s.edits.length) return { text, options: {} };
  }
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, keepSourceTokens: false });
  const options: Applied['options'] = {};
  for (const e of s.edits) {
    switch (e.op) {
      case 'option':
        options[e.name] = e.value;
        break;
      case 'quote':
        break;
      case 'adopt': {
        const map = e.path.length ? nodeAt(doc, e.path) : doc.contents;
        if (!isMap(map)) throw new SuggestionError(`not a map at ${JSON.stringify(e.path)}`);
        const p = map.items[e.index];
        if (!p || !isPair(p) || keyOf(p) !== e.key) throw new SuggestionError(`no ${e.key} at item ${e.index} of ${JSON.stringify(e.path)}`);
        if (!(p.value === null || (isScalar(p.value) && p.value.value === null && !p.value.source))) throw new SuggestionError(`${e.key} is not empty`);
        const children = map.items.splice(e.index + 1, e.count);
        if (children.length !== e.count) throw new SuggestionError(`fewer than ${e.count} items after ${e.key}`);
        const m = new YAMLMap();
        m.items = children as Pair[];
        // A comment on the lines between `key:` and its first child (YAML gave it to the empty value) goes before that child.
        const first = children[0] as Pair | undefined;
        if (isScalar(p.value) && p.value.comment && first && isScalar(first.key)) {
          first.key.commentBefore = first.key.commentBefore ? `${p.value.comment}\n${first.key.commentBefore}` : p.value.comment;
          first.key.spaceBefore = false;
        }
        p.value = m;
        break;
      }
      case 'set':
        setAt(doc, e.path, valueNode(doc, e.value), false);
        break;
      case 'delete':
        deleteAt(doc, e.path);
        break;
      case 'rename': {
        const parent = parentOf(doc, e.path, false);
        const last = e.path[e.path.length - 1];
        if (!isMap(parent) || typeof last !== 'string') throw new SuggestionError(`cannot rename ${JSON.stringify(e.path)}`);
        const p = pairOf(parent, last);
        if (!p) throw new SuggestionError(`no key ${JSON.stringify(e.path)}`);
        if (pairOf(parent, e.to)) throw new SuggestionError(`${e.to} exists already`);
        p.key = quotedKey(doc, e.to);
        break;
      }
      case 'copy':
      case 'move': {
        const v = nodeAt(doc, e.from);
        if (v === undefined) throw new SuggestionError(`nothing at ${JSON.stringify(e.from)}`);
        // A move takes the node itself (comments, quoting and so every credential's characters kept); a copy clones it.
        const node = e.op === 'move' || !isNode(v) ? v : v.clone();
        if (e.op === 'move') deleteAt(doc, e.from);
        setAt(doc, e.to, isNode(node) ? node : doc.createNode(node), true);
        break;
      }
    }
  }
  return { text: String(doc), options };
}
