/**
 * The fix loop of `lint --fix` (ESLint's model): the checks declare which of their findings they can
 * repair (`fixable` in the check definition, src/types.ts) and carry the certain fix in
 * `finding.data.fix`; this module applies the fixes of one lint pass that do not overlap, lints the
 * result again, and repeats until no certain fix is left (a fixed point). It never decides a fix of
 * its own and never reads a secret: it only applies the checks' edits (src/lint-fix.ts).
 */
import { parseDocument } from 'yaml';
import type { AppliedFix, CheckDef, Finding, RefusedFix } from '../types.js';
import { applySuggestion, RepeatedKeyError, suggestion, SuggestionError, type Edit, type PathSeg, type Suggestion } from '../lint-fix.js';

/** Passes before giving up: each pass applies every non-overlapping fix, so real files need 2–4. */
export const MAX_PASSES = 10;

export type { AppliedFix, RefusedFix };

export interface FixCandidate {
  finding: Finding;
  suggestion: Suggestion;
}

export class FixError extends Error {
  constructor(
    readonly reason: 'unparsable' | 'noFixedPoint',
    message: string,
  ) {
    super(message);
  }
}

function isSuggestion(v: unknown): v is Suggestion {
  return Boolean(v && typeof v === 'object' && Array.isArray((v as Suggestion).edits) && (v as Suggestion).edits.length > 0);
}

/** The certain fixes among findings: a fixable message of its check, a fix, and no alternative. */
export function certainFixes(findings: Finding[], checks: CheckDef[]): FixCandidate[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const out: FixCandidate[] = [];
  for (const f of findings) {
    if (f.status !== 'fail' && f.status !== 'warn') continue;
    const def = byId.get(f.check);
    if (!def?.fixable || !f.messageId || !def.fixable.includes(f.messageId)) continue;
    const fix = f.data?.fix;
    const alternatives = f.data?.alternatives;
    if (!isSuggestion(fix) || (Array.isArray(alternatives) && alternatives.length > 0)) continue;
    // Run options (CATTLE_SYSTEM_DEFAULT_REGISTRY) are not in the file: never applied to it.
    if (fix.edits.some((e) => e.op === 'option')) continue;
    out.push({ finding: f, suggestion: fix });
  }
  return out;
}

/** What an edit touches: document paths (a path covers everything under it) or a line of text. */
function footprint(e: Edit): string[][] {
  const p = (path: PathSeg[]) => ['doc', ...path.map(String)];
  switch (e.op) {
    case 'set':
    case 'delete':
      return [p(e.path)];
    case 'rename':
      return [p(e.path), p([...e.path.slice(0, -1), e.to])];
    case 'copy':
    case 'move':
      return [p(e.from), p(e.to)];
    case 'adopt':
      // A position in the pass's text: chosen apart from path edits (choosePass), never with them.
      return [['adopt']];
    case 'quote':
      return [['line', String(e.line)]];
    case 'option':
      return [];
  }
}

const prefix = (a: string[], b: string[]) => a.length <= b.length && a.every((x, i) => x === b[i]);

function overlaps(a: string[][], b: string[][]): boolean {
  return a.some((x) => b.some((y) => prefix(x, y) || prefix(y, x)));
}

const isAdopt = (c: FixCandidate) => c.suggestion.edits.every((e) => e.op === 'adopt');

/** The lines a re-nest reads: from its first empty key to the last pair it moves. */
function span(c: FixCandidate): [number, number] {
  const adopts = c.suggestion.edits.filter((e): e is Extract<Edit, { op: 'adopt' }> => e.op === 'adopt');
  return [Math.min(...adopts.map((e) => e.line)), Math.max(...adopts.map((e) => e.through))];
}

/**
 * The fixes of one pass: text edits (quoting) alone when there are any, since they move columns
 * that document edits would rewrite; then re-nests (adopt, by position in this pass's text) alone,
 * those whose lines do not overlap, applied together (fixLoop); otherwise document edits that touch
 * disjoint paths. Others wait for the next pass, re-computed from the new file.
 */
export function choosePass(cands: FixCandidate[]): FixCandidate[] {
  const text = cands.filter((c) => c.suggestion.edits.every((e) => e.op === 'quote'));
  if (text.length) return pick(text);
  const renests = cands.filter(isAdopt);
  if (renests.length) {
    const chosen: FixCandidate[] = [];
    for (const c of renests) {
      const [a, b] = span(c);
      if (chosen.some((d) => span(d)[0] <= b && a <= span(d)[1])) continue;
      chosen.push(c);
    }
    return chosen;
  }
  return pick(cands.filter((c) => !c.suggestion.edits.some((e) => e.op === 'quote' || e.op === 'adopt')));
}

function pick(pool: FixCandidate[]): FixCandidate[] {
  const chosen: FixCandidate[] = [];
  const taken: string[][] = [];
  for (const c of pool) {
    const fp = c.suggestion.edits.flatMap(footprint);
    if (overlaps(fp, taken)) continue;
    chosen.push(c);
    taken.push(...fp);
  }
  return chosen;
}

export interface FixResult {
  /** The fixed text (the input when nothing was fixed). */
  text: string;
  applied: AppliedFix[];
  /** The certain fixes of the last lint that were not applied, and why (their findings remain in `findings`). */
  refused: RefusedFix[];
  /** Findings of the fixed text (its last lint pass). */
  findings: Finding[];
  passes: number;
}

/** The first YAML error of text, or null when it parses. */
function parseError(text: string): string | null {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false });
  return doc.errors.length ? doc.errors[0]!.message.split('\n')[0]! : null;
}

function refusal(c: FixCandidate, err: SuggestionError | null): RefusedFix {
  const base = { check: c.finding.check, messageId: c.finding.messageId!, target: c.finding.target, line: c.finding.location?.line ?? null };
  return err instanceof RepeatedKeyError ? { ...base, reason: 'repeatedKey', key: err.key, lines: err.lines } : { ...base, reason: 'notApplied', key: null, lines: [] };
}

/**
 * Lints, applies the certain fixes of that pass, and repeats until a pass has none left. A pass's
 * fixes are applied one after another to the text; one whose target is gone (SuggestionError) is
 * dropped and, being certain, comes back in the next pass if it still applies. When every fix a
 * pass chose is refused, the pass tries the candidates it left aside (a refused quote must not
 * keep the path fixes from being tried). The loop ends when a lint has no certain fix, or when no
 * candidate of a lint changes the text: those candidates are the refused fixes (`refused`), each
 * with the reason of its last attempt.
 */
export async function fixLoop(text: string, lint: (text: string) => Promise<Finding[]>, checks: CheckDef[], maxPasses = MAX_PASSES): Promise<FixResult> {
  const applied: AppliedFix[] = [];
  let cur = text;
  // What is written must parse back: a fixed text that does not is refused, the file kept as it was.
  const done = (t: string, findings: Finding[], passes: number, refused: RefusedFix[]): FixResult => {
    const err = t === text ? null : parseError(t);
    if (err !== null) throw new FixError('unparsable', err);
    return { text: t, applied, refused, findings, passes };
  };
  for (let pass = 1; pass <= maxPasses + 1; pass++) {
    const findings = await lint(cur);
    const cands = certainFixes(findings, checks);
    if (!cands.length) return done(cur, findings, pass - 1, []);
    if (pass > maxPasses) throw new FixError('noFixedPoint', String(maxPasses));
    let next = cur;
    const ok: FixCandidate[] = [];
    // Why each candidate tried in this pass did not apply (null: it applied but changed nothing).
    const failed = new Map<FixCandidate, SuggestionError | null>();
    const tryApply = (c: FixCandidate, on: string): string | null => {
      try {
        return applySuggestion(on, c.suggestion).text;
      } catch (err) {
        if (!(err instanceof SuggestionError)) throw err;
        failed.set(c, err);
        return null;
      }
    };
    let pool = cands;
    while (pool.length && next === cur) {
      const chosen = choosePass(pool);
      if (!chosen.length) break;
      if (chosen.every(isAdopt)) {
        // Re-nests name positions in this pass's text: each must apply to it alone, then all are done
        // in one document (src/lint-fix.ts finds every pair before moving any).
        ok.push(...chosen.filter((c) => tryApply(c, cur) !== null));
        if (ok.length) {
          try {
            next = applySuggestion(cur, suggestion(...ok.flatMap((c) => c.suggestion.edits))).text;
          } catch (err) {
            if (!(err instanceof SuggestionError)) throw err;
            // Together they do not apply (never seen: their lines are apart): the first alone, the rest next pass.
            ok.splice(1);
            next = applySuggestion(cur, ok[0]!.suggestion).text;
          }
        }
      } else {
        for (const c of chosen) {
          const t = tryApply(c, next);
          if (t === null) continue;
          next = t;
          ok.push(c);
        }
      }
      if (next === cur) for (const c of ok.splice(0)) failed.set(c, null);
      pool = pool.filter((c) => !chosen.includes(c));
    }
    // No candidate changed the text: the checks keep proposing what cannot be done; those are refused.
    if (next === cur) return done(cur, findings, pass - 1, cands.map((c) => refusal(c, failed.get(c) ?? null)));
    // A fix never breaks a file that parsed; a file that did not (an unquoted `*`) may need several passes.
    const err = parseError(next);
    if (err !== null && parseError(cur) === null) throw new FixError('unparsable', err);
    for (const c of ok) applied.push({ check: c.finding.check, messageId: c.finding.messageId!, target: c.finding.target, line: c.finding.location?.line ?? null, message: c.finding.message, pass });
    cur = next;
  }
  throw new FixError('noFixedPoint', String(maxPasses));
}
