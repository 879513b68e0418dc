import { defineCheck } from '../src/types.js';
import { filesFact, needsContainer, PROBE_ERROR_MESSAGES, probeErrorArg, theContainer } from '../src/health/check-helpers.js';

/** containerd resolves registry names inside the Rancher container, where the host's /etc/hosts is not visible (DOMAIN §5.2 row 8, §6 #25). */
export default defineCheck({
  id: 'registry-dns-in-container',
  title: 'Registry host names resolve inside the Rancher container',
  failTitle: 'A registry host name does not resolve inside the Rancher container',
  stage: 'health',
  requires: ['rancherContainer', 'rancherContainerFiles'],
  spec: ['§5.2 row 8', '§6 #25'],
  appliesTo: needsContainer,
  messages: {
    resolved: '{host} ({source}) resolves inside the container to {addresses}.',
    unresolved: '{host} ({source}) does not resolve inside container {name}; pulls fail with "dial tcp: lookup {host}: no such host". An entry in the host\'s /etc/hosts is not visible inside the container.',
    'unresolved.fix': 'Re-create the container with `--add-host {host}:<registry IP>`, or give it a DNS server that knows the name (`--dns <ip>`).',
    unknown: 'Could not resolve {host} inside the container: {error}.',
    notRunning: 'The container is not running; name resolution inside it cannot be tested.',
    noHosts: 'Nothing to resolve: no CATTLE_SYSTEM_DEFAULT_REGISTRY, and no endpoint host name (only IP addresses, or none) in the registries.yaml inside the container.',
    // The probe's own reasons, filled into unknown; other errors are quoted verbatim.
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Make the registry name resolvable inside the container (--add-host or --dns).',
  run(facts) {
    const c = theContainer(facts)!;
    const files = filesFact(facts)!;
    if (files.skipped) return [{ status: 'skip', messageId: 'notRunning', target: c.name }];
    if (files.dns.length === 0) return [{ status: 'skip', messageId: 'noHosts', target: c.name }];
    return files.dns.map((d) => {
      const args = { host: d.host, source: d.source, addresses: d.addresses.join(', '), name: c.name, error: probeErrorArg(d.error) };
      const data = { host: d.host, source: d.source, resolved: d.resolved, addresses: d.addresses };
      if (d.resolved === true) return { status: 'pass' as const, messageId: 'resolved', args, target: d.host, data };
      if (d.resolved === false) return { status: 'fail' as const, messageId: 'unresolved', args, target: d.host, data };
      return { status: 'error' as const, messageId: 'unknown', args, target: d.host, data };
    });
  },
});
