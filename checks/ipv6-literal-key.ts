import { defineCheck, ref, type FindingInput, type MessageRef } from '../src/types.js';
import { features, loc, model } from '../src/check-helpers.js';
import { render } from '../src/containerd/render.js';
import { parseToml } from '../src/containerd/toml.js';
import { ASSUMED_CONTAINERD, containerdFor, tomlRejectsBracketKeys, versionText } from '../src/containerd/versions.js';

/**
 * DOMAIN §1.9: an IPv6 literal (`[::1]:5000`, `[fd00::1]:5000`) in a mirrors/configs key or an
 * endpoint. containerd 1.5-1.7 parse TOML with go-toml v1, which rejects `[` `]` in a table key:
 * the files K3s renders for the release are rendered here (src/containerd/render.ts) and read
 * back with that parser. Mode A: config.toml does not parse, containerd refuses to start. Modes
 * B/D: that registry's hosts.toml does not decode and containerd uses its default endpoint only.
 * containerd 1.4 (Rancher 2.5) and 2.x parse it. Only reported when an IPv6 literal is present.
 */
const hasBracket = (s: string) => s.includes('[') || s.includes(']');

export default defineCheck({
  id: 'ipv6-literal-key',
  title: 'IPv6 literals in registries.yaml are readable by containerd',
  failTitle: 'An IPv6 literal makes containerd reject the configuration K3s writes',
  stage: 'lint',
  requires: ['registriesFile'],
  // No `after`: the model is tolerant, and the check adds no finding unless an IPv6 literal is present.
  spec: ['§1.9', '§2.1'],
  appliesTo: (facts, ctx) => {
    const m = model(facts, ctx);
    return m.mirrors.some((x) => hasBracket(x.key) || x.endpoints.some((e) => hasBracket(e.raw))) || m.configs.some((c) => hasBracket(c.key));
  },
  messages: {
    configToml: '{what} "{value}" is an IPv6 literal: K3s {k3s} ({release}) writes it as a config.toml table key, which containerd {containerd} cannot parse ({error}). containerd does not start and no image can be pulled.',
    'configToml.fix': 'Use a DNS name for the registry instead of {value} (for example --add-host registry.example:{address} on docker run), in the keys, the endpoints and CATTLE_SYSTEM_DEFAULT_REGISTRY.',
    hostsToml: '{what} "{value}" is an IPv6 literal: K3s {k3s} ({release}) writes certs.d/{dir}/hosts.toml with it in a table key, which containerd {containerd} cannot decode ({error}). containerd ignores the file and pulls {dir} from its default endpoint only.',
    'hostsToml.fix': 'Use a DNS name for the registry instead of {value} (for example --add-host registry.example:{address} on docker run) in that endpoint.',
    unknownVersion: '{what} "{value}" is an IPv6 literal. containerd 1.5-1.7 (Rancher 2.6-2.11) cannot parse it in the configuration K3s writes: containerd refuses to start (config.toml, Rancher 2.6-2.7.11, 2.8.0-2.8.2) or ignores that registry\'s hosts.toml (later releases). containerd 1.4 (Rancher 2.5) and 2.x parse it.',
    'unknownVersion.fix': 'Give --rancher-version to check the release, or use a DNS name for the registry instead of {value}.',
    parses: '{what} "{value}" is an IPv6 literal; containerd {containerd} (K3s {k3s}, {release}) parses it in the files K3s writes.',
    'what.mirror': 'mirrors key',
    'what.config': 'configs key',
    'what.endpoint': 'endpoint',
  },
  remediation: 'Use a DNS name for the registry instead of an IPv6 literal on Rancher 2.6-2.11 (containerd 1.5-1.7).',
  run(facts, ctx) {
    const m = model(facts, ctx);
    const f = features(ctx);
    const items: { what: MessageRef; value: string; at: { line: number; col: number } }[] = [];
    for (const x of m.mirrors) {
      if (hasBracket(x.key)) items.push({ what: ref('what.mirror'), value: x.key, at: x });
      for (const e of x.endpoints) if (hasBracket(e.raw)) items.push({ what: ref('what.endpoint'), value: e.raw, at: e });
    }
    for (const c of m.configs) if (hasBracket(c.key)) items.push({ what: ref('what.config'), value: c.key, at: c });
    const address = (v: string) => /\[([^\]]*)\]/.exec(v)?.[1] ?? v;
    const out: FindingInput[] = [];
    if (!f) {
      for (const it of items) out.push({ status: 'warn', messageId: 'unknownVersion', args: { what: it.what, value: it.value }, target: it.value, location: loc(ctx, it.at) });
      return out;
    }
    const ctd = containerdFor(f.k3s, f.containerd) ?? ASSUMED_CONTAINERD;
    const base = { k3s: f.k3s, release: f.release, containerd: versionText(ctd) };
    const rendered = render(m, { mode: f.mode, k3s: f.k3s });
    const strict = tomlRejectsBracketKeys(ctd);
    if (f.mode === 'A') {
      const r = parseToml(rendered.configToml, { goTomlV1: strict });
      for (const it of items) {
        // An endpoint is a string value in config.toml (go-toml v1 reads it); only keys break the file.
        if (!r.ok && it.what.messageId === 'what.endpoint') continue;
        if (r.ok) out.push({ status: 'pass', messageId: 'parses', args: { ...base, what: it.what, value: it.value }, target: it.value, location: loc(ctx, it.at) });
        else out.push({ status: 'fail', messageId: 'configToml', args: { ...base, address: address(it.value), what: it.what, value: it.value, error: r.error }, target: it.value, location: loc(ctx, it.at) });
      }
      return out;
    }
    const bad = rendered.hostsToml.map((file) => ({ file, r: parseToml(file.toml, { goTomlV1: strict }) })).filter((x) => !x.r.ok);
    for (const it of items) {
      const hit = bad.find((b) => b.file.toml.includes(it.value.replace(/^[a-z]+:\/\//i, '').split('/')[0]!));
      if (hit && !hit.r.ok) out.push({ status: 'fail', messageId: 'hostsToml', args: { ...base, address: address(it.value), what: it.what, value: it.value, dir: hit.file.dir, error: hit.r.error }, target: it.value, location: loc(ctx, it.at) });
      else out.push({ status: 'pass', messageId: 'parses', args: { ...base, what: it.what, value: it.value }, target: it.value, location: loc(ctx, it.at) });
    }
    return out;
  },
});
