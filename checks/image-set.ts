import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { registryProbeFact, sequence } from '../src/registry/describe.js';
import { unknownVersionArgs } from '../src/rancher/releases.js';
import { lookupRke2, rke2K3sLabel, rke2Range } from '../src/rancher/rke2.js';
import type { CheckContext } from '../src/types.js';

/**
 * What the registry stage checked and from where (DOMAIN §4.1, §4.4, §4.6). rancher-images.txt is
 * authoritative for its release; the built-in table covers the local cluster's images.
 */
/** The rendering mode in words (docs/registry-modes.md). */
function modeWords(mode: string) {
  if (mode === 'A') return ref('mode.A');
  if (mode === 'B') return ref('mode.B');
  return ref('mode.D');
}

/** The mode as image-set names it, with where it comes from (--rke2-version, --rancher-version or today's default). */
function modeArgs(mode: string, source: string, ctx: CheckContext) {
  const v = ctx.options.rke2Version ?? '';
  if (source === 'unknown') {
    const r = lookupRke2(v);
    const why = r.kind === 'unmodelled' ? ref('why.modeC', { k3s: rke2K3sLabel(r.release) }) : ref('why.notInTable', rke2Range());
    return { mode: ref('mode.unknown', { version: v, why }), modeNote: '' };
  }
  if (source === 'rke2-version') {
    const r = lookupRke2(v);
    return { mode: modeWords(mode), modeNote: ref('modeNote.rke2', { version: v, k3s: r.kind === 'known' ? r.features.k3s : '' }) };
  }
  return { mode: modeWords(mode), modeNote: source === 'default' ? ref('modeNote') : '' };
}

export default defineCheck({
  id: 'image-set',
  title: 'The image list to check is known',
  failTitle: 'The image list to check is incomplete',
  stage: 'registry',
  requires: ['registryProbe'],
  spec: ['§4.1', '§4.4', '§4.6', '§1.1'],
  messages: {
    checked: 'Checked {count} image(s) from {sources}, requested as {example} (K3s registry rendering mode {mode}{modeNote}, docs/registry-modes.md; platform {platform}); {requests} HTTP requests in {seconds}s.',
    checkedSome: 'Checked {count} of {listed} image(s) from {sources}, requested as {example} (K3s registry rendering mode {mode}{modeNote}, docs/registry-modes.md; platform {platform}); {blocked} were not checked because TLS or authentication failed first (see registry-tls, registry-auth); {requests} HTTP requests in {seconds}s.',
    noneChecked: 'None of the {listed} image(s) from {sources} was checked: TLS or authentication failed before any manifest was requested (see registry-tls, registry-auth).',
    unknownVersion: 'Rancher {version} is not in the built-in image table ({first} … {last}; nearest known: {nearest}), so its images were not checked.',
    'unknownVersion.fix': "Pass the release's rancher-images.txt with --images (it is authoritative for its release), or name images with --image.",
    unknownTags: 'The built-in table has no known tag for {repos} in Rancher {version}; those images were not checked.',
    'unknownTags.fix': "Pass the release's rancher-images.txt with --images to check them too.",
    noRegistriesFile: 'No registries.yaml at {path}: probed with K3s defaults (no mirrors, no credentials, no extra CA), which is what K3s does when the file is absent.',
    // Phrases filled into the messages above (message references, so they are translated too).
    'source.images-file': '--images {file}',
    'source.rancher-version': 'the built-in table for Rancher {version}',
    'source.image-flag': '--image',
    'sources.2': '{a} + {b}',
    'sources.3': '{a} + {b} + {c}',
    'sources.4': '{a} + {b} + {c} + {d}',
    modeNote: ', the current K3s behaviour; give --rancher-version for older releases',
    'mode.A': 'A, config.toml registry.mirrors/configs',
    'mode.B': 'B, K3s\'s first certs.d hosts.toml renderer',
    'mode.D': 'D, certs.d hosts.toml',
    'modeNote.rke2': ', the K3s code {k3s} of RKE2 {version}',
    'mode.unknown': 'unknown: RKE2 {version} {why}; image-available does not pass an image on a guessed mode',
    'why.notInTable': 'is not in the built-in table ({first} … {last})',
    'why.modeC': 'embeds K3s code {k3s} of mode C (top-level TLS without a [host] tree, k3s-io/k3s#9839), which this tool does not model',
  },
  remediation: "Pass the release's rancher-images.txt with --images.",
  run(facts, ctx) {
    const f = registryProbeFact(facts);
    const s = f.imageSet;
    const out: FindingInput[] = [];
    if (!f.registriesFile.present) out.push({ status: 'pass', messageId: 'noRegistriesFile', args: { path: f.registriesFile.path }, target: f.registriesFile.path });
    if (s.unknownVersion) {
      const a = unknownVersionArgs(s.unknownVersion);
      out.push({ status: 'fail', messageId: 'unknownVersion', args: { version: a.version, first: a.first, last: a.last, nearest: a.nearest }, data: { rancherVersion: s.unknownVersion } });
    }
    if (s.unknownTags.length > 0) out.push({ status: 'warn', messageId: 'unknownTags', args: { repos: s.unknownTags.join(', '), version: s.rancherVersion }, data: { repos: s.unknownTags, details: s.unknownDetails } });
    // Count what was checked: an image whose every attempt was blocked (TLS, auth) was never asked for.
    const checked = f.images.filter((i) => i.result !== 'blocked').length;
    if (s.count > 0) {
      const sources = sequence(
        s.sources.map((src) => (src === 'images-file' ? ref('source.images-file', { file: s.imagesFile }) : src === 'rancher-version' ? ref('source.rancher-version', { version: s.rancherVersion }) : ref('source.image-flag'))),
        'sources',
      );
      const data = { count: checked, listed: s.count, sources: s.sources, imagesFile: s.imagesFile, rancherVersion: s.rancherVersion, systemDefaultRegistry: s.systemDefaultRegistry, duplicates: s.duplicates, mode: f.mode, platform: f.platform, stats: f.stats };
      if (checked === 0) return [...out, { status: 'skip', messageId: 'noneChecked', args: { listed: s.count, sources }, data }];
      out.push({
        status: 'pass',
        messageId: checked === s.count ? 'checked' : 'checkedSome',
        args: {
          count: checked,
          listed: s.count,
          blocked: s.count - checked,
          sources,
          example: f.images[0]?.ref ?? '',
          ...modeArgs(f.mode, f.modeSource, ctx),
          platform: f.platform,
          requests: f.stats.requests,
          seconds: (f.stats.durationMs / 1000).toFixed(1),
        },
        data,
      });
    }
    return out;
  },
});
