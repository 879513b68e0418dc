import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_MODEL, MODE_B_RANCHER, configForHost, features, isDefaultEndpointUrl, loc, model } from '../src/check-helpers.js';
import { defaultEndpointFor, parseEndpoint, splitHostPort } from '../src/endpoint.js';
import { suggestion, type Edit } from '../src/lint-fix.js';

/**
 * DOMAIN §1.5, §2.4, §6 #9: K3s' first certs.d renderer (Mode B, K3s v1.27.10+k3s2 / v1.28.6+k3s2)
 * moves the LAST endpoint to the hosts.toml `server` line when its URL equals the registry's default
 * URL (`endpointURLEqual`: `url.String()` after `normalizeEndpointAddress`, so an explicit `:443`
 * differs), and that template writes `server = "https://<host>"` with no TLS (k3s-io/k3s@053afed3
 * pkg/agent/templates/templates.go HostsTomlTemplate: ca/client/skip_verify only in `[host]` tables).
 * Then, as the issue's mode B reading of getHostConfigs:
 * - the endpoint has no configs entry (auth/tls) and the mirror no rewrite: the host is dropped,
 *   no hosts.toml is written and the other endpoints are never used (k3s-io/k3s#9341 item 1, #9637);
 * - otherwise the other endpoints stay, but the registry itself is reached without its TLS settings.
 * Mode A and D handle both (D writes the default's TLS on the server line: k3s-io/k3s#9853, K3s
 * v1.27.13 / v1.28.9, first shipped with Rancher 2.9.0).
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
    modeBTls: 'The endpoint "{endpoint}" is the default endpoint of mirrors."{registry}" and is listed last. K3s {k3s} ({release}) then writes it as the hosts.toml `server` line, which carries no TLS settings, so the settings of configs."{tlsKey}" are not used for it and pulls from it fail with x509 errors.',
    'modeBTls.fix': 'Write the port explicitly, "{suggested}", and give that host its own entry configs."{newKey}" (a copy of configs."{tlsKey}"): K3s then keeps it as a mirror endpoint with its TLS settings.',
    modeBTlsPort: 'The endpoint "{endpoint}" is the default endpoint of mirrors."{registry}" and is listed last. K3s {k3s} ({release}) then writes it as the hosts.toml `server` line, which carries no TLS settings, so the settings of configs."{tlsKey}" are not used for it and pulls from it fail with x509 errors.',
    'modeBTlsPort.fix': 'registries.yaml cannot express a workaround here: the port is already explicit, so every spelling of this endpoint is the default. Upgrade to Rancher 2.9+ (K3s v1.30, which writes the default endpoint\'s TLS on the server line; fixed in K3s v1.27.13 / v1.28.9), or make the registry certificate trusted by the system CA pool of the Rancher container.',
    unknownOthers: 'The last endpoint "{endpoint}" is the default endpoint of mirrors."{registry}". On ' + MODE_B_RANCHER + ' K3s then writes no hosts.toml and the other endpoints ({others}) are never used; other versions try it last anyway.',
    'unknownOthers.fix': 'Remove "{endpoint}" from the list: containerd tries the default endpoint last anyway.',
    unknownTls: 'The endpoint "{endpoint}" is the default endpoint of mirrors."{registry}" and is listed last. On ' + MODE_B_RANCHER + ' K3s writes it as the hosts.toml `server` line without TLS settings, so configs."{tlsKey}" is not used for it (x509 errors); other versions are fine.',
    'unknownTls.fix': 'If you run one of those versions, write the port explicitly, "{suggested}", with its own entry configs."{newKey}" (a copy of configs."{tlsKey}"); give --rancher-version to know.',
    unknownTlsPort: 'The endpoint "{endpoint}" is the default endpoint of mirrors."{registry}" and is listed last. On ' + MODE_B_RANCHER + ' K3s writes it as the hosts.toml `server` line without TLS settings, so configs."{tlsKey}" is not used for it (x509 errors); other versions are fine.',
    'unknownTlsPort.fix': 'On those versions registries.yaml cannot express a workaround (the port is already explicit); Rancher 2.9+ (K3s v1.30) is fixed. Give --rancher-version to know.',
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
      const config = configForHost(m, lastB.host);
      const hasConfig = Boolean(config?.auth || config?.tls) || mirror.rewrites.length > 0;
      const path = ['mirrors', mirror.key, 'endpoint', last.index];
      if (!hasConfig) {
        // The host is dropped: only a problem when other endpoints were meant to be used.
        if (others.length) out.push({ status: f ? 'fail' : 'warn', messageId: f ? 'modeBOthers' : 'unknownOthers', args, ...base, data: { fix: suggestion({ op: 'delete', path }) } });
        continue;
      }
      const tls = config?.tls && (config.tls.caFile || config.tls.certFile || config.tls.insecureSkipVerify) ? config : undefined;
      if (!tls) continue;
      const { hostname, port } = splitHostPort(lastB.host);
      if (port !== null || lastB.scheme !== 'https') {
        out.push({ status: f ? 'fail' : 'warn', messageId: f ? 'modeBTlsPort' : 'unknownTlsPort', args: { ...args, tlsKey: tls.key }, ...base, data: { fix: null } });
        continue;
      }
      // https://host:443 is another URL string, so K3s keeps it as a [host] table; its configs
      // lookup is by "host:443" (configForHost of the endpoint host), hence the copied entry.
      const suggested = `https://${hostname}:443`;
      const newKey = `${hostname}:443`;
      const edits: Edit[] = [{ op: 'set', path, value: suggested }];
      if (!configForHost(m, newKey)) edits.push({ op: 'copy', from: ['configs', tls.key], to: ['configs', newKey] });
      out.push({ status: f ? 'fail' : 'warn', messageId: f ? 'modeBTls' : 'unknownTls', args: { ...args, tlsKey: tls.key, suggested, newKey }, ...base, data: { fix: suggestion(...edits) } });
    }
    return out;
  },
});
