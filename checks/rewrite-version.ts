import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, features, loc, model } from '../src/check-helpers.js';

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
    unsupported: 'mirrors."{registry}".rewrite is ignored by K3s {k3s} (Rancher {rancher}): rewrite needs K3s v1.21+ (Rancher 2.6+). Images are requested under their original paths.',
    'unsupported.fix': 'Push the images under the original rancher/… paths in the registry and remove the rewrite, or upgrade to Rancher 2.6+.',
    unknownVersion: 'mirrors."{registry}".rewrite is ignored on Rancher 2.5.x (K3s v1.18/v1.19 have no rewrite); it works from Rancher 2.6 (K3s v1.21).',
    'unknownVersion.fix': 'Give --rancher-version to check; on 2.5.x push images under the original rancher/… paths instead.',
    noEndpoint: 'mirrors."{registry}" has a rewrite but no endpoint list. Rewrites apply only to listed endpoints, never to the default endpoint, so nothing is rewritten.',
    'noEndpoint.fix': 'Add the endpoint explicitly; to rewrite on the registry itself write the port: endpoint: ["https://{registry}:443"].',
  },
  remediation: 'Use rewrite only on Rancher 2.6+ and only with an explicit endpoint list.',
  run(facts, ctx) {
    const f = features(ctx);
    const out: FindingInput[] = [];
    for (const m of model(facts, ctx).mirrors) {
      const r = m.rewrites[0];
      if (!r) continue;
      const base = { target: m.key, location: loc(ctx, r) };
      if (f && !f.rewrite) out.push({ status: 'fail', messageId: 'unsupported', args: { registry: m.key, k3s: f.k3s, rancher: f.rancher }, ...base });
      else if (!f) out.push({ status: 'warn', messageId: 'unknownVersion', args: { registry: m.key }, ...base });
      if ((!f || f.rewrite) && m.endpoints.length === 0) out.push({ status: 'warn', messageId: 'noEndpoint', args: { registry: m.key }, ...base });
    }
    return out;
  },
});
