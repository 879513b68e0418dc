import { defineCheck } from '../src/types.js';
import { AFTER_SHAPE, lintFile, registriesFact } from '../src/check-helpers.js';
import type { YNode } from '../src/yaml-tree.js';

/**
 * K3s reads registries.yaml with gopkg.in/yaml.v2's plain Unmarshal into the wharfie `Registry` struct
 * (rancher/wharfie pkg/registries: Mirrors map[string]Mirror, Configs map[string]RegistryConfig, Auths
 * map[string]AuthConfig; Mirror{Endpoints []string, Rewrites map[string]string}; RegistryConfig{Auth
 * *AuthConfig, TLS *TLSConfig}). Plain Unmarshal does not reject a repeated key (the "already set in map"
 * error exists only in UnmarshalStrict); it decodes the second one into the same Go value, and what
 * survives depends on that value's type. Measured with Debian's golang-gopkg-yaml.v2-dev 2.4.0 and a copy
 * of those types (docs/checks/yaml-duplicate-key.md has the table):
 * - a map field already set (top-level mirrors/configs/auths, a mirror's rewrite) is reused: the entries
 *   of both blocks are kept, an entry named in both takes the later one;
 * - an entry of mirrors/configs/auths is a fresh value per key: the later one replaces the first whole;
 * - a struct pointer already set (auth, tls) is reused: merged field by field;
 * - a list (endpoint) is made anew: the later list replaces the first;
 * - a scalar: the later value.
 */
type Kind = 'sectionMerged' | 'entryReplaced' | 'fieldsMerged' | 'rewriteMerged' | 'listReplaced' | 'last';

const SECTIONS = new Set(['mirrors', 'configs', 'auths']);

function entryNames(tree: YNode | null, section: string): string[] {
  if (!tree || tree.kind !== 'map') return [];
  const names: string[] = [];
  for (const s of tree.items) if (s.key === section && s.value?.kind === 'map') for (const e of s.value.items) names.push(e.key);
  return names;
}

/** What yaml.v2 does with the second `key` under `parent` (a dotted path; entry names come from the tree so dots in them are not split). */
function classify(tree: YNode | null, parent: string, key: string): { messageId: Kind; section?: string; entry?: string } {
  if (parent === '') return { messageId: SECTIONS.has(key) ? 'sectionMerged' : 'last' };
  if (SECTIONS.has(parent)) return { messageId: 'entryReplaced', section: parent };
  for (const name of entryNames(tree, 'mirrors')) {
    if (parent === `mirrors.${name}`) {
      if (key === 'endpoint') return { messageId: 'listReplaced', entry: name };
      if (key === 'rewrite') return { messageId: 'rewriteMerged', entry: name };
    }
  }
  for (const name of entryNames(tree, 'configs')) {
    if (parent === `configs.${name}` && (key === 'auth' || key === 'tls')) return { messageId: 'fieldsMerged', entry: name };
  }
  return { messageId: 'last' };
}

export default defineCheck({
  id: 'yaml-duplicate-key',
  title: 'No key is written twice in the same block',
  failTitle: 'A key is written twice in the same block',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_SHAPE,
  spec: ['§1.1'],
  messages: {
    sectionMerged: '`{key}:` is written twice at the top level (first at line {firstLine}). K3s (yaml.v2) merges the two blocks: it keeps the entries of both, and an entry named in both is taken whole from this later block.',
    'sectionMerged.fix': 'Write `{key}:` once, with every entry under it.',
    entryReplaced: '`{key}` is written twice under `{section}:` (first at line {firstLine}). K3s (yaml.v2) keeps only this later entry: everything under the first one is dropped, not merged.',
    'entryReplaced.fix': 'Merge the two `{key}` entries into one (keep the settings you need from line {firstLine}) and delete the other.',
    fieldsMerged: '`{key}:` is written twice in configs."{entry}" (first at line {firstLine}). K3s (yaml.v2) merges the two field by field: a field set in both takes this later value, a field only in the first is kept.',
    'fieldsMerged.fix': 'Write `{key}:` once in configs."{entry}", with every field you need.',
    rewriteMerged: '`rewrite:` is written twice in mirrors."{entry}" (first at line {firstLine}). K3s (yaml.v2) keeps the patterns of both; a pattern in both takes this later replacement.',
    'rewriteMerged.fix': 'Write `rewrite:` once in mirrors."{entry}", with every pattern under it.',
    listReplaced: '`endpoint:` is written twice in mirrors."{entry}" (first at line {firstLine}). K3s (yaml.v2) keeps only this later list: the endpoints listed at line {firstLine} are dropped.',
    'listReplaced.fix': 'Write `endpoint:` once in mirrors."{entry}", listing every endpoint in the order containerd should try them.',
    last: '`{key}` is written twice in the same block (first at line {firstLine}). K3s (yaml.v2) keeps only this later value.',
    'last.fix': 'Delete the `{key}` you do not want (line {firstLine} or this one).',
  },
  remediation: 'Write each key once per block.',
  run(facts, ctx) {
    const file = lintFile(ctx);
    const yaml = registriesFact(facts).yaml;
    return yaml.duplicateKeys.map((d) => {
      const parent = d.path === d.key ? '' : d.path.slice(0, d.path.length - d.key.length - 1);
      const c = classify(yaml.tree, parent, d.key);
      return {
        status: 'warn' as const,
        messageId: c.messageId,
        args: { key: d.key, firstLine: d.firstLine, ...(c.section ? { section: c.section } : {}), ...(c.entry !== undefined ? { entry: c.entry } : {}) },
        target: d.path,
        location: { file, line: d.line, column: d.col },
      };
    });
  },
});
