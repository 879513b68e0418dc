import { defineCheck, type FindingInput } from '../src/types.js';
import { containerModel, DOCKER_STATE_MESSAGES, filesUnobserved, needsContainer, PROBE_ERROR_MESSAGES, REASON_MESSAGES, theContainer } from '../src/health/check-helpers.js';

/**
 * CATTLE_SYSTEM_DEFAULT_REGISTRY on the container is what Rancher prefixes to its system images
 * (DOMAIN §4.1); its registry part must match a mirrors/configs key exactly (§1.3, §6 #4).
 */
export default defineCheck({
  id: 'rancher-system-default-registry',
  title: 'CATTLE_SYSTEM_DEFAULT_REGISTRY on the Rancher container matches registries.yaml',
  failTitle: 'CATTLE_SYSTEM_DEFAULT_REGISTRY on the Rancher container is missing or does not match',
  stage: 'health',
  requires: ['rancherContainer'],
  optional: ['rancherContainerFiles'],
  spec: ['§4.1', '§1.3', '§6 #4', '§6 #12'],
  appliesTo: needsContainer,
  messages: {
    matches: 'CATTLE_SYSTEM_DEFAULT_REGISTRY={value}; registries.yaml has {entry} for {registry}.',
    setUnread: 'CATTLE_SYSTEM_DEFAULT_REGISTRY={value} (registries.yaml inside the container could not be read to compare: {reason}).',
    noEntry: 'CATTLE_SYSTEM_DEFAULT_REGISTRY={value}, but the registries.yaml inside the container has no mirrors or configs entry keyed exactly "{registry}" (nor "*"). containerd then pulls from https://{registry}/v2 with no credentials and only the system CAs.',
    'noEntry.fix': 'If the registry needs credentials, a private CA or plain HTTP, add `mirrors: {"{registry}": {endpoint: [...]}}` and `configs: {"{registry}": ...}` — keys must equal "{registry}" exactly, port included — and restart the container.',
    unset: 'CATTLE_SYSTEM_DEFAULT_REGISTRY is not set on container {name}: Rancher pulls rancher/shell, fleet, rancher-webhook … as docker.io/rancher/…, which an air-gapped host cannot reach (and registries.yaml has no docker.io mirror).',
    'unset.fix': 'Re-create the container with `-e CATTLE_SYSTEM_DEFAULT_REGISTRY=<registry host[:port]>` (airgap-preflight plan prints the command).',
    unsetMirrored: 'CATTLE_SYSTEM_DEFAULT_REGISTRY is not set on container {name}; images are pulled as docker.io/rancher/… through the "{key}" mirror of registries.yaml.',
    mismatch: 'You gave --system-default-registry {given}, but container {name} runs with CATTLE_SYSTEM_DEFAULT_REGISTRY={value}. Rancher uses the container\'s value.',
    'mismatch.fix': 'Re-create the container with -e CATTLE_SYSTEM_DEFAULT_REGISTRY={given}, or check against {value}.',
    malformed: 'CATTLE_SYSTEM_DEFAULT_REGISTRY="{value}" on container {name} is not host[:port][/path] (scheme, trailing slash or whitespace). Rancher prefixes it verbatim, so every system image name is invalid (InvalidImageName).',
    'malformed.fix': 'Re-create the container with -e CATTLE_SYSTEM_DEFAULT_REGISTRY={suggested}.',
    k3sDiffers: 'K3S_SYSTEM_DEFAULT_REGISTRY={k3s} differs from CATTLE_SYSTEM_DEFAULT_REGISTRY={value}: K3s\' own images (pause, coredns) and Rancher\'s images come from different registries.',
    'k3sDiffers.fix': 'Use the same registry for both unless that is intended.',
    // Phrases filled into the messages above.
    ...REASON_MESSAGES,
    ...DOCKER_STATE_MESSAGES,
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Set CATTLE_SYSTEM_DEFAULT_REGISTRY to the registry host[:port] that registries.yaml configures.',
  run(facts, ctx) {
    const c = theContainer(facts)!;
    const value = c.env.CATTLE_SYSTEM_DEFAULT_REGISTRY;
    const unread = filesUnobserved(facts);
    const model = unread === null ? containerModel(facts) : null;
    const given = ctx.options.systemDefaultRegistry;
    const out: FindingInput[] = [];
    const target = c.name;
    if (!value) {
      const m = model?.mirrors.find((x) => (x.key === 'docker.io' || x.key === '*') && x.endpoints.length > 0);
      if (m) return [{ status: 'pass', messageId: 'unsetMirrored', args: { name: c.name, key: m.key }, target }];
      return [{ status: 'warn', messageId: 'unset', args: { name: c.name }, target, data: { value: null } }];
    }
    const data = { value, k3s: c.env.K3S_SYSTEM_DEFAULT_REGISTRY };
    if (given && given !== value) out.push({ status: 'fail', messageId: 'mismatch', args: { given, value, name: c.name }, target, data });
    if (/:\/\/|\/$|\s/.test(value)) {
      const suggested = value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
      out.push({ status: 'fail', messageId: 'malformed', args: { value, name: c.name, suggested }, target, data });
      return out;
    }
    const k3s = c.env.K3S_SYSTEM_DEFAULT_REGISTRY;
    if (k3s && k3s !== value) out.push({ status: 'warn', messageId: 'k3sDiffers', args: { k3s, value }, target, data });
    const registry = value.split('/')[0]!;
    // Set, but nothing to compare it with: not a pass (issue 10 item 3).
    if (unread !== null) {
      if (out.length === 0) out.push({ status: 'skip', messageId: 'setUnread', args: { value, reason: unread }, target, data });
      return out;
    }
    const entry = model?.mirrors.some((m) => m.key === registry) ? `mirrors."${registry}"` : model?.configs.some((x) => x.key === registry) ? `configs."${registry}"` : model?.mirrors.some((m) => m.key === '*') ? 'mirrors."*"' : null;
    if (!entry) out.push({ status: 'warn', messageId: 'noEntry', args: { value, registry }, target, data });
    else if (out.length === 0) out.push({ status: 'pass', messageId: 'matches', args: { value, registry, entry }, target, data });
    return out;
  },
});
