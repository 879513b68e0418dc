import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FactResult, Facts } from './types.js';
import { InputError, errorMessage } from './errors.js';
import { redactDeep } from './redact.js';
import { legacyHealthError } from './health/health-facts.js';
import { upgradeRegistryFactV1 } from './registry/legacy-facts.js';

export interface ProbeContext<O> {
  /** The command's probe options (src/options.ts ProbeOptionsFor), already validated. */
  options: O;
  signal: AbortSignal;
  /** Awaits another probe's fact (declare it in `needs`). */
  fact<T = unknown>(name: string): Promise<FactResult<T>>;
  /** In-memory values shared between probes and never saved (raw credentials, parsed PEM). */
  runtime: Map<string, unknown>;
  /** Progress text for a spinner; a no-op unless the CLI attached one. */
  progress(text: string): void;
}

/**
 * A probe gathering fact T with options O (the part of the probe options it reads). A probe of
 * `O` can run in any command whose probe options extend O.
 */
export interface ProbeDef<T, O> {
  id: string;
  /** Milliseconds before the probe is aborted and its fact becomes an error (a function when it depends on options, e.g. --wait). */
  timeoutMs: number | ((options: O) => number);
  needs?: string[];
  run(ctx: ProbeContext<O>): Promise<T>;
}

export function defineProbe<T, O>(def: ProbeDef<T, O>): ProbeDef<T, O> {
  return def;
}

class ProbeTimeout extends Error {}

/**
 * Runtime key of the loopback seam: when true, the registry chain treats 127.0.0.1 / ::1 hosts as
 * remote ones (no containerd loopback http default), so loopback registries can stand in for a
 * remote Harbor in tests. Set only by in-process callers through MainIO.seams (src/cli.ts); no
 * option, flag or environment variable sets it, and the shipped binary (src/bin.ts) never does.
 */
export const LOOPBACK_AS_REMOTE = 'seam.loopbackAsRemote';

/**
 * Runtime key of the host-root seam: the host directory mounted as the per-node pods' /host (cluster
 * --nodes). Set only by in-process callers through MainIO.seams (tests stand a temporary directory in for
 * a node's root); no option or variable sets it and the shipped binary never does, so production pods
 * always mount the node's own / (read-only).
 */
export const NODE_HOST_ROOT = 'seam.nodeHostRoot';

/**
 * Gather facts; probes run concurrently, each waiting only for the facts it needs. A failing probe
 * becomes an error fact and the run goes on; an InputError (the user's input is unusable) aborts
 * the run so the CLI can exit 2.
 */
export async function gatherFacts<O>(
  probes: ProbeDef<unknown, O>[],
  options: O,
  hooks: { signal?: AbortSignal; progress?: (text: string) => void; runtime?: Map<string, unknown> } = {},
): Promise<Facts> {
  const runtime = hooks.runtime ?? new Map<string, unknown>();
  const pending = new Map<string, Promise<FactResult>>();
  const byId = new Map(probes.map((p) => [p.id, p]));
  const start = (probe: ProbeDef<unknown, O>): Promise<FactResult> => {
    const existing = pending.get(probe.id);
    if (existing) return existing;
    const promise = (async (): Promise<FactResult> => {
      const ac = new AbortController();
      const onOuterAbort = () => ac.abort(hooks.signal?.reason);
      hooks.signal?.addEventListener('abort', onOuterAbort, { once: true });
      let timer: NodeJS.Timeout | undefined;
      const timeoutMs = typeof probe.timeoutMs === 'function' ? probe.timeoutMs(options) : probe.timeoutMs;
      try {
        const ctx: ProbeContext<O> = {
          options,
          signal: ac.signal,
          runtime,
          progress: hooks.progress ?? (() => {}),
          fact: <T>(name: string) => {
            const dep = byId.get(name);
            if (!dep) return Promise.resolve({ ok: false, error: `fact ${name} is not gathered by this command` } as FactResult<T>);
            return start(dep) as Promise<FactResult<T>>;
          },
        };
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            ac.abort(new ProbeTimeout());
            reject(new ProbeTimeout());
          }, timeoutMs);
        });
        const value = await Promise.race([probe.run(ctx), timeout]);
        return { ok: true, value };
      } catch (err) {
        if (err instanceof InputError) throw err;
        if (err instanceof ProbeTimeout) return { ok: false, error: `timed out after ${Math.round(timeoutMs / 100) / 10}s` };
        return { ok: false, error: errorMessage(err) };
      } finally {
        if (timer) clearTimeout(timer);
        hooks.signal?.removeEventListener('abort', onOuterAbort);
      }
    })();
    pending.set(probe.id, promise);
    return promise;
  };
  const results = await Promise.all(probes.map((p) => start(p)));
  const facts: Facts = {};
  probes.forEach((p, i) => {
    facts[p.id] = results[i]!;
  });
  return facts;
}

const META = 'meta.json';

/**
 * Version of the saved facts folder (meta.json `factsFormat`). 2: probe errors are `{ code, args, raw? }`
 * data (src/registry/errors.ts, src/health/probe-errors.ts). 1 (no `factsFormat`): they were English
 * sentences; registry facts are still read, health facts holding such text are refused.
 */
export const FACTS_FORMAT = 2;

/** Write facts as one JSON file each, secrets redacted, so a user can attach the folder to a bug report. */
export async function saveFacts(dir: string, facts: Facts, meta: Record<string, unknown>): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, META), JSON.stringify(redactDeep({ ...meta, factsFormat: FACTS_FORMAT }), null, 2) + '\n', { mode: 0o600 });
    for (const [name, result] of Object.entries(facts)) {
      await fs.writeFile(path.join(dir, `${name}.json`), JSON.stringify(redactDeep(result), null, 2) + '\n', { mode: 0o600 });
    }
  } catch (err) {
    throw new InputError(`--save-facts ${dir}: ${errorMessage(err)}`);
  }
}

export async function loadFacts(dir: string): Promise<{ facts: Facts; meta: Record<string, unknown> }> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    throw new InputError(`--from-facts ${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : errorMessage(err)}`);
  }
  const facts: Facts = {};
  let meta: Record<string, unknown> = {};
  for (const name of names.sort()) {
    if (!name.endsWith('.json')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8'));
    } catch (err) {
      throw new InputError(`--from-facts ${dir}/${name}: not valid JSON (${errorMessage(err)})`);
    }
    if (name === META) {
      meta = (parsed ?? {}) as Record<string, unknown>;
      continue;
    }
    const r = parsed as FactResult;
    if (!r || typeof r !== 'object' || typeof (r as { ok?: unknown }).ok !== 'boolean') {
      throw new InputError(`--from-facts ${dir}/${name}: not a saved fact (expected {"ok": true, "value": …} or {"ok": false, "error": …})`);
    }
    facts[name.slice(0, -'.json'.length)] = r;
  }
  const format = meta.factsFormat ?? 1;
  if (format !== 1 && format !== FACTS_FORMAT) {
    throw new InputError(`--from-facts ${dir}: facts format ${JSON.stringify(format)} is not one this version reads (1 or ${FACTS_FORMAT}); save them again with this version's --save-facts`);
  }
  const legacy = format === FACTS_FORMAT ? null : legacyHealthError(facts);
  if (legacy) throw new InputError(`--from-facts ${dir}: saved by an older airgap-preflight (facts format 1: ${legacy} is English text, now an error code); gather the facts again with --save-facts`);
  // Format 1 saved the registry probe's errors as sentences: read them as such.
  if (format === 1 && facts.registryProbe?.ok) upgradeRegistryFactV1(facts.registryProbe.value);
  return { facts, meta };
}
