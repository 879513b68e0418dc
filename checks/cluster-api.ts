import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { kubeFact } from '../src/kube/judge.js';
import type { KubeError } from '../src/kube/facts.js';

/**
 * The Kubernetes API answered and let us list pods and events: the precondition of every other
 * cluster check. An unreachable server, a 401 or an RBAC 403 is reported with its cause.
 */
export default defineCheck({
  id: 'cluster-api',
  title: 'The Kubernetes API answers and allows listing pods and events',
  failTitle: 'The Kubernetes API cannot be used to list pods and events',
  stage: 'cluster',
  requires: ['kubeCluster'],
  spec: ['§5.1', '§7'],
  messages: {
    ok: 'Kubernetes API {server} ({version}, context {context}, kubeconfig user {user}) listed {pods} pods and {events} events in {scope}.',
    allNamespaces: 'all namespaces',
    unknownVersion: 'version unknown',
    none: 'none',
    noConfig: 'No kubeconfig: --kubeconfig not given, $KUBECONFIG unset or naming no existing file, no ~/.kube/config, and not running in a pod.',
    'noConfig.fix': 'Pass --kubeconfig FILE (K3s: /etc/rancher/k3s/k3s.yaml, RKE2: /etc/rancher/rke2/rke2.yaml on a server node) or set KUBECONFIG.',
    'unreachable.refused': 'Kubernetes API {server} refused the connection ({request}): nothing listens there. The client said: {message}',
    'unreachable.refused.fix': 'Check the server: address of context {context} in {source} and that the API server runs (K3s: `systemctl status k3s`, RKE2: `systemctl status rke2-server`).',
    'unreachable.dns': 'The host of Kubernetes API {server} does not resolve ({request}). The client said: {message}',
    'unreachable.dns.fix': 'Use a name this machine resolves, or the IP, in the server: field of {source}.',
    'unreachable.timeout': 'Kubernetes API {server} did not answer in time ({request}): firewall, routing or an overloaded server. The client said: {message}',
    'unreachable.timeout.fix': 'Check that port 6443 (or the port in {source}) is reachable from here, or raise --timeout.',
    'unreachable.tls-unknown-ca': 'Kubernetes API {server} presents a certificate not signed by the certificate-authority of {source} ({request}). The client said: {message}',
    'unreachable.tls-unknown-ca.fix': 'Use the cluster\'s own kubeconfig (its certificate-authority-data), or fix certificate-authority in {source}.',
    'unreachable.tls': 'TLS with Kubernetes API {server} failed ({request}). The client said: {message}',
    'unreachable.tls.fix': 'Check the server name/IP against the API server certificate and the clock of this machine.',
    'unreachable.reset': 'Kubernetes API {server} closed the connection ({request}): a proxy or a load balancer in the way? The client said: {message}',
    'unreachable.reset.fix': 'Connect to the API server directly (port 6443) or fix the proxy in between.',
    'unreachable.unreachable': 'Kubernetes API {server} cannot be reached: no route ({request}). The client said: {message}',
    'unreachable.unreachable.fix': 'Check routing between this machine and {server}.',
    'unreachable.other': 'Kubernetes API {server} cannot be reached ({request}). The client said: {message}',
    'unreachable.other.fix': 'Run `kubectl --kubeconfig {source} get --raw /version` to see the error.',
    unauthorized: 'Kubernetes API {server} rejected the credentials of user {user} in {source} (401 Unauthorized, {request}): expired or revoked token or certificate. The API said: {message}',
    'unauthorized.fix': 'Get a fresh kubeconfig (Rancher UI: cluster → Download KubeConfig; K3s/RKE2: the server node\'s k3s.yaml / rke2.yaml).',
    forbidden: 'RBAC denies user {user} to {request} (403 Forbidden): pods and events cannot be examined. The API said: {message}',
    'forbidden.fix': 'Grant read access: `kubectl create clusterrole airgap-preflight-read --verb=get,list --resource=pods,events,nodes` and `kubectl create clusterrolebinding airgap-preflight-read --clusterrole=airgap-preflight-read --user=<user>` (or a RoleBinding per namespace with --namespace).',
    api: 'Kubernetes API {server} answered {status} to {request}. The API said: {message}',
    'api.fix': 'Run `kubectl --kubeconfig {source} get pods -A` to see the same error.',
    eventsForbidden: 'Pods were listed, but RBAC denies user {user} to {request} (403): the cause of an ImagePullBackOff is only in the events, so it stays unknown. The API said: {message}',
    'eventsForbidden.fix': 'Also grant get,list on events (see the fix of a denied pod list): `kubectl create clusterrole airgap-preflight-read --verb=get,list --resource=pods,events,nodes`.',
    eventsError: 'Pods were listed, but {request} failed: the cause of an ImagePullBackOff is only in the events, so it stays unknown. Error: {message}',
  },
  remediation: 'Make the Kubernetes API reachable with a kubeconfig allowed to list pods and events.',
  run(facts) {
    const k = kubeFact(facts);
    const base = { server: k.server ?? '?', context: k.context ?? '?', user: k.user ?? '?', source: k.source ?? '?' };
    // The identity the API server saw (its 403 message names it) beats the kubeconfig's user entry name.
    const errArgs = (e: KubeError) => ({ ...base, user: /\bUser "([^"]+)"/.exec(e.message)?.[1] ?? base.user, request: e.request, message: e.message, status: e.status ?? '?' });
    const target = k.server;
    if (k.error) {
      const e = k.error;
      const data = { server: k.server, context: k.context, source: k.source, kind: e.kind, cause: e.cause, status: e.status, request: e.request };
      if (e.kind === 'config') return [{ status: 'fail', messageId: 'noConfig', target: null, data }];
      const id = e.kind === 'unreachable' ? `unreachable.${e.cause ?? 'other'}` : e.kind;
      return [{ status: 'fail', messageId: id, args: errArgs(e), target, data }];
    }
    const out: FindingInput[] = [];
    if (k.eventsError) {
      const e = k.eventsError;
      const data = { kind: e.kind, status: e.status, request: e.request };
      out.push({ status: 'warn', messageId: e.kind === 'forbidden' ? 'eventsForbidden' : 'eventsError', args: errArgs(e), target, data });
    }
    out.unshift({
      status: 'pass',
      messageId: 'ok',
      args: { ...base, version: k.version ?? ref('unknownVersion'), pods: k.pods.length, events: k.events.length, scope: k.namespaces ? k.namespaces.join(', ') : ref('allNamespaces') },
      target,
      data: { server: k.server, context: k.context, version: k.version, pods: k.pods.length, events: k.events.length, nodes: k.nodes?.map((n) => n.name) ?? null },
    });
    return out;
  },
});
