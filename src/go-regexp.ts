/**
 * Go `regexp` (RE2) syntax, as far as a registries.yaml rewrite needs it: does `regexp.Compile`
 * accept the pattern, how many capture groups and which names does it have, and what does
 * `Regexp.Expand` make of a replacement template. Written from the Go documentation of
 * regexp/syntax ("Syntax" table) and regexp.Expand; error texts follow regexp/syntax's ErrorCode
 * strings so they read like the K3s/containerd log line.
 *
 * Not a matcher: only syntax. JavaScript RegExp accepts much that RE2 refuses (lookaround,
 * backreferences), so it cannot be used to judge a pattern.
 */

export type GoRegexpResult =
  | { ok: true; groups: number; names: string[] }
  | { ok: false; code: string; expr: string; construct: 'lookaround' | 'backreference' | 'atomic' | 'possessive' | 'other' };

const FLAGS = new Set(['i', 'm', 's', 'U']);
const isWord = (c: string) => /[A-Za-z0-9_]/.test(c);
const MAX_REPEAT = 1000;

function fail(code: string, expr: string, construct: Extract<GoRegexpResult, { ok: false }>['construct'] = 'other'): GoRegexpResult {
  return { ok: false, code, expr, construct };
}

/** Parses an escape at s[i] === '\\' (outside or inside a class); returns the index after it or an error. */
function escape(s: string, i: number, inClass: boolean): number | GoRegexpResult {
  const c = s[i + 1];
  if (c === undefined) return fail('trailing backslash at end of expression', '');
  if (c >= '1' && c <= '7') {
    // A single non-zero digit is a backreference (unsupported); followed by an octal digit it is octal.
    if (!/[0-7]/.test(s[i + 2] ?? '')) return fail('invalid escape sequence', s.slice(i, i + 2), 'backreference');
  }
  if (c >= '0' && c <= '7') {
    let j = i + 2;
    while (j < i + 4 && /[0-7]/.test(s[j] ?? '')) j++;
    return j;
  }
  if (c === '8' || c === '9') return fail('invalid escape sequence', s.slice(i, i + 2), 'backreference');
  if (c === 'x') {
    if (s[i + 2] === '{') {
      const end = s.indexOf('}', i + 3);
      if (end < 0 || !/^[0-9A-Fa-f]+$/.test(s.slice(i + 3, end)) || parseInt(s.slice(i + 3, end), 16) > 0x10ffff) return fail('invalid escape sequence', s.slice(i, end < 0 ? s.length : end + 1));
      return end + 1;
    }
    if (!/^[0-9A-Fa-f]{2}$/.test(s.slice(i + 2, i + 4))) return fail('invalid escape sequence', s.slice(i, i + 4));
    return i + 4;
  }
  if (c === 'p' || c === 'P') {
    if (s[i + 2] === '{') {
      const end = s.indexOf('}', i + 3);
      const name = end < 0 ? '' : s.slice(i + 3, end).replace(/^\^/, '');
      if (end < 0 || !/^[A-Za-z_]+$/.test(name)) return fail('invalid character class range', s.slice(i, end < 0 ? s.length : end + 1));
      return end + 1;
    }
    if (!/[A-Za-z]/.test(s[i + 2] ?? '')) return fail('invalid character class range', s.slice(i, i + 3));
    return i + 3;
  }
  if ('afnrtv'.includes(c) || 'dDsSwW'.includes(c)) return i + 2;
  if (!inClass && 'AbBz'.includes(c)) return i + 2;
  // Any punctuation may be escaped; letters and digits only as listed above.
  if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c)) return i + 2;
  if (c.charCodeAt(0) >= 0x80) return fail('invalid escape sequence', s.slice(i, i + 2));
  return fail('invalid escape sequence', s.slice(i, i + 2), c === 'k' || c === 'g' ? 'backreference' : 'other');
}

/** Parses a class starting at s[i] === '['; returns the index after its ']' or an error. */
function charClass(s: string, i: number): number | GoRegexpResult {
  let j = i + 1;
  if (s[j] === '^') j++;
  let first = true;
  let prev: number | null = null; // code point of the last single char (for ranges)
  while (j < s.length) {
    const c = s[j]!;
    if (c === ']' && !first) return j + 1;
    first = false;
    if (c === '[' && s[j + 1] === ':') {
      const end = s.indexOf(':]', j + 2);
      if (end >= 0) {
        const name = s.slice(j + 2, end).replace(/^\^/, '');
        if (!/^(alnum|alpha|ascii|blank|cntrl|digit|graph|lower|print|punct|space|upper|word|xdigit)$/.test(name)) return fail('invalid character class range', s.slice(j, end + 2));
        j = end + 2;
        prev = null;
        continue;
      }
    }
    let lo: number | null;
    if (c === '\\') {
      const r = escape(s, j, true);
      if (typeof r !== 'number') return r;
      const esc = s.slice(j, r);
      lo = esc.length === 2 && !/[dDsSwWpP]/.test(esc[1]!) ? esc.charCodeAt(1) : null;
      j = r;
    } else {
      lo = s.codePointAt(j)!;
      j += lo > 0xffff ? 2 : 1;
    }
    if (s[j] === '-' && s[j + 1] !== ']' && s[j + 1] !== undefined) {
      // A range lo-hi.
      let hi: number | null;
      const k = j + 1;
      if (s[k] === '\\') {
        const r = escape(s, k, true);
        if (typeof r !== 'number') return r;
        const esc = s.slice(k, r);
        hi = esc.length === 2 ? esc.charCodeAt(1) : null;
        j = r;
      } else {
        hi = s.codePointAt(k)!;
        j = k + (hi > 0xffff ? 2 : 1);
      }
      if (lo === null || hi === null || hi < lo) return fail('invalid character class range', s.slice(i, j));
      prev = null;
      continue;
    }
    prev = lo;
  }
  void prev;
  return fail('missing closing ]', s.slice(i));
}

/** Would Go's regexp.Compile accept this pattern? */
export function compileGoRegexp(s: string): GoRegexpResult {
  let groups = 0;
  const names: string[] = [];
  const stack: number[] = []; // start index of open groups
  let atom = false; // something a repetition can apply to
  let repeated = false; // the last thing was a repetition operator
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '(') {
      if (s[i + 1] === '?') {
        const rest = s.slice(i);
        const named = /^\(\?P?<([^>]*)>/.exec(rest);
        if (named && !/^\(\?<[=!]/.test(rest)) {
          const name = named[1]!;
          if (!name || !/^[A-Za-z0-9_]+$/.test(name)) return fail('invalid named capture', named[0]);
          if (names.includes(name)) return fail('duplicate capture group name', named[0]);
          names.push(name);
          groups++;
          stack.push(i);
          i += named[0].length;
          atom = false;
          repeated = false;
          continue;
        }
        if (/^\(\?(<?[=!])/.test(rest)) return fail('invalid or unsupported Perl syntax', rest.slice(0, rest[2] === '<' ? 4 : 3), 'lookaround');
        if (rest.startsWith('(?>')) return fail('invalid or unsupported Perl syntax', '(?>', 'atomic');
        const flags = /^\(\?([A-Za-z-]*)([:)])/.exec(rest);
        if (!flags || !flags[1]!.replace('-', '').split('').every((f) => FLAGS.has(f)) || (flags[1]!.match(/-/g)?.length ?? 0) > 1 || flags[1]!.endsWith('-') || flags[1] === '') {
          return fail('invalid or unsupported Perl syntax', rest.slice(0, Math.min(rest.length, 3)), 'other');
        }
        i += flags[0].length;
        if (flags[2] === ':') stack.push(i);
        atom = false;
        repeated = false;
        continue;
      }
      groups++;
      stack.push(i);
      i++;
      atom = false;
      repeated = false;
      continue;
    }
    if (c === ')') {
      if (!stack.length) return fail('unexpected )', s);
      stack.pop();
      i++;
      atom = true;
      repeated = false;
      continue;
    }
    if (c === '|') {
      i++;
      atom = false;
      repeated = false;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(s.slice(i)))) {
      let end = i + 1;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i))!;
        const min = Number(m[1]);
        const max = m[2] ? (m[3] ? Number(m[3]) : -1) : min;
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) return fail('invalid repeat count', m[0]);
        end = i + m[0].length;
      }
      if (repeated) return fail('invalid nested repetition operator', s.slice(i - 1, end), c === '+' ? 'possessive' : 'other');
      if (!atom) return fail('missing argument to repetition operator', s.slice(i, end));
      if (s[end] === '?') end++; // non-greedy
      i = end;
      repeated = true;
      continue;
    }
    if (c === '[') {
      const r = charClass(s, i);
      if (typeof r !== 'number') return r;
      i = r;
      atom = true;
      repeated = false;
      continue;
    }
    if (c === '\\') {
      if (s[i + 1] === 'Q') {
        const end = s.indexOf('\\E', i + 2);
        const lit = end < 0 ? s.slice(i + 2) : s.slice(i + 2, end);
        i = end < 0 ? s.length : end + 2;
        atom = lit.length > 0 || atom;
        repeated = false;
        continue;
      }
      const r = escape(s, i, false);
      if (typeof r !== 'number') return r;
      i = r;
      atom = true;
      repeated = false;
      continue;
    }
    // Literals, ".", "^", "$" (Go lets a repetition follow an empty-width assertion).
    i += (s.codePointAt(i)! > 0xffff ? 2 : 1);
    atom = true;
    repeated = false;
  }
  if (stack.length) return fail('missing closing )', s);
  return { ok: true, groups, names };
}

export interface TemplateRef {
  /** The reference as written: "$1", "${name}", "$1x". */
  text: string;
  /** The group name or number it denotes (Go: the longest run of letters, digits and _). */
  name: string;
  braced: boolean;
  index: number;
}

/** The `$name` / `${name}` references of a Regexp.Expand template (`$$` is a literal $). */
export function templateRefs(template: string): TemplateRef[] {
  const out: TemplateRef[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== '$') continue;
    if (template[i + 1] === '$') {
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      const end = template.indexOf('}', i + 2);
      const name = end < 0 ? '' : template.slice(i + 2, end);
      if (end < 0 || !name || !/^[A-Za-z0-9_]+$/.test(name)) continue; // malformed: "$" is literal
      out.push({ text: template.slice(i, end + 1), name, braced: true, index: i });
      i = end;
      continue;
    }
    let j = i + 1;
    while (j < template.length && isWord(template[j]!)) j++;
    if (j === i + 1) continue; // "$" followed by no name: literal
    out.push({ text: template.slice(i, j), name: template.slice(i + 1, j), braced: false, index: i });
    i = j - 1;
  }
  return out;
}

/** Does a reference name an existing group? Numbers count groups (0 is the whole match); other names must be named groups. */
export function refExists(ref: TemplateRef, groups: number, names: string[]): boolean {
  if (/^\d+$/.test(ref.name)) return Number(ref.name) <= groups;
  return names.includes(ref.name);
}
