import { defineCheck, type FindingInput } from '../src/types.js';
import { lintFile, registriesFact, textHints } from '../src/check-helpers.js';

/**
 * DOMAIN §1.1: K3s parses with yaml.v2; a parse error makes K3s, and so Rancher, fail to start.
 * Tab indentation is reported by yaml-tabs (this check waits for it); an unquoted `*` key and a
 * credential starting with a YAML indicator get their own wording (DOMAIN §1.2 "the asterisk MUST
 * be quoted", §1.7).
 */
export default defineCheck({
  id: 'yaml-syntax',
  title: 'registries.yaml parses as YAML',
  failTitle: 'registries.yaml is not valid YAML',
  stage: 'lint',
  requires: ['registriesFile'],
  after: ['yaml-tabs'],
  spec: ['§1.1', '§1.2', '§1.7'],
  messages: {
    parseError: 'YAML error: {error}. K3s cannot parse this file, so it fails to start and Rancher exits ("k3s exited with: …").',
    unquotedStar: 'Unquoted `*` key: YAML reads `*` as an alias, so the file does not parse and K3s fails to start.',
    'unquotedStar.fix': 'Quote the wildcard: write "*": instead of *:.',
    indicatorValue: 'The value of `{key}` starts with or contains "{indicator}", which YAML reads as syntax, so the file does not parse and K3s fails to start.',
    'indicatorValue.fix': 'Put the value of `{key}` in single quotes (double any single quote inside it).',
  },
  remediation: 'Fix the YAML at the position shown. Indent with spaces (never tabs) and quote values that start with a YAML indicator (* & ! % @ ` { [ #).',
  run(facts, ctx) {
    const fact = registriesFact(facts);
    const file = lintFile(ctx);
    const hints = textHints(facts);
    const out: FindingInput[] = [];
    const seenLines = new Set<string>();
    for (const e of fact.yaml.errors) {
      if (e.code === 'TAB_AS_INDENT') continue;
      const hint = hints.find((h) => h.line === e.line || (h.kind === 'star' && h.line === e.line - 1));
      if (hint) {
        const key = `${hint.kind}:${hint.line}`;
        if (seenLines.has(key)) continue;
        seenLines.add(key);
        out.push(
          hint.kind === 'star'
            ? { status: 'fail', messageId: 'unquotedStar', location: { file, line: hint.line, column: hint.col }, data: { code: e.code } }
            : { status: 'fail', messageId: 'indicatorValue', args: { key: hint.key, indicator: hint.indicator }, location: { file, line: hint.line, column: hint.col }, data: { code: e.code, key: hint.key } },
        );
        continue;
      }
      out.push({ status: 'fail', messageId: 'parseError', args: { error: e.message }, location: { file, line: e.line, column: e.col }, data: { code: e.code } });
    }
    return out;
  },
});
