import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model } from '../src/check-helpers.js';
import { endpointKey, parseEndpoint } from '../src/endpoint.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.6, §6 #10–11: TLS settings do nothing for an http:// endpoint in containerd 1.x, and
 * containerd 2.x (newest K3s) then "will try HTTPS first since it is configured for HTTP with a TLS
 * configuration" (core/remotes/docker/config/hosts.go); users report failures with exactly this
 * (k3s-io/k3s#13379, #11642). `insecure_skip_verify` does not mean "use HTTP".
 */
export default defineCheck({
  id: 'endpoint-http-with-tls',
  title: 'No http:// endpoint carries a tls block',
  failTitle: 'An http:// endpoint carries a tls block',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.6', '§6 #10', '§6 #11'],
  messages: {
    httpTls: 'Endpoint "{endpoint}" is plain HTTP but configs."{host}" has a tls block. TLS settings do nothing for HTTP, and with containerd 2.x (newer K3s) they make containerd try HTTPS first, which fails against an HTTP-only registry.',
    'httpTls.fix': 'A tls block means the registry speaks HTTPS: write the endpoint as "{https}" (the registry stage tells which one the port speaks). Only for a plain-HTTP registry keep "{endpoint}" and remove the tls block of configs."{host}" (insecure_skip_verify does not enable HTTP).',
  },
  remediation: 'For an HTTPS registry use an https:// endpoint; for a plain-HTTP registry use an http:// endpoint and no tls block.',
  run(facts, ctx) {
    const m = model(facts, ctx);
    const out: FindingInput[] = [];
    const seen = new Set<string>();
    for (const mirror of m.mirrors) {
      for (const e of mirror.endpoints) {
        if (e.parsed?.scheme !== 'http') continue;
        const c = m.configs.find((x) => x.key.toLowerCase() === e.parsed!.host);
        if (!c?.tls || (!c.tls.caFile && !c.tls.certFile && !c.tls.keyFile && c.tls.insecureSkipVerify === null)) continue;
        if (seen.has(c.key)) continue;
        seen.add(c.key);
        // The same endpoint over https (path kept). If the mirror lists that already, the fix is
        // to drop the http:// one (changing it would list the same endpoint twice).
        const p = e.parsed!;
        const https = `https://${p.host}${p.path}`;
        const httpsKey = endpointKey(parseEndpoint(https, null)!);
        const twin = mirror.endpoints.some((o) => o !== e && o.parsed && endpointKey(o.parsed) === httpsKey);
        const path = ['mirrors', mirror.key, 'endpoint', e.index];
        const primary = suggestion(twin ? { op: 'delete', path } : { op: 'set', path, value: https });
        const alternative = suggestion({ op: 'delete', path: ['configs', c.key, 'tls'] });
        out.push({ status: 'warn', messageId: 'httpTls', args: { endpoint: e.raw, host: c.key, https }, target: e.raw, location: loc(ctx, e), data: { fix: primary, alternatives: [alternative] } });
      }
    }
    return out;
  },
});
