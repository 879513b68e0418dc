/**
 * Our per-image verdict against containerd's own pull: for each setup, the hosts.toml K3s (mode D)
 * would render from the same registries.yaml goes to a private containerd, and `ctr images pull
 * --hosts-dir` must succeed exactly when image-available passes. Credentials: K3s puts them in
 * config.toml keyed by endpoint host (DOMAIN §1.3); ctr takes them with --user, so they are passed
 * only when a configs entry applies to the endpoint, as the CRI lookup would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, freePort, type RunningRegistry } from './support/registry.js';
import { startContainerd, type RunningContainerd } from './support/containerd.js';
import { registriesYaml, registryJson, writeRegistries, byCheck } from './support/probe-harness.js';
import { renderHostsToml } from '../src/containerd/hosts-toml.js';
import { buildModel } from '../src/registries-model.js';
import { parseYaml } from '../src/yaml-tree.js';

const SHELL = 'rancher/shell:v0.1.6';

interface Case {
  name: string;
  setup: () => Promise<{ yaml: string; sdr: string; image: string; user: string | null; platform?: string }>;
  expectPull: boolean;
  /**
   * containerd's own result when it differs for a reason that cannot occur in a Rancher install:
   * containerd lets *loopback* registries fall back from HTTPS to HTTP (docker.IsLocalhost), but
   * the registry Rancher pulls from is never loopback inside its container, so our verdict keeps
   * the behaviour of a real host.
   */
  ctrLoopbackOnly?: boolean;
}

describe('our verdict agrees with containerd (ctr images pull --hosts-dir)', () => {
  let ctd: RunningContainerd;
  const regs: Record<string, RunningRegistry> = {};
  beforeAll(async () => {
    ctd = await startContainerd();
    const [valid, http, token, mtls, expired, wrongSan, cnOnly] = await Promise.all([
      startRegistry({ tls: 'valid', auth: 'htpasswd', images: [SHELL, 'mirror/rancher/shell:v0.1.6'] }),
      startRegistry({ tls: 'none', auth: 'htpasswd', images: [SHELL] }),
      startRegistry({ tls: 'valid', auth: 'token', images: [SHELL], users: { 'robot$rancher+puller': 'Tok-Pw-1', 'robot$other+x': 'Tok-Pw-2' }, tokenOptions: { grants: { 'robot$rancher+puller': ['rancher/*'], 'robot$other+x': ['other/*'] } } }),
      startRegistry({ tls: 'mtls', auth: 'none', images: [SHELL] }),
      startRegistry({ tls: 'expired', auth: 'none', images: [SHELL] }),
      startRegistry({ tls: 'wrong-san', auth: 'none', images: [SHELL] }),
      startRegistry({ tls: 'cn-only', auth: 'none', images: [SHELL] }),
    ]);
    Object.assign(regs, { valid, http, token, mtls, expired, wrongSan, cnOnly });
  }, 180_000);
  afterAll(async () => {
    await ctd?.stop();
    await Promise.all(Object.values(regs).map((r) => r.stop()));
  });

  const userOf = (r: RunningRegistry) => Object.entries(r.users).map(([u, p]) => `${u}:${p}`)[0]!;
  const simple = (r: RunningRegistry, opts: { auth?: boolean; password?: string; ca?: string | null; client?: boolean; endpoint?: string; image?: string; platform?: string }) => async () => {
    const [u, p] = Object.entries(r.users)[0]!;
    const auth = opts.auth === false ? null : { username: u, password: opts.password ?? p };
    const tls = r.scheme === 'https' ? { ...(opts.ca === null ? {} : { ca_file: opts.ca ?? r.caFile! }), ...(opts.client ? { cert_file: r.clientCertFile!, key_file: r.clientKeyFile! } : {}) } : null;
    const yaml = registriesYaml({ mirror: r.host, endpoints: [opts.endpoint ?? r.url], configKey: r.host, auth, tls: tls && Object.keys(tls).length ? tls : null });
    return { yaml, sdr: r.host, image: opts.image ?? SHELL, user: auth ? `${auth.username}:${auth.password}` : null, platform: opts.platform };
  };

  const cases: Case[] = [
    { name: 'CA-signed TLS + htpasswd, correct', setup: () => simple(regs.valid!, {})(), expectPull: true },
    { name: 'wrong password', setup: () => simple(regs.valid!, { password: 'wrong-Pw' })(), expectPull: false },
    { name: 'missing CA', setup: () => simple(regs.valid!, { ca: null })(), expectPull: false },
    { name: 'wrong CA', setup: () => simple(regs.valid!, { ca: regs.valid!.pki!.otherCaCert })(), expectPull: false },
    { name: 'missing tag', setup: () => simple(regs.valid!, { image: 'rancher/fleet:v0.3.5' })(), expectPull: false },
    { name: 'platform not in the index', setup: () => simple(regs.valid!, { platform: 'linux/s390x' })(), expectPull: false },
    { name: 'HTTP + htpasswd with http:// endpoint', setup: () => simple(regs.http!, { endpoint: `http://${regs.http!.host}` })(), expectPull: true },
    {
      name: 'HTTP registry without a mirror (https default)',
      setup: async () => ({ yaml: registriesYaml({ configKey: regs.http!.host, auth: { username: Object.keys(regs.http!.users)[0]!, password: Object.values(regs.http!.users)[0]! } }), sdr: regs.http!.host, image: SHELL, user: userOf(regs.http!) }),
      expectPull: false,
      ctrLoopbackOnly: true,
    },
    { name: 'mTLS with client certificate', setup: () => simple(regs.mtls!, { auth: false, client: true })(), expectPull: true },
    { name: 'mTLS without client certificate', setup: () => simple(regs.mtls!, { auth: false })(), expectPull: false },
    { name: 'expired certificate', setup: () => simple(regs.expired!, { auth: false })(), expectPull: false },
    { name: 'certificate SAN does not cover the IP', setup: () => simple(regs.wrongSan!, { auth: false })(), expectPull: false },
    { name: 'CN-only certificate', setup: () => simple(regs.cnOnly!, { auth: false })(), expectPull: false },
    { name: 'token auth, correct robot', setup: () => simple(regs.token!, {})(), expectPull: true },
    { name: 'token auth, wrong password (token still issued)', setup: () => simple(regs.token!, { password: 'nope-Pw' })(), expectPull: false },
    {
      name: 'token auth, valid login without pull permission',
      setup: async () => {
        const r = regs.token!;
        const yaml = registriesYaml({ mirror: r.host, endpoints: [r.url], configKey: r.host, auth: { username: 'robot$other+x', password: 'Tok-Pw-2' }, tls: { ca_file: r.caFile! } });
        return { yaml, sdr: r.host, image: SHELL, user: 'robot$other+x:Tok-Pw-2' };
      },
      expectPull: false,
    },
    {
      name: 'fallback: closed port first, then the registry',
      setup: async () => {
        const r = regs.valid!;
        const closed = await freePort();
        const name = `localhost:${r.port}`;
        const [u, p] = Object.entries(r.users)[0]!;
        const yaml = [
          'mirrors:',
          `  "${name}":`,
          `    endpoint: ["https://127.0.0.1:${closed}", "${r.url}"]`,
          'configs:',
          `  "${r.host}":`,
          `    auth: {username: ${JSON.stringify(u)}, password: ${JSON.stringify(p)}}`,
          `    tls: {ca_file: ${JSON.stringify(r.caFile)}}`,
          '',
        ].join('\n');
        return { yaml, sdr: name, image: SHELL, user: `${u}:${p}` };
      },
      expectPull: true,
    },
    {
      name: 'rewrite onto mirror/rancher/*',
      setup: async () => {
        const r = regs.valid!;
        const [u, p] = Object.entries(r.users)[0]!;
        const name = `localhost:${r.port}`;
        const yaml = registriesYaml({ mirror: name, endpoints: [r.url], rewrite: { '^rancher/(.*)': 'mirror/rancher/$1' }, configKey: r.host, auth: { username: u, password: p }, tls: { ca_file: r.caFile! } });
        return { yaml, sdr: name, image: SHELL, user: `${u}:${p}` };
      },
      expectPull: true,
    },
  ];

  const table: { name: string; ours: string; ctr: boolean; ctrError: string }[] = [];
  afterAll(() => {
    console.log('[agreement]\n' + table.map((r) => `${r.ctr === (r.ours === 'pass') ? 'agree   ' : 'DIFFERS (loopback-only HTTP fallback)'} ${r.name}: ours=${r.ours} ctr=${r.ctr ? 'pulled' : 'failed'} ${r.ctrError}`).join('\n'));
  });

  for (const c of cases) {
    it(c.name, async () => {
      const s = await c.setup();
      const file = await writeRegistries(s.yaml);
      const ref = `${s.sdr}/${s.image}`;
      const args = ['--system-default-registry', s.sdr, '--image', s.image];
      if (s.platform) args.push('--platform', s.platform);
      const { report } = await registryJson(file, args);
      const ours = byCheck(report.findings, 'image-available')[0]!;
      const files = renderHostsToml(buildModel(parseYaml(s.yaml).tree, 'D'), { mode: 'D' })!;
      const hostsDir = await ctd.writeHostsDir(files);
      const pulled = await ctd.ctrPull(ref, { hostsDir, user: s.user ?? undefined, platform: s.platform ?? 'linux/amd64', timeoutMs: 30_000 });
      const ctrError = (pulled.stderr.trim().split('\n').pop() ?? '').slice(0, 300);
      table.push({ name: c.name, ours: ours.status, ctr: pulled.ok, ctrError });
      expect({ ours: ours.status === 'pass', ctr: pulled.ok }).toEqual({ ours: c.expectPull, ctr: c.ctrLoopbackOnly ? !c.expectPull : c.expectPull });
    }, 60_000);
  }
});
