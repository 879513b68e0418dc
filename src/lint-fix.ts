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
   * Re-nest lost indentation: the pair whose key is written at `line`:`column` (whose key is `key` and
   * whose value is empty) takes the `count` pairs written after it in its map as its value, in order,
   * comments and all; `through` is the line of the last of them. A position in the text, not a path,
   * because a flattened file repeats keys (the host under mirrors and configs, a second `configs:`),
   * and a path names the merged key, not the one written there.
   */
  | { op: 'adopt'; line: number; column: number; key: string; count: number; through: number }
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

/**
 * A path edit through a key the file writes more than once in the same map: the checks' paths name
 * the merged key (yaml.v2 merges the repeats, src/yaml-tree.ts), so the edit cannot tell which of
 * the written ones it means, and editing either could change what K3s reads. Refused, never guessed.
 */
export class RepeatedKeyError extends SuggestionError {
  constructor(
    readonly key: string,
    readonly lines: number[],
  ) {
    super(`${JSON.stringify(key)} is written ${lines.length} times (lines ${lines.join(', ')})`);
  }
}

/** Line numbers of the text a document was parsed from, for RepeatedKeyError. */
const lineOf = new WeakMap<Document, (offset: number) => number>();

function keyOf(pair: Pair): string | null {
  const k = pair.key;
  if (isScalar(k)) return typeof k.value === 'string' ? k.value : String(k.source ?? k.value);
  return null;
}

/** The pair with this key; a key written more than once in the map is refused (RepeatedKeyError). */
function pairOf(doc: Document, map: YAMLMap, key: string): Pair | undefined {
  const found = map.items.filter((p): p is Pair => isPair(p) && keyOf(p) === key);
  if (found.length > 1) {
    const line = lineOf.get(doc);
    throw new RepeatedKeyError(key, found.map((p) => (line && isNode(p.key) && p.key.range ? line(p.key.range[0]) : 0)));
  }
  return found[0];
}

function nodeAt(doc: Document, path: PathSeg[]): unknown {
  let cur: unknown = doc.contents;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = cur.items[seg];
    } else {
      if (!isMap(cur)) return undefined;
      cur = pairOf(doc, cur, seg)?.value;
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
    let p = pairOf(doc, cur, seg);
    if (!p || p.value === null || (isScalar(p.value) && p.value.value === null)) {
      if (!create) throw new SuggestionError(`no ${seg} in ${JSON.stringify(path)}`);
      const m = new YAMLMap();
      if (p) p.value = m;
      else cur.add(doc.createPair(seg, m));
      p = pairOf(doc, cur, seg)!;
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
  const p = pairOf(doc, parent, last);
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
  const p = pairOf(doc, parent, last);
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

/** Depth-first over the maps at and under node (sequences walked through): the first non-null visit(map). */
function firstInMaps<T>(node: unknown, visit: (m: YAMLMap) => T | null): T | null {
  if (isMap(node)) {
    const hit = visit(node);
    if (hit) return hit;
    for (const p of node.items) {
      const r = firstInMaps(p.value, visit);
      if (r) return r;
    }
  } else if (isSeq(node)) {
    for (const it of node.items) {
      const r = firstInMaps(it, visit);
      if (r) return r;
    }
  }
  return null;
}

/** The map holding pair (searched from node down, so a map made by an earlier adopt is found too). */
function parentMap(node: unknown, pair: Pair): YAMLMap | null {
  return firstInMaps(node, (m) => (m.items.includes(pair) ? m : null));
}

/** The pair whose key starts at offset in the text the document was parsed from (offsets are unique). */
function pairAt(node: unknown, offset: number): Pair | null {
  return firstInMaps(node, (m) => (m.items.find((p) => isNode(p.key) && p.key.range?.[0] === offset) as Pair | undefined) ?? null);
}

/**
 * Re-nests by position: every adopt's pair is found in the text as parsed before any of them
 * changes the document, then they are done last written first, so each takes the pairs written
 * after it in the map it sits in (an inner adopt has already taken its own pairs).
 */
function applyAdopts(doc: Document, adopts: Extract<Edit, { op: 'adopt' }>[], starts: number[]) {
  const found = adopts.map((e) => {
    const offset = e.line >= 1 && e.line <= starts.length ? starts[e.line - 1]! + e.column - 1 : -1;
    const pair = offset >= 0 ? pairAt(doc.contents, offset) : null;
    if (!pair || keyOf(pair) !== e.key) throw new SuggestionError(`no ${e.key} at ${e.line}:${e.column}`);
    if (!(pair.value === null || (isScalar(pair.value) && pair.value.value === null && !pair.value.source))) throw new SuggestionError(`${e.key} is not empty`);
    return { e, pair, offset };
  });
  if (new Set(found.map((f) => f.offset)).size !== found.length) throw new SuggestionError('two re-nests of the same key');
  for (const { e, pair: p } of found.sort((a, b) => b.offset - a.offset)) {
    const map = parentMap(doc.contents, p);
    if (!map) throw new SuggestionError(`no map holds ${e.key} at ${e.line}:${e.column}`);
    const children = map.items.splice(map.items.indexOf(p) + 1, e.count);
    if (children.length !== e.count) throw new SuggestionError(`fewer than ${e.count} items after ${e.key} at ${e.line}:${e.column}`);
    const last = children[children.length - 1];
    const lastLine = last && isNode(last.key) && last.key.range ? lineOf.get(doc)!(last.key.range[0]) : -1;
    if (lastLine !== e.through) throw new SuggestionError(`the pairs after ${e.key} at ${e.line}:${e.column} end at line ${lastLine}, not ${e.through}`);
    const m = new YAMLMap();
    m.items = children as Pair[];
    // A comment on the lines between `key:` and its first child (YAML gave it to the empty value) goes before that child.
    const first = children[0] as Pair | undefined;
    if (isScalar(p.value) && p.value.comment && first && isScalar(first.key)) {
      first.key.commentBefore = first.key.commentBefore ? `${p.value.comment}\n${first.key.commentBefore}` : p.value.comment;
      first.key.spaceBefore = false;
    }
    p.value = m;
  }
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
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  lineOf.set(doc, (o) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= o) line++;
    return line + 1;
  });
  const adopts = s.edits.filter((e): e is Extract<Edit, { op: 'adopt' }> => e.op === 'adopt');
  if (adopts.length && quotes.length) throw new SuggestionError('a suggestion cannot both quote text and re-nest it');
  applyAdopts(doc, adopts, starts);
  const options: Applied['options'] = {};
  for (const e of s.edits) {
    switch (e.op) {
      case 'option':
        options[e.name] = e.value;
        break;
      case 'quote':
        break;
      case 'adopt':
        break;
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
        const p = pairOf(doc, parent, last);
        if (!p) throw new SuggestionError(`no key ${JSON.stringify(e.path)}`);
        if (pairOf(doc, parent, e.to)) throw new SuggestionError(`${e.to} exists already`);
        const was = p.key;
        p.key = quotedKey(doc, e.to);
        // A key the user quoted stays quoted ("https://harbor.example.com": → "harbor.example.com":).
        if (isScalar(was) && isScalar(p.key) && (was.type === 'QUOTE_DOUBLE' || was.type === 'QUOTE_SINGLE') && !(was.type === 'QUOTE_SINGLE' && e.to.includes("'"))) p.key.type = was.type;
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
