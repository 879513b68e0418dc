import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, features, loc, model } from '../src/check-helpers.js';
import { endpointKey } from '../src/endpoint.js';

/**
 * DOMAIN §6 #9: the same endpoint twice (after normalisation) renders two identical [host."…"]
 * tables in certs.d hosts.toml (Mode B/D) and containerd refuses the file: "failed to decode
 * hosts.toml … duplicated tables" (k3s-io/k3s#9693), dropping the whole mirror. Mode A only
 * tries the endpoint twice.
 */
export default defineCheck({
  id: 'endpoint-duplicate',
  title: 'No endpoint is listed twice in a mirror',
  failTitle: 'An endpoint is listed twice in a mirror',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.4', '§2.1', '§6 #9'],
  messages: {
    duplicateCertsD: 'Endpoint "{endpoint}" is the same as "{first}" (line {firstLine}) after normalisation. K3s {k3s} writes both into hosts.toml and containerd rejects the file ("duplicated tables"), so mirrors."{registry}" is ignored.',
    duplicateModeA: 'Endpoint "{endpoint}" is the same as "{first}" (line {firstLine}) after normalisation; on K3s {k3s} it is only tried twice, but newer Rancher versions reject the mirror.',
    duplicateUnknown: 'Endpoint "{endpoint}" is the same as "{first}" (line {firstLine}) after normalisation. On Rancher 2.7.12+ and 2.8.3+ (K3s certs.d) containerd rejects hosts.toml ("duplicated tables") and mirrors."{registry}" is ignored; older versions just try it twice.',
  },
  remediation: 'Delete the repeated endpoint; list each endpoint once.',
  run(facts, ctx) {
    const f = features(ctx);
    const out: FindingInput[] = [];
    for (const m of model(facts, ctx).mirrors) {
      const seen = new Map<string, (typeof m.endpoints)[number]>();
      for (const e of m.endpoints) {
        if (!e.parsed) continue;
        const k = endpointKey(e.parsed);
        const first = seen.get(k);
        if (!first) {
          seen.set(k, e);
          continue;
        }
        const certsD = f !== null && f.mode !== 'A';
        const messageId = !f ? 'duplicateUnknown' : certsD ? 'duplicateCertsD' : 'duplicateModeA';
        out.push({ status: certsD ? 'fail' : 'warn', messageId, args: { endpoint: e.raw, first: first.raw, firstLine: first.line, registry: m.key, k3s: f?.k3s ?? '' }, target: e.raw, location: loc(ctx, e), data: { normalized: k } });
      }
    }
    return out;
  },
});
