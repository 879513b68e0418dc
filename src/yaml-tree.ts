import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node as YamlNode, type Document } from 'yaml';

/**
 * A serializable view of a YAML document with positions, typed as K3s' parser (gopkg.in/yaml.v2,
 * YAML 1.1) would type it. Lint checks read this tree; it can be saved with --save-facts.
 * Lines and columns are 1-based.
 */
export type ScalarType = 'str' | 'int' | 'float' | 'bool' | 'null';
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface YScalar {
  kind: 'scalar';
  line: number;
  col: number;
  value: string | number | boolean | null;
  type: ScalarType;
  style: ScalarStyle;
  /** The text as written (plain scalars only; quoted ones give the unquoted value). */
  source: string;
  /** Set when the value was replaced because it is a secret. */
  secret?: boolean;
}
export interface YPair {
  key: string;
  keyLine: number;
  keyCol: number;
  keyQuoted: boolean;
  value: YNode | null;
}
export interface YMap {
  kind: 'map';
  line: number;
  col: number;
  items: YPair[];
  flow: boolean;
}
export interface YSeq {
  kind: 'seq';
  line: number;
  col: number;
  items: YNode[];
  flow: boolean;
}
export type YNode = YScalar | YMap | YSeq;

export interface YamlIssue {
  message: string;
  line: number;
  col: number;
  code: string;
}

/**
 * One pair of a map as the document writes it: the document's own items, in order and by position,
 * before any merge (the repeated and `<<` keys that `tree` merges as yaml.v2 does are all here, each
 * where it is written). Only the shape of a value is kept, never a scalar's text, so no secret is in it.
 * `empty` is a key with nothing written after it (`mirrors:`); `null` an explicit `~`/`null`.
 */
export interface WPair {
  key: string;
  line: number;
  col: number;
  value: 'empty' | 'null' | 'scalar' | 'seq' | 'alias' | 'other' | WMap;
}
export interface WMap {
  kind: 'map';
  items: WPair[];
}

export interface ParsedYaml {
  tree: YNode | null;
  /**
   * The maps of the document as written (see WPair); what position-based fixes (`adopt`) index.
   * Absent in facts saved before it existed, and when the document has no tree.
   */
  written?: WMap | null;
  errors: YamlIssue[];
  warnings: YamlIssue[];
  duplicateKeys: { key: string; path: string; line: number; col: number; firstLine: number }[];
  tabs: { line: number; col: number }[];
  aliases: number;
}

/** yaml.v2 expands aliases; a document that expands beyond this is refused (billion laughs). */
export const MAX_NODES = 100_000;

function scalarType(node: Scalar): ScalarType {
  const v = node.value;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isInteger(Number(v)) && !(node.format === 'EXP') && !/[.eE]/.test(String(node.source ?? '')) ? 'int' : 'float';
  return 'str';
}

function styleOf(node: Scalar): ScalarStyle {
  switch (node.type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return 'block';
    default:
      return 'plain';
  }
}

export function parseYaml(text: string): ParsedYaml {
  const lc = new LineCounter();
  // Positions come from the text itself: the library's LineCounter misses newlines inside some
  // broken flow collections and then reports columns past the end of a line (issue #6 property test).
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const pos = (offset: number | undefined) => {
    const o = Math.max(0, Math.min(offset ?? 0, text.length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - lineStarts[lo]! + 1 };
  };
  const tabs: ParsedYaml['tabs'] = [];
  text.split('\n').forEach((l, i) => {
    // A tab in the indentation of a content line (blank and comment lines are harmless).
    const m = /^[ ]*\t[ \t]*(?=[^\s#])/.exec(l);
    if (m) tabs.push({ line: i + 1, col: m[0].indexOf('\t') + 1 });
  });

  // The yaml library builds its whole CST before we can count nodes: 500 000 nested "[" (1 MB)
  // take ~600 MB and 8 s. The tree is refused beyond depth 200 anyway, so refuse such text first.
  if (flowDepth(text) > MAX_FLOW_DEPTH) {
    return { tree: null, errors: [{ message: `document expands to more than ${MAX_NODES} nodes (alias bomb or deep nesting)`, line: 1, col: 1, code: 'TOO_LARGE' }], warnings: [], duplicateKeys: [], tabs, aliases: 0 };
  }

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { version: '1.1', uniqueKeys: false, lineCounter: lc, prettyErrors: false, strict: true });
  } catch (err) {
    return { tree: null, errors: [{ message: String((err as Error).message ?? err), line: 1, col: 1, code: 'PARSE' }], warnings: [], duplicateKeys: [], tabs, aliases: 0 };
  }
  const issue = (e: { message: string; code: string; pos: [number, number] }): YamlIssue => ({
    message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    code: e.code,
    ...pos(e.pos[0]),
  });
  const errors = doc.errors.map(issue);
  const warnings = doc.warnings.map(issue);
  const duplicateKeys: ParsedYaml['duplicateKeys'] = [];
  let count = 0;
  let aliases = 0;

  // yaml.v2 decodes a `<<` merge key by unmarshalling the merged map(s) into the same Go value, in
  // order with the explicit keys (go-yaml/yaml v2.4.0 decode.go `mapping`/`mappingStruct`: `if
  // isMerge(...) { d.merge(...) }`; `merge` steps a sequence backwards "as earlier nodes take
  // precedence"). A later key replaces an earlier one, except that a struct pointer (auth, tls) or a
  // map (mirrors, configs, rewrite) already set is reused, so their keys merge. Entries of the
  // mirrors/configs/auths maps are fresh values each time (`reflect.New(et)` per key): replaced.
  const isMergeKey = (k: unknown): boolean => isScalar(k) && (typeof k.value === 'symbol' || (k.type === 'PLAIN' && k.value === '<<') || k.tag === 'tag:yaml.org,2002:merge');
  const mergeInto = (items: YPair[], src: YPair[], deep: boolean) => {
    for (const sp of src) {
      let at = -1;
      for (let i = items.length - 1; i >= 0; i--) if (items[i]!.key === sp.key) {
        at = i;
        break;
      }
      if (at < 0) {
        items.push(sp);
        continue;
      }
      const cur = items[at]!;
      if (deep && cur.value?.kind === 'map' && sp.value?.kind === 'map') {
        const merged: YPair[] = [...cur.value.items];
        // One level only: the entries of a reused map (mirrors, configs, rewrite) or the fields of a
        // reused struct pointer (auth, tls) are each replaced, never merged further (a mirrors/configs
        // entry is a fresh value per key; measured with yaml.v2 2.4.0, docs/checks/yaml-duplicate-key.md).
        mergeInto(merged, sp.value.items, false);
        items[at] = { ...cur, value: { ...cur.value, items: merged } };
      } else items[at] = sp;
    }
  };
  const mergeError = (at: { line: number; col: number }) => errors.push({ message: 'map merge requires map or sequence of maps as the value', code: 'MERGE', ...at });

  const convert = (node: unknown, path: string, depth: number, seen: Set<unknown>): YNode | null => {
    if (++count > MAX_NODES) throw new TreeTooLarge();
    if (depth > 200) throw new TreeTooLarge();
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      aliases++;
      const target = node.resolve(doc);
      if (!target || seen.has(target)) return null;
      const next = new Set(seen);
      next.add(target);
      return convert(target, path, depth + 1, next);
    }
    const n = node as YamlNode;
    const p = pos(n.range?.[0]);
    if (isScalar(n)) {
      const v = n.value;
      let type = scalarType(n);
      let value = typeof v === 'bigint' ? Number(v) : (v as string | number | boolean | null);
      const source = typeof n.source === 'string' ? n.source : String(value ?? '');
      if (typeof value === 'number' && !Number.isFinite(value)) {
        // yaml.v2 knows .nan/.inf only; the yaml package's 1.1 schema also reads a lone "." as NaN,
        // which yaml.v2 keeps as the string ".". Non-finite numbers keep their text so the tree
        // survives a JSON round trip (--save-facts).
        if (/^[-+]?\.(nan|inf)$/i.test(source.trim())) value = source;
        else {
          type = 'str';
          value = source;
        }
      }
      return { kind: 'scalar', ...p, value: value ?? null, type, style: styleOf(n), source };
    }
    if (isMap(n)) {
      const items: YPair[] = [];
      const firstSeen = new Map<string, number>();
      // Keys of the top level and of mirror/config entries are struct fields (merge deeply); the
      // entries of mirrors/configs/auths are map values (replaced).
      const registryMap = /^(mirrors|configs|auths)$/.test(path);
      const fromMerge = new Set<YPair>();
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YamlNode | null;
        if (isMergeKey(k)) {
          const kp = pos((k as YamlNode).range?.[0]);
          const v = convert(pair.value, path, depth + 1, seen);
          const sources = v?.kind === 'map' ? [v] : v?.kind === 'seq' && v.items.every((x) => x.kind === 'map') ? ([...v.items].reverse() as YMap[]) : null;
          if (!sources) {
            mergeError(kp);
            continue;
          }
          for (const src of sources) {
            const before = new Set(items);
            mergeInto(items, src.items, !registryMap);
            for (const it of items) if (!before.has(it)) fromMerge.add(it);
          }
          continue;
        }
        let key = '';
        let kp = p;
        let keyQuoted = false;
        if (k && isScalar(k)) {
          key = k.value === null || k.value === undefined ? '' : String(k.source ?? k.value);
          if (typeof k.value === 'string') key = k.value;
          kp = pos(k.range?.[0]);
          keyQuoted = k.type === 'QUOTE_DOUBLE' || k.type === 'QUOTE_SINGLE';
        } else if (k) {
          // The key as written: String() of a collection key evaluates it and can throw (`? <<: x`).
          key = k.range ? text.slice(k.range[0], k.range[1]).trim() : '';
          kp = pos(k.range?.[0]);
        }
        const childPath = path ? `${path}.${key}` : key;
        const repeated = firstSeen.has(key);
        if (repeated) {
          duplicateKeys.push({ key, path: childPath, ...kp, firstLine: firstSeen.get(key)! });
        } else firstSeen.set(key, kp.line);
        const explicit: YPair = { key, keyLine: kp.line, keyCol: kp.col, keyQuoted, value: convert(pair.value, childPath, depth + 1, seen) };
        const merged = fromMerge.size ? items.find((it) => it.key === key && fromMerge.has(it)) : undefined;
        if (merged) {
          // An explicit key after a merge that set it: yaml.v2 unmarshals it into the same value.
          mergeInto(items, [explicit], !registryMap);
          for (const it of items) if (it.key === key) fromMerge.delete(it);
        } else if (repeated) {
          // A repeated key is unmarshalled into the same Go value as the first, like a merge key.
          mergeInto(items, [explicit], !registryMap);
        } else items.push(explicit);
      }
      return { kind: 'map', ...p, items, flow: Boolean(n.flow) };
    }
    if (isSeq(n)) {
      return { kind: 'seq', ...p, items: n.items.map((it, i) => convert(it, `${path}[${i}]`, depth + 1, seen)).filter((x): x is YNode => x !== null), flow: Boolean(n.flow) };
    }
    return null;
  };

  // The document's maps as written: no alias is followed and no merge is made, so its size is the
  // document's own (bounded by the node count the tree conversion enforces, which runs first).
  const outline = (node: unknown, depth: number): WMap | null => {
    if (!isMap(node) || depth > 200) return null;
    const items: WPair[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as YamlNode | null;
      let key = '';
      if (k && isScalar(k)) key = typeof k.value === 'string' ? k.value : k.value === null || k.value === undefined ? '' : String(k.source ?? k.value);
      else if (k) key = k.range ? text.slice(k.range[0], k.range[1]).trim() : '';
      const kp = pos((k ?? (pair.value as YamlNode | null))?.range?.[0]);
      const v = pair.value as unknown;
      const value: WPair['value'] =
        v === null || v === undefined || (isScalar(v) && v.value === null && !v.source) ? 'empty' : isScalar(v) && v.value === null ? 'null' : isAlias(v) ? 'alias' : isMap(v) ? (outline(v, depth + 1) ?? 'other') : isSeq(v) ? 'seq' : isScalar(v) ? 'scalar' : 'other';
      items.push({ key, line: kp.line, col: kp.col, value });
    }
    return { kind: 'map', items };
  };

  let tree: YNode | null = null;
  try {
    tree = convert(doc.contents, '', 0, new Set());
  } catch (err) {
    if (err instanceof TreeTooLarge) {
      return { tree: null, errors: [{ message: `document expands to more than ${MAX_NODES} nodes (alias bomb or deep nesting)`, line: 1, col: 1, code: 'TOO_LARGE' }], warnings, duplicateKeys, tabs, aliases };
    }
    throw err;
  }
  return { tree, written: outline(doc.contents, 0), errors, warnings, duplicateKeys, tabs, aliases };
}

class TreeTooLarge extends Error {}

/** Deeper flow nesting than the tree accepts (depth 200) can never give a tree. */
const MAX_FLOW_DEPTH = 1000;

/** Deepest [ / { nesting outside quoted scalars and comments; stops counting once past the limit. */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > max) max = depth;
      if (max > MAX_FLOW_DEPTH) return max;
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === "'") {
      for (i++; i < text.length; i++) if (text[i] === "'") {
        if (text[i + 1] === "'") i++;
        else break;
      }
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    }
  }
  return max;
}

/** Helpers for checks. */
export function mapGet(node: YNode | null | undefined, key: string): YPair | undefined {
  if (!node || node.kind !== 'map') return undefined;
  // yaml.v2 keeps the last of duplicate keys.
  for (let i = node.items.length - 1; i >= 0; i--) if (node.items[i]!.key === key) return node.items[i];
  return undefined;
}

export function scalarString(node: YNode | null | undefined): string | null {
  if (!node || node.kind !== 'scalar' || node.value === null) return null;
  return node.type === 'str' ? String(node.value) : node.source;
}
