import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_YAML, SCHEMA, loc, registriesFact } from '../src/check-helpers.js';
import type { YMap, YPair } from '../src/yaml-tree.js';
import { suggestion, type Edit, type PathSeg, type Suggestion } from '../src/lint-fix.js';

const SECTIONS = new Set(['mirrors', 'configs', 'auths']);
/** The orphaned keys as a list of phrases, so the language's list separator joins them. */
const keyList = (keys: string[]): MessageRef[] => keys.map((key) => ({ messageId: 'orphan', args: { key } }));
const isEmpty = (p: YPair) => p.value === null || (p.value.kind === 'scalar' && p.value.value === null);

/** The keys a block's children may have, one level per step: mirrors → "<registry>" → endpoint/rewrite. */
type Level = { fields: readonly string[]; sub?: Record<string, readonly string[]> };
const ENTRY: Record<'mirrors' | 'configs', Level> = {
  mirrors: { fields: SCHEMA.mirror },
  configs: { fields: SCHEMA.config, sub: { auth: SCHEMA.auth, tls: SCHEMA.tls } },
};

/**
 * The re-nesting of a flattened block, when the file leaves one reading only: in `items`, the empty
 * pair at `at` is followed by the entries meant for it (an empty name followed by that entry's
 * fields, or a name that already holds a map), and an empty field (`auth:`) by that field's own
 * keys. Anything else before the next section (a field with no name above it, an unknown key, a key
 * with another value) makes the shape ambiguous: null, and the finding stays for the user.
 * Edits are given last index first, so applying them in order never shifts a later one.
 */
function renest(items: YPair[], at: number, level: Level, path: PathSeg[], entries: boolean, stop: (p: YPair) => boolean): Suggestion | null {
  const edits: Edit[] = [];
  let j = at + 1;
  /** Items the pair at `at` takes: its entries (or fields), each holding what follows it. */
  let adopted = 0;
  // Fields of one entry (and, for an empty `auth:`/`tls:`, the keys that follow it, adopted by it):
  // the number of direct fields, the items left at this level once the inner adopts are done.
  const takeFields = (): number | null => {
    let n = 0;
    while (j < items.length && !stop(items[j]!) && level.fields.includes(items[j]!.key)) {
      const f = items[j]!;
      const fi = j;
      j++;
      n++;
      const subFields = level.sub?.[f.key];
      if (subFields && isEmpty(f)) {
        let m = 0;
        while (j < items.length && !stop(items[j]!) && subFields.includes(items[j]!.key) && !isEmpty(items[j]!)) {
          j++;
          m++;
        }
        if (m === 0) return null;
        edits.push({ op: 'adopt', path, index: fi, key: f.key, count: m });
      } else if (isEmpty(f)) return null;
    }
    return n;
  };
  if (!entries) {
    const n = takeFields();
    if (n === null || n === 0) return null;
    adopted = n;
  } else {
    while (j < items.length && !stop(items[j]!)) {
      const e = items[j]!;
      if (level.fields.includes(e.key) || Object.values(level.sub ?? {}).some((f) => f.includes(e.key))) return null;
      const ei = j;
      j++;
      adopted++;
      if (!isEmpty(e)) {
        if (e.value?.kind !== 'map') return null;
        continue;
      }
      const n = takeFields();
      if (n === null) return null;
      if (n > 0) edits.push({ op: 'adopt', path, index: ei, key: e.key, count: n });
    }
    if (adopted === 0) return null;
  }
  edits.push({ op: 'adopt', path, index: at, key: items[at]!.key, count: adopted });
  // Inner pairs after outer ones have the higher index: last first.
  edits.sort((a, b) => (b as { index: number }).index - (a as { index: number }).index);
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
    const { tree, duplicateKeys } = registriesFact(facts).yaml;
    const out: FindingInput[] = [];
    if (!tree || tree.kind !== 'map') return out;
    // Top level: an empty section followed by keys that are not sections, in the order written (the
    // tree holds a repeated key once, merged as yaml.v2 does, so its repeats come from duplicateKeys).
    const top = duplicateKeys.filter((d) => d.path === d.key);
    const seen = new Set<string>();
    const written = [...tree.items.map((q) => ({ key: q.key, line: q.keyLine })), ...top.map((d) => ({ key: d.key, line: d.line })), ...top.map((d) => ({ key: d.key, line: d.firstLine }))]
      .filter((w) => !seen.has(`${w.line}\n${w.key}`) && Boolean(seen.add(`${w.line}\n${w.key}`)))
      .sort((a, b) => a.line - b.line);
    tree.items.forEach((p) => {
      if (!(p.key === 'mirrors' || p.key === 'configs') || !isEmpty(p)) return;
      const i = written.findIndex((w) => w.line === p.keyLine && w.key === p.key);
      const orphans: string[] = [];
      for (const q of written.slice(i + 1)) {
        if (SECTIONS.has(q.key)) break;
        orphans.push(q.key);
      }
      const fix = renest(tree.items, i, ENTRY[p.key], [], true, (q) => SECTIONS.has(q.key));
      if (orphans.length) out.push({ status: 'fail', messageId: 'section', args: { key: p.key, what: p.key === 'mirrors' ? { messageId: 'what.mirrors' } : { messageId: 'what.configs' }, orphans: keyList(orphans) }, target: p.key, location: loc(ctx, { line: p.keyLine, col: p.keyCol }), data: { section: p.key, orphans, fix } });
    });
    // One level down: an empty entry followed by its own fields.
    const childFields: Record<string, readonly string[]> = {
      mirrors: SCHEMA.mirror,
      configs: [...SCHEMA.config, ...SCHEMA.auth, ...SCHEMA.tls],
    };
    const checkEntries = (map: YMap, fields: readonly string[], section: 'mirrors' | 'configs') => {
      map.items.forEach((p, i) => {
        if (fields.includes(p.key) || !isEmpty(p)) return;
        const orphans: string[] = [];
        for (const q of map.items.slice(i + 1)) {
          if (!fields.includes(q.key)) break;
          orphans.push(q.key);
        }
        // The entry takes its fields; the next entry (any key that is not a field) ends it.
        const fix = renest(map.items, i, ENTRY[section], [section], false, (q) => !ENTRY[section].fields.includes(q.key) && !Object.values(ENTRY[section].sub ?? {}).some((f) => f.includes(q.key)));
        if (orphans.length) out.push({ status: 'fail', messageId: 'entry', args: { key: p.key, orphans: keyList(orphans) }, target: p.key, location: loc(ctx, { line: p.keyLine, col: p.keyCol }), data: { entry: p.key, orphans, fix } });
      });
    };
    for (const p of tree.items) {
      if ((p.key === 'mirrors' || p.key === 'configs') && p.value?.kind === 'map') checkEntries(p.value, childFields[p.key]!, p.key);
      if (p.key === 'configs' && p.value?.kind === 'map') {
        for (const c of p.value.items) {
          if (c.value?.kind !== 'map') continue;
          for (const sub of c.value.items) {
            if ((sub.key === 'auth' || sub.key === 'tls') && isEmpty(sub)) {
              const fields = sub.key === 'auth' ? SCHEMA.auth : SCHEMA.tls;
              const idx = c.value.items.indexOf(sub);
              const orphans = c.value.items.slice(idx + 1).filter((q) => (fields as readonly string[]).includes(q.key)).map((q) => q.key);
              // Certain only when the field's keys follow it directly (nothing else between).
              const next = c.value.items.slice(idx + 1);
              const run = next.findIndex((q) => !(fields as readonly string[]).includes(q.key) || isEmpty(q));
              const count = run === -1 ? next.length : run;
              const fix = count === orphans.length ? suggestion({ op: 'adopt', path: ['configs', c.key], index: idx, key: sub.key, count }) : null;
              if (orphans.length) out.push({ status: 'fail', messageId: 'entry', args: { key: sub.key, orphans: keyList(orphans) }, target: `${c.key}.${sub.key}`, location: loc(ctx, { line: sub.keyLine, col: sub.keyCol }), data: { entry: sub.key, orphans, fix } });
            }
          }
        }
      }
    }
    return out;
  },
});
