/**
 * No pass without evidence (issue 10 item 3), as a contract over every check in checks/:
 *  - every fact a check reads is declared: `requires` (the engine turns a failed one into an
 *    error), `optional` (decides a verdict when present) or `annotates` (data and wording only);
 *    the reads are recorded with a Proxy over real facts of every stage;
 *  - a check run with its optional facts absent, failed, or gathered without observing anything
 *    (the container was not running) returns no `pass`;
 *  - a check run without the facts it only annotates returns the same statuses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_CHECKS } from '../checks/index.js';
import { runChecks } from '../src/check-runner.js';
import { loadFacts } from '../src/probe-runner.js';
import { main } from '../src/cli.js';
import type { CheckDef, Facts, RunOptions } from '../src/types.js';
import { CLUSTER_STATE, CONTAINER_FILES, emptyClusterState, emptyContainerFiles, type RancherContainerFact } from '../src/health/health-facts.js';

const HEALTH = path.resolve(import.meta.dirname, '../fixtures/health');
const LINT = path.resolve(import.meta.dirname, '../fixtures/lint');
const base: RunOptions = { file: '/tmp/ap-fixture/registries.yaml', systemDefaultRegistry: null, rancherVersion: null, strict: false, command: 'health', fileGiven: true };

interface Sample {
  name: string;
  facts: Facts;
  options: RunOptions;
}
const samples: Sample[] = [];

/** Facts as the CLI saves them (--save-facts), so the samples are what probes really produce. */
async function saved(argv: string[]): Promise<{ facts: Facts; options: RunOptions }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ap-evidence-'));
  try {
    await main({ argv: [...argv, '--save-facts', dir, '-f', 'json'], env: {}, stdout: { write: () => true }, stderr: { write: () => true } });
    const { facts, meta } = await loadFacts(dir);
    return { facts, options: { ...base, ...((meta.options ?? {}) as object) } as RunOptions };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  for (const name of ['facts-healthy', 'facts-pull-x509']) {
    const { facts, meta } = await loadFacts(path.join(HEALTH, name));
    const c = structuredClone(facts.rancherContainer!) as { ok: true; value: RancherContainerFact };
    c.value.container!.privileged = true;
    samples.push({ name, facts: { ...facts, rancherContainer: c }, options: { ...base, ...((meta.options ?? {}) as object) } as RunOptions });
  }
  for (const kase of ['tls-ca-file-ok', 'auth-valid-base64', 'rewrite-basic']) {
    const file = path.join(LINT, kase, 'registries.yaml');
    samples.push({ name: `lint ${kase}`, ...(await saved(['lint', file])) });
  }
  // The registry stage against a closed loopback port: real facts, no network beyond 127.0.0.1.
  const dir = await mkdtemp(path.join(tmpdir(), 'ap-evidence-reg-'));
  const yaml = path.join(dir, 'registries.yaml');
  await writeFile(yaml, 'mirrors:\n  "127.0.0.1:1":\n    endpoint: ["http://127.0.0.1:1"]\n');
  samples.push({ name: 'registry closed port', ...(await saved(['registry', yaml, '--image', '127.0.0.1:1/rancher/shell:v0.1.6', '--timeout', '1s'])) });
  await rm(dir, { recursive: true, force: true });
}, 120_000);

/** The fact names a check reads (appliesTo and run), recorded through a Proxy. */
function readsOf(check: CheckDef, s: Sample): Set<string> {
  const seen = new Set<string>();
  const proxy = new Proxy(s.facts, {
    get(t, k, r) {
      if (typeof k === 'string') seen.add(k);
      return Reflect.get(t, k, r);
    },
    has(t, k) {
      if (typeof k === 'string') seen.add(k);
      return Reflect.has(t, k);
    },
  });
  const ctx = { options: s.options };
  try {
    if (!check.requires.every((r) => s.facts[r]?.ok)) return seen;
    if (check.appliesTo && check.appliesTo(proxy, ctx) !== true) return seen;
    check.run(proxy, ctx);
  } catch {
    // A crash is the engine's business (an error finding); the reads before it still count.
  }
  return seen;
}

/** Optional facts not observed, three ways: absent, failed, gathered while the container was stopped. */
function withoutOptional(facts: Facts, names: string[], how: 'absent' | 'failed' | 'unobserved'): Facts {
  const out: Facts = { ...facts };
  for (const n of names) {
    if (how === 'absent') delete out[n];
    else if (how === 'failed') out[n] = { ok: false, error: 'timed out after 10s' };
    // What the probes return when the container is not running (src/probes/health-probes.ts).
    else if (n === CONTAINER_FILES) out[n] = { ok: true, value: emptyContainerFiles('container rancher is exited') };
    else if (n === CLUSTER_STATE) out[n] = { ok: true, value: emptyClusterState('container rancher is exited') };
    else delete out[n];
  }
  return out;
}

describe('every check declares the facts it reads', () => {
  it.each(ALL_CHECKS.map((c) => [c.id, c] as const))('%s', (_id, check) => {
    const declared = new Set([...check.requires, ...(check.optional ?? []), ...(check.annotates ?? [])]);
    const undeclared = new Set<string>();
    for (const s of samples) for (const k of readsOf(check, s)) if (!declared.has(k)) undeclared.add(`${k} (${s.name})`);
    expect([...undeclared]).toEqual([]);
  });
});

const withOptional = ALL_CHECKS.filter((c) => (c.optional ?? []).length > 0);
const withAnnotates = ALL_CHECKS.filter((c) => (c.annotates ?? []).length > 0);

describe('no pass without the optional facts that decide it', () => {
  it('some checks have optional facts (the contract is not empty)', () => {
    expect(withOptional.map((c) => c.id).sort()).toEqual(['rancher-system-default-registry', 'registries-mount', 'var-lib-rancher-mount']);
  });
  it.each(withOptional.flatMap((c) => (['absent', 'failed', 'unobserved'] as const).map((how) => [c.id, how, c] as const)))('%s with its optional facts %s', (_id, how, check) => {
    let ran = 0;
    for (const s of samples) {
      if (!check.requires.every((r) => s.facts[r]?.ok)) continue;
      const findings = runChecks([check], withoutOptional(s.facts, check.optional!, how), { options: s.options });
      ran += findings.length;
      expect(findings.filter((f) => f.status === 'pass').map((f) => `${s.name}: ${f.message}`)).toEqual([]);
    }
    expect(ran).toBeGreaterThan(0);
  });
});

describe('annotating facts never change a status', () => {
  it.each(withAnnotates.map((c) => [c.id, c] as const))('%s', (_id, check) => {
    for (const s of samples) {
      const all = runChecks([check], s.facts, { options: s.options }).map((f) => f.status);
      const without = runChecks([check], withoutOptional(s.facts, check.annotates!, 'absent'), { options: s.options }).map((f) => f.status);
      expect(without, s.name).toEqual(all);
    }
  });
});

describe('image-set counts what was checked', () => {
  const imageSet = ALL_CHECKS.find((c) => c.id === 'image-set')!;
  const fact = (results: string[]) => ({
    registryProbe: {
      ok: true as const,
      value: {
        registriesFile: { path: '/etc/rancher/k3s/registries.yaml', present: true },
        imageSet: { count: results.length, sources: ['image-flag'], imagesFile: null, rancherVersion: null, systemDefaultRegistry: null, duplicates: 0, unknownVersion: null, unknownTags: [] },
        mode: 'A',
        modeSource: 'rancher-version',
        platform: 'linux/amd64',
        images: results.map((result, i) => ({ ref: `harbor.example.com/rancher/i${i}:v1`, result, attempts: [] })),
        stats: { requests: 3, retries: 0, byKind: {}, durationMs: 1200, images: results.length },
      },
    },
  });
  const run = (results: string[]) => runChecks([imageSet], fact(results), { options: base }).map((f) => [f.status, f.message]);
  it('all checked, some blocked, none checked', () => {
    expect([run(['ok', 'not-found']), run(['ok', 'blocked', 'blocked']), run(['blocked', 'blocked'])]).toEqual([
      [['pass', 'Checked 2 image(s) from --image, requested as harbor.example.com/rancher/i0:v1 (K3s registry rendering mode A, config.toml registry.mirrors/configs, docs/registry-modes.md; platform linux/amd64); 3 HTTP requests in 1.2s.']],
      [['pass', 'Checked 1 of 3 image(s) from --image, requested as harbor.example.com/rancher/i0:v1 (K3s registry rendering mode A, config.toml registry.mirrors/configs, docs/registry-modes.md; platform linux/amd64); 2 were not checked because TLS or authentication failed first (see registry-tls, registry-auth); 3 HTTP requests in 1.2s.']],
      [['skip', 'None of the 2 image(s) from --image was checked: TLS or authentication failed before any manifest was requested (see registry-tls, registry-auth).']],
    ]);
  });
});
