// applySuggestion (src/lint-fix.ts) and the RE2 syntax checker (src/go-regexp.ts), whole results.
import { describe, expect, it } from 'vitest';
import { applySuggestion, SuggestionError } from '../src/lint-fix.js';
import { compileGoRegexp, templateRefs } from '../src/go-regexp.js';

const FILE = `# comment kept
mirrors:
  "harbor.example.com":
    endpoint:
      - "https://harbor.example.com" # trailing comment
configs:
  "harbor.example.com":
    tls:
      ca_file: /etc/ca.pem
`;

describe('applySuggestion', () => {
  it('sets an endpoint and copies a configs entry, keeping comments', () => {
    const r = applySuggestion(FILE, { edits: [
      { op: 'set', path: ['mirrors', 'harbor.example.com', 'endpoint', 0], value: 'https://harbor.example.com:443' },
      { op: 'copy', from: ['configs', 'harbor.example.com'], to: ['configs', 'harbor.example.com:443'] },
    ] });
    expect(r).toEqual({ options: {}, text: `# comment kept
mirrors:
  "harbor.example.com":
    endpoint:
      - "https://harbor.example.com:443" # trailing comment
configs:
  "harbor.example.com":
    tls:
      ca_file: /etc/ca.pem
  "harbor.example.com:443":
    tls:
      ca_file: /etc/ca.pem
` });
  });

  it('renames a key in place and refuses to write a key twice', () => {
    expect(applySuggestion('configs:\n  https://h:\n    auth: {username: u}\n', { edits: [{ op: 'rename', path: ['configs', 'https://h'], to: 'h' }] }).text).toBe('configs:\n  h:\n    auth: { username: u }\n');
    expect(() => applySuggestion(FILE, { edits: [{ op: 'rename', path: ['mirrors', 'harbor.example.com'], to: 'harbor.example.com' }] })).toThrow(SuggestionError);
    expect(() => applySuggestion(FILE, { edits: [{ op: 'delete', path: ['configs', 'nope'] }] })).toThrow(SuggestionError);
  });

  it('moves keys one level down and returns run options apart from the text', () => {
    const r = applySuggestion('configs:\n  h:\n    username: u\n    password: p\n', { edits: [
      { op: 'move', from: ['configs', 'h', 'username'], to: ['configs', 'h', 'auth', 'username'] },
      { op: 'move', from: ['configs', 'h', 'password'], to: ['configs', 'h', 'auth', 'password'] },
      { op: 'option', name: 'systemDefaultRegistry', value: 'h' },
    ] });
    expect(r).toEqual({ text: 'configs:\n  h:\n    auth:\n      username: u\n      password: p\n', options: { systemDefaultRegistry: 'h' } });
  });
});

describe('compileGoRegexp (RE2 syntax as Go regexp.Compile)', () => {
  it.each([
    ['^rancher/(.*)', { ok: true, groups: 1, names: [] }],
    ['(?i)^(?P<org>a|b)/(?P<repo>[a-z0-9._-]+)$', { ok: true, groups: 2, names: ['org', 'repo'] }],
    ['\\Qa.b\\E\\pL\\p{Greek}[[:alpha:]]\\d{2,3}?\\12', { ok: true, groups: 0, names: [] }],
    ['^(?!library/)(.*)', { ok: false, code: 'invalid or unsupported Perl syntax', expr: '(?!', construct: 'lookaround' }],
    ['(?<=a)b', { ok: false, code: 'invalid or unsupported Perl syntax', expr: '(?<=', construct: 'lookaround' }],
    ['(a)\\1', { ok: false, code: 'invalid escape sequence', expr: '\\1', construct: 'backreference' }],
    ['(?>a)', { ok: false, code: 'invalid or unsupported Perl syntax', expr: '(?>', construct: 'atomic' }],
    ['a*+', { ok: false, code: 'invalid nested repetition operator', expr: '*+', construct: 'possessive' }],
    ['a**', { ok: false, code: 'invalid nested repetition operator', expr: '**', construct: 'other' }],
    ['x{1001}', { ok: false, code: 'invalid repeat count', expr: '{1001}', construct: 'other' }],
    ['(abc', { ok: false, code: 'missing closing )', expr: '(abc', construct: 'other' }],
    ['\\Z', { ok: false, code: 'invalid escape sequence', expr: '\\Z', construct: 'other' }],
    ['*a', { ok: false, code: 'missing argument to repetition operator', expr: '*', construct: 'other' }],
    ['(?P<n>a)(?P<n>b)', { ok: false, code: 'duplicate capture group name', expr: '(?P<n>', construct: 'other' }],
  ])('%s', (pattern, result) => {
    expect(compileGoRegexp(pattern)).toEqual(result);
  });

  it('reads replacement references as Regexp.Expand ($1x is ${1x}; $$ is a dollar)', () => {
    expect(templateRefs('m/$1x/${2}y$$z$name_1-$')).toEqual([
      { text: '$1x', name: '1x', braced: false, index: 2 },
      { text: '${2}', name: '2', braced: true, index: 6 },
      { text: '$name_1', name: 'name_1', braced: false, index: 14 },
    ]);
  });
});
