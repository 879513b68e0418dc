import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, features, loc, model } from '../src/check-helpers.js';

/**
 * DOMAIN §1.2, §2.4, §6 #11: `tls.insecure_skip_verify` exists from K3s v1.19.1 (commit cf8c101b);
 * the K3s v1.18.8 of Rancher 2.5.0–2.5.7 ignores it, so an untrusted certificate still fails.
 */
export default defineCheck({
  id: 'insecure-skip-verify-version',
  title: 'insecure_skip_verify is used only where K3s applies it',
  failTitle: 'insecure_skip_verify is ignored by this K3s',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.2', '§2.4', '§6 #11'],
  messages: {
    unsupported: 'configs."{host}".tls.insecure_skip_verify is ignored by K3s {k3s} ({release}); it needs K3s v1.19.1+ (Rancher 2.5.8+). Certificate verification stays on and an untrusted certificate fails with x509 errors.',
    'unsupported.fix': 'Give the registry CA in ca_file instead (works on every version), or upgrade to Rancher 2.5.8+.',
    unknownVersion: 'configs."{host}".tls.insecure_skip_verify is ignored on Rancher 2.5.0–2.5.7 (K3s v1.18.8); it works from Rancher 2.5.8.',
    'unknownVersion.fix': 'Prefer ca_file with the registry CA (works on every version); give --rancher-version to check.',
  },
  remediation: 'Prefer ca_file; insecure_skip_verify needs Rancher 2.5.8+.',
  run(facts, ctx) {
    const f = features(ctx);
    const out: FindingInput[] = [];
    for (const c of model(facts, ctx).configs) {
      if (c.tls?.insecureSkipVerify !== true) continue;
      // The `insecure_skip_verify:` line is what the user edits (or replaces with ca_file).
      const base = { target: c.key, location: loc(ctx, c.tls.insecurePos ?? c.tls) };
      if (f && !f.insecureSkipVerify) out.push({ status: 'fail', messageId: 'unsupported', args: { host: c.key, k3s: f.k3s, release: f.release }, ...base });
      else if (!f) out.push({ status: 'warn', messageId: 'unknownVersion', args: { host: c.key }, ...base });
    }
    return out;
  },
});
