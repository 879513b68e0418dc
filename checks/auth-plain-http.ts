import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model } from '../src/check-helpers.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.6, §1.7: with an http:// endpoint containerd sends the credentials of configs."<host>"
 * as HTTP Basic (or to the token realm) unencrypted: anyone on the path can read them. It works,
 * so this is a warning.
 */
export default defineCheck({
  id: 'auth-plain-http',
  title: 'No credentials travel over plain HTTP',
  failTitle: 'Credentials travel over plain HTTP',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.6', '§1.7'],
  messages: {
    clearText: 'configs."{host}" has credentials and endpoint "{endpoint}" is plain HTTP, so the user name and password cross the network in clear text (base64 is not encryption).',
    'clearText.fix': 'Serve the registry over HTTPS (a self-signed CA in configs."{host}".tls.ca_file is enough), write the endpoint as "{https}", and use a pull-only robot account.',
  },
  remediation: 'Use HTTPS for registries that need credentials.',
  run(facts, ctx) {
    const m = model(facts, ctx);
    const out: FindingInput[] = [];
    for (const c of m.configs) {
      if (!c.auth || !(c.auth.hasPassword || c.auth.hasAuth || c.auth.hasIdentityToken)) continue;
      const mirror = m.mirrors.find((x) => x.endpoints.some((e) => e.parsed?.scheme === 'http' && e.parsed.host === c.key.toLowerCase()));
      const ep = mirror?.endpoints.find((e) => e.parsed?.scheme === 'http' && e.parsed.host === c.key.toLowerCase());
      if (!mirror || !ep) continue;
      // The endpoint is what changes (once the registry serves HTTPS): point at it.
      const https = `https://${ep.parsed!.host}${ep.parsed!.path}`;
      out.push({ status: 'warn', messageId: 'clearText', args: { host: c.key, endpoint: ep.raw, https }, target: c.key, location: loc(ctx, ep), data: { fix: suggestion({ op: 'set', path: ['mirrors', mirror.key, 'endpoint', ep.index], value: https }) } });
    }
    return out;
  },
});
