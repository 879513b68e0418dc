/**
 * The manifests of `cluster --nodes` (created through the API) and `--emit` (printed): one Namespace of
 * our own and one Pod per node. Pure: the same function gives both, so what --emit prints is what a
 * live run creates.
 *
 * The pod runs `airgap-preflight registry /etc/rancher/<k3s|rke2>/registries.yaml --host-root /host`
 * with the node's own network (hostNetwork, the node's resolv.conf) and sees the node's root read-only
 * at /host: registries.yaml and the CA/client files it names resolve under /host, wherever they are
 * (/etc/rancher/k3s/…, /opt/certs/…), as the node's containerd reads them. An earlier design mounted
 * only /etc, and a CA file under /opt was then reported missing although containerd read it: a false
 * failure. Mounting the root read-only is what node agents such as node-exporter do; the pod has no
 * capability, no service-account token, a read-only root filesystem, and is deleted after the run.
 * hostPath type `Directory` (not "" or DirectoryOrCreate) so a missing source is never created on the
 * host: we never write the node.
 */
import type { Distribution } from '../options.js';

export const MANAGED_BY = { key: 'app.kubernetes.io/managed-by', value: 'airgap-preflight' } as const;
export const NODE_CHECK_LABEL = 'airgap-preflight.io/node-check';
export const NODE_ANNOTATION = 'airgap-preflight.io/node';
/** Where the node's root is mounted in the pod. */
export const POD_HOST_ROOT = '/host';

export interface NodeTarget {
  name: string;
  distribution: Exclude<Distribution, null>;
}

export interface ManifestOptions {
  namespace: string;
  image: string;
  nodes: NodeTarget[];
  /** Language of the reports. */
  lang: string;
  /** Bound of each pod's life (activeDeadlineSeconds): a pod never outlives a run that died. */
  deadlineSeconds: number;
  /**
   * The host directory mounted as the pod's /host (production: `/`). Tests point it at a temporary
   * directory standing in for the node's root, so the real /etc of the test machine is never used.
   */
  hostRoot?: string;
  /** Passed on to `registry` (else it checks our own image only: the one image the node surely needs). */
  rancherVersion?: string | null;
  systemDefaultRegistry?: string | null;
}

type Obj = Record<string, unknown>;

export function registriesPath(d: NodeTarget['distribution']): string {
  return `/etc/rancher/${d}/registries.yaml`;
}

/** Pod names are DNS subdomains (≤ 253); a node name is one too. */
export function podName(node: string): string {
  return `registry-${node}`.slice(0, 253).replace(/[-.]+$/, '');
}

export function namespaceManifest(namespace: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        [MANAGED_BY.key]: MANAGED_BY.value,
        // hostPath and hostNetwork are refused below the privileged Pod Security level (RKE2's CIS profile enforces restricted).
        'pod-security.kubernetes.io/enforce': 'privileged',
      },
    },
  };
}

/**
 * What the pod runs: `registry` on the node's file, for our own image (the node just pulled it through
 * that file, so the report covers at least one image the node really needs) and, with --rancher-version,
 * every image of that release.
 */
export function registryArgs(o: ManifestOptions, node: NodeTarget): string[] {
  // FILE is the node's own path: --host-root reads it (and the files it names) under /host.
  const args = ['registry', registriesPath(node.distribution), '--host-root', POD_HOST_ROOT, '--distribution', node.distribution, '--image', o.image];
  if (o.rancherVersion) args.push('--rancher-version', o.rancherVersion);
  if (o.systemDefaultRegistry) args.push('--system-default-registry', o.systemDefaultRegistry);
  return [...args, '--format', 'json', '--no-color', '--lang', o.lang];
}

export function podManifest(o: ManifestOptions, node: NodeTarget): Obj {
  const root = o.hostRoot ?? '/';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(node.name),
      namespace: o.namespace,
      labels: { [MANAGED_BY.key]: MANAGED_BY.value, [NODE_CHECK_LABEL]: 'true' },
      annotations: { [NODE_ANNOTATION]: node.name },
    },
    spec: {
      nodeName: node.name,
      hostNetwork: true,
      dnsPolicy: 'Default',
      restartPolicy: 'Never',
      activeDeadlineSeconds: o.deadlineSeconds,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // A node check runs on every node, tainted control-plane nodes included.
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'registry',
          image: o.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['/airgap-preflight'],
          args: registryArgs(o, node),
          // root reads the node's root-owned 0600 registries.yaml; nothing else: no capability, no write.
          securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '512Mi' } },
          volumeMounts: [{ name: 'host', mountPath: POD_HOST_ROOT, readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'host', hostPath: { path: root, type: 'Directory' } }, { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } }],
    },
  };
}

export function nodeRunManifests(o: ManifestOptions): Obj[] {
  return [namespaceManifest(o.namespace), ...o.nodes.map((n) => podManifest(o, n))];
}
