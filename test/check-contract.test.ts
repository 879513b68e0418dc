/**
 * The check contract (as ESLint's RuleTester checks rules' meta, not only behaviour): ids unique,
 * kebab-case, permanent; every message a check can emit exists; checks are pure; every lint check
 * has a doc whose examples are real fixtures, a remediation, and at least one failing and one
 * passing fixture.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ALL_CHECKS } from '../checks/index.js';
import type { Finding } from '../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'fixtures', 'lint');
const LINT = ALL_CHECKS.filter((c) => c.stage === 'lint');

/** checks/index.ts maps each imported identifier to its module file. */
function moduleFiles(): Map<string, string> {
  const index = readFileSync(path.join(ROOT, 'checks', 'index.ts'), 'utf8');
  const files = new Map<string, string>();
  for (const m of index.matchAll(/^import (\w+) from '\.\/([\w-]+)\.js';$/gm)) files.set(m[2]!, path.join(ROOT, 'checks', `${m[2]}.ts`));
  return files;
}

function sourceOf(id: string): string {
  const file = path.join(ROOT, 'checks', `${id}.ts`);
  return readFileSync(file, 'utf8');
}

/** Every string literal that can end up as a messageId or fixId (or an appliesTo skip key) in the source. */
function emittedIds(src: string): string[] {
  const ids = new Set<string>();
  for (const m of src.matchAll(/(?:messageId|fixId)\s*[:=]\s*([^,}\n]+)/g)) for (const s of m[1]!.matchAll(/'([^']+)'/g)) ids.add(s[1]!);
  for (const m of src.matchAll(/appliesTo:[^\n]*/g)) for (const s of m[0].matchAll(/'([^']+)'/g)) ids.add(s[1]!);
  // ref('key', …): a translated phrase inside another message.
  for (const m of src.matchAll(/\bref\(\s*'([^']+)'/g)) ids.add(m[1]!);
  return [...ids];
}

const expected: { name: string; findings: Finding[] }[] = readdirSync(FIXTURES)
  .filter((n) => existsSync(path.join(FIXTURES, n, 'expected.json')))
  .map((name) => ({ name, findings: JSON.parse(readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Finding[] }));

describe('check ids', () => {
  it('are unique (aliases included) and kebab-case', () => {
    const all = ALL_CHECKS.flatMap((c) => [c.id, ...(c.aliases ?? [])]);
    expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual([]);
    for (const id of all) expect(id, id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('name their module: checks/<id>.ts', () => {
    const files = moduleFiles();
    for (const c of ALL_CHECKS) expect(files.has(c.id), `checks/${c.id}.ts is imported by checks/index.ts`).toBe(true);
  });
});

describe.each(ALL_CHECKS.map((c) => [c.id, c] as const))('%s', (id, check) => {
  it('has a remediation, titles and spec sections', () => {
    expect(check.remediation.trim().length).toBeGreaterThan(10);
    expect(check.title.trim()).not.toBe('');
    expect(check.failTitle.trim()).not.toBe('');
    for (const s of check.spec) expect(s).toMatch(/^§\d/);
  });

  it('can only emit messages it defines; every .fix has its message', () => {
    const emitted = emittedIds(sourceOf(id));
    for (const m of emitted) expect(Object.keys(check.messages), `${id} emits "${m}"`).toContain(m);
    for (const key of Object.keys(check.messages)) if (key.endsWith('.fix')) expect(check.messages, `${key} has no base message`).toHaveProperty([key.slice(0, -4)]);
  });

  it.runIf(check.stage === 'lint')('uses every message it defines (lint: ids are literals in the source)', () => {
    const emitted = emittedIds(sourceOf(id));
    for (const key of Object.keys(check.messages)) if (!key.endsWith('.fix')) expect(emitted, `${id}: message "${key}" is never emitted`).toContain(key);
  });

  it('is pure: no I/O modules, no console, no process exit', () => {
    const src = sourceOf(id);
    expect(src).not.toMatch(/from '(node:)?(fs|fs\/promises|net|http|https|tls|child_process|dgram)'/);
    expect(src).not.toMatch(/from '(undici|dockerode|ora)'/);
    expect(src).not.toMatch(/\bconsole\.|process\.exit|process\.stdout|process\.stderr/);
  });
});

describe.each(LINT.map((c) => [c.id, c] as const))('lint check %s', (id) => {
  it('has at least one failing (fail or warn) and one passing fixture', () => {
    const failing = expected.filter((e) => e.findings.some((f) => f.check === id && (f.status === 'fail' || f.status === 'warn')));
    const passing = expected.filter((e) => e.findings.some((f) => f.check === id) && e.findings.filter((f) => f.check === id).every((f) => f.status === 'pass'));
    expect(failing.map((e) => e.name), `${id}: failing fixtures`).not.toEqual([]);
    expect(passing.map((e) => e.name), `${id}: passing fixtures`).not.toEqual([]);
  });

  it('has docs/checks/<id>.md with what/why/fix and examples that are real fixtures', () => {
    const file = path.join(ROOT, 'docs', 'checks', `${id}.md`);
    expect(existsSync(file), file).toBe(true);
    const doc = readFileSync(file, 'utf8');
    expect(doc.startsWith(`# \`${id}\``)).toBe(true);
    for (const h of ['## What it checks', '## Why it matters', '## How to fix', '## Example']) expect(doc).toContain(h);
    expect(doc).toMatch(/DOMAIN §\d/);
    const examples = [...doc.matchAll(/(Failing|Passing) — fixture: `fixtures\/lint\/([\w.-]+)`\n\n```yaml\n([\s\S]*?)\n```/g)];
    expect(examples.map((m) => m[1])).toEqual(['Failing', 'Passing']);
    for (const [, kind, name, yaml] of examples) {
      expect(readFileSync(path.join(FIXTURES, name!, 'registries.yaml'), 'utf8').trimEnd(), `${id} doc example ${name}`).toBe(yaml);
      const findings = expected.find((e) => e.name === name)!.findings.filter((f) => f.check === id);
      if (kind === 'Passing') expect(findings.every((f) => f.status === 'pass')).toBe(true);
      else expect(findings.some((f) => f.status === 'fail' || f.status === 'warn')).toBe(true);
    }
    // The messages the doc quotes are the ones the fixture really produces.
    const quoted = [...doc.matchAll(/^- `(fail|warn)` at [\d:-]+: (.*)$/gm)].map((m) => m[2]);
    const failingName = examples[0]![2]!;
    const produced = expected.find((e) => e.name === failingName)!.findings.filter((f) => f.check === id).map((f) => f.message.replaceAll('$DIR/', ''));
    expect(quoted.length).toBeGreaterThan(0);
    for (const q of quoted) expect(produced).toContain(q);
  });
});

describe('lint fixtures', () => {
  it('emit only findings of lint checks, rendered (no unknown message ids)', () => {
    const lintIds = new Set(LINT.map((c) => c.id));
    for (const e of expected) {
      for (const f of e.findings) {
        expect(lintIds.has(f.check), `${e.name}: ${f.check}`).toBe(true);
        expect(f.message, `${e.name}: ${f.check}`).not.toMatch(/^internal:|\{\w+\}/);
        if (f.status === 'fail' || f.status === 'warn') expect(f.remediation, `${e.name}: ${f.check} has a fix`).toBeTruthy();
      }
    }
  });
});
