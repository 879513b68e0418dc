import { defineCheck } from '../src/types.js';
import { AFTER_SHAPE, lintFile, registriesFact } from '../src/check-helpers.js';

/**
 * yaml.v2's plain Unmarshal (what K3s calls, DOMAIN §1.1) keeps the LAST of duplicate keys without a
 * word: the "already set in map" error exists only in UnmarshalStrict (`if d.strict && …` in
 * go-yaml/yaml v2.4.0 decode.go `setMapIndex`; struct fields likewise in `mappingStruct`).
 */
export default defineCheck({
  id: 'yaml-duplicate-key',
  title: 'No key is written twice in the same block',
  failTitle: 'A key is written twice in the same block',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_SHAPE,
  spec: ['§1.1'],
  messages: {
    duplicate: '`{key}` is written twice in the same block (first at line {firstLine}). K3s keeps only this last one and silently drops everything under the first.',
    'duplicate.fix': 'Merge the two `{key}` blocks into one (keep the settings you need from line {firstLine}) and delete the other.',
  },
  remediation: 'Merge duplicate keys into one block.',
  run(facts, ctx) {
    const file = lintFile(ctx);
    return registriesFact(facts).yaml.duplicateKeys.map((d) => ({
      status: 'warn' as const,
      messageId: 'duplicate',
      args: { key: d.key, firstLine: d.firstLine },
      target: d.path,
      location: { file, line: d.line, column: d.col },
    }));
  },
});
