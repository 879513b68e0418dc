/**
 * Reading a registryProbe fact saved by facts format 1, when errors were English sentences: each
 * sentence becomes a `legacy` error shown exactly as it was saved (its words were already final).
 */
import { isProbeError, type ProbeError } from './errors.js';

function legacy(v: unknown): ProbeError | null {
  if (v === null || v === undefined) return null;
  if (isProbeError(v)) return v;
  return { code: 'legacy', args: { text: String(v) }, raw: String(v) };
}

type Loose = Record<string, unknown> & { error?: unknown };

export function upgradeRegistryFactV1(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const f = value as { endpoints?: Loose[]; images?: { attempts?: Loose[] }[] };
  for (const ep of f.endpoints ?? []) {
    const t = ep.transport as Loose | undefined;
    if (t) t.error = legacy(t.error);
    const a = ep.auth as Loose | null | undefined;
    if (a) a.error = legacy(a.error);
  }
  for (const img of f.images ?? []) for (const a of img.attempts ?? []) a.error = legacy(a.error);
  return value;
}
