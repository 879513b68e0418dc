import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, features, loc, model } from '../src/check-helpers.js';

/**
 * DOMAIN §1.3.4, §6 #23: containerd's old CRI has no wildcard lookup for configs, and in certs.d
 * mode "containerd doesn't support loading tls config from the _default entry"
 * (k3s-io/k3s#9341, brandond). TLS under configs."*" is not applied in modes A and B.
 * Mode D (K3s v1.26.16+/v1.27.13+/v1.28.9+/v1.29.4+, Rancher 2.9+) writes it into
 * certs.d/_default/hosts.toml, which containerd uses for every registry without a directory of its
 * own: measured with real containerd (test/registry-containerd.test.ts), so there the warning names
 * only what does not inherit it.
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
    wildcardTlsModeD: 'On {release} (K3s {k3s}) TLS under configs."*" goes to certs.d/_default, which containerd uses only for registries that have no entry of their own: registries listed under mirrors or configs, and mirror endpoints, do not inherit it, and on Rancher before 2.9 it is not applied at all.',
    'wildcardTlsModeD.fix': 'Repeat the tls block under an explicit key for each endpoint host, e.g. configs."{example}".tls: that works in every K3s version.',
    wildcardTlsUnknown: 'Whether TLS under configs."*" is applied depends on the K3s version: never before Rancher 2.9, and from 2.9 only to registries with no entry of their own (certs.d/_default). Give --rancher-version to know.',
    'wildcardTlsUnknown.fix': 'Repeat the tls block under an explicit key for each endpoint host, e.g. configs."{example}".tls: that works in every K3s version.',
  },
  remediation: 'Give TLS settings under the explicit host[:port] of each endpoint.',
  run(facts, ctx) {
    const m = model(facts, ctx);
    const star = m.configs.find((c) => c.key === '*');
    if (!star?.tls) return [];
    const example = m.mirrors.flatMap((x) => x.endpoints).find((e) => e.parsed)?.parsed?.host ?? 'harbor.example.com';
    const f = features(ctx);
    // Mode D puts configs."*" TLS on certs.d/_default (DOMAIN §2.1).
    const defaultDir = f?.mode === 'D';
    const messageId = !f ? 'wildcardTlsUnknown' : defaultDir ? 'wildcardTlsModeD' : 'wildcardTls';
    const args = f ? { example, release: f.release, k3s: f.k3s } : { example };
    const out: FindingInput[] = [{ status: 'warn', messageId, args, target: '*', location: loc(ctx, star.tls) }];
    return out;
  },
});
