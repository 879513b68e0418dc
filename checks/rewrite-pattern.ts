import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, features, loc, model } from '../src/check-helpers.js';
import { compileGoRegexp, refExists, templateRefs } from '../src/go-regexp.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.2, §1.5: a rewrite is a Go `regexp` pattern (RE2 syntax, compiled by K3s' containerd)
 * and a replacement expanded by Go's `Regexp.Expand`. A pattern RE2 refuses (lookaround `(?!`,
 * backreferences `\1`, atomic groups, possessive quantifiers) cannot be compiled, so the rule is
 * dropped and images are requested under their original paths. In the replacement `$name` takes the
 * longest run of letters, digits and `_` ("$1x is equivalent to ${1x}, not ${1}x", regexp.Expand), and
 * a group that does not exist expands to nothing: the image is requested under a wrong repository.
 */
export default defineCheck({
  id: 'rewrite-pattern',
  title: 'Every rewrite compiles as a Go regexp and uses only the groups it has',
  failTitle: 'A rewrite cannot compile or refers to a group it does not have',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.2', '§1.5'],
  messages: {
    invalidPattern: 'The rewrite pattern "{pattern}" of mirrors."{registry}" is not valid in Go\'s regexp (RE2): {error}. K3s cannot compile it and drops the rule, so images are requested under their original paths.',
    'invalidPattern.fix': 'Write the pattern in RE2 syntax: no lookahead or lookbehind ((?=, (?!, (?<=, (?<!), no backreferences (\\1), no atomic groups or possessive quantifiers. To leave some repositories alone, match the ones to rewrite explicitly (e.g. "^rancher/(.*)").',
    missingGroup: 'The replacement "{replacement}" of mirrors."{registry}".rewrite."{pattern}" uses {ref}, but the pattern has {groups} capture group(s){named}. Go expands a missing group to nothing, so images are requested under a wrong repository.',
    'missingGroup.fix': 'Refer only to groups the pattern has ($1 … ${groups}), or add the group to the pattern.',
    named: ' and no group named "{name}"',
    ambiguous: 'The replacement "{replacement}" of mirrors."{registry}".rewrite."{pattern}" uses {ref}: Go reads it as the group named "{name}" (the longest run of letters, digits and _), not as group {number} followed by "{rest}". That group does not exist and expands to nothing, so images are requested under a wrong repository.',
    'ambiguous.fix': 'Write the group in braces: "{suggested}".',
  },
  remediation: 'Write rewrite patterns in Go regexp (RE2) syntax and refer only to capture groups the pattern has, in braces when letters or digits follow (${1}x).',
  run(facts, ctx) {
    const f = features(ctx);
    if (f && !f.rewrite) return []; // rewrite-version: this K3s ignores every rewrite
    const out: FindingInput[] = [];
    for (const m of model(facts, ctx).mirrors) {
      for (const r of m.rewrites) {
        const compiled = compileGoRegexp(r.pattern);
        const target = m.key;
        if (!compiled.ok) {
          const error = compiled.expr ? `${compiled.code}: \`${compiled.expr}\`` : compiled.code;
          out.push({ status: 'fail', messageId: 'invalidPattern', args: { pattern: r.pattern, registry: m.key, error }, target, location: loc(ctx, r), data: { construct: compiled.construct, fix: null } });
          continue;
        }
        const where = loc(ctx, { line: r.valueLine, col: r.valueCol });
        for (const ref of templateRefs(r.replacement)) {
          if (refExists(ref, compiled.groups, compiled.names)) continue;
          const digits = /^(\d+)(\w+)$/.exec(ref.name);
          const args = { replacement: r.replacement, registry: m.key, pattern: r.pattern, ref: ref.text, groups: compiled.groups };
          if (!ref.braced && digits && Number(digits[1]) <= compiled.groups) {
            const suggested = r.replacement.slice(0, ref.index) + `\${${digits[1]}}${digits[2]}` + r.replacement.slice(ref.index + ref.text.length);
            out.push({ status: 'fail', messageId: 'ambiguous', args: { ...args, name: ref.name, number: digits[1], rest: digits[2], suggested }, target, location: where, data: { ref: ref.text, fix: suggestion({ op: 'set', path: ['mirrors', m.key, 'rewrite', r.pattern], value: suggested }) } });
          } else {
            const named = /^\d+$/.test(ref.name) ? '' : { messageId: 'named', args: { name: ref.name } };
            out.push({ status: 'fail', messageId: 'missingGroup', args: { ...args, named }, target, location: where, data: { ref: ref.text, fix: null } });
          }
          break; // one finding per rule
        }
      }
    }
    return out;
  },
});
