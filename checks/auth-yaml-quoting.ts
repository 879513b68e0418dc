import { suggestion } from '../src/lint-fix.js';
import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_YAML, lintFile, registriesFact, textHints } from '../src/check-helpers.js';

/**
 * What YAML reads an unquoted leading indicator as: a phrase of `messages`, translated with the
 * message (a MessageRef written as a literal so the contract test sees the key is used).
 */
const MEANING: Record<string, MessageRef> = {
  '&': { messageId: 'meaning.anchor' },
  '*': { messageId: 'meaning.alias' },
  '!': { messageId: 'meaning.tag' },
  '|': { messageId: 'meaning.literal' },
  '>': { messageId: 'meaning.folded' },
  '{': { messageId: 'meaning.flowMap' },
  '[': { messageId: 'meaning.flowSeq' },
  '%': { messageId: 'meaning.directive' },
  '@': { messageId: 'meaning.reserved' },
  '`': { messageId: 'meaning.reserved' },
  ': ': { messageId: 'meaning.nestedKey' },
};

/**
 * DOMAIN §1.7, §6 #14: credentials starting with a YAML indicator (* & ! % @ ` { [ | >) or
 * containing ": " must be quoted. The ones that still parse change meaning silently (`&x` is an
 * anchor and leaves an empty password); the ones that do not parse are reported by yaml-syntax.
 */
export default defineCheck({
  id: 'auth-yaml-quoting',
  title: 'Credentials that need quotes are quoted',
  failTitle: 'An unquoted credential is read as YAML syntax',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_YAML,
  spec: ['§1.7', '§6 #14'],
  fixable: ['indicator'],
  messages: {
    indicator: 'The value of `{key}` starts with or contains "{indicator}", which YAML reads as {meaning}. K3s then sends a different {key} and the registry answers 401.',
    'indicator.fix': 'Put the value in single quotes: {key}: \'…\' (double any single quote inside it).',
    'meaning.anchor': 'an anchor name, so the value becomes empty',
    'meaning.alias': 'an alias to an anchor, not text',
    'meaning.tag': 'a type tag, so the value is not what you typed',
    'meaning.literal': 'a block scalar, so the value is taken from the following lines with a trailing newline',
    'meaning.folded': 'a folded block scalar, so the value is taken from the following lines with a trailing newline',
    'meaning.flowMap': 'a flow mapping, not text',
    'meaning.flowSeq': 'a flow list, not text',
    'meaning.directive': 'a directive',
    'meaning.reserved': 'a reserved character',
    'meaning.nestedKey': 'a nested key',
    'meaning.syntax': 'syntax',
  },
  remediation: 'Quote credentials in single quotes.',
  run(facts, ctx) {
    const file = lintFile(ctx);
    const errorLines = new Set(registriesFact(facts).yaml.errors.map((e) => e.line));
    const out: FindingInput[] = [];
    for (const h of textHints(facts)) {
      if (h.kind !== 'indicator' || errorLines.has(h.line)) continue;
      out.push({ status: 'fail', messageId: 'indicator', args: { key: h.key, indicator: h.indicator, meaning: MEANING[h.indicator] ?? { messageId: 'meaning.syntax' } }, location: { file, line: h.line, column: h.col }, data: { key: h.key, fix: h.quotable ? suggestion({ op: 'quote', line: h.line, column: h.col, length: null, style: 'single' }) : null } });
    }
    return out;
  },
});
