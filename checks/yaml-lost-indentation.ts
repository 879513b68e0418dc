import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_YAML, SCHEMA, loc, registriesFact } from '../src/check-helpers.js';
import type { WMap, WPair, YNode } from '../src/yaml-tree.js';
import { suggestion, type Edit, type Suggestion } from '../src/lint-fix.js';

const SECTIONS = new Set(['mirrors', 'configs', 'auths']);
/** The orphaned keys as a list of phrases, so the language's list separator joins them. */
const keyList = (keys: string[]): MessageRef[] => keys.map((key) => ({ messageId: 'orphan', args: { key } }));
/** Nothing under the key, or an explicit `~`/`null`: YAML reads either as null. */
const isEmpty = (p: WPair) => p.value === 'empty' || p.value === 'null';
const isMap = (p: WPair): p is WPair & { value: WMap } => typeof p.value === 'object';

/**
 * The maps as written from the merged tree, for facts saved before the parser kept the document's
 * own items (`written`): repeated keys are merged there, so no position-based fix is offered from it.
 */
function fromTree(node: YNode | null): WMap | null {
  if (!node || node.kind !== 'map') return null;
  return {
    kind: 'map',
    items: node.items.map((p) => ({
      key: p.key,
      line: p.keyLine,
      col: p.keyCol,
      value: p.value === null ? 'empty' : p.value.kind === 'map' ? fromTree(p.value)! : p.value.kind === 'seq' ? 'seq' : p.value.value === null ? 'null' : 'scalar',
    })),
  };
}

/** The keys a block's children may have, one level per step: mirrors → "<registry>" → endpoint/rewrite. */
type Level = { fields: readonly string[]; sub?: Record<string, readonly string[]> };
const ENTRY: Record<'mirrors' | 'configs', Level> = {
  mirrors: { fields: SCHEMA.mirror },
  configs: { fields: SCHEMA.config, sub: { auth: SCHEMA.auth, tls: SCHEMA.tls } },
};

/**
 * The re-nest of the pair `items[at]` taking the `count` pairs after it (once the inner re-nests are
 * done), by position; `last` is the written index of the last of them.
 */
const adopt = (items: WPair[], at: number, count: number, last: number): Edit => ({ op: 'adopt', line: items[at]!.line, column: items[at]!.col, key: items[at]!.key, count, through: items[last]!.line });

/**
 * The re-nesting of a flattened block, when the file leaves one reading only: in `items` (a map's
 * pairs as written, repeated keys each in its place), the empty pair at `at` is followed by the
 * entries meant for it (an empty name followed by that entry's fields, or a name that already holds
 * a map), and an empty field (`auth:`) by that field's own keys. Anything else before the next
 * section (a field with no name above it, an unknown key, a key with another value, an explicit
 * `~`) makes the shape ambiguous: null, and the finding stays for the user.
 */
function renest(items: WPair[], at: number, level: Level, entries: boolean, stop: (p: WPair) => boolean): Suggestion | null {
  const edits: Edit[] = [];
  let j = at + 1;
  /** Items the pair at `at` takes: its entries (or fields), each holding what follows it. */
  let adopted = 0;
  /** The written index of the last direct field takeFields took. */
  let lastField = -1;
  // Fields of one entry (and, for an empty `auth:`/`tls:`, the keys that follow it, adopted by it):
  // the number of direct fields, the items left at this level once the inner adopts are done.
  const takeFields = (): number | null => {
    let n = 0;
    while (j < items.length && !stop(items[j]!) && level.fields.includes(items[j]!.key)) {
      const f = items[j]!;
      const fi = j;
      lastField = fi;
      j++;
      n++;
      const subFields = level.sub?.[f.key];
      if (subFields && isEmpty(f)) {
        if (f.value !== 'empty') return null;
        let m = 0;
        while (j < items.length && !stop(items[j]!) && subFields.includes(items[j]!.key) && !isEmpty(items[j]!)) {
          j++;
          m++;
        }
        if (m === 0) return null;
        edits.push(adopt(items, fi, m, j - 1));
      } else if (isEmpty(f)) return null;
    }
    return n;
  };
  if (!entries) {
    const n = takeFields();
    if (n === null || n === 0) return null;
    adopted = n;
    edits.push(adopt(items, at, adopted, lastField));
  } else {
    let lastEntry = -1;
    while (j < items.length && !stop(items[j]!)) {
      const e = items[j]!;
      if (level.fields.includes(e.key) || Object.values(level.sub ?? {}).some((f) => f.includes(e.key))) return null;
      const ei = j;
      lastEntry = ei;
      j++;
      adopted++;
      if (!isEmpty(e)) {
        if (!isMap(e)) return null;
        continue;
      }
      const n = takeFields();
      if (n === null) return null;
      if (n > 0) {
        if (e.value !== 'empty') return null;
        edits.push(adopt(items, ei, n, lastField));
      }
    }
    if (adopted === 0) return null;
    edits.push(adopt(items, at, adopted, lastEntry));
  }
  if (items[at]!.value !== 'empty') return null;
  // The edits are by position, each found before any is done (src/lint-fix.ts); listed last first.
  edits.sort((a, b) => (b as { line: number }).line - (a as { line: number }).line);
  return suggestion(...edits);
}

/**
 * The seed article's own listing lost its indentation (every key at column 0, DOMAIN §6 #1): YAML
 * then reads `mirrors:` and `configs:` as empty and the registry, endpoint and auth keys as unknown
 * top-level keys, which yaml.v2 ignores without a word (§1.1). K3s starts with no registry config.
 * The same happens one level down (`"host":` empty, `auth:` as its sibling).
 */
export default defineCheck({
  id: 'yaml-lost-indentation',
  title: 'Every block is nested under its parent',
  failTitle: 'registries.yaml lost its indentation',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_YAML,
  spec: ['§1.1', '§1.2', '§6 #1'],
  fixable: ['section', 'entry'],
  messages: {
    section: '`{key}:` has nothing under it: the lines meant for it ({orphans}) start at the same column, so YAML reads them as unknown top-level keys and K3s silently ignores them. K3s starts with no {key} at all, so your {what} are never used.',
    'section.fix': 'Indent the block under `{key}:` — registry or host names by 2 spaces, their fields (endpoint, auth, tls) by 4, list items and username/password/ca_file by 6. Quote the names: "harbor.example.com":.',
    entry: '`{key}:` is empty and its fields ({orphans}) sit beside it instead of under it, so K3s reads them as a separate entry and `{key}` gets none of them.',
    'entry.fix': 'Indent {orphans} 2 more spaces than `{key}:` so that they belong to it.',
    'what.mirrors': 'endpoints',
    'what.configs': 'credentials and TLS settings',
    orphan: '`{key}`',
  },
  remediation: 'Restore the indentation: mirrors → "<registry>" → endpoint → list; configs → "<host>" → auth/tls → fields, 2 spaces per level.',
  run(facts, ctx) {
    const { tree, written } = registriesFact(facts).yaml;
    const out: FindingInput[] = [];
    // The document's maps as written, each repeated key in its place (a flattened listing repeats the
    // host under mirrors and configs): what K3s lost is what was written there, and the fix re-nests
    // those written lines by position. Facts saved before `written` existed give findings, no fix.
    const doc = written ?? fromTree(tree);
    const certain = written !== undefined;
    if (!doc) return out;
    const fixOf = (f: Suggestion | null) => (certain ? f : null);
    const top = doc.items;
    // Top level: an empty section followed by keys that are not sections, in the order written.
    top.forEach((p, i) => {
      if (!(p.key === 'mirrors' || p.key === 'configs') || !isEmpty(p)) return;
      const orphans: string[] = [];
      for (const q of top.slice(i + 1)) {
        if (SECTIONS.has(q.key)) break;
        orphans.push(q.key);
      }
      const fix = renest(top, i, ENTRY[p.key], true, (q) => SECTIONS.has(q.key));
      if (orphans.length) out.push({ status: 'fail', messageId: 'section', args: { key: p.key, what: p.key === 'mirrors' ? { messageId: 'what.mirrors' } : { messageId: 'what.configs' }, orphans: keyList(orphans) }, target: p.key, location: loc(ctx, { line: p.line, col: p.col }), data: { section: p.key, orphans, fix: fixOf(fix) } });
    });
    // One level down: an empty entry followed by its own fields.
    const childFields: Record<string, readonly string[]> = {
      mirrors: SCHEMA.mirror,
      configs: [...SCHEMA.config, ...SCHEMA.auth, ...SCHEMA.tls],
    };
    const checkEntries = (map: WMap, fields: readonly string[], section: 'mirrors' | 'configs') => {
      map.items.forEach((p, i) => {
        if (fields.includes(p.key) || !isEmpty(p)) return;
        const orphans: string[] = [];
        for (const q of map.items.slice(i + 1)) {
          if (!fields.includes(q.key)) break;
          orphans.push(q.key);
        }
        // The entry takes its fields; the next entry (any key that is not a field) ends it.
        const fix = renest(map.items, i, ENTRY[section], false, (q) => !ENTRY[section].fields.includes(q.key) && !Object.values(ENTRY[section].sub ?? {}).some((f) => f.includes(q.key)));
        if (orphans.length) out.push({ status: 'fail', messageId: 'entry', args: { key: p.key, orphans: keyList(orphans) }, target: p.key, location: loc(ctx, { line: p.line, col: p.col }), data: { entry: p.key, orphans, fix: fixOf(fix) } });
      });
    };
    for (const p of top) {
      if ((p.key === 'mirrors' || p.key === 'configs') && isMap(p)) checkEntries(p.value, childFields[p.key]!, p.key);
      if (p.key === 'configs' && isMap(p)) {
        for (const c of p.value.items) {
          if (!isMap(c)) continue;
          const items = c.value.items;
          items.forEach((sub, idx) => {
            if (!((sub.key === 'auth' || sub.key === 'tls') && isEmpty(sub))) return;
            const fields: readonly string[] = sub.key === 'auth' ? SCHEMA.auth : SCHEMA.tls;
            const orphans = items.slice(idx + 1).filter((q) => fields.includes(q.key)).map((q) => q.key);
            // Certain only when the field's keys follow it directly (nothing else between).
            const next = items.slice(idx + 1);
            const run = next.findIndex((q) => !fields.includes(q.key) || isEmpty(q));
            const count = run === -1 ? next.length : run;
            const fix = count === orphans.length && count > 0 && sub.value === 'empty' ? suggestion(adopt(items, idx, count, idx + count)) : null;
            if (orphans.length) out.push({ status: 'fail', messageId: 'entry', args: { key: sub.key, orphans: keyList(orphans) }, target: `${c.key}.${sub.key}`, location: loc(ctx, { line: sub.line, col: sub.col }), data: { entry: sub.key, orphans, fix: fixOf(fix) } });
          });
        }
      }
    }
    return out;
  },
});
