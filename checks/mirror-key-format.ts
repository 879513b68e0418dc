import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model } from '../src/check-helpers.js';
import { suggestion, type Edit } from '../src/lint-fix.js';

/**
 * DOMAIN §1.3.1: a `mirrors` key is compared as an exact string with the registry part of the image
 * name (host[:port], no scheme, no path). A key with `https://` or `/project` can never match, so the
 * mirror and everything it configures is dead.
 */
export default defineCheck({
  id: 'mirror-key-format',
  title: 'Every mirrors key is a registry name (host[:port])',
  failTitle: 'A mirrors key can never match an image',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.3'],
  // A key written as a URL (scheme, host, nothing after it but slashes) has one reading: the host is
  // the registry name. A key with a project path (`harbor.example.com/library`) is not fixed: where
  // the project belongs (the image names, a rewrite) is the user's choice, and the rename alone
  // would widen the mirror to every image of that registry.
  fixable: ['scheme'],
  messages: {
    scheme: 'mirrors."{key}" has a scheme. Image names never contain one (`{suggested}/rancher/shell:…`), so this key matches no image and the mirror is never used.',
    'scheme.fix': 'Use the registry name as the key ("{suggested}"); the scheme belongs in the endpoint list (endpoint: ["{endpoint}"]).',
    taken: 'mirrors."{key}" can never match an image, and mirrors."{suggested}" exists already, so renaming it would write that key twice.',
    'taken.fix': 'Move what mirrors."{key}" holds into mirrors."{suggested}" by hand and delete mirrors."{key}".',
    path: 'mirrors."{key}" has a path. The key is matched against the registry part of the image name only (host[:port]), so it matches no image and the mirror is never used.',
    'path.fix': 'Use "{suggested}" as the key. A Harbor project belongs in the image name (CATTLE_SYSTEM_DEFAULT_REGISTRY={key}) or in a rewrite, not in the key.',
    space: 'mirrors."{key}" contains whitespace, so it matches no image.',
    'space.fix': 'Remove the spaces from the key.',
  },
  remediation: 'Key mirrors by the registry name exactly as it appears in image names: host or host:port.',
  run(facts, ctx) {
    const out: FindingInput[] = [];
    const mirrors = model(facts, ctx).mirrors;
    for (const m of mirrors) {
      const where = loc(ctx, m);
      const bare = m.key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
      const suggested = bare.split('/')[0] ?? bare;
      if ((/:\/\//.test(m.key) || m.key.includes('/')) && mirrors.some((o) => o.key === suggested)) {
        out.push({ status: 'fail', messageId: 'taken', args: { key: m.key, suggested }, target: m.key, location: where, data: { fix: null } });
        continue;
      }
      // Rename the key; a key written as a URL with no endpoint list keeps its URL as the endpoint.
      const edits: Edit[] = [{ op: 'rename', path: ['mirrors', m.key], to: suggested }];
      const endpoint = m.key.replace(/\/+$/, '');
      if (m.endpointShape === 'missing' && /:\/\//.test(m.key)) edits.push({ op: 'set', path: ['mirrors', suggested, 'endpoint'], value: [endpoint] });
      const data = { fix: suggestion(...edits) };
      const project = bare.replace(/\/+$/, '').includes('/');
      if (/:\/\//.test(m.key)) out.push({ status: 'fail', messageId: 'scheme', args: { key: m.key, suggested, endpoint }, target: m.key, location: where, data: project ? { fix: null } : data });
      else if (m.key.includes('/')) out.push({ status: 'fail', messageId: 'path', args: { key: m.key, suggested }, target: m.key, location: where, data });
      else if (/\s/.test(m.key)) out.push({ status: 'fail', messageId: 'space', args: { key: m.key }, target: m.key, location: where });
    }
    return out;
  },
});
