import type { CheckContext, Facts, Location } from './types.js';
import type { RegistriesFileFact } from './probes/registries-file.js';
import type { TlsFilesFact } from './probes/tls-files.js';
import { buildModel, type RegistriesModel } from './registries-model.js';
import { featuresFor, type K3sFeatures } from './rancher/releases.js';

/** Typed accessors for the facts checks declare in `requires` (the engine guarantees they are ok). */
export function registriesFact(facts: Facts): RegistriesFileFact {
  const f = facts.registriesFile;
  if (!f || !f.ok) throw new Error('registriesFile fact missing');
  return f.value as RegistriesFileFact;
}

export function tlsFilesFact(facts: Facts): TlsFilesFact {
  const f = facts.tlsFiles;
  if (!f || !f.ok) throw new Error('tlsFiles fact missing');
  return f.value as TlsFilesFact;
}

/** The file name as the user wrote it, for locations. */
export function lintFile(ctx: CheckContext): string {
  return ctx.options.file;
}

export function loc(ctx: CheckContext, p: { line: number; col: number }): Location {
  return { file: ctx.options.file, line: p.line, column: p.col };
}

export function features(ctx: CheckContext): K3sFeatures | null {
  return ctx.options.rancherVersion ? featuresFor(ctx.options.rancherVersion) : null;
}

const modelCache = new WeakMap<object, Map<string, RegistriesModel>>();
/** The typed model of registries.yaml, built once per fact and K3s mode. */
export function model(facts: Facts, ctx: CheckContext): RegistriesModel {
  const fact = registriesFact(facts);
  const mode = features(ctx)?.mode ?? null;
  let byMode = modelCache.get(fact.yaml);
  if (!byMode) modelCache.set(fact.yaml, (byMode = new Map()));
  let m = byMode.get(String(mode));
  if (!m) byMode.set(String(mode), (m = buildModel(fact.yaml.tree, mode)));
  return m;
}

/** Levenshtein distance, for "did you mean". */
export function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length]![b.length]!;
}

export function didYouMean(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  for (const c of candidates) {
    const d = norm(word) === norm(c) ? 0 : distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}
