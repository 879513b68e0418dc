import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, didYouMean, loc, model } from '../src/check-helpers.js';
import { splitHostPort } from '../src/endpoint.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.3.3, §6 #5: credentials and TLS are looked up by the host[:port] of the endpoint actually
 * contacted (old CRI `Configs[u.Host]`; certs.d `configForHost(<endpoint host>)`), exact match.
 * A `configs` entry keyed by the mirror name (Rancher's own air-gap docs: mirror `customreg`,
 * endpoint `https://ip-to-server:5000`, configs `customreg`) never reaches that endpoint.
 */
export default defineCheck({
  id: 'config-key-matches-endpoint',
  title: 'Credentials and TLS are keyed by the endpoint hosts containerd contacts',
  failTitle: 'A configs entry does not reach the endpoint it was meant for',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.3', '§6 #5'],
  fixable: ['mirrorName', 'nearMiss'],
  messages: {
    mirrorName: 'configs."{key}" is keyed by the mirror name, but the mirror\'s endpoint {endpoint} is contacted as host "{host}". containerd looks credentials and TLS up by that host, so none of configs."{key}" is used for it.',
    'mirrorName.fix': 'Give the endpoint host its own entry: copy configs."{key}" to configs."{host}" (keep "{key}" only if images are also pulled from {key} directly).',
    nearMiss: 'configs."{key}" matches no endpoint host or registry in this file; endpoint {endpoint} is contacted as "{host}". Keys must match host[:port] exactly, port included, so this entry is never used.',
    'nearMiss.fix': 'Rename the key to "{host}".',
  },
  remediation: 'Key each configs entry by the host[:port] of an endpoint URL, exactly as written there (port included).',
  run(facts, ctx) {
    const m = model(facts, ctx);
    const out: FindingInput[] = [];
    const configKeys = new Set(m.configs.map((c) => c.key.toLowerCase()));
    const mirrorKeys = new Set(m.mirrors.map((x) => x.key.toLowerCase()));
    const endpoints = m.mirrors.flatMap((x) => x.endpoints.filter((e) => e.parsed).map((e) => ({ mirror: x.key, raw: e.raw, host: e.parsed!.host })));
    const hosts = new Set(endpoints.map((e) => e.host));
    for (const c of m.configs) {
      const key = c.key.toLowerCase();
      if (key === '*' || hosts.has(key)) continue;
      const where = loc(ctx, c);
      if (mirrorKeys.has(key)) {
        // Keyed by a mirror name: every endpoint of that mirror on another host goes without it.
        const missing = endpoints.filter((e) => e.mirror.toLowerCase() === key && e.host !== key && !configKeys.has(e.host));
        const first = missing[0];
        const hostsMissing = [...new Set(missing.map((e) => e.host))];
        if (first) out.push({ status: 'fail', messageId: 'mirrorName', args: { key: c.key, endpoint: first.raw, host: first.host }, target: c.key, location: where, data: { hosts: hostsMissing, fix: suggestion(...hostsMissing.map((h) => ({ op: 'copy' as const, from: ['configs', c.key], to: ['configs', h] }))) } });
        continue;
      }
      // Not an endpoint host and not a registry name: a near miss of an uncovered endpoint host?
      const uncovered = endpoints.filter((e) => !configKeys.has(e.host));
      const { hostname } = splitHostPort(key);
      const samePortless = uncovered.find((e) => splitHostPort(e.host).hostname === hostname);
      const close = samePortless?.host ?? didYouMean(key, uncovered.map((e) => e.host));
      const hit = close ? uncovered.find((e) => e.host === close) : undefined;
      if (hit) out.push({ status: 'fail', messageId: 'nearMiss', args: { key: c.key, endpoint: hit.raw, host: hit.host }, target: c.key, location: where, data: { host: hit.host, fix: suggestion({ op: 'rename', path: ['configs', c.key], to: hit.host }) } });
    }
    return out;
  },
});
