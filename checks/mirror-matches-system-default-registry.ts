import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model, registryOfPrefix } from '../src/check-helpers.js';
import { splitHostPort } from '../src/endpoint.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.3.1–2, §6 #4: the registry name of `<CATTLE_SYSTEM_DEFAULT_REGISTRY>/rancher/shell:tag`
 * is its first path segment, port included, and the `mirrors` key must equal it exactly
 * (k3s-io/k3s#10358: key without `:5000` ⇒ mirror unused); `"*"` applies when nothing matches.
 * With no mirror, containerd pulls from https://<registry>/v2 using configs."<registry>".
 */
export default defineCheck({
  id: 'mirror-matches-system-default-registry',
  title: 'registries.yaml has an entry for the system default registry',
  failTitle: 'No mirrors key matches the system default registry',
  stage: 'lint',
  requires: ['registriesFile'],
  after: [...AFTER_MODEL, 'system-default-registry-format'],
  spec: ['§1.3', '§1.5', '§6 #4'],
  messages: {
    notGiven: 'not checked: no --system-default-registry given and CATTLE_SYSTEM_DEFAULT_REGISTRY is not set',
    matched: 'Rancher pulls {registry}/rancher/…; mirrors."{registry}" applies to it.',
    wildcard: 'Rancher pulls {registry}/rancher/…; there is no mirrors."{registry}", so the "*" mirror applies to it.',
    configOnly: 'Rancher pulls {registry}/rancher/…; with no mirror for it, containerd uses https://{registry}/v2 with configs."{registry}".',
    mismatch: 'Rancher pulls {registry}/rancher/…, but the mirrors key is "{key}". Keys must match the registry name exactly, port included, so this mirror is not used and containerd goes to https://{registry}/v2 without your endpoint settings.',
    'mismatch.fix': 'Rename the key to "{registry}" (or set CATTLE_SYSTEM_DEFAULT_REGISTRY to match the key).',
    noEntry: 'Rancher pulls {registry}/rancher/…, but registries.yaml has no mirrors or configs entry for "{registry}": containerd pulls from https://{registry}/v2 with the system CA pool and no credentials.',
    'noEntry.fix': 'Add mirrors."{registry}" (endpoint list) and configs."<endpoint host>" (auth/tls) if the registry needs credentials, a private CA or plain HTTP.',
  },
  remediation: 'Add a mirrors key equal to the registry part of CATTLE_SYSTEM_DEFAULT_REGISTRY, port included.',
  appliesTo: (_facts, ctx) => (ctx.options.systemDefaultRegistry ? true : 'notGiven'),
  run(facts, ctx) {
    // Exact string comparison, case included, as containerd's Mirrors[host] lookup.
    const registry = registryOfPrefix(ctx.options.systemDefaultRegistry!.trim());
    const m = model(facts, ctx);
    const out: FindingInput[] = [];
    const target = registry;
    const exact = m.mirrors.find((x) => x.key === registry);
    if (exact) return [{ status: 'pass', messageId: 'matched', args: { registry }, target, location: loc(ctx, exact) }];
    const { hostname } = splitHostPort(registry.toLowerCase());
    const bare = (k: string) => splitHostPort(k.toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split('/')[0]!).hostname;
    const near = m.mirrors.find((x) => x.key !== '*' && bare(x.key) === hostname);
    if (near) return [{ status: 'fail', messageId: 'mismatch', args: { registry, key: near.key }, target, location: loc(ctx, near), data: { fix: suggestion({ op: 'rename', path: ['mirrors', near.key], to: registry }) } }];
    const star = m.mirrors.find((x) => x.key === '*');
    if (star) return [{ status: 'pass', messageId: 'wildcard', args: { registry }, target, location: loc(ctx, star) }];
    const config = m.configs.find((c) => c.key === registry);
    if (config) return [{ status: 'pass', messageId: 'configOnly', args: { registry }, target, location: loc(ctx, config) }];
    out.push({ status: 'warn', messageId: 'noEntry', args: { registry }, target });
    return out;
  },
});
