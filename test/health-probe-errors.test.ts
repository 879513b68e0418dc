/**
 * Health probe errors as data (issue 12 item 1): every code of the union has an English and a
 * zh-CN template with the same placeholders (tsc checks them against the union's args; this
 * enumerates the union at run time), nested errors render in the chosen language, Docker's words
 * (`raw`) stay verbatim, and facts saved with English sentences are refused with one line.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HEALTH_PROBE_ERROR_CODES, HEALTH_PROBE_ERRORS_EN, probeErrorArg, probeErrorText, type HealthProbeError } from '../src/health/probe-errors.js';
import { HEALTH_PROBE_ERRORS_ZH } from '../src/i18n/zh-CN/health.js';
import { describeDockerError } from '../src/docker/engine-api.js';
import { loadFacts } from '../src/probe-runner.js';
import { runChecks } from '../src/check-runner.js';
import { ALL_CHECKS } from '../checks/index.js';
import { EN, makeTranslator } from '../src/i18n/index.js';
import { ZH_CN } from '../src/i18n/zh-CN.js';

const ZH = makeTranslator('zh-CN', ZH_CN);
import { emptyClusterState } from '../src/health/health-facts.js';

const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the health probe error catalogue', () => {
  it('covers every code of the union in en and zh-CN, with the same placeholders', () => {
    expect(HEALTH_PROBE_ERROR_CODES.length).toBe(19);
    expect(Object.keys(HEALTH_PROBE_ERRORS_ZH).sort()).toEqual([...HEALTH_PROBE_ERROR_CODES].sort());
    for (const code of HEALTH_PROBE_ERROR_CODES) {
      // Translated, except a template that is only Docker's / the engine's own words.
      if (HEALTH_PROBE_ERRORS_EN[code] !== '{raw}') expect(HEALTH_PROBE_ERRORS_ZH[code], code).not.toBe(HEALTH_PROBE_ERRORS_EN[code]);
      expect(placeholders(HEALTH_PROBE_ERRORS_ZH[code]), code).toEqual(placeholders(HEALTH_PROBE_ERRORS_EN[code]));
    }
  });

  it('keeps the Engine\'s words in raw and renders nested errors in the chosen language', () => {
    const api = describeDockerError(Object.assign(new Error('(HTTP code 404) no such exec'), { statusCode: 404, json: { message: 'No such exec instance: 3f2a' } }), 'unix:///var/run/docker.sock');
    expect(api).toEqual({ kind: 'api', error: { code: 'docker.api', args: { status: 404 }, raw: 'No such exec instance: 3f2a' } });
    const e: HealthProbeError = { code: 'then', args: { first: { code: 'output.unrecognised', args: { what: 'crictl images -o json' }, raw: 'not json' }, second: { code: 'exec.failed', args: { cmd: 'k3s crictl images', cause: api.error } } } };
    expect(probeErrorText(e)).toBe('crictl images -o json: unrecognised output (starts with "not json"); "k3s crictl images": Docker Engine API error 404: No such exec instance: 3f2a');
    const check = ALL_CHECKS.find((c) => c.id === 'image-source')!;
    const st = { ...emptyClusterState(null), api: 'ready' as const, imagesError: e };
    const facts = { rancherCluster: { ok: true as const, value: st }, rancherContainer: { ok: true as const, value: { docker: { host: 'x', ok: true, errorKind: null, error: null, serverVersion: null }, requested: null, candidates: [], container: null, problem: 'not-found' } } };
    const options = { file: 'registries.yaml', systemDefaultRegistry: null, rancherVersion: null, strict: false };
    expect(runChecks([check], facts, { options }, ZH).map((f) => f.message)).toEqual(['无法列出 containerd 中的镜像：crictl images -o json：无法识别的输出（开头为 "not json"）；"k3s crictl images"：Docker Engine API 错误 404：No such exec instance: 3f2a']);
    expect(runChecks([check], facts, { options }, EN).map((f) => f.message)).toEqual([`Could not list the images in containerd: ${probeErrorText(e)}`]);
    expect(probeErrorArg(null)).toBeNull();
  });
});

describe('--from-facts of health facts saved with English errors (facts format 1)', () => {
  it('refuses them with one line naming where', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ap-old-facts-'));
    try {
      await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ tool: 'airgap-preflight', version: '0.1.0', command: 'health', options: {} }));
      await writeFile(path.join(dir, 'rancherCluster.json'), JSON.stringify({ ok: true, value: { ...emptyClusterState(null), apiError: '"k3s kubectl get pods -A -o json" exited 1: boom' } }));
      await expect(loadFacts(dir)).rejects.toThrow(`--from-facts ${dir}: saved by an older airgap-preflight (facts format 1: rancherCluster.apiError is English text, now an error code); gather the facts again with --save-facts`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
