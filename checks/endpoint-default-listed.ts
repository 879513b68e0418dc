import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_MODEL, MODE_B_RANCHER, features, loc, model } from '../src/check-helpers.js';
import { defaultEndpointFor, endpointKey, parseEndpoint } from '../src/endpoint.js';

/**
 * DOMAIN §1.5, §2.4, §6 #9: containerd always tries the registry's default endpoint last. K3s's
 * first certs.d implementation (Mode B, K3s v1.27.10+k3s2 / v1.28.6+k3s2) writes no hosts.toml at
 * all when the LAST listed endpoint equals the default endpoint (k3s-io/k3s#9341 item 1, #9626): the
 * other endpoints and every TLS setting of the mirror are dropped. Mode A and D handle it.
 */
export default defineCheck({
  id: 'endpoint-default-listed',
  title: 'No mirror lists its default endpoint last on a K3s that drops the mirror for it',
  failTitle: 'A mirror lists its default endpoint last and K3s drops the mirror',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.5', '§2.4', '§6 #9'],
  messages: {
    modeBOthers: 'The last endpoint "{endpoint}" is the default endpoint of mirrors."{registry}". K3s {k3s} (Rancher {rancher}) then writes no hosts.toml, so the other endpoints ({others}) are never used and pulls go to {default} only.',
    'modeBOthers.fix': 'Remove "{endpoint}" from the list: containerd tries the default endpoint last anyway.',
    modeBTls: 'The only endpoint "{endpoint}" is the default endpoint of mirrors."{registry}". K3s {k3s} (Rancher {rancher}) then writes no hosts.toml, so the TLS settings of configs."{tlsKey}" are dropped and pulls fail with x509 errors.',
    'modeBTls.fix': 'Write the port explicitly ("https://{host}:443") so K3s keeps the mirror, or remove the endpoint list and rely on the default endpoint with a trusted CA.',
    unknownOthers: 'The last endpoint "{endpoint}" is the default endpoint of mirrors."{registry}". On ' + MODE_B_RANCHER + ' K3s then writes no hosts.toml and the other endpoints ({others}) are never used; other versions try it last anyway.',
    'unknownOthers.fix': 'Remove "{endpoint}" from the list: containerd tries the default endpoint last anyway.',
    unknownTls: 'The only endpoint "{endpoint}" is the default endpoint of mirrors."{registry}". On ' + MODE_B_RANCHER + ' K3s then writes no hosts.toml and the TLS settings of configs."{tlsKey}" are dropped (x509 errors); other versions are fine.',
    otherEndpoint: '"{endpoint}"',
    'unknownTls.fix': 'If you run one of those versions, write the port explicitly ("https://{host}:443"); give --rancher-version to know.',
  },
  remediation: 'Do not list the registry\'s own default endpoint last; containerd tries it after the listed ones anyway.',
  run(facts, ctx) {
    const f = features(ctx);
    if (f && f.mode !== 'B') return [];
    const m = model(facts, ctx);
    const out: FindingInput[] = [];
    for (const mirror of m.mirrors) {
      const last = mirror.endpoints[mirror.endpoints.length - 1];
      if (!last?.parsed || mirror.key === '*') continue;
      const def = parseEndpoint(defaultEndpointFor(mirror.key.toLowerCase()), 'B');
      const lastB = parseEndpoint(last.raw, 'B');
      if (!def || !lastB || endpointKey(def) !== endpointKey(lastB)) continue;
      const others = mirror.endpoints.slice(0, -1).map((e): MessageRef => ({ messageId: 'otherEndpoint', args: { endpoint: e.raw } }));
      const base = { target: last.raw, location: loc(ctx, last) };
      const args = { endpoint: last.raw, registry: mirror.key, default: def.base, others, k3s: f?.k3s ?? '', rancher: f?.rancher ?? '', host: lastB.host };
      if (others.length) {
        out.push({ status: f ? 'fail' : 'warn', messageId: f ? 'modeBOthers' : 'unknownOthers', args, ...base });
        continue;
      }
      // Only endpoint: pulls still reach the same host, but TLS settings for it live in hosts.toml.
      const tlsConfig = m.configs.find((c) => (c.key.toLowerCase() === mirror.key.toLowerCase() || c.key.toLowerCase() === lastB.host) && c.tls && (c.tls.caFile || c.tls.certFile || c.tls.insecureSkipVerify));
      if (tlsConfig) out.push({ status: f ? 'fail' : 'warn', messageId: f ? 'modeBTls' : 'unknownTls', args: { ...args, tlsKey: tlsConfig.key }, ...base });
    }
    return out;
  },
});
