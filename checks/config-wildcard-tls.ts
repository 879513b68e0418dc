import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model } from '../src/check-helpers.js';

/**
 * DOMAIN §1.3.4, §6 #23: containerd's old CRI has no wildcard lookup for configs, and in certs.d
 * mode "containerd doesn't support loading tls config from the _default entry"
 * (k3s-io/k3s#9341, brandond). TLS under configs."*" is not applied.
 */
export default defineCheck({
  id: 'config-wildcard-tls',
  title: 'No TLS settings rely on configs."*"',
  failTitle: 'TLS settings under configs."*" are not applied',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.3', '§6 #23'],
  messages: {
    wildcardTls: 'TLS settings under configs."*" are not applied by containerd (no wildcard lookup for TLS in any K3s version), so registries relying on them fail with x509 errors.',
    'wildcardTls.fix': 'Repeat the tls block under an explicit key for each endpoint host, e.g. configs."{example}".tls.',
  },
  remediation: 'Give TLS settings under the explicit host[:port] of each endpoint.',
  run(facts, ctx) {
    const m = model(facts, ctx);
    const star = m.configs.find((c) => c.key === '*');
    if (!star?.tls) return [];
    const example = m.mirrors.flatMap((x) => x.endpoints).find((e) => e.parsed)?.parsed?.host ?? 'harbor.example.com';
    const out: FindingInput[] = [{ status: 'warn', messageId: 'wildcardTls', args: { example }, target: '*', location: loc(ctx, star.tls) }];
    return out;
  },
});
