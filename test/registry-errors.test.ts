/**
 * Probe errors as data (issue 12): the union is enumerated, every code has an English template and a
 * zh-CN one in each registry check with the same placeholders, no check carries a pattern over a
 * probe's English text, and saved facts of format 1 are read (format 2 saved, others refused).
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OUR_WORDS, PROBE_ERROR_CODES, PROBE_ERROR_MESSAGES, errorText, probeError } from '../src/registry/errors.js';
import { ZH_CN } from '../src/i18n/zh-CN.js';
import { FACTS_FORMAT, loadFacts, saveFacts } from '../src/probe-runner.js';
import { InputError } from '../src/errors.js';

const CHECKS = ['registry-tls', 'registry-auth', 'image-available'];
const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('ProbeError codes', () => {
  it('the union has its codes in the catalogue, and zh-CN covers each in every registry check', () => {
    expect(PROBE_ERROR_CODES.length).toBe(Object.keys(PROBE_ERROR_MESSAGES).length);
    expect(PROBE_ERROR_CODES.length).toBeGreaterThanOrEqual(40);
    for (const check of CHECKS) {
      const zh = ZH_CN.checks[check]!.messages!;
      for (const code of PROBE_ERROR_CODES) {
        const key = `error.${code}` as const;
        expect(zh[key], `${check} ${key}`).toBeTypeOf('string');
        expect(placeholders(zh[key]!), `${check} ${key}`).toEqual(placeholders(PROBE_ERROR_MESSAGES[key]));
      }
    }
  });

  it("the probe's own words are translated; containerd's stay verbatim in both languages", () => {
    const zh = ZH_CN.checks['registry-auth']!.messages!;
    for (const code of PROBE_ERROR_CODES) {
      const key = `error.${code}` as const;
      if (OUR_WORDS.has(code)) expect(zh[key], key).not.toBe(PROBE_ERROR_MESSAGES[key]);
      else expect(zh[key], key).toBe(PROBE_ERROR_MESSAGES[key]);
    }
    // The sentence that once reached zh-CN users in English (issue 12).
    expect(zh['error.basic-rejected-status']).toContain('镜像仓库拒绝了用户名');
  });

  it('no check or registry module matches a pattern over probe text any more', async () => {
    for (const f of ['checks/registry-tls.ts', 'checks/registry-auth.ts', 'checks/image-available.ts', 'src/registry/describe.ts']) {
      const src = await readFile(path.resolve(import.meta.dirname, '..', f), 'utf8');
      expect(src, f).not.toMatch(/ERROR_PATTERNS|\.exec\(error|RegExp\(.*error/);
    }
  });
});

describe('saved facts format', () => {
  const v1Fact = {
    ok: true,
    value: {
      endpoints: [{ id: 'e', transport: { ok: false, cause: 'refused', error: 'dial tcp 127.0.0.1:1: connect: connection refused' }, auth: null }],
      images: [{ attempts: [{ status: 'blocked', error: 'failed to do request: Head "x": dial tcp 127.0.0.1:1: connect: connection refused' }] }],
    },
  };

  it('--save-facts writes the format; --from-facts reads format 1 sentences as legacy errors', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'agp-facts-'));
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ tool: 'airgap-preflight', command: 'registry' }));
    await writeFile(path.join(dir, 'registryProbe.json'), JSON.stringify(v1Fact));
    const { facts } = await loadFacts(dir);
    const v = (facts.registryProbe as { value: typeof v1Fact.value }).value as unknown as { endpoints: { transport: { error: unknown } }[]; images: { attempts: { error: unknown }[] }[] };
    expect(v.endpoints[0]!.transport.error).toEqual({ code: 'legacy', args: { text: 'dial tcp 127.0.0.1:1: connect: connection refused' }, raw: 'dial tcp 127.0.0.1:1: connect: connection refused' });
    expect(errorText(v.images[0]!.attempts[0]!.error as never)).toBe('failed to do request: Head "x": dial tcp 127.0.0.1:1: connect: connection refused');

    const out = await mkdtemp(path.join(tmpdir(), 'agp-facts-'));
    const err = probeError('dial-refused', { addr: '127.0.0.1:1' });
    await saveFacts(out, { registryProbe: { ok: true, value: { endpoints: [], images: [], e: err } } }, { tool: 'airgap-preflight' });
    expect(JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8')).factsFormat).toBe(FACTS_FORMAT);
    expect((await readdir(out)).sort()).toEqual(['meta.json', 'registryProbe.json']);
    const back = await loadFacts(out);
    expect((back.facts.registryProbe as { value: { e: unknown } }).value.e).toEqual(err);
  });

  it('refuses a format it does not know with one clear line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'agp-facts-'));
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ factsFormat: 99 }));
    const e = await loadFacts(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toBe(`--from-facts ${dir}: facts format 99 is not one this version reads (1 or 2); save them again with this version's --save-facts`);
  });
});
