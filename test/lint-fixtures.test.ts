import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES, listFixtures, makeCertsDir, runFixture } from './support/lint-fixtures.js';
import { exitCodeFor, summarize } from '../src/check-runner.js';

// Set UPDATE_LINT_FIXTURES=1 to (re)write expected.json from the current output; review the diff.
const UPDATE = process.env.UPDATE_LINT_FIXTURES === '1';
const names = await listFixtures();
let certs = '';

beforeAll(async () => {
  certs = await makeCertsDir();
});

describe('fixtures/lint: the whole JSON findings array of every case', () => {
  it('has at least 30 broken cases and the seed setups', () => {
    expect(names.length).toBeGreaterThanOrEqual(34);
    for (const seed of ['seed-ca-signed-https-auth', 'seed-self-signed-https-auth', 'seed-http-auth', 'seed-listing-lost-indentation']) expect(names).toContain(seed);
  });

  for (const name of names) {
    it(name, async () => {
      const { code, stderr, findings } = await runFixture(name, certs);
      expect(stderr).toBe('');
      const expectedFile = path.join(FIXTURES, name, 'expected.json');
      if (UPDATE || !existsSync(expectedFile)) {
        await writeFile(expectedFile, JSON.stringify(findings, null, 2) + '\n');
        if (!UPDATE) throw new Error(`${name}: expected.json was missing and has been written; review it`);
      }
      const expected = JSON.parse(await readFile(expectedFile, 'utf8'));
      expect(findings).toEqual(expected);
      // The exit code follows the findings (the contract's pure function).
      expect(code).toBe(exitCodeFor(summarize(findings), false));
    });
  }
});
