import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, configForHost, features, loc, model } from '../src/check-helpers.js';
import { splitHostPort } from '../src/endpoint.js';
import { suggestion, type Edit } from '../src/lint-fix.js';

/**
 * DOMAIN §1.2, §1.5, §6 #22: `rewrite` exists from K3s v1.21.0 (k3s commit 618b0f98); the K3s of
 * Rancher 2.5.x (v1.18/v1.19) has no such field and ignores it. Rewrites never apply to the
 * default endpoint, so a mirror with rewrites and no endpoint list rewrites nothing.
 */
export default defineCheck({
  id: 'rewrite-version',
  title: 'rewrite is used only where K3s applies it',
  failTitle: 'A rewrite is ignored',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.2', '§1.5', '§6 #22'],
  messages: {
    unsupported: 'mirrors."{registry}".rewrite is ignored by K3s {k3s} ({release}): rewrite needs K3s v1.21+ (Rancher 2.6+). Images are requested under their original paths.',
    'unsupported.fix': 'Push the images under the original rancher/… paths in the registry and remove the rewrite, or upgrade to Rancher 2.6+.',
    unknownVersion: 'mirrors."{registry}".rewrite is ignored on Rancher 2.5.x (K3s v1.18/v1.19 have no rewrite); it works from Rancher 2.6 (K3s v1.21).',
    'unknownVersion.fix': 'Give --rancher-version to check; on 2.5.x push images under the original rancher/… paths instead.',
    noEndpoint: 'mirrors."{registry}" has a rewrite but no endpoint list. Rewrites apply only to listed endpoints, never to the default endpoint, so nothing is rewritten.',
    'noEndpoint.fix': 'Add the endpoint explicitly; to rewrite on the registry itself write the port: endpoint: ["{endpoint}"]{copyNote}.',
    copyNote: ' and give "{newKey}" its own entry configs."{newKey}" (a copy of configs."{key}"): K3s looks configs up by the endpoint host',
    noEndpointPort: 'mirrors."{registry}" has a rewrite but no endpoint list. Rewrites apply only to listed endpoints, never to the default endpoint, so nothing is rewritten.',
    'noEndpointPort.fix': 'registries.yaml cannot express a rewrite on {registry} itself on Rancher 2.7.12+ / 2.8.3+ (K3s certs.d): its port is already explicit, so "https://{registry}" is the default endpoint, which K3s never rewrites (no K3s version changes this). List the registry under another name it answers to, or push the images under the paths Rancher requests and remove the rewrite.',
    noEndpointModeA: 'mirrors."{registry}" has a rewrite but no endpoint list. Rewrites apply only to listed endpoints, never to the default endpoint, so nothing is rewritten.',
    'noEndpointModeA.fix': 'Add the endpoint explicitly: endpoint: ["https://{registry}"] (K3s {k3s} applies rewrites to every listed endpoint).',
  },
  remediation: 'Use rewrite only on Rancher 2.6+ and only with an explicit endpoint list.',
  run(facts, ctx) {
    const f = features(ctx);
    const out: FindingInput[] = [];
    const m2 = model(facts, ctx);
    for (const m of m2.mirrors) {
      const r = m.rewrites[0];
      if (!r || !m.rewriteKey) continue;
      // The version gate is about the `rewrite:` key itself; the missing endpoint list is edited under the mirror key.
      const base = { target: m.key, location: loc(ctx, m.rewriteKey) };
      if (f && !f.rewrite) out.push({ status: 'fail', messageId: 'unsupported', args: { registry: m.key, k3s: f.k3s, release: f.release }, ...base });
      else if (!f) out.push({ status: 'warn', messageId: 'unknownVersion', args: { registry: m.key }, ...base });
      if ((!f || f.rewrite) && m.endpoints.length === 0 && m.key !== '*') {
        const where = { target: m.key, location: loc(ctx, m) };
        const { hostname, port } = splitHostPort(m.key.toLowerCase());
        const path = ['mirrors', m.key, 'endpoint'];
        if (f?.mode === 'A') {
          out.push({ status: 'warn', messageId: 'noEndpointModeA', args: { registry: m.key, k3s: f.k3s }, ...where, data: { fix: suggestion({ op: 'set', path, value: [`https://${m.key}`] }) } });
        } else if (port !== null) {
          out.push({ status: 'warn', messageId: 'noEndpointPort', args: { registry: m.key }, ...where, data: { fix: null } });
        } else {
          // https://host:443 is another URL than the default https://host, so K3s keeps it as a
          // mirror endpoint (docs.k3s.io "Rewrites"); its configs are looked up as "host:443".
          const newKey = `${hostname}:443`;
          const endpoint = `https://${newKey}`;
          const config = configForHost(m2, m.key);
          const edits: Edit[] = [{ op: 'set', path, value: [endpoint] }];
          const copy = config && !configForHost(m2, newKey);
          if (copy) edits.push({ op: 'copy', from: ['configs', config.key], to: ['configs', newKey] });
          out.push({ status: 'warn', messageId: 'noEndpoint', args: { registry: m.key, endpoint, copyNote: copy ? { messageId: 'copyNote', args: { newKey, key: config.key } } : '' }, ...where, data: { fix: suggestion(...edits) } });
        }
      }
    }
    return out;
  },
});
