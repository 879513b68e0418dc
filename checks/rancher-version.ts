import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { unknownVersionArgs } from '../src/rancher/releases.js';
import { features } from '../src/check-helpers.js';

/**
 * --rancher-version sets the K3s version gates of every lint check (DOMAIN §0, §2.1). A well-formed version that is
 * not in the built-in table (data/releases.json) would silently turn those gates off, so it is reported here; a
 * malformed one is a usage error (exit 2) before any check runs.
 */
/** The rendering mode in words (docs/registry-modes.md). */
function modeWords(mode: string) {
  if (mode === 'A') return ref('mode.A');
  if (mode === 'B') return ref('mode.B');
  return ref('mode.D');
}

export default defineCheck({
  id: 'rancher-version',
  title: 'The Rancher version is known',
  failTitle: 'The Rancher version is not in the built-in table',
  stage: 'lint',
  requires: [],
  spec: ['§0', '§2.1'],
  messages: {
    known: 'Rancher {rancher} embeds K3s {k3s} (K3s registry rendering mode {mode}, docs/registry-modes.md; containerd {containerd}); version-specific checks use it.',
    unknown: 'Rancher {version} is not in the built-in table ({first} … {last}; nearest known: {nearest}), so no K3s version gate applies: every version-specific check treats the version as not given.',
    'unknown.fix': 'Give a released version (nearest known: {nearest}); for a newer release pass its rancher-images.txt with --images and review the version-specific findings by hand.',
    'containerd.unknown': 'not recorded',
    'mode.A': 'A, config.toml registry.mirrors/configs',
    'mode.B': 'B, K3s\'s first certs.d hosts.toml renderer',
    'mode.D': 'D, certs.d hosts.toml',
  },
  remediation: 'Give --rancher-version as a released Rancher version vX.Y.Z.',
  run(_facts, ctx) {
    const version = ctx.options.rancherVersion;
    if (!version) return [];
    const f = features(ctx);
    const out: FindingInput[] = [];
    if (f) out.push({ status: 'pass', messageId: 'known', args: { rancher: f.rancher, k3s: f.k3s, mode: modeWords(f.mode), containerd: f.containerd ?? ref('containerd.unknown') }, data: { rancher: f.rancher, k3s: f.k3s, mode: f.mode, containerd: f.containerd } });
    else {
      const a = unknownVersionArgs(version);
      out.push({ status: 'warn', messageId: 'unknown', args: a, data: { rancherVersion: version, below: a.below, above: a.above } });
    }
    return out;
  },
});
