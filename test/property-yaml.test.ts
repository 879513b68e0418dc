/**
 * Property tests for the registries.yaml loader (`parseYaml`, src/yaml-tree.ts; DOMAIN §1.1):
 * whatever the text, it returns (never throws), every position it reports lies inside the text,
 * the tree is plain serializable data (facts are saved with --save-facts), and documents made of
 * plain maps, lists and strings come back with exactly the values that were written.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { MAX_NODES, parseYaml, type ParsedYaml, type YNode } from '../src/yaml-tree.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);

/** Text built from YAML's own punctuation, so the generator reaches the parser's odd corners. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(':', ': ', '-', '- ', '[', ']', '{', '}', ',', '&a', '*a', '&b ', '*b', '<<: ', '!!str ', '!!map', '? ', '|', '>', '#', '"', "'", '\\', '\n', '\r\n', '  ', '\t', '---\n', '...\n', '%YAML 1.1\n', 'mirrors:', 'configs:', 'endpoint:', 'auth:', 'password: ', '"*"', '~', 'yes', '0x1f', '1e3', '\u0000', '\ufeff', '\u2028'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

function lineLengths(text: string): number[] {
  // The `yaml` library counts lines at \n only (a lone \r stays inside the line).
  return text.split('\n').map((l) => l.length);
}

function allPositions(p: ParsedYaml): { line: number; col: number; what: string }[] {
  const out: { line: number; col: number; what: string }[] = [];
  const walk = (n: YNode | null) => {
    if (!n) return;
    out.push({ line: n.line, col: n.col, what: `${n.kind} node` });
    if (n.kind === 'map')
      for (const it of n.items) {
        out.push({ line: it.keyLine, col: it.keyCol, what: `key ${JSON.stringify(it.key)}` });
        walk(it.value);
      }
    if (n.kind === 'seq') n.items.forEach(walk);
  };
  walk(p.tree);
  for (const e of [...p.errors, ...p.warnings]) out.push({ line: e.line, col: e.col, what: `issue ${e.code}` });
  for (const d of p.duplicateKeys) out.push({ line: d.line, col: d.col, what: `duplicate ${d.key}` }, { line: d.firstLine, col: 1, what: `first ${d.key}` });
  for (const t of p.tabs) out.push({ line: t.line, col: t.col, what: 'tab' });
  return out;
}

function countNodes(n: YNode | null): number {
  if (!n) return 0;
  if (n.kind === 'scalar') return 1;
  if (n.kind === 'seq') return 1 + n.items.reduce((s, x) => s + countNodes(x), 0);
  return 1 + n.items.reduce((s, x) => s + countNodes(x.value), 0);
}

/** Back to plain JS: what yaml.v2 would hand K3s for maps, lists and strings. */
function toValue(n: YNode | null): unknown {
  if (!n) return null;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(toValue);
  const o: Record<string, unknown> = {};
  // defineProperty, not assignment: a key named __proto__ is an own key in YAML (and in fast-check's
  // dictionaries), while `o['__proto__'] = v` would set the prototype instead.
  for (const it of n.items) Object.defineProperty(o, it.key, { value: toValue(it.value), enumerable: true, writable: true, configurable: true });
  return o;
}

function checkInvariants(text: string) {
  const parsed = parseYaml(text);
  const lens = lineLengths(text);
  for (const p of allPositions(parsed)) {
    const ok = Number.isInteger(p.line) && Number.isInteger(p.col) && p.line >= 1 && p.line <= lens.length && p.col >= 1 && p.col <= lens[p.line - 1]! + 1;
    if (!ok) throw new Error(`${p.what} at ${p.line}:${p.col} is outside the text (${lens.length} lines)`);
  }
  expect(JSON.parse(JSON.stringify(parsed))).toEqual(parsed);
  expect(countNodes(parsed.tree)).toBeLessThanOrEqual(MAX_NODES);
}

describe('parseYaml properties', () => {
  it('never throws and reports positions inside the text, for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), checkInvariants), { numRuns: RUNS });
  });

  it('never throws and reports positions inside the text, for YAML-shaped noise', () => {
    // The first two examples are what this property found: a merge key inside a complex key made
    // parseYaml throw, and an error in a broken flow map was placed past the end of line 1.
    fc.assert(fc.property(yamlish, checkInvariants), { numRuns: RUNS * 3, examples: [['? <<: x\n: y\n'], ['*a{~\npassword: ? \n']] });
  });

  it('never expands past MAX_NODES, however aliases are nested', () => {
    const bomb = fc.record({ width: fc.integer({ min: 1, max: 12 }), depth: fc.integer({ min: 1, max: 12 }) }).map(({ width, depth }) => {
      const lines = [`a0: &a0 [${Array(width).fill('x').join(', ')}]`];
      for (let i = 1; i <= depth; i++) lines.push(`a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
      return { text: lines.join('\n') + '\n', width, depth };
    });
    fc.assert(
      fc.property(bomb, ({ text, width, depth }) => {
        const p = parseYaml(text);
        // Expanded size: level i holds width^(i+1) leaves; past MAX_NODES the loader must refuse.
        let expanded = 0;
        for (let i = 0; i <= depth; i++) expanded += width ** (i + 1);
        if (expanded > 2 * MAX_NODES) expect(p.tree).toBeNull();
        if (p.tree === null) expect(p.errors.map((e) => e.code)).toEqual(['TOO_LARGE']);
        else expect(countNodes(p.tree)).toBeLessThanOrEqual(MAX_NODES);
        checkInvariants(text);
      }),
      { numRuns: 12 },
    );
  });

  it('gives back exactly the maps, lists and strings a document was written with', () => {
    const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '<<');
    const leaf = fc.string({ maxLength: 16 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });
    fc.assert(
      fc.property(doc, (obj) => {
        const text = stringify(obj, { version: '1.1' });
        const p = parseYaml(text);
        expect(p.errors).toEqual([]);
        expect(toValue(p.tree)).toEqual(obj);
        checkInvariants(text);
      }),
      // fast-check generated this once (seed 1570377986): an own key named __proto__.
      { numRuns: RUNS, examples: [[JSON.parse('{"__proto__": {"a": "b"}, "x": ["y"]}') as Record<string, unknown>]] },
    );
  });

  it('types scalars as yaml.v2 (YAML 1.1) does', () => {
    const cases: [string, string][] = [
      ['yes', 'bool'],
      ['off', 'bool'],
      ['"yes"', 'str'],
      ['0x1F', 'int'],
      ['1_000', 'int'],
      ['3.5', 'float'],
      ['~', 'null'],
      ['2001-12-14', 'str'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.constantFrom('k', 'insecure_skip_verify'), ([src, type], k) => {
        const p = parseYaml(`${k}: ${src}\n`);
        const n = p.tree && p.tree.kind === 'map' ? p.tree.items[0]!.value : null;
        expect(n && n.kind === 'scalar' ? n.type : 'missing').toBe(type);
      }),
      { numRuns: 40 },
    );
  });
});

describe('parseYaml as yaml.v2 types scalars', () => {
  it('keeps a lone "." a string and non-finite floats as their text (JSON-safe)', () => {
    const t = parseYaml('a: .\nb: .inf\nc: .NaN\n').tree;
    const vals = t && t.kind === 'map' ? t.items.map((i) => (i.value && i.value.kind === 'scalar' ? [i.value.type, i.value.value] : null)) : null;
    expect(vals).toEqual([['str', '.'], ['float', '.inf'], ['float', '.NaN']]);
  });
});
