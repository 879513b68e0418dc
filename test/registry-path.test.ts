/**
 * Issue 10 behaviour 1 (DOMAIN §1.9): an endpoint with a path after /v2 (a Harbor project root such as
 * https://harbor/v2/rancher). containerd (1.6 remotes/docker/resolver.go) joins the host path, the
 * repository and manifests/<tag>, and never pings: its authorizer learns the challenge from the 401 of
 * the manifest request. So the probe must not ping GET /v2/<project>/ (a 404 on distribution and
 * Harbor) nor block the images on it. Against real registries (distribution 2.8) whose repositories
 * live under a project prefix, and real containerd pulling through the hosts.toml K3s renders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { startContainerd, type RunningContainerd } from './support/containerd.js';
import { registriesYaml, registryJson, writeRegistries, byCheck, shape } from './support/probe-harness.js';
import { renderHostsToml } from '../src/containerd/hosts-toml.js';
import { buildModel } from '../src/registries-model.js';
import { parseYaml } from '../src/yaml-tree.js';

const SHELL = 'rancher/shell:v0.1.6';

describe('endpoint with a path after /v2 (project root)', () => {
  let basic: RunningRegistry;
  let token: RunningRegistry;
  let ctd: RunningContainerd;
  beforeAll(async () => {
    [basic, token, ctd] = await Promise.all([
      startRegistry({ tls: 'valid', auth: 'htpasswd', images: [`proj/${SHELL}`] }),
      startRegistry({ tls: 'valid', auth: 'token', images: [`proj/${SHELL}`], users: { 'robot$proj+puller': 'Tok-Pw-1' }, tokenOptions: { grants: { 'robot$proj+puller': ['proj/*'] } } }),
      startContainerd(),
    ]);
  }, 180_000);
  afterAll(async () => {
    await ctd?.stop();
    await basic?.stop();
    await token?.stop();
  });

  for (const kind of ['basic', 'token'] as const) {
    it(`${kind}: the images pass, /v2/proj/ is never requested, and containerd pulls too`, async () => {
      const r = kind === 'basic' ? basic : token;
      const [username, password] = Object.entries(r.users)[0]!;
      const endpoint = `${r.url}/v2/proj`;
      const yaml = registriesYaml({ mirror: r.host, endpoints: [endpoint], configKey: r.host, auth: { username, password }, tls: { ca_file: r.caFile! } });
      const file = await writeRegistries(yaml);
      r.resetLog();
      const { report } = await registryJson(file, ['--system-default-registry', r.host, '--image', SHELL]);
      await r.settle();
      const ep = `https://${r.host}/v2/proj`;
      expect(shape(report.findings)).toEqual([
        ['image-set', 'pass', null],
        ['registry-tls', 'pass', ep],
        ['registry-auth', 'pass', ep],
        ['image-available', 'pass', `${r.host}/${SHELL}`],
      ]);
      expect(byCheck(report.findings, 'image-available')[0]!.message).toMatch(new RegExp(`: found at ${ep.replace(/\./g, '\\.')} \\(`));
      const paths = r.requestLog().map((e) => e.path.split('?')[0]);
      expect(paths.filter((p) => p.startsWith('/v2/proj/') && !p.includes('/manifests/'))).toEqual([]);
      expect(paths).toContain('/v2/proj/rancher/shell/manifests/v0.1.6');
      const files = renderHostsToml(buildModel(parseYaml(yaml).tree, 'D'), { mode: 'D' })!;
      const pulled = await ctd.ctrPull(`${r.host}/${SHELL}`, { hostsDir: await ctd.writeHostsDir(files), user: `${username}:${password}`, timeoutMs: 30_000 });
      expect({ ctr: pulled.ok, err: pulled.ok ? '' : pulled.stderr.slice(-300) }).toEqual({ ctr: true, err: '' });
    }, 60_000);
  }

  it('a project that is not there: a 404 at the project path is "not found" (then the default), not a blocked endpoint', async () => {
    const [username, password] = Object.entries(basic.users)[0]!;
    const yaml = registriesYaml({ mirror: basic.host, endpoints: [`${basic.url}/v2/nothere`], configKey: basic.host, auth: { username, password }, tls: { ca_file: basic.caFile! } });
    const { report } = await registryJson(await writeRegistries(yaml), ['--system-default-registry', basic.host, '--image', SHELL]);
    const img = byCheck(report.findings, 'image-available')[0]!;
    expect(img.status).toBe('fail');
    expect((img.data as { result: string }).result).toBe('not-found');
    expect(byCheck(report.findings, 'registry-auth').map((f) => f.status)).toEqual(['pass', 'pass']);
  }, 60_000);
});
