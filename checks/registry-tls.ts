import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { PROBE_ERROR_MESSAGES, errorArg, registryProbeFact } from '../src/registry/describe.js';
import { onRke2 } from '../src/check-helpers.js';

/** Causes whose fix names the Rancher container or its host: on an RKE2 node the fix is `<cause>.fix.rke2`. */
const RKE2_FIXES = new Set(['unknown-ca', 'expired', 'not-yet-valid', 'client-cert-required', 'refused', 'dns', 'timeout', 'reset', 'ca-file', 'client-cert-file']);

/**
 * One finding per endpoint contacted: can containerd connect, and does the certificate verify the
 * way Go verifies it (DOMAIN §1.6, §1.8, §5.2 rows 1-5, 8-11; §6 #7, #10, #16, #17).
 */
export default defineCheck({
  id: 'registry-tls',
  title: 'Registry endpoints are reachable and their TLS verifies',
  failTitle: 'A registry endpoint cannot be reached or its certificate does not verify',
  stage: 'registry',
  requires: ['registryProbe'],
  spec: ['§1.4', '§1.6', '§1.8', '§5.2', '§6 #7', '§6 #10', '§6 #16'],
  messages: {
    nothing: 'not run: no image was probed (see image-set)',
    verified: '{url}{role}: TLS verified ({protocol}); certificate for {names}, issued by {issuer}, valid until {notAfter}.',
    plainHttp: '{url}{role}: plain HTTP endpoint, no TLS.',
    skipVerify: '{url}{role}: insecure_skip_verify is set, so the certificate (issued by {issuer}) is not verified.',
    'skipVerify.fix': 'Prefer ca_file with the CA that issued the registry certificate under configs."{config}".tls; insecure_skip_verify accepts any server.',
    skipVerifyIgnored: '{url}{role}: TLS verified; note insecure_skip_verify is ignored by the K3s of Rancher {k3s} (supported from K3s v1.19.1).',
    'unknown-ca': '{url}{role}: {error}. The certificate ({subject}, issued by {issuer}) is not signed by a CA in the system roots{caNote}.',
    'unknown-ca.fix': 'Put the CA that issued the registry certificate (issuer: {issuer}) in a PEM file, set configs."{config}".tls.ca_file to its path, and mount that file into the Rancher container at the same path (-v /path/ca.pem:/path/ca.pem:ro). If the server certificate comes from an intermediate CA, the registry must also send the intermediate (full chain).',
    'san-mismatch': '{url}{role}: {error}. The certificate names {names}, not {hostname}.',
    'san-mismatch.fix': 'Reissue the registry certificate with subjectAltName {wantSan}, or reach the registry by a name the certificate has ({names}) in CATTLE_SYSTEM_DEFAULT_REGISTRY and the mirror endpoint.',
    'no-ip-san': '{url}{role}: {error}. The registry is addressed by IP but the certificate only has DNS names ({names}).',
    'no-ip-san.fix': 'Reissue the certificate with subjectAltName IP:{hostname}, or address the registry by one of its DNS names ({names}).',
    'cn-only': '{url}{role}: {error}. The certificate has only a Common Name ({subject}) and no subjectAltName; Go (and so containerd) ignores the CN.',
    'cn-only.fix': 'Reissue the certificate with subjectAltName {wantSan} (for openssl: -addext "subjectAltName={wantSan}").',
    expired: '{url}{role}: {error}. The certificate is valid from {notBefore} to {notAfter}.',
    'expired.fix': 'Renew the registry certificate, and check the clocks of this host and the Rancher host.',
    'not-yet-valid': '{url}{role}: {error}. The certificate is valid from {notBefore} to {notAfter}.',
    'not-yet-valid.fix': 'Check the clock of this host and the Rancher host (NTP), or reissue the certificate.',
    'client-cert-required': '{url}{role}: {error}. The registry requires a client certificate{clientNote}.',
    'client-cert-required.fix': 'Set configs."{config}".tls.cert_file and key_file to a client certificate the registry accepts, and mount both into the Rancher container.',
    'http-server': '{url}{role}: {error}. {host} answers plain HTTP, but containerd contacts this endpoint over HTTPS.',
    'http-server.fix': 'For a plain-HTTP registry write the endpoint with http:// (mirrors."{registry}".endpoint: ["http://{host}"]) and remove any tls block for it; without a scheme K3s uses https.',
    'https-server': '{url}{role}: {error}. The endpoint is http:// but the port speaks HTTPS.',
    'https-server.fix': 'Write the endpoint as https://{host} (and set configs."{host}".tls.ca_file if its CA is private).',
    refused: '{url}{role}: {error}. Nothing listens on that port.',
    'refused.fix': 'Check the port in the endpoint (and in CATTLE_SYSTEM_DEFAULT_REGISTRY), and that the registry is running and reachable from the Rancher host.',
    dns: '{url}{role}: {error}.',
    'dns.fix': 'Make {hostname} resolvable where Rancher runs (DNS, or --add-host {hostname}:<ip> on docker run; the host /etc/hosts is not visible inside the container).',
    timeout: '{url}{role}: {error}.',
    'timeout.fix': 'Check routes and firewalls between the Rancher host and {host}, or raise --timeout for a slow registry.',
    reset: '{url}{role}: {error}.',
    'reset.fix': 'Check proxies and firewalls between the Rancher host and {host}.',
    'ca-file': '{url}{role}: {error}.',
    'ca-file.fix': 'Point configs."{config}".tls.ca_file at a readable PEM file. The path is read inside the Rancher container: mount it there (-v /path/ca.pem:/path/ca.pem:ro), and make it readable here for this check.',
    'client-cert-file': '{url}{role}: {error}.',
    'client-cert-file.fix': 'Give cert_file and key_file together, as readable PEM files mounted into the Rancher container.',
    other: '{url}{role}: {error}.',
    // RKE2 node: containerd runs on each node, reads TLS files there and resolves names with the node's resolver.
    'unknown-ca.fix.rke2': 'Put the CA that issued the registry certificate (issuer: {issuer}) in a PEM file at the same path on every RKE2 node that uses this registries.yaml, set configs."{config}".tls.ca_file to that path, and restart RKE2 (`systemctl restart rke2-server` on servers, `systemctl restart rke2-agent` on agents). If the server certificate comes from an intermediate CA, the registry must also send the intermediate (full chain).',
    'expired.fix.rke2': 'Renew the registry certificate, and check the clocks of this host and of the RKE2 nodes.',
    'not-yet-valid.fix.rke2': 'Check the clock of this host and of the RKE2 nodes (NTP), or reissue the certificate.',
    'client-cert-required.fix.rke2': 'Set configs."{config}".tls.cert_file and key_file to a client certificate the registry accepts, put both files at those paths on every RKE2 node, and restart RKE2 (`systemctl restart rke2-server` on servers, `systemctl restart rke2-agent` on agents).',
    'refused.fix.rke2': 'Check the port in the endpoint (and in RKE2\'s system-default-registry), and that the registry is running and reachable from the RKE2 nodes.',
    'dns.fix.rke2': 'Make {hostname} resolvable on every RKE2 node (DNS, or an /etc/hosts entry on the node: containerd runs on the node and uses its resolver).',
    'timeout.fix.rke2': 'Check routes and firewalls between the RKE2 nodes and {host}, or raise --timeout for a slow registry.',
    'reset.fix.rke2': 'Check proxies and firewalls between the RKE2 nodes and {host}.',
    'ca-file.fix.rke2': 'Point configs."{config}".tls.ca_file at a readable PEM file. containerd reads the path on the RKE2 node: put the file there on every node, and make it readable here for this check.',
    'client-cert-file.fix.rke2': 'Give cert_file and key_file together, as readable PEM files at those paths on every RKE2 node.',
    // Phrases filled into the messages above (message references, so they are translated too).
    'role.default': " (the registry's default endpoint)",
    'names.none': '(no SAN)',
    'caNote.file': ' or in ca_file {caFile}',
    'caNote.none': ' (no ca_file is configured for this endpoint)',
    'clientNote.file': ' and did not accept {certFile}',
    'clientNote.none': ' and none is configured',
    // The probe's errors (src/registry/errors.ts): one template per code.
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Fix the endpoint URL or the registry certificate so that containerd can connect.',
  run(facts, ctx) {
    const f = registryProbeFact(facts);
    const out: FindingInput[] = [];
    // Nothing probed (e.g. an unknown --rancher-version): say so rather than an empty pass.
    if (f.endpoints.length === 0) return [{ status: 'skip', messageId: 'nothing' }];
    const rke2 = onRke2(ctx);
    for (const ep of f.endpoints) {
      const cert = ep.tls?.cert ?? null;
      const names = cert ? [...cert.dnsNames, ...cert.ipAddresses].join(', ') || ref('names.none') : '';
      const hostname = ep.host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
      const isIp = /^[\d.]+$/.test(hostname) || hostname.includes(':');
      const args = {
        url: ep.url,
        host: ep.host,
        hostname,
        role: ep.role === 'default' ? ref('role.default') : '',
        config: ep.configKey ?? ep.configLookup,
        registry: ep.registries[0] ?? ep.configLookup,
        error: errorArg(ep.transport.error),
        protocol: ep.tls?.protocol ?? '',
        subject: cert?.subject ?? '',
        issuer: cert?.issuer ?? '',
        names,
        notBefore: cert?.notBefore ?? '',
        notAfter: cert?.notAfter ?? '',
        wantSan: isIp ? `IP:${hostname}` : `DNS:${hostname}`,
        caNote: ep.tls?.caFile ? ref('caNote.file', { caFile: ep.tls.caFile }) : ref('caNote.none'),
        clientNote: ep.tls?.certFile ? ref('clientNote.file', { certFile: ep.tls.certFile }) : ref('clientNote.none'),
        k3s: ctx.options.rancherVersion ?? '',
      };
      const data = { endpoint: ep.url, role: ep.role, configKey: ep.configKey, configLookup: ep.configLookup, cause: ep.transport.cause, tls: ep.tls };
      if (!ep.transport.ok) {
        const cause = ep.transport.cause ?? 'other';
        out.push({ status: 'fail', messageId: cause, fixId: rke2 && RKE2_FIXES.has(cause) ? `${cause}.fix.rke2` : undefined, args, target: ep.url, data });
        continue;
      }
      if (ep.scheme === 'http') out.push({ status: 'pass', messageId: 'plainHttp', args, target: ep.url, data });
      else if (ep.tls?.verificationSkipped) out.push({ status: 'warn', messageId: 'skipVerify', args, target: ep.url, data });
      else if (ep.tls?.insecureSkipVerifyIgnored) out.push({ status: 'pass', messageId: 'skipVerifyIgnored', args, target: ep.url, data });
      else out.push({ status: 'pass', messageId: 'verified', args, target: ep.url, data });
    }
    return out;
  },
});
