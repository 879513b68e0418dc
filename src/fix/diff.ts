/**
 * A unified diff (the format `diff -u` and `git apply` read) of two texts, line by line, with 3
 * lines of context. registries.yaml files are small, so the longest common subsequence is computed
 * with the plain O(n·m) table; above 4 million cells the whole file is shown as replaced.
 */
type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

function diffOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ kind: '-', line: a[i++]! });
    else ops.push({ kind: '+', line: b[j++]! });
  }
  while (i < n) ops.push({ kind: '-', line: a[i++]! });
  while (j < m) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}

const NONL = '\u0000';

/** `--- a/<name>` / `+++ b/<name>` and hunks; '' when the texts are equal. */
export function unifiedDiff(before: string, after: string, name: string, context = 3): string {
  if (before === after) return '';
  // A last line without a newline differs from the same line with one (as in diff -u).
  const side = (text: string) => {
    const { lines, finalNewline } = splitLines(text);
    if (!finalNewline && lines.length) lines[lines.length - 1] += NONL;
    return lines;
  };
  const ops = diffOps(side(before), side(after));
  const changed = ops.map((o) => o.kind !== ' ');
  const out: string[] = [`--- a/${name}`, `+++ b/${name}`];
  let k = 0;
  while (k < ops.length) {
    if (!changed[k]) {
      k++;
      continue;
    }
    // A hunk runs from `context` lines before a change to `context` after the last change that is
    // at most 2·context unchanged lines from the one before.
    const start = Math.max(0, k - context);
    let end = k;
    for (;;) {
      let next = end + 1;
      while (next < ops.length && !changed[next]) next++;
      if (next < ops.length && next - end - 1 <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    let aStart = 0;
    let bStart = 0;
    for (let x = 0; x < start; x++) {
      if (ops[x]!.kind !== '+') aStart++;
      if (ops[x]!.kind !== '-') bStart++;
    }
    const body: string[] = [];
    let aLen = 0;
    let bLen = 0;
    for (let x = start; x < stop; x++) {
      const o = ops[x]!;
      if (o.line.endsWith(NONL)) body.push(`${o.kind}${o.line.slice(0, -1)}`, '\\ No newline at end of file');
      else body.push(`${o.kind}${o.line}`);
      if (o.kind !== '+') aLen++;
      if (o.kind !== '-') bLen++;
    }
    const range = (s0: number, l: number) => (l === 1 ? `${s0 + 1}` : `${l === 0 ? s0 : s0 + 1},${l}`);
    out.push(`@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@`, ...body);
    k = stop;
  }
  return out.join('\n') + '\n';
}
