import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_SHAPE, loc, registriesFact } from '../src/check-helpers.js';
import type { YNode, YPair } from '../src/yaml-tree.js';
import { suggestion } from '../src/lint-fix.js';

type Want = 'map' | 'list' | 'string' | 'bool';
const GO_TYPE: Record<string, string> = {
  mirrors: 'map[string]registries.Mirror',
  configs: 'map[string]registries.RegistryConfig',
  auths: 'map[string]registries.AuthConfig',
  mirror: 'registries.Mirror',
  config: 'registries.RegistryConfig',
  endpoint: '[]string',
  rewrite: 'map[string]string',
  auth: 'registries.AuthConfig',
  tls: 'registries.TLSConfig',
  string: 'string',
  bool: 'bool',
};

/** The shape each kind of value must have, as a phrase of `messages` (translated with the message). */
const WANT: Record<Want, MessageRef> = {
  map: { messageId: 'want.map' },
  list: { messageId: 'want.list' },
  string: { messageId: 'want.string' },
  bool: { messageId: 'want.bool' },
};

function tagOf(n: YNode): string {
  if (n.kind === 'map') return '!!map';
  if (n.kind === 'seq') return '!!seq';
  return `!!${n.type}`;
}

/**
 * yaml.v2 decodes into typed structs (DOMAIN §1.1): a value of the wrong kind is a TypeError
 * ("cannot unmarshal !!str `https:/...` into []string"), K3s returns it from containerd setup and
 * fails to start, and Rancher exits. Scalars of any type decode into a string field (yaml.v2
 * decode.go `scalar`: `out.SetString(n.value)`), but a bool field takes only a resolved bool — a
 * quoted "true" is a string (go-yaml/yaml v2.4.0 decode.go, reflect.Bool case).
 * Unknown keys are not decoded at all, so only known keys are typed here.
 */
export default defineCheck({
  id: 'registries-types',
  title: 'Every value has the type K3s expects',
  failTitle: 'A value has the wrong type and K3s will not start',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_SHAPE,
  spec: ['§1.1', '§1.2', '§6 #3'],
  fixable: ['endpointString', 'quotedBool'],
  messages: {
    endpointString: '`endpoint` of mirrors."{registry}" is a single string, not a list. yaml.v2 stops with "cannot unmarshal !!str into []string", so K3s fails to start and Rancher exits.',
    'endpointString.fix': 'Write it as a list: `endpoint:` then `  - "{value}"` on the next line (or `endpoint: ["{value}"]`).',
    quotedBool: '`insecure_skip_verify` is the quoted string "{value}", not a boolean. yaml.v2 stops with "cannot unmarshal !!str into bool", so K3s fails to start.',
    'quotedBool.fix': 'Remove the quotes: `insecure_skip_verify: {value}`.',
    wrongType: '`{path}` must be a {want} but is {tag}. yaml.v2 stops with "cannot unmarshal {tag} into {goType}", so K3s fails to start and Rancher exits.',
    'wrongType.fix': 'Write `{path}` as a {want} (see docs/checks/registries-types.md for the shape of each field).',
    'want.map': 'map (key: value lines)',
    'want.list': 'list (- item lines)',
    'want.string': 'plain value',
    'want.bool': 'true or false',
    'path.document': '(document)',
  },
  remediation: 'Give every field its type: mirrors/configs/auth/tls are maps, endpoint is a list of strings, rewrite a map of strings, insecure_skip_verify an unquoted true/false.',
  run(facts, ctx) {
    const tree = registriesFact(facts).yaml.tree;
    const out: FindingInput[] = [];
    if (!tree) return out;
    const bad = (pair: YPair, path: string, want: Want, goType: string, target: string | null, segs: string[] = []) => {
      const n = pair.value;
      if (!n || (n.kind === 'scalar' && n.value === null && n.type === 'null')) return false; // null decodes to the zero value
      const ok = want === 'map' ? n.kind === 'map' : want === 'list' ? n.kind === 'seq' : want === 'string' ? n.kind === 'scalar' : n.kind === 'scalar' && n.type === 'bool';
      if (ok) return false;
      const where = loc(ctx, { line: n.line, col: n.col });
      if (want === 'list' && n.kind === 'scalar' && path.endsWith('.endpoint')) {
        out.push({ status: 'fail', messageId: 'endpointString', args: { registry: target ?? '', value: String(n.value) }, target, location: where, data: { path, fix: segs.length ? suggestion({ op: 'set', path: segs, value: [n.source] }) : null } });
      } else if (want === 'bool' && n.kind === 'scalar' && n.type === 'str' && /^(true|false)$/i.test(String(n.value))) {
        out.push({ status: 'fail', messageId: 'quotedBool', args: { value: String(n.value).toLowerCase() }, target, location: where, data: { path, fix: segs.length ? suggestion({ op: 'set', path: segs, value: String(n.value).toLowerCase() === 'true' }) : null } });
      } else {
        out.push({ status: 'fail', messageId: 'wrongType', args: { path, want: WANT[want], tag: tagOf(n), goType }, target, location: where, data: { path } });
      }
      return true;
    };
    if (tree.kind !== 'map') {
      out.push({ status: 'fail', messageId: 'wrongType', args: { path: { messageId: 'path.document' }, want: WANT.map, tag: tagOf(tree), goType: 'registries.Registry' }, location: loc(ctx, tree), data: { path: '' } });
      return out;
    }
    for (const top of tree.items) {
      if (!['mirrors', 'configs', 'auths'].includes(top.key)) continue;
      if (bad(top, top.key, 'map', GO_TYPE[top.key]!, null) || top.value?.kind !== 'map') continue;
      for (const entry of top.value.items) {
        const path = `${top.key}."${entry.key}"`;
        if (top.key === 'auths') {
          if (bad(entry, path, 'map', GO_TYPE.auth!, entry.key) || entry.value?.kind !== 'map') continue;
          for (const f of entry.value.items) if (['username', 'password', 'auth', 'identity_token'].includes(f.key)) bad(f, `${path}.${f.key}`, 'string', 'string', entry.key);
          continue;
        }
        if (bad(entry, path, 'map', GO_TYPE[top.key === 'mirrors' ? 'mirror' : 'config']!, entry.key) || entry.value?.kind !== 'map') continue;
        for (const f of entry.value.items) {
          const fpath = `${path}.${f.key}`;
          if (top.key === 'mirrors') {
            if (f.key === 'endpoint') {
              if (bad(f, fpath, 'list', GO_TYPE.endpoint!, entry.key, ['mirrors', entry.key, 'endpoint']) || f.value?.kind !== 'seq') continue;
              f.value.items.forEach((it, i) => {
                if (it.kind !== 'scalar') out.push({ status: 'fail', messageId: 'wrongType', args: { path: `${fpath}[${i}]`, want: WANT.string, tag: tagOf(it), goType: 'string' }, target: entry.key, location: loc(ctx, it), data: { path: `${fpath}[${i}]` } });
              });
            } else if (f.key === 'rewrite') {
              if (bad(f, fpath, 'map', GO_TYPE.rewrite!, entry.key) || f.value?.kind !== 'map') continue;
              for (const r of f.value.items) bad(r, `${fpath}."${r.key}"`, 'string', 'string', entry.key);
            }
          } else if (f.key === 'auth' || f.key === 'tls') {
            if (bad(f, fpath, 'map', GO_TYPE[f.key]!, entry.key) || f.value?.kind !== 'map') continue;
            for (const g of f.value.items) {
              if (f.key === 'auth' && ['username', 'password', 'auth', 'identity_token'].includes(g.key)) bad(g, `${fpath}.${g.key}`, 'string', 'string', entry.key);
              if (f.key === 'tls' && ['ca_file', 'cert_file', 'key_file'].includes(g.key)) bad(g, `${fpath}.${g.key}`, 'string', 'string', entry.key);
              if (f.key === 'tls' && g.key === 'insecure_skip_verify') bad(g, `${fpath}.${g.key}`, 'bool', 'bool', entry.key, ['configs', entry.key, 'tls', g.key]);
            }
          }
        }
      }
    }
    return out;
  },
});
