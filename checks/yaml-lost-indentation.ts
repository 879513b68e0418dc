import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_YAML, SCHEMA, loc, registriesFact } from '../src/check-helpers.js';
import type { YMap, YPair } from '../src/yaml-tree.js';

const SECTIONS = new Set(['mirrors', 'configs', 'auths']);
/** The orphaned keys as a list of phrases, so the language's list separator joins them. */
const keyList = (keys: string[]): MessageRef[] => keys.map((key) => ({ messageId: 'orphan', args: { key } }));
const isEmpty = (p: YPair) => p.value === null || (p.value.kind === 'scalar' && p.value.value === null);

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
      if (orphans.length) out.push({ status: 'fail', messageId: 'section', args: { key: p.key, what: p.key === 'mirrors' ? { messageId: 'what.mirrors' } : { messageId: 'what.configs' }, orphans: keyList(orphans) }, target: p.key, location: loc(ctx, { line: p.keyLine, col: p.keyCol }), data: { section: p.key, orphans } });
    });
    // One level down: an empty entry followed by its own fields.
    const childFields: Record<string, readonly string[]> = {
      mirrors: SCHEMA.mirror,
      configs: [...SCHEMA.config, ...SCHEMA.auth, ...SCHEMA.tls],
    };
    const checkEntries = (map: YMap, fields: readonly string[]) => {
      map.items.forEach((p, i) => {
        if (fields.includes(p.key) || !isEmpty(p)) return;
        const orphans: string[] = [];
        for (const q of map.items.slice(i + 1)) {
          if (!fields.includes(q.key)) break;
          orphans.push(q.key);
        }
        if (orphans.length) out.push({ status: 'fail', messageId: 'entry', args: { key: p.key, orphans: keyList(orphans) }, target: p.key, location: loc(ctx, { line: p.keyLine, col: p.keyCol }), data: { entry: p.key, orphans } });
      });
    };
    for (const p of tree.items) {
      if ((p.key === 'mirrors' || p.key === 'configs') && p.value?.kind === 'map') checkEntries(p.value, childFields[p.key]!);
      if (p.key === 'configs' && p.value?.kind === 'map') {
        for (const c of p.value.items) {
          if (c.value?.kind !== 'map') continue;
          for (const sub of c.value.items) {
            if ((sub.key === 'auth' || sub.key === 'tls') && isEmpty(sub)) {
              const fields = sub.key === 'auth' ? SCHEMA.auth : SCHEMA.tls;
              const idx = c.value.items.indexOf(sub);
              const orphans = c.value.items.slice(idx + 1).filter((q) => (fields as readonly string[]).includes(q.key)).map((q) => q.key);
              if (orphans.length) out.push({ status: 'fail', messageId: 'entry', args: { key: sub.key, orphans: keyList(orphans) }, target: `${c.key}.${sub.key}`, location: loc(ctx, { line: sub.keyLine, col: sub.keyCol }), data: { entry: sub.key, orphans } });
            }
          }
        }
      }
    }
    return out;
  },
});
