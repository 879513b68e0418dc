import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model, onRke2 } from '../src/check-helpers.js';

/**
 * DOMAIN §1.8, §6 #7: containerd runs inside the Rancher container, so ca_file/cert_file/key_file
 * are opened there, not on the host — the #1 TLS mistake. Lint cannot see the container; it names
 * the mount each path needs (the health command verifies it post-install). A relative path is
 * resolved against K3s' working directory (/var/lib/rancher), never what the author meant.
 */
export default defineCheck({
  id: 'tls-paths-in-container',
  title: 'TLS file paths are absolute (they are opened inside the Rancher container)',
  failTitle: 'A TLS file path is relative',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.8', '§6 #7'],
  advice: ['mount', 'mount.rke2'],
  messages: {
    mount: '{role} "{path}" is opened inside the Rancher container, not on this host: run Rancher with -v {path}:{path}:ro (or mount its directory). `airgap-preflight health` checks it once the container runs.',
    relative: '{role} "{path}" is a relative path; containerd resolves it against the K3s working directory inside the container (/var/lib/rancher), so it will not find your file.',
    'relative.fix': 'Use an absolute path, e.g. /etc/rancher/k3s/certs/{base}, and mount the file there: -v /host/dir/{base}:/etc/rancher/k3s/certs/{base}:ro.',
    // RKE2 node: containerd runs on the node and opens the paths there (no container, no mount).
    'mount.rke2': '{role} "{path}" is opened by containerd on the RKE2 node itself: the file must exist at that path on every node that uses this registries.yaml, servers and agents alike.',
    'relative.rke2': '{role} "{path}" is a relative path; containerd on the RKE2 node does not resolve it against /etc/rancher/rke2, where registries.yaml lives, so it will not find your file.',
    'relative.rke2.fix': 'Use an absolute path, e.g. /etc/rancher/rke2/certs/{base}, put the file there on every node that uses this registries.yaml, and restart RKE2 (`systemctl restart rke2-server` on servers, `systemctl restart rke2-agent` on agents).',
  },
  remediation: 'Use absolute paths and bind-mount every TLS file into the Rancher container at the same path.',
  run(facts, ctx) {
    const out: FindingInput[] = [];
    const rke2 = onRke2(ctx);
    for (const c of model(facts, ctx).configs) {
      if (!c.tls) continue;
      for (const [role, f] of [['ca_file', c.tls.caFile], ['cert_file', c.tls.certFile], ['key_file', c.tls.keyFile]] as const) {
        if (!f) continue;
        const base = { target: f.path, location: loc(ctx, f) };
        if (f.path.startsWith('/')) out.push({ status: 'pass', messageId: rke2 ? 'mount.rke2' : 'mount', args: { role, path: f.path }, ...base });
        else out.push({ status: 'warn', messageId: rke2 ? 'relative.rke2' : 'relative', args: { role, path: f.path, base: f.path.split('/').pop() ?? f.path }, ...base });
      }
    }
    return out;
  },
});
