import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, configForHost, loc, model } from '../src/check-helpers.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.4, §1.6, §6 #10: an endpoint without a scheme is HTTPS (http only for loopback), so a
 * plain-HTTP registry written without `http://` is contacted with TLS and fails. Any scheme other
 * than http/https is not a registry URL.
 */
export default defineCheck({
  id: 'endpoint-scheme',
  title: 'Every endpoint says http:// or https://',
  failTitle: 'An endpoint has no usable scheme',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.4', '§1.6', '§6 #10'],
  fixable: ['noScheme'],
  messages: {
    noScheme: 'Endpoint "{endpoint}" of mirrors."{registry}" has no scheme, so containerd uses {scheme}://{host}. If the registry speaks plain HTTP, every pull fails with "http: server gave HTTP response to HTTPS client".',
    'noScheme.fix': 'Write the scheme explicitly: "{https}" for a TLS registry, "{http}" for plain HTTP.',
    badScheme: 'Endpoint "{endpoint}" of mirrors."{registry}" has scheme "{scheme}"; containerd only speaks http and https, so this endpoint fails.',
    'badScheme.fix': 'Use "{https}" (or "{http}" for a plain-HTTP registry).',
    empty: 'Endpoint "{endpoint}" of mirrors."{registry}" has no host.',
    'empty.fix': 'Write the endpoint as https://host[:port].',
  },
  remediation: 'Write every endpoint as https://host[:port] or http://host[:port].',
  run(facts, ctx) {
    const out: FindingInput[] = [];
    const mm = model(facts, ctx);
    for (const m of mm.mirrors) {
      for (const e of m.endpoints) {
        const where = loc(ctx, e);
        const p = e.parsed;
        if (!p) {
          out.push({ status: 'fail', messageId: 'empty', args: { endpoint: e.raw, registry: m.key }, target: e.raw, location: where });
          continue;
        }
        // The same endpoint with a scheme (path kept); the one containerd uses today first.
        const rest = `${p.host}${p.path}${p.query}`;
        const https = `https://${rest}`;
        const http = `http://${rest}`;
        const path = ['mirrors', m.key, 'endpoint', e.index];
        const [first, second] = p.scheme === 'http' ? [http, https] : [https, http];
        // TLS settings for the host (ca_file, a client pair, insecure_skip_verify) only apply to https: then https is certain.
        const tls = configForHost(mm, p.host)?.tls;
        const decided = p.schemeWritten === null && p.scheme === 'https' && Boolean(tls && (tls.caFile || tls.certFile || tls.keyFile || tls.insecureSkipVerify !== null));
        const data = { fix: suggestion({ op: 'set', path, value: first }), alternatives: decided ? [] : [suggestion({ op: 'set', path, value: second })] };
        if (p.schemeWritten === null) out.push({ status: 'warn', messageId: 'noScheme', args: { endpoint: e.raw, registry: m.key, scheme: p.scheme, host: p.host, https, http }, target: e.raw, location: where, data });
        else if (p.scheme !== 'http' && p.scheme !== 'https') out.push({ status: 'fail', messageId: 'badScheme', args: { endpoint: e.raw, registry: m.key, scheme: p.scheme, host: p.host, https, http }, target: e.raw, location: where, data: { fix: suggestion({ op: 'set', path, value: https }), alternatives: [suggestion({ op: 'set', path, value: http })] } });
      }
    }
    return out;
  },
});
