import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model } from '../src/check-helpers.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.3.3, §6 #6: containerd looks `configs` up by the host[:port] of the endpoint it
 * contacts (`Configs[u.Host]`); a key written as a URL (k3s-io/k3s#1986) never equals a host.
 */
export default defineCheck({
  id: 'config-key-format',
  title: 'Every configs key is a host[:port]',
  failTitle: 'A configs key is written as a URL',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.3', '§6 #6'],
  // containerd looks configs up by host[:port] only, so the host of a key written as a URL is its one
  // reading (scheme and path mean nothing there); not when that host has an entry already.
  fixable: ['url'],
  messages: {
    url: 'configs."{key}" is written as a URL. containerd looks credentials and TLS up by the bare host[:port] of the endpoint, so this entry never applies.',
    'url.fix': 'Use "{suggested}" as the key (no scheme, no path).',
    space: 'configs."{key}" contains whitespace, so it matches no host.',
    'space.fix': 'Remove the spaces from the key.',
  },
  remediation: 'Key configs by host[:port] without scheme or path, e.g. "harbor.example.com" or "harbor.example.com:8443".',
  run(facts, ctx) {
    const out: FindingInput[] = [];
    const configs = model(facts, ctx).configs;
    const keys = new Set(configs.map((o) => o.key));
    for (const c of configs) {
      const suggested = c.key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0] ?? c.key;
      // Renaming onto a key that exists would write it twice: then the fix is by hand.
      const fix = keys.has(suggested) ? null : suggestion({ op: 'rename', path: ['configs', c.key], to: suggested });
      if (/:\/\//.test(c.key) || c.key.includes('/')) out.push({ status: 'fail', messageId: 'url', args: { key: c.key, suggested }, target: c.key, location: loc(ctx, c), data: { fix } });
      else if (/\s/.test(c.key)) out.push({ status: 'fail', messageId: 'space', args: { key: c.key }, target: c.key, location: loc(ctx, c) });
    }
    return out;
  },
});
