// Every value a lint finding proposes (data.fix, data.alternatives) is fed back: applied to
// the fixture's registries.yaml with applySuggestion, linted again through the real CLI, and run
// through the endpoint chain. The fixed file must parse, the finding must be gone, and no check may
// report more problems than before (issue #10 "Fixes that work").
import { beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, listFixtures, makeCertsDir, readArgs, runFixture } from './support/lint-fixtures.js';
import { applySuggestion, RepeatedKeyError, type Suggestion } from '../src/lint-fix.js';
import { main } from '../src/cli.js';
import { clearSecrets } from '../src/redact.js';
import type { Finding } from '../src/types.js';
import { parseYaml } from '../src/yaml-tree.js';
import { buildModel } from '../src/registries-model.js';
import { buildChain } from '../src/registry/chain.js';
import { parseReference } from '../src/registry/reference.js';
import { featuresFor } from '../src/rancher/releases.js';

let certs = '';
beforeAll(async () => {
  certs = await makeCertsDir();
});

async function lintText(text: string, args: { systemDefaultRegistry?: string; rancherVersion?: string }): Promise<Finding[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'agp-lint-fix-'));
  const file = path.join(dir, 'registries.yaml');
  await writeFile(file, text.split('$CERTS').join(certs));
  await chmod(file, 0o600);
  const argv = ['lint', file, '--format', 'json'];
  if (args.systemDefaultRegistry) argv.push('--system-default-registry', args.systemDefaultRegistry);
  if (args.rancherVersion) argv.push('--rancher-version', args.rancherVersion);
  let out = '';
  let err = '';
  clearSecrets();
  await main({ argv, env: {}, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  expect(err).toBe('');
  return (JSON.parse(out) as { findings: Finding[] }).findings;
}

/**
 * Problems per check, counted as distinct targets: what "no new finding" is measured by. (A fix may
 * rename the key a finding targets, or copy an entry whose known problem then shows twice for the
 * same target; neither is a new problem. A new target, or a check with more targets, is.)
 */
function problems(findings: Finding[], s?: Suggestion): Map<string, number> {
  // Targets named by the fix (a renamed key, the copy of an entry) count as the key they came from.
  const alias = new Map<string, string>();
  for (const e of s?.edits ?? []) {
    if (e.op === 'rename') alias.set(e.to, String(e.path[e.path.length - 1]));
    if (e.op === 'copy' || e.op === 'move') alias.set(String(e.to[e.to.length - 1]), String(e.from[e.from.length - 1]));
  }
  const m = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.status !== 'warn' && f.status !== 'fail' && f.status !== 'error') continue;
    if (!m.has(f.check)) m.set(f.check, new Set());
    const target = f.target === null ? f.message : (alias.get(f.target) ?? f.target);
    m.get(f.check)!.add(`${f.status}|${target}`);
  }
  return new Map([...m].map(([k, v]) => [k, v.size]));
}

function suggestionsOf(f: Finding): Suggestion[] {
  const d = f.data as { fix?: Suggestion | null; alternatives?: Suggestion[] } | null;
  return [...(d?.fix ? [d.fix] : []), ...(d?.alternatives ?? [])];
}

const names = await listFixtures();

/**
 * Fixes that make K3s read a setting it ignored before (a misspelt or mistyped TLS key): the setting
 * is then judged by the checks that read it. Each entry names the check that does and why its finding
 * is about the setting, not about the fix: the files give no --rancher-version, and on Mode B
 * (Rancher 2.7.12–2.7.18, 2.8.3–2.8.15) TLS settings of a default endpoint listed last are not
 * written (endpoint-default-listed warns), on Rancher 2.5.0–2.5.7 insecure_skip_verify is ignored
 * (insecure-skip-verify-version warns); tls-ca-typo's ca_file names a path that does not exist on
 * this machine (tls-files). Anything else new fails the test.
 */
const REVEALED: Record<string, string[]> = {
  'tls-ca-typo': ['endpoint-default-listed', 'tls-files'],
  'insecure-skip-verify-dashes': ['endpoint-default-listed', 'insecure-skip-verify-version'],
  'insecure-skip-verify-quoted': ['endpoint-default-listed', 'insecure-skip-verify-version'],
};

function rawCount(findings: Finding[], check: string): number {
  return findings.filter((f) => f.check === check && (f.status === 'warn' || f.status === 'fail' || f.status === 'error')).length;
}

/** Suggestions refused because their path goes through a key written twice (RepeatedKeyError). */
const refusedSeen: string[] = [];

describe('every proposed value, fed back through lint and the chain', () => {
  it('proposes values in the fixtures (the test is not vacuous)', async () => {
    let n = 0;
    for (const name of names) n += (await runFixture(name, certs)).findings.flatMap(suggestionsOf).length;
    expect(n).toBeGreaterThanOrEqual(20);
  });

  for (const name of names) {
    it(name, async () => {
      const args = await readArgs(name);
      const text = await readFile(path.join(FIXTURES, name, 'registries.yaml'), 'utf8');
      const before = await lintText(text, args);
      const was = problems(before);
      for (const f of before) {
        for (const s of suggestionsOf(f)) {
          const label = `${name}: ${f.check} ${JSON.stringify(s.edits)}`;
          let applied;
          try {
            applied = applySuggestion(text, s);
          } catch (err) {
            // A path through a key written twice in one map names the merged key, not one written:
            // refused (lint --fix reports it as fixesRefused), and the file says so (yaml-duplicate-key).
            if (!(err instanceof RepeatedKeyError)) throw err;
            expect(before.filter((x) => x.check === 'yaml-duplicate-key' && x.status !== 'pass').map((x) => (x.args as { key?: string } | null)?.key), label).toContain(err.key);
            refusedSeen.push(`${name}: ${f.check} ${err.key}`);
            continue;
          }
          const after = await lintText(applied.text, { ...args, ...applied.options });
          const now = problems(after, s);
          expect(after.find((x) => x.check === 'yaml-syntax')?.status, label).toBe('pass');
          expect(rawCount(after, f.check), `${label}: the finding stays`).toBeLessThan(rawCount(before, f.check));
          for (const [check, count] of now) {
            if (REVEALED[name]?.includes(check) && (f.check === 'registries-schema' || f.check === 'registries-types')) continue;
            expect(count, `${label}: new ${check} finding\n${applied.text}`).toBeLessThanOrEqual(was.get(check) ?? 0);
          }
          // The chain of every mirror still builds from the fixed file.
          const feats = args.rancherVersion ? featuresFor(args.rancherVersion) : null;
          const chainFeatures = { mode: feats?.mode ?? 'D', rewrite: feats?.rewrite ?? true, lastDefaultEndpointBug: feats?.lastDefaultEndpointBug ?? false } as const;
          const model = buildModel(parseYaml(applied.text).tree, chainFeatures.mode);
          for (const mirror of model.mirrors.filter((x) => x.key !== '*' && !/[\s/]|:\/\//.test(x.key))) {
            const chain = buildChain(model, chainFeatures, parseReference(`${mirror.key}/rancher/shell:v0.1.6`));
            expect(chain.steps.length, label).toBeGreaterThan(0);
          }
        }
      }
    });
  }

  // The one suggestion that went through a repeated key (endpoint-default-listed's configs copy in
  // duplicate-configs-key) went with that false Mode B finding; refusals are tested end to end in
  // test/lint-fix-refusals.test.ts.
  it('refuses no suggestion of the fixtures: none goes through a key the fixture writes twice (runs after the fixtures above)', () => {
    expect(refusedSeen).toEqual([]);
  });
});
