import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, MODE_A_RANCHER, features, loc, model } from '../src/check-helpers.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.4, §2.4, §6 #8. Only "" and "/v2" (and "/v2/…") give the registry API root:
 * - a trailing "/" is used verbatim by containerd's CRI (Mode A): `if u.Path == "" { u.Path = "/v2" }`
 *   then requests go to /rancher/shell/manifests/… and get 404 (containerd/containerd#7068); K3s
 *   certs.d (Mode B/D) maps "/" to "/v2".
 * - any other path is the API root verbatim in every mode (override_path), so `https://harbor/rancher`
 *   requests /rancher/rancher/shell/manifests/… — 404 on Harbor and registry:2.
 */
export default defineCheck({
  id: 'endpoint-path',
  title: 'No endpoint has a path that breaks the /v2 API root',
  failTitle: 'An endpoint path sends requests outside /v2',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.4', '§2.4', '§6 #8'],
  fixable: ['slashModeA', 'slashUnknown'],
  messages: {
    slashModeA: 'Endpoint "{endpoint}" has a trailing slash. On {rancher} (K3s {k3s}) containerd uses "/" as the API root instead of "/v2", so it requests /rancher/…/manifests/… and every pull gets 404.',
    'slashModeA.fix': 'Remove the trailing slash: "{suggested}".',
    slashUnknown: 'Endpoint "{endpoint}" has a trailing slash. On ' + MODE_A_RANCHER + ' containerd then requests /rancher/…/manifests/… without /v2 and every pull gets 404; newer K3s versions map "/" to "/v2".',
    'slashUnknown.fix': 'Remove the trailing slash: "{suggested}" (works on every version).',
    slashOk: 'Endpoint "{endpoint}" has a trailing slash; K3s {k3s} maps it to /v2, but on ' + MODE_A_RANCHER + ' it breaks every pull (404).',
    'slashOk.fix': 'Remove the trailing slash: "{suggested}", so the file keeps working if you change Rancher version.',
    apiRoot: 'Endpoint "{endpoint}" has the path "{path}", which containerd uses verbatim as the API root instead of /v2: it requests {path}/<repo>/manifests/<tag>, which Harbor and registry:2 answer with 404.',
    'apiRoot.fix': 'Use "{suggested}". A Harbor project belongs in the image name (CATTLE_SYSTEM_DEFAULT_REGISTRY={host}{path}) or in a rewrite, not in the endpoint.',
  },
  remediation: 'Write endpoints as scheme://host[:port] with no path (or exactly /v2).',
  run(facts, ctx) {
    const f = features(ctx);
    const out: FindingInput[] = [];
    for (const m of model(facts, ctx).mirrors) {
      for (const e of m.endpoints) {
        const p = e.parsed;
        if (!p) continue;
        const suggested = `${p.schemeWritten ? `${p.schemeWritten}://` : ''}${p.host}`;
        const base = { target: e.raw, location: loc(ctx, e), data: { path: p.path, mode: f?.mode ?? null, fix: suggestion({ op: 'set', path: ['mirrors', m.key, 'endpoint', e.index], value: suggested }) } };
        // Dropping the slash keeps everything else of the URL only when there is no query after it.
        if (p.path === '/' && p.query) base.data.fix = null as never;
        if (p.path === '/') {
          if (!f) out.push({ status: 'warn', messageId: 'slashUnknown', args: { endpoint: e.raw, suggested }, ...base });
          else if (f.mode === 'A') out.push({ status: 'fail', messageId: 'slashModeA', args: { endpoint: e.raw, suggested, rancher: f.release, k3s: f.k3s }, ...base });
          else out.push({ status: 'warn', messageId: 'slashOk', args: { endpoint: e.raw, suggested, k3s: f.k3s }, ...base });
        } else if (p.path !== '' && p.path !== '/v2' && !p.path.startsWith('/v2/')) {
          out.push({ status: 'fail', messageId: 'apiRoot', args: { endpoint: e.raw, path: p.path.replace(/\/$/, ''), suggested, host: p.host }, ...base });
        }
      }
    }
    return out;
  },
});
