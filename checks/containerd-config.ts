import { MODE_SOURCE_UNKNOWN } from '../src/rancher/rke2.js';
import { defineCheck, type FindingInput } from '../src/types.js';
import { registryProbeFact } from '../src/registry/describe.js';
import { CONTAINERD_ERROR_NOTE, HOSTS_TOML_ERROR_NOTE } from '../src/registry/chain.js';

/**
 * Can the containerd K3s embeds read the files K3s renders from this registries.yaml? containerd
 * 1.5-1.7 parse TOML with go-toml v1, which rejects `[` `]` in a table key (an IPv6 literal):
 * in mode A config.toml carries the key, containerd refuses to start and nothing is pulled (fail);
 * in certs.d mode (B/D) the hosts.toml of that registry fails to decode and containerd silently
 * uses the default endpoint instead of the mirrors (warn; image-available reports the pulls).
 * Facts: the chain notes of each probed image (src/registry/chain.ts, from render -> resolve).
 */
export default defineCheck({
  id: 'containerd-config',
  title: 'containerd can read the configuration K3s renders',
  failTitle: 'containerd cannot read the configuration K3s renders',
  stage: 'registry',
  requires: ['registryProbe'],
  // Only reported when some rendered file is one containerd cannot read (an IPv6 literal in a key
  // for containerd 1.5-1.7); otherwise there is nothing for it to say and it adds no finding.
  // With no modelled mode (an --rke2-version not in the table, or mode C) the files are not known: not judged.
  appliesTo: (facts) => registryProbeFact(facts).modeSource === MODE_SOURCE_UNKNOWN ? 'modeUnknown' : registryProbeFact(facts).images.some((img) => img.chainNotes.some((n) => n.startsWith(CONTAINERD_ERROR_NOTE) || n.startsWith(HOSTS_TOML_ERROR_NOTE))),
  spec: ['§1.9', '§2.1'],
  messages: {
    nothing: 'not run: no image was probed (see image-set)',
    modeUnknown: 'not judged: the K3s registry rendering mode of this RKE2 version is not known (see image-set), so neither are the files containerd reads',
    unparsable: 'containerd {containerd} (mode {mode}) cannot parse the config.toml K3s writes from this registries.yaml ({error}): containerd does not start, so no image can be pulled.',
    'unparsable.fix': 'Replace the IPv6 literal in the mirrors/configs keys and endpoints with a DNS name for the registry (for example an --add-host name:<address> entry on docker run) and use that name in CATTLE_SYSTEM_DEFAULT_REGISTRY. containerd 1.4 (Rancher 2.5) and 2.x parse IPv6 keys; 1.5-1.7 do not.',
    undecodable: 'containerd {containerd} cannot decode certs.d/{dir}/hosts.toml ({error}): it ignores the file and pulls {registry} from its default endpoint only, without the mirrors and TLS settings of that file.',
    'undecodable.fix': 'Replace the IPv6 literal in that registry\'s endpoints with a DNS name for the registry (for example an --add-host name:<address> entry on docker run). containerd 2.x parses it; 1.5-1.7 do not.',
  },
  remediation: 'Use DNS names, not IPv6 literals, in registries.yaml keys and endpoints for containerd 1.5-1.7.',
  run(facts) {
    const f = registryProbeFact(facts);
    if (f.images.length === 0) return [{ status: 'skip', messageId: 'nothing' }];
    const out: FindingInput[] = [];
    const seen = new Set<string>();
    for (const img of f.images) {
      for (const n of img.chainNotes) {
        if (n.startsWith(CONTAINERD_ERROR_NOTE) && !seen.has('config')) {
          seen.add('config');
          const [containerd, ...rest] = n.slice(CONTAINERD_ERROR_NOTE.length).split('|');
          const error = rest.join('|');
          out.push({ status: 'fail', messageId: 'unparsable', args: { containerd, mode: f.mode, error }, target: 'config.toml', data: { mode: f.mode, containerd, error } });
        } else if (n.startsWith(HOSTS_TOML_ERROR_NOTE)) {
          const [dir, containerd, ...rest] = n.slice(HOSTS_TOML_ERROR_NOTE.length).split('|');
          if (seen.has(`dir:${dir}`)) continue;
          seen.add(`dir:${dir}`);
          const error = rest.join('|');
          out.push({ status: 'warn', messageId: 'undecodable', args: { containerd, dir: dir!, error, registry: img.registry }, target: `certs.d/${dir}/hosts.toml`, data: { mode: f.mode, containerd, dir, error } });
        }
      }
    }
    return out;
  },
});
