import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { featuresFor, unknownVersionArgs } from '../src/rancher/releases.js';
import { lookupRke2, rke2K3sLabel, rke2Range } from '../src/rancher/rke2.js';
import { features } from '../src/check-helpers.js';

/**
 * --rancher-version sets the K3s version gates of every lint check (DOMAIN §0, §2.1). A well-formed version that is
 * not in the built-in table (data/releases.json) would silently turn those gates off, so it is reported here; a
 * malformed one is a usage error (exit 2) before any check runs. --rke2-version likewise, from data/rke2-releases.json
 * (scripts/gen-rke2-releases.mjs); it wins over --rancher-version for the gates (the node runs its own K3s code).
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
    knownImagesOnly: 'Rancher {rancher} embeds K3s {k3s}; the node runs RKE2 (--rke2-version), whose own K3s code decides the version-specific checks, so the Rancher release gives only the image list.',
    rke2Known: 'RKE2 {version} runs the K3s code {k3s} (pinned in its go.mod; K3s registry rendering mode {mode}, docs/registry-modes.md; containerd {containerd}); version-specific checks use it.',
    rke2Unmodelled: 'RKE2 {version} runs the K3s code {k3s}, whose registry rendering is mode C (top-level TLS without a [host] tree, k3s-io/k3s#9839), which this tool does not model: every version-specific check treats the version as not given and registry does not pass images on a guessed mode.',
    'rke2Unmodelled.fix': 'Upgrade the node to an RKE2 release in mode D (v1.27.13+, v1.28.9+, v1.29.4+, v1.30+): mode C ignores TLS settings for the default endpoint (rke2#5658).',
    rke2Unknown: 'RKE2 {version} is not in the built-in table ({first} … {last}), so its K3s registry code is not known: every version-specific check treats the version as not given and registry does not pass images on a guessed mode.',
    'rke2Unknown.fix': 'Give the RKE2 release the node runs (`rke2 --version`), as vX.Y.Z+rke2rN.',
    'containerd.unknown': 'not recorded',
    'mode.A': 'A, config.toml registry.mirrors/configs',
    'mode.B': 'B, K3s\'s first certs.d hosts.toml renderer',
    'mode.D': 'D, certs.d hosts.toml',
  },
  remediation: 'Give --rancher-version as a released Rancher version vX.Y.Z.',
  run(_facts, ctx) {
    const out: FindingInput[] = [];
    const rke2 = ctx.options.rke2Version;
    if (rke2) {
      const r = lookupRke2(rke2);
      if (r.kind === 'known') {
        const f = r.features;
        out.push({ status: 'pass', messageId: 'rke2Known', args: { version: r.release.version, k3s: f.k3s, mode: modeWords(f.mode), containerd: f.containerd ?? ref('containerd.unknown') }, data: { rke2: r.release.version, k3s: r.release.k3s, mode: f.mode, containerd: f.containerd } });
      } else if (r.kind === 'unmodelled') {
        out.push({ status: 'warn', messageId: 'rke2Unmodelled', args: { version: r.release.version, k3s: rke2K3sLabel(r.release) }, data: { rke2: r.release.version, k3s: r.release.k3s, mode: r.mode, containerd: r.release.containerd } });
      } else {
        out.push({ status: 'warn', messageId: 'rke2Unknown', args: { version: rke2, ...rke2Range() }, data: { rke2Version: rke2 } });
      }
    }
    const version = ctx.options.rancherVersion;
    if (!version) return out;
    const f = rke2 ? featuresFor(version) : features(ctx);
    if (f && rke2) out.push({ status: 'pass', messageId: 'knownImagesOnly', args: { rancher: f.rancher, k3s: f.k3s }, data: { rancher: f.rancher, k3s: f.k3s, mode: f.mode, containerd: f.containerd } });
    else if (f) out.push({ status: 'pass', messageId: 'known', args: { rancher: f.rancher, k3s: f.k3s, mode: modeWords(f.mode), containerd: f.containerd ?? ref('containerd.unknown') }, data: { rancher: f.rancher, k3s: f.k3s, mode: f.mode, containerd: f.containerd } });
    else {
      const a = unknownVersionArgs(version);
      out.push({ status: 'warn', messageId: 'unknown', args: a, data: { rancherVersion: version, below: a.below, above: a.above } });
    }
    return out;
  },
});
