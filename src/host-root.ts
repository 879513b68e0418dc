/**
 * `registry --host-root DIR`: read the TLS files a registries.yaml names as they are on a host whose
 * root is mounted at DIR (the per-node pod of `cluster --nodes` mounts the node's / read-only at /host).
 * Paths in findings stay the node's own (`/etc/rancher/k3s/ca.pem`): only the read goes under DIR.
 */
import path from 'node:path';

export function underHostRoot(root: string | null, p: string): string {
  if (!root) return p;
  return path.join(root, path.posix.resolve('/', p));
}
