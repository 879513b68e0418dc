import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_SHAPE, SCHEMA, didYouMean, loc, registriesFact } from '../src/check-helpers.js';
import type { YMap, YPair } from '../src/yaml-tree.js';
import { suggestion, type Suggestion } from '../src/lint-fix.js';

/** Misspellings seen in the wild (DOMAIN §6 #2) that edit distance alone would not find. */
const ALIASES: Record<string, string> = {
  ca: 'ca_file',
  cacert: 'ca_file',
  ca_cert: 'ca_file',
  ca_certificate: 'ca_file',
  cert: 'cert_file',
  key: 'key_file',
  skip_verify: 'insecure_skip_verify',
  insecure: 'insecure_skip_verify',
  url: 'endpoint',
  urls: 'endpoint',
  endpoints: 'endpoint',
  user: 'username',
  pass: 'password',
  mirror: 'mirrors',
  config: 'configs',
};

function suggest(key: string, known: readonly string[]): string | null {
  const alias = ALIASES[key.toLowerCase()];
  if (alias && known.includes(alias)) return alias;
  return didYouMean(key, [...known]);
}

/**
 * DOMAIN §1.1/§1.2/§6 #1–2: yaml.v2 Unmarshal is not strict, so a key K3s does not know is dropped
 * without a word. Known keys per level come from rancher/wharfie pkg/registries/types.go.
 * A near-miss of a key that is absent from the same block (`endpoints:` with no `endpoint:`) means
 * the setting the author wrote is not applied: fail. Other unknown keys: warn.
 */
export default defineCheck({
  id: 'registries-schema',
  title: 'Every key is one K3s reads, at the right level',
  failTitle: 'registries.yaml has keys K3s ignores',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_SHAPE,
  spec: ['§1.1', '§1.2', '§6 #1', '§6 #2'],
  fixable: ['typo', 'missingLevel', 'configsUnderMirrors'],
  messages: {
    typo: 'Unknown key `{key}` in {where} (K3s expects `{suggestion}`). K3s ignores unknown keys without an error, so this setting is not applied.',
    'typo.fix': 'Rename `{key}` to `{suggestion}`.',
    unknown: 'Unknown key `{key}` in {where}. K3s ignores it without an error.',
    'unknown.fix': 'Remove `{key}`, or move it where it belongs. Known keys here: {known}.',
    shadowed: 'Unknown key `{key}` in {where} (probably a misspelt `{suggestion}`, which is also set). K3s ignores it.',
    'shadowed.fix': 'Delete `{key}`; `{suggestion}` is the key K3s reads.',
    auths: 'Top-level `auths` is deprecated and never rendered into the containerd config by any K3s version, so these credentials are ignored.',
    'auths.fix': 'Move each entry to `configs."<host>".auth` (username/password), keyed by the endpoint host.',
    token: '`token` is not a registries.yaml field (the K3s docs show it, but the parser has no such key), so the token is ignored.',
    'token.fix': 'Use `username` + `password` (a Harbor robot account), or `identity_token` for an OAuth refresh token.',
    configsUnderMirrors: '`configs` is indented under `mirrors`, so K3s treats it as a registry named "configs" and ignores every credential and TLS setting in it.',
    'configsUnderMirrors.fix': 'Move `configs:` to column 1 (same indentation as `mirrors:`), keeping its entries 2 spaces in.',
    fieldAsMirror: 'A registry named `{key}` under `mirrors`: this is a field name, so the block is mis-indented and K3s ignores what it holds.',
    'fieldAsMirror.fix': 'Indent `{key}:` under the registry it belongs to (mirrors → "<registry>" → endpoint; auth/tls go under configs → "<host>").',
    fieldAsConfig: 'A host named `{key}` under `configs`: this is a field name, so the host key is missing or mis-indented and these settings apply to no registry.',
    'fieldAsConfig.fix': 'Add the endpoint host above it (configs → "<host>" → {key}) and indent `{key}:` under it.',
    missingLevel: '`{key}` is directly under configs."{host}" but belongs under `{parent}:`, so K3s ignores it.',
    'missingLevel.fix': 'Add `{parent}:` under "{host}" and indent `{key}` beneath it.',
    'where.top': 'the top level',
    knownKey: '{key}',
  },
  remediation: 'Use only the keys K3s reads: mirrors.<registry>.{endpoint,rewrite}; configs.<host>.auth.{username,password,auth,identity_token}; configs.<host>.tls.{ca_file,cert_file,key_file,insecure_skip_verify}.',
  run(facts, ctx) {
    const tree = registriesFact(facts).yaml.tree;
    const out: FindingInput[] = [];
    if (!tree || tree.kind !== 'map') return out;
    const at = (p: YPair) => loc(ctx, { line: p.keyLine, col: p.keyCol });
    const unknownKeys = (map: YMap, known: readonly string[], where: string | MessageRef, target: string | null, segs: string[]) => {
      const present = new Set(map.items.map((p) => p.key));
      for (const p of map.items) {
        if (known.includes(p.key)) continue;
        const s = suggest(p.key, known);
        const base = { target, location: at(p) };
        const data = (fix: Suggestion | null) => ({ key: p.key, suggestion: s, fix });
        if (s && !present.has(s)) out.push({ status: 'fail', messageId: 'typo', args: { key: p.key, where, suggestion: s }, ...base, data: data(suggestion({ op: 'rename', path: [...segs, p.key], to: s })) });
        else if (s) out.push({ status: 'warn', messageId: 'shadowed', args: { key: p.key, where, suggestion: s }, ...base, data: data(suggestion({ op: 'delete', path: [...segs, p.key] })) });
        else out.push({ status: 'warn', messageId: 'unknown', args: { key: p.key, where, known: known.map((k): MessageRef => ({ messageId: 'knownKey', args: { key: k } })) }, ...base, data: data(null) });
      }
    };
    const top = tree.items.filter((p) => p.key !== 'auths');
    for (const p of tree.items) if (p.key === 'auths') out.push({ status: 'warn', messageId: 'auths', target: 'auths', location: at(p) });
    unknownKeys({ ...tree, items: top }, SCHEMA.top, { messageId: 'where.top' }, null, []);

    const mirrors = tree.items.filter((p) => p.key === 'mirrors').pop()?.value;
    if (mirrors?.kind === 'map') {
      for (const m of mirrors.items) {
        if (m.key === 'configs') {
          // Certain when the top level has no configs of its own to merge with.
          const topConfigs = tree.items.some((p) => p.key === 'configs');
          out.push({ status: 'fail', messageId: 'configsUnderMirrors', target: 'configs', location: at(m), data: { fix: topConfigs ? null : suggestion({ op: 'move', from: ['mirrors', 'configs'], to: ['configs'] }) } });
          continue;
        }
        if (['auth', 'tls', 'endpoint', 'rewrite'].includes(m.key)) {
          out.push({ status: 'fail', messageId: 'fieldAsMirror', args: { key: m.key }, target: m.key, location: at(m) });
          continue;
        }
        if (m.value?.kind === 'map') unknownKeys(m.value, SCHEMA.mirror, `mirrors."${m.key}"`, m.key, ['mirrors', m.key]);
      }
    }
    const configs = tree.items.filter((p) => p.key === 'configs').pop()?.value;
    if (configs?.kind === 'map') {
      for (const c of configs.items) {
        if (['auth', 'tls', 'username', 'password', 'ca_file', 'cert_file', 'key_file', 'insecure_skip_verify', 'endpoint', 'mirrors'].includes(c.key)) {
          out.push({ status: 'fail', messageId: 'fieldAsConfig', args: { key: c.key }, target: c.key, location: at(c) });
          continue;
        }
        if (c.value?.kind !== 'map') continue;
        const direct = c.value.items.filter((p) => !(SCHEMA.config as readonly string[]).includes(p.key));
        for (const p of direct) {
          const parent = (SCHEMA.auth as readonly string[]).includes(p.key) ? 'auth' : (SCHEMA.tls as readonly string[]).includes(p.key) ? 'tls' : null;
          // Move the key one level down, unless that key is set there already (then by hand).
          // Every key of that level moves at once (username without password would not log in).
          const under = c.value.items.find((x) => x.key === parent)?.value;
          const siblings = parent ? direct.filter((x) => (SCHEMA[parent] as readonly string[]).includes(x.key)) : [];
          const taken = under?.kind === 'map' && under.items.some((x) => siblings.some((y) => y.key === x.key));
          const fix = taken || (under && under.kind !== 'map') ? null : suggestion(...siblings.map((x) => ({ op: 'move' as const, from: ['configs', c.key, x.key], to: ['configs', c.key, parent!, x.key] })));
          if (parent) out.push({ status: 'fail', messageId: 'missingLevel', args: { key: p.key, host: c.key, parent }, target: c.key, location: at(p), data: { fix } });
        }
        unknownKeys({ ...c.value, items: direct.filter((p) => ![...SCHEMA.auth, ...SCHEMA.tls].includes(p.key as never)) }, SCHEMA.config, `configs."${c.key}"`, c.key, ['configs', c.key]);
        for (const sub of c.value.items) {
          if (sub.value?.kind !== 'map') continue;
          if (sub.key === 'auth') {
            const tokens = sub.value.items.filter((p) => p.key === 'token');
            for (const t of tokens) out.push({ status: 'warn', messageId: 'token', target: c.key, location: at(t) });
            unknownKeys({ ...sub.value, items: sub.value.items.filter((p) => p.key !== 'token') }, SCHEMA.auth, `configs."${c.key}".auth`, c.key, ['configs', c.key, 'auth']);
          }
          if (sub.key === 'tls') unknownKeys(sub.value, SCHEMA.tls, `configs."${c.key}".tls`, c.key, ['configs', c.key, 'tls']);
        }
      }
    }
    return out.sort((a, b) => a.location!.line - b.location!.line || a.location!.column - b.location!.column);
  },
});
