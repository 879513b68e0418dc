import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model } from '../src/check-helpers.js';

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
  messages: {
    scheme: 'mirrors."{key}" has a scheme. Image names never contain one (`{suggested}/rancher/shell:…`), so this key matches no image and the mirror is never used.',
    'scheme.fix': 'Use the registry name as the key ("{suggested}") and put the scheme in the endpoint list instead: endpoint: ["{key}"].',
    path: 'mirrors."{key}" has a path. The key is matched against the registry part of the image name only (host[:port]), so it matches no image and the mirror is never used.',
    'path.fix': 'Use "{suggested}" as the key. A Harbor project belongs in the image name (CATTLE_SYSTEM_DEFAULT_REGISTRY={key}) or in a rewrite, not in the key.',
    space: 'mirrors."{key}" contains whitespace, so it matches no image.',
    'space.fix': 'Remove the spaces from the key.',
  },
  remediation: 'Key mirrors by the registry name exactly as it appears in image names: host or host:port.',
  run(facts, ctx) {
    const out: FindingInput[] = [];
    for (const m of model(facts, ctx).mirrors) {
      const where = loc(ctx, m);
      const bare = m.key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
      const suggested = bare.split('/')[0] ?? bare;
      if (/:\/\//.test(m.key)) out.push({ status: 'fail', messageId: 'scheme', args: { key: m.key, suggested }, target: m.key, location: where });
      else if (m.key.includes('/')) out.push({ status: 'fail', messageId: 'path', args: { key: m.key, suggested }, target: m.key, location: where });
      else if (/\s/.test(m.key)) out.push({ status: 'fail', messageId: 'space', args: { key: m.key }, target: m.key, location: where });
    }
    return out;
  },
});
