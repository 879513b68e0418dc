import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, configForHost, loc, model } from '../src/check-helpers.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * Credentials are rendered per configs key into config.toml as
 * `registry.configs."<key>".auth` (k3s-io/k3s@06be48b6 pkg/agent/templates/templates_linux.go, the
 * same in the certs.d templates: auth never goes to hosts.toml), and containerd's CRI looks them up
 * by the exact host of the request (`Configs[host]`, containerd v1.7.13 pkg/cri/server/image_pull.go,
 * DOMAIN §1.3.3). No request host is "*", so `configs."*".auth` is never sent, in any K3s version.
 */
export default defineCheck({
  id: 'config-wildcard-auth',
  title: 'No credentials rely on configs."*"',
  failTitle: 'Credentials under configs."*" are never used',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.3', '§1.7'],
  messages: {
    wildcardAuth: 'The credentials under configs."*" are never sent: K3s writes them as the containerd config entry "*", and containerd looks credentials up by the exact host it contacts ({hosts}), which is never "*". The registry answers 401 to anonymous pulls.',
    'wildcardAuth.fix': 'Copy the auth block to an explicit key for each endpoint host: {keys}.',
    noHosts: 'The credentials under configs."*" are never sent: containerd looks credentials up by the exact host it contacts, which is never "*". The registry answers 401 to anonymous pulls.',
    'noHosts.fix': 'Put the auth block under the host[:port] of each registry endpoint, e.g. configs."harbor.example.com:8443".auth.',
    host: '"{host}"',
    key: 'configs."{host}".auth',
  },
  remediation: 'Give credentials under the explicit host[:port] of each endpoint.',
  run(facts, ctx) {
    const m = model(facts, ctx);
    const star = m.configs.find((c) => c.key === '*');
    if (!star?.auth || !(star.auth.username || star.auth.hasPassword || star.auth.hasAuth || star.auth.hasIdentityToken)) return [];
    // Hosts containerd contacts: every endpoint host, and the registry itself for mirrors with no endpoint list.
    const hosts = [...new Set(m.mirrors.flatMap((x) => (x.endpoints.length ? x.endpoints.filter((e) => e.parsed).map((e) => e.parsed!.host) : x.key === '*' ? [] : [x.key.toLowerCase()])))];
    const missing = hosts.filter((h) => !configForHost(m, h)?.auth);
    const where = loc(ctx, star.auth);
    if (!hosts.length) return [{ status: 'fail', messageId: 'noHosts', target: '*', location: where, data: { fix: null } }];
    if (!missing.length) return []; // every host has its own credentials: the "*" ones are unused but nothing fails
    const out: FindingInput[] = [{
      status: 'fail',
      messageId: 'wildcardAuth',
      args: { hosts: hosts.map((h) => ({ messageId: 'host', args: { host: h } })), keys: missing.map((h) => ({ messageId: 'key', args: { host: h } })) },
      target: '*',
      location: where,
      data: { hosts: missing, fix: suggestion(...missing.map((h) => ({ op: 'copy' as const, from: ['configs', '*', 'auth'], to: ['configs', h, 'auth'] }))) },
    }];
    return out;
  },
});
