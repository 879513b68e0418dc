import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_MODEL, MODE_B_RANCHER, features, isDefaultEndpointUrl, loc, model } from '../src/check-helpers.js';
import { defaultEndpointFor, parseEndpoint } from '../src/endpoint.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.5, §2.2, §2.4, §6 #9: K3s' first certs.d renderer (Mode B, K3s v1.27.10+k3s2 / v1.28.6+k3s2)
 * looks at the LAST endpoint after both loops of `getHostConfigs`: when its URL equals the
 * registry's default URL (`url.String()` after `normalizeEndpointAddress`, so an explicit `:443`
 * differs) and it has no configs entry (auth/tls) and the mirror no rewrite, the host is dropped,
 * no hosts.toml is written and the other endpoints are never used (k3s-io/k3s#9341 item 1,
 * reproduced in #9637/#9638/#9678). With a config it stays a `[host]` table with its TLS and only
 * the `server` line goes (that era's clean-up loop; src/containerd/hosts-toml.ts getHostConfigsB),
 * so it is not a finding. Mode A and D handle both.
 */
export default defineCheck({
  id: 'endpoint-default-listed',
  title: 'No mirror lists its default endpoint last on a K3s that drops the mirror for it',
  failTitle: 'A mirror lists its default endpoint last and K3s drops the mirror',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.5', '§2.4', '§6 #9'],
  messages: {
    modeBOthers: 'The last endpoint "{endpoint}" is the default endpoint of mirrors."{registry}". K3s {k3s} ({release}) then writes no hosts.toml, so the other endpoints ({others}) are never used and pulls go to {default} only.',
    'modeBOthers.fix': 'Remove "{endpoint}" from the list: containerd tries the default endpoint last anyway.',
    unknownOthers: 'The last endpoint "{endpoint}" is the default endpoint of mirrors."{registry}". On ' + MODE_B_RANCHER + ' K3s then writes no hosts.toml and the other endpoints ({others}) are never used; other versions try it last anyway.',
    'unknownOthers.fix': 'Remove "{endpoint}" from the list: containerd tries the default endpoint last anyway.',
    otherEndpoint: '"{endpoint}"',
  },
  remediation: 'Do not list the registry\'s own default endpoint last; containerd tries it after the listed ones anyway.',
  run(facts, ctx) {
    const f = features(ctx);
    if (f && f.mode !== 'B') return [];
    const m = model(facts, ctx);
    const out: FindingInput[] = [];
    for (const mirror of m.mirrors) {
      const last = mirror.endpoints[mirror.endpoints.length - 1];
      if (!last?.parsed || mirror.key === '*' || !isDefaultEndpointUrl(mirror.key, last.raw)) continue;
      const lastB = parseEndpoint(last.raw, 'B')!;
      const def = parseEndpoint(defaultEndpointFor(mirror.key.toLowerCase()), 'B')!;
      const others = mirror.endpoints.slice(0, -1).map((e): MessageRef => ({ messageId: 'otherEndpoint', args: { endpoint: e.raw } }));
      const base = { target: last.raw, location: loc(ctx, last) };
      const args = { endpoint: last.raw, registry: mirror.key, default: def.base, others, k3s: f?.k3s ?? '', release: f?.release ?? '' };
      // That era's lookup is Configs[url.Host], the DefaultHost-modified host as written: no docker.io alias.
      const urlHost = lastB.host === 'docker.io' ? 'registry-1.docker.io' : lastB.host;
      const config = m.configs.find((c) => c.key === urlHost);
      const hasConfig = Boolean(config?.auth || config?.tls) || mirror.rewrites.length > 0;
      // The host is dropped: only a problem when other endpoints were meant to be used.
      if (hasConfig || !others.length) continue;
      const path = ['mirrors', mirror.key, 'endpoint', last.index];
      out.push({ status: f ? 'fail' : 'warn', messageId: f ? 'modeBOthers' : 'unknownOthers', args, ...base, data: { fix: suggestion({ op: 'delete', path }) } });
    }
    return out;
  },
});
