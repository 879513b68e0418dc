import { describe, expect, it } from 'vitest';
import { runChecks, exitCodeFor, summarize } from '../src/check-runner.js';
import { defineCheck, type RunOptions } from '../src/types.js';

const options: RunOptions = { file: 'r.yaml', systemDefaultRegistry: null, rancherVersion: null, strict: false };

const base = { stage: 'lint' as const, spec: [], remediation: 'do the thing', title: 'ok', failTitle: 'bad', messages: { broken: 'broken {what}' } };

describe('engine', () => {
  it('emits a pass finding when a check reports nothing, and fills every field', () => {
    const c = defineCheck({ ...base, id: 'a', requires: [], run: () => [] });
    expect(runChecks([c], {}, { options })).toEqual([
      { check: 'a', status: 'pass', severity: 'info', target: null, message: 'ok', messageId: null, args: null, remediation: null, location: null, data: null },
    ]);
  });

  it('turns a failed fact into an error and a failed prerequisite into a skip', () => {
    const a = defineCheck({ ...base, id: 'a', requires: ['f'], run: () => [] });
    const b = defineCheck({ ...base, id: 'b', requires: [], run: () => [{ status: 'fail', messageId: 'broken', args: { what: 'here' } }] });
    const c = defineCheck({ ...base, id: 'c', requires: [], after: ['b'], run: () => [] });
    const out = runChecks([a, b, c], { f: { ok: false, error: 'timed out after 1s' } }, { options });
    expect(out.map((f) => [f.check, f.status, f.message, f.remediation])).toEqual([
      ['a', 'error', 'could not gather f: timed out after 1s', null],
      ['b', 'fail', 'broken here', 'do the thing'],
      ['c', 'skip', 'blocked by b', null],
    ]);
  });

  it('turns a check that throws into an error finding and goes on', () => {
    const a = defineCheck({ ...base, id: 'a', requires: [], run: () => { throw new Error('boom'); } });
    const b = defineCheck({ ...base, id: 'b', requires: [], run: () => [] });
    expect(runChecks([a, b], {}, { options }).map((f) => f.status)).toEqual(['error', 'pass']);
  });

  it('computes exit codes as the contract says', () => {
    const s = (o: Partial<ReturnType<typeof summarize>>) => ({ pass: 0, warn: 0, fail: 0, skip: 0, error: 0, ...o });
    expect(exitCodeFor(s({ pass: 3 }), false)).toBe(0);
    expect(exitCodeFor(s({ warn: 1 }), false)).toBe(0);
    expect(exitCodeFor(s({ warn: 1 }), true)).toBe(1);
    expect(exitCodeFor(s({ fail: 1 }), false)).toBe(1);
    expect(exitCodeFor(s({ error: 1 }), false)).toBe(1);
  });
});

describe('message references', () => {
  it('renders nested phrases and lists in the chosen language', async () => {
    const { ref } = await import('../src/types.js');
    const { makeTranslator } = await import('../src/i18n/index.js');
    const c = defineCheck({
      ...base,
      id: 'n',
      requires: [],
      messages: { outer: 'endpoint {ep} ({role}): {notes}', 'role.default': 'the default endpoint', note: 'note {n}' },
      run: () => [{ status: 'warn', messageId: 'outer', args: { ep: 'https://h/v2', role: ref('role.default'), notes: [ref('note', { n: 1 }), ref('note', { n: 2 })] } }],
    });
    expect(runChecks([c], {}, { options })[0]!.message).toBe('endpoint https://h/v2 (the default endpoint): note 1, note 2');
    const zh = makeTranslator('zh-CN', { engine: {}, ui: { listSep: '、' }, checks: { n: { messages: { outer: '端点 {ep}（{role}）：{notes}', 'role.default': '默认端点', note: '备注 {n}' } } } });
    expect(runChecks([c], {}, { options }, zh)[0]!.message).toBe('端点 https://h/v2（默认端点）：备注 1、备注 2');
  });
});
