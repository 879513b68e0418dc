import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { classifyPullError, registryOf, repositoryOf } from '../src/health/classify.js';
import { parseEventsJson, parseImagesJson, parseImagesTable, parsePodsJson, parsePodsTable, OutputFormatError } from '../src/health/parse.js';
import { redactToml } from '../src/probes/health-probes.js';

// Verbatim samples of DOMAIN §5.2 (and §5.1), each with the cause and failing URL we must read from it.
const SAMPLES: [string, string, string | null, string | null][] = [
  ['unknown-ca', 'Failed to pull image "harbor.casa/library/wyoming-gigaam-ctc:latest": failed to pull and unpack image "harbor.casa/library/wyoming-gigaam-ctc:latest": failed to resolve reference "harbor.casa/library/wyoming-gigaam-ctc:latest": failed to do request: Head "https://harbor.casa/v2/library/wyoming-gigaam-ctc/manifests/latest": tls: failed to verify certificate: x509: certificate signed by unknown authority', 'https://harbor.casa/v2/library/wyoming-gigaam-ctc/manifests/latest', 'harbor.casa'],
  ['unknown-ca', 'failed to "StartContainer" for "helm" with ErrImagePull: "rpc error: code = Unknown desc = failed to pull and unpack image \\"ec2-18-191-239-133.us-east-2.compute.amazonaws.com/rancher/shell:v0.1.2\\": failed to resolve reference \\"…/rancher/shell:v0.1.2\\": failed to do request: Head https://ec2-18-191-239-133.us-east-2.compute.amazonaws.com/v2/rancher/shell/manifests/v0.1.2: x509: certificate signed by unknown authority"', 'https://ec2-18-191-239-133.us-east-2.compute.amazonaws.com/v2/rancher/shell/manifests/v0.1.2', 'ec2-18-191-239-133.us-east-2.compute.amazonaws.com'],
  ['san-mismatch', 'failed to do request: Head "https://registry.home.lab/v2/nginxinc/nginx-unprivileged/manifests/v1.25.1": tls: failed to verify certificate: x509: certificate is not valid for any names, but wanted to match registry.home.lab', 'https://registry.home.lab/v2/nginxinc/nginx-unprivileged/manifests/v1.25.1', 'registry.home.lab'],
  ['san-mismatch', 'Head "https://my-registry.in.net/v2/my_image/manifests/latest": x509: certificate relies on legacy Common Name field, use SANs or temporarily enable Common Name matching with GODEBUG=x509ignoreCN=0', 'https://my-registry.in.net/v2/my_image/manifests/latest', 'my-registry.in.net'],
  ['cert-expired', 'failed to do request: Head "https://localhost:5000/v2/base_machine/manifests/0.1.28": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2024-06-22T22:03:47-04:00 is after 2019-02-27T04:29:33Z', 'https://localhost:5000/v2/base_machine/manifests/0.1.28', 'localhost:5000'],
  ['https-to-http', 'Failed to pull image "192.168.1.132:5000/test-demo": rpc error: code = Unknown desc = failed to pull and unpack image "192.168.1.132:5000/test-demo:latest": failed to resolve reference "192.168.1.132:5000/test-demo:latest": failed to do request: Head "https://192.168.1.132:5000/v2/test-demo/manifests/latest": http: server gave HTTP response to HTTPS client', 'https://192.168.1.132:5000/v2/test-demo/manifests/latest', '192.168.1.132:5000'],
  // Measured: the kubelet's Failed event on the real node (test/kube-node.test.ts, K3s mode D, containerd 1.6), tag missing.
  ['http-fallback-400', 'Failed to pull image "127.0.0.1:45533/app/worker:9.9": rpc error: code = Unknown desc = failed to pull and unpack image "127.0.0.1:45533/app/worker:9.9": failed to resolve reference "127.0.0.1:45533/app/worker:9.9": pulling from host 127.0.0.1:45533 failed with status code [manifests 9.9]: 400 Bad Request', null, null],
  ['auth-denied', 'failed to resolve reference "vcns-registry.cn-hangzhou.cr.aliyuncs.com/vcns/3fs:0828-multi-device-op1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed', null, null],
  ['auth-no-credentials', 'pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials', null, null],
  ['auth-rejected', 'ctr: failed to resolve reference : unexpected status code [manifests ]: 401 Unauthorized', null, null],
  ['auth-token', 'failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://harbor.example.com/service/token?scope=repository%3Arancher%2Fshell%3Apull&service=harbor-registry: 401 Unauthorized', null, null],
  ['not-found', 'Failed to pull image "cr.kagent.dev/kagent-dev/kagent/controller:0.9.11": rpc error: code = NotFound desc = failed to pull and unpack image "cr.kagent.dev/kagent-dev/kagent/controller:0.9.11": failed to resolve reference "cr.kagent.dev/kagent-dev/kagent/controller:0.9.11": cr.kagent.dev/kagent-dev/kagent/controller:0.9.11: not found', null, null],
  ['dns', 'failed to do request: Head "https://private-registry.com:5000/v2/crdb/manifests/v24.1.2": dial tcp: lookup private-registry.com: no such host', 'https://private-registry.com:5000/v2/crdb/manifests/v24.1.2', 'private-registry.com:5000'],
  ['dns', 'failed to do request: Head "https://myregistry.local:5000/v2/rancher/rancher-agent/manifests/v2.6.11?ns=docker.io": dial tcp: lookup myregistry.local on 8.8.8.8:53: read udp 192.168.2.30:36495->8.8.8.8:53: i/o timeout', 'https://myregistry.local:5000/v2/rancher/rancher-agent/manifests/v2.6.11?ns=docker.io', 'myregistry.local:5000'],
  ['refused', 'failed to pull and unpack image "docker.io/rancher/mirrored-pause:3.6": failed to resolve reference "docker.io/rancher/mirrored-pause:3.6": failed to do request: Head "https://registry-1.docker.io/v2/rancher/mirrored-pause/manifests/3.6": dial tcp 103.252.115.53:443: connect: connection refused', 'https://registry-1.docker.io/v2/rancher/mirrored-pause/manifests/3.6', 'registry-1.docker.io'],
  ['network', 'failed to do request: Head "https://registry-1.docker.io/v2/rancher/klipper-helm/manifests/v0.3.0": read tcp 10.x.x.x:59872->107.23.149.57:443: read: connection reset by peer', 'https://registry-1.docker.io/v2/rancher/klipper-helm/manifests/v0.3.0', 'registry-1.docker.io'],
  ['tls-file-missing', 'get TLSConfig for registry "https://harbor.example.com": failed to load CA file: open /etc/harbor/ca.crt: no such file or directory', 'https://harbor.example.com', 'harbor.example.com'],
  ['not-html-api', 'failed to pull and unpack image "docker.io/rancher/mirrored-pause:3.6": failed to unpack image on snapshotter overlayfs: unexpected media type text/html for sha256:6066282c: not found', null, null],
  ['hosts-toml-invalid', 'failed to decode hosts.toml error="invalid `host` tree"', null, null],
  ['back-off', 'Back-off pulling image "rancher/shell:v0.1.6"', null, null],
];

describe('classifyPullError (DOMAIN §5.2)', () => {
  it.each(SAMPLES)('%s: %s', (cause, message, url, host) => {
    const c = classifyPullError(message);
    expect([c.cause, c.url, c.host]).toEqual([cause, url, host]);
  });

  it('names a sandbox failure first and keeps the cause of the pause pull', () => {
    const c = classifyPullError('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image "rancher/pause:3.1": failed to pull image "rancher/pause:3.1": failed to pull and unpack image "docker.io/rancher/pause:3.1": failed to resolve reference "docker.io/rancher/pause:3.1": failed to do request: Head "https://registry-1.docker.io/v2/rancher/pause/manifests/3.1": dial tcp 103.252.115.53:443: connect: connection refused');
    expect({ cause: c.cause, inner: c.inner, sandboxImage: c.sandboxImage, host: c.host, detail: c.detail }).toEqual({
      cause: 'sandbox-image',
      inner: 'refused',
      sandboxImage: 'rancher/pause:3.1',
      host: 'registry-1.docker.io',
      detail: 'failed to do request: Head "https://registry-1.docker.io/v2/rancher/pause/manifests/3.1": dial tcp 103.252.115.53:443: connect: connection refused',
    });
  });

  it('reads the http-fallback 400 of containerd 1.6 only on a manifest request in its own format; other 400s are not it', () => {
    const msgs = [
      // The same format with another status: that status decides.
      'pulling from host 127.0.0.1:45533 failed with status code [manifests 9.9]: 401 Unauthorized',
      // containerd 1.7 names the scheme: a 400 over https is not the plain-HTTP fallback (and http:// is row 5).
      'failed to resolve reference "reg.example.com/app/web:1.0": unexpected status from HEAD request to https://reg.example.com/v2/app/web/manifests/1.0: 400 Bad Request',
      'failed to resolve reference "reg.example.com/app/web:1.0": unexpected status from HEAD request to http://reg.example.com/v2/app/web/manifests/1.0: 400 Bad Request',
      // A token service's 400, a blob fetch's 400, a bare 400.
      'failed to authorize: failed to fetch oauth token: unexpected status from POST request to https://reg.example.com/service/token: 400 Bad Request',
      'failed to copy: httpReadSeeker: failed open: unexpected status code https://reg.example.com/v2/app/web/blobs/sha256:0123: 400 Bad Request',
      'pulling from host reg.example.com failed with status code [blobs sha256:0123]: 400 Bad Request',
      'Error response from daemon: 400 Bad Request',
    ];
    expect(msgs.map((m) => classifyPullError(m).cause)).toEqual(['auth-rejected', 'unknown', 'http-to-https', 'auth-token', 'unknown', 'unknown', 'unknown']);
    const c = classifyPullError(SAMPLES.find((s) => s[0] === 'http-fallback-400')![1]);
    expect({ row: c.row, detail: c.detail }).toEqual({ row: '5', detail: 'pulling from host 127.0.0.1:45533 failed with status code [manifests 9.9]: 400 Bad Request' });
  });

  it('treats InvalidImageName as its own cause', () => {
    expect(classifyPullError('couldn\'t parse image reference "https://harbor/rancher/shell:v0.1.6": invalid reference format', 'InvalidImageName').cause).toBe('invalid-name');
  });

  it('splits image references like containerd (DOMAIN §1.3)', () => {
    expect(['harbor.example.com:8443/rancher/shell:v0.1.6', 'rancher/shell:v0.1.6', 'localhost/x:1', 'busybox'].map((r) => [registryOf(r), repositoryOf(r)])).toEqual([
      ['harbor.example.com:8443', 'rancher/shell'],
      ['docker.io', 'rancher/shell'],
      ['localhost', 'x'],
      ['docker.io', 'library/busybox'],
    ]);
  });
});

const F = new URL('../fixtures/health/', import.meta.url);
const read = (p: string) => fs.readFile(new URL(p, F), 'utf8');

describe('kubectl / crictl parsers on the captured outputs', () => {
  it('reads the seed article tables (kubectl get pods -A, crictl images)', async () => {
    const pods = parsePodsTable(await read('healthy-table/kubectl_get_pods.out'));
    expect(pods.map((p) => `${p.namespace}/${p.name} ${p.ready} ${p.status} ${p.phase}`)).toEqual([
      'cattle-system/helm-operation-5w49g 0/2 Completed Succeeded',
      'cattle-system/helm-operation-gclkp 0/2 Completed Succeeded',
      'cattle-system/helm-operation-jt948 0/2 Completed Succeeded',
      'cattle-system/helm-operation-l76g6 0/2 Completed Succeeded',
      'cattle-system/helm-operation-zmm6f 0/2 Completed Succeeded',
      'cattle-system/rancher-webhook-58b8d9f6c6-bxmns 1/1 Running Running',
      'fleet-system/fleet-agent-7c7d457b6d-x4kvf 1/1 Running Running',
      'fleet-system/fleet-controller-5ddfd96f5c-lxbnt 1/1 Running Running',
      'fleet-system/gitjob-7b4ddfcbf7-6hx52 1/1 Running Running',
      'kube-system/coredns-66c464876b-hfjqk 1/1 Running Running',
      'rancher-operator-system/rancher-operator-5cbfb5d6d7-kq29z 1/1 Running Running',
    ]);
    const table = parseImagesTable(await read('healthy-table/crictl_images.out'));
    const json = parseImagesJson(await read('healthy/crictl_images.json.out'));
    expect(table.map((i) => `${i.repo}:${i.tag} ${i.id}`)).toEqual(json.map((i) => `${i.repo}:${i.tag} ${i.id}`));
    expect(table[0]).toEqual({ repo: 'docker.io/rancher/coredns-coredns', tag: '1.6.9', id: '4e797b3234604', size: '43.3MB' });
  });

  it('reads pods JSON including waiting reasons and messages', async () => {
    const pods = parsePodsJson(await read('pull-dns/kubectl_get_pods.json.out'));
    const p = pods.find((x) => x.name === 'helm-operation-zmm6f')!;
    expect(p.containers.map((c) => [c.name, c.state, c.reason, c.image])).toEqual([
      ['helm', 'waiting', 'ErrImagePull', 'harbor.kingsd.top/rancher/shell:v0.1.6'],
      ['proxy', 'waiting', 'ImagePullBackOff', 'harbor.kingsd.top/rancher/shell:v0.1.6'],
    ]);
    const ev = parseEventsJson(await read('pull-dns/kubectl_get_events.json.out'));
    expect(ev.map((e) => [e.kind, e.namespace, e.name, e.reason, e.fieldPath])).toEqual([['Pod', 'cattle-system', 'helm-operation-zmm6f', 'Failed', 'spec.containers{proxy}']]);
  });

  it('rejects garbage instead of reading it as "no pods"', async () => {
    expect(() => parsePodsJson(`<html><body>502 Bad Gateway</body></html>`)).toThrow(OutputFormatError);
    expect(() => parsePodsTable('Segmentation fault (core dumped)\n')).toThrow('kubectl get pods -A: unrecognised output (starts with "Segmentation fault (core dumped)")');
    expect(() => parseImagesJson('{"nope": 1}')).toThrow(OutputFormatError);
    expect(() => parseImagesTable('%%%%')).toThrow(OutputFormatError);
  });

  it('redacts credentials in the rendered containerd config', () => {
    expect(redactToml('[plugins.cri.registry.configs."h".auth]\n  username = "admin"\n  password = "S3cr3t"\n  auth = \'YWRtaW46UzNjcjN0\'\n')).toBe('[plugins.cri.registry.configs."h".auth]\n  username = "admin"\n  password = "<redacted>"\n  auth = \'<redacted>\'\n');
  });
});
