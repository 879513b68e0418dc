/**
 * Request economy of the registry probe on a full-size image list (a release's rancher-images.txt
 * has 600+ lines) against real loopback registries: one manifest request per image, Basic sent up
 * front, tokens fetched in batches and reused, and the tool's own request count equal to what the
 * registry and the token service saw. No timing here: how fast it is, is a bench figure (`npm run
 * bench`, bench/run.mjs, "probe" column of bench/results.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { byCheck, registriesYaml, registryJson, tempDir, writeRegistries } from './support/probe-harness.js';

const N = 600;
const images = Array.from({ length: N }, (_, i) => `rancher/img-${String(i).padStart(3, '0')}:v1.${i % 7}.${i}`);
const missing = new Set(images.filter((_, i) => i % 60 === 7)); // 10 images not pushed

async function listFile(): Promise<string> {
  const dir = await tempDir();
  const f = join(dir, 'rancher-images.txt');
  await writeFile(f, images.join('\n') + '\n');
  return f;
}

for (const auth of ['htpasswd', 'token'] as const) {
  describe(`600 images, TLS + ${auth}`, () => {
    let reg: RunningRegistry;
    beforeAll(async () => {
      reg = await startRegistry({ tls: 'valid', auth, images: images.filter((i) => !missing.has(i)) });
    }, 180_000);
    afterAll(async () => reg?.stop());

    it('checks every image, lists every missing one, within the request budget', async () => {
      const [username, password] = Object.entries(reg.users)[0]!;
      const file = await writeRegistries(registriesYaml({ mirror: reg.host, endpoints: [reg.url], configKey: reg.host, auth: { username, password }, tls: { ca_file: reg.caFile! } }));
      const list = await listFile();
      reg.resetLog();
      const tokensBefore = reg.token?.issued() ?? 0;
      const { run, report } = await registryJson(file, ['--system-default-registry', reg.host, '--images', list, '--concurrency', '8']);
      await reg.settle();
      const imgs = byCheck(report.findings, 'image-available');
      expect(imgs.length).toBe(N);
      expect(imgs.filter((f) => f.status === 'fail').map((f) => f.target)).toEqual([...missing].map((m) => `${reg.host}/${m}`));
      expect(imgs.filter((f) => f.status === 'pass').length).toBe(N - missing.size);
      expect(run.code).toBe(1);
      const registryRequests = reg.requestLog().length;
      const tokenRequests = reg.token ? reg.token.requestLog().length : 0;
      const tokens = (reg.token?.issued() ?? 0) - tokensBefore;
      const perImage = (registryRequests + tokenRequests) / N;
      const stats = (byCheck(report.findings, 'image-set')[0]!.data as { stats: { requests: number; byKind: Record<string, number> } }).stats;
      console.log(`[count] ${auth}: registry requests ${registryRequests}, token requests ${tokenRequests} (tokens issued ${tokens}), ${perImage.toFixed(3)} requests/image; tool counted ${stats.requests} ${JSON.stringify(stats.byKind)}`);
      // Every request the tool made reached the registry or the token service, and vice versa.
      expect(stats.requests).toBe(registryRequests + tokenRequests);
      // One manifest request per image (the mirror endpoint is the default one: no second try).
      expect(stats.byKind.manifest).toBe(N);
      expect(perImage).toBeLessThanOrEqual(auth === 'htpasswd' ? 1.05 : 1.1);
    }, 120_000);
  });
}
