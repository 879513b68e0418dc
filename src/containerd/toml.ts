/**
 * A TOML reader for the files K3s writes (config.toml registry part, certs.d hosts.toml): tables,
 * quoted/bare keys, strings, booleans, integers, arrays. Pure.
 *
 * `goTomlV1` makes it fail where pelletier/go-toml v1 (containerd 1.5-1.7) fails on K3s output: a
 * `[` or `]` inside a quoted table-header key (an IPv6 literal such as `"http://[::1]:5000/v2"`),
 * measured with containerd 1.6.20 in test/registry-containerd.test.ts. Invalid escapes (K3s writes
 * rewrite patterns unescaped, so `\.` lands raw in a basic string) and duplicate tables fail in
 * every TOML parser.
 */
export type TomlValue = string | boolean | number | TomlValue[] | TomlTable;
export interface TomlTable { [key: string]: TomlValue }

export type TomlResult = { ok: true; root: TomlTable } | { ok: false; error: string; line: number };

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

class Cursor {
  i = 0;
  constructor(readonly s: string, readonly line: number) {}
  ws() { while (this.i < this.s.length && (this.s[this.i] === ' ' || this.s[this.i] === '\t')) this.i++; }
  peek() { return this.s[this.i]; }
  done() { this.ws(); return this.i >= this.s.length || this.s[this.i] === '#'; }
}

class TomlError extends Error {}

function basicString(c: Cursor): string {
  if (c.s[c.i] !== '"') throw new TomlError('expected "');
  c.i++;
  let out = '';
  for (;;) {
    const ch = c.s[c.i];
    if (ch === undefined) throw new TomlError('unterminated string');
    c.i++;
    if (ch === '"') return out;
    if (ch === '\\') {
      const e = c.s[c.i++];
      if (e === undefined) throw new TomlError('unterminated string');
      if (e === 'u' || e === 'U') {
        const n = e === 'u' ? 4 : 8;
        const hex = c.s.slice(c.i, c.i + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new TomlError('invalid unicode escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        c.i += n;
      } else if (ESCAPES[e] !== undefined) out += ESCAPES[e];
      else throw new TomlError(`invalid escape sequence \\${e}`);
    } else out += ch;
  }
}

function literalString(c: Cursor): string {
  const end = c.s.indexOf("'", c.i + 1);
  if (end < 0) throw new TomlError('unterminated string');
  const v = c.s.slice(c.i + 1, end);
  c.i = end + 1;
  return v;
}

function key(c: Cursor): string {
  c.ws();
  const ch = c.peek();
  if (ch === '"') return basicString(c);
  if (ch === "'") return literalString(c);
  const m = /^[A-Za-z0-9_-]+/.exec(c.s.slice(c.i));
  if (!m) throw new TomlError(`invalid key at column ${c.i + 1}`);
  c.i += m[0].length;
  return m[0];
}

function dottedKey(c: Cursor): string[] {
  const parts = [key(c)];
  for (;;) {
    c.ws();
    if (c.peek() !== '.') return parts;
    c.i++;
    parts.push(key(c));
  }
}

function value(c: Cursor): TomlValue {
  c.ws();
  const ch = c.peek();
  if (ch === '"') return basicString(c);
  if (ch === "'") return literalString(c);
  if (ch === '[') {
    c.i++;
    const arr: TomlValue[] = [];
    for (;;) {
      c.ws();
      if (c.peek() === ']') { c.i++; return arr; }
      arr.push(value(c));
      c.ws();
      if (c.peek() === ',') { c.i++; continue; }
      if (c.peek() === ']') { c.i++; return arr; }
      throw new TomlError('expected , or ] in array');
    }
  }
  const rest = c.s.slice(c.i);
  const m = /^(true|false|[+-]?\d+)/.exec(rest);
  if (!m) throw new TomlError(`invalid value at column ${c.i + 1}`);
  c.i += m[0].length;
  return m[0] === 'true' ? true : m[0] === 'false' ? false : Number(m[0]);
}

function isTable(v: TomlValue | undefined): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseToml(text: string, opts: { goTomlV1?: boolean } = {}): TomlResult {
  const root: TomlTable = Object.create(null) as TomlTable;
  let current = root;
  const defined = new Set<string>();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const c = new Cursor(lines[n]!.replace(/\r$/, ''), n + 1);
    try {
      if (c.done()) continue;
      if (c.peek() === '[') {
        if (c.s[c.i + 1] === '[') throw new TomlError('arrays of tables are not written by K3s');
        const open = c.i;
        c.i++;
        const path = dottedKey(c);
        c.ws();
        if (c.peek() !== ']') throw new TomlError('expected ] after table key');
        c.i++;
        if (!c.done()) throw new TomlError('unexpected text after table header');
        // go-toml v1's lexer ends a table header at the first `]`, quoted or not, and rejects a
        // `[` inside it (pelletier/go-toml v1 lexer.go lexTableKey / lexInsideTableKey).
        if (opts.goTomlV1 && /[[\]]/.test(c.s.slice(open + 1, c.s.lastIndexOf(']')))) {
          throw new TomlError('go-toml v1: unexpected "[" or "]" in a table key');
        }
        const id = JSON.stringify(path);
        if (defined.has(id)) throw new TomlError(`duplicate table ${path.join('.')}`);
        defined.add(id);
        let t = root;
        for (const p of path) {
          const next = t[p];
          if (next === undefined) t = t[p] = Object.create(null) as TomlTable;
          else if (isTable(next)) t = next;
          else throw new TomlError(`key ${p} is not a table`);
        }
        current = t;
        continue;
      }
      const path = dottedKey(c);
      c.ws();
      if (c.peek() !== '=') throw new TomlError('expected = after key');
      c.i++;
      const v = value(c);
      if (!c.done()) throw new TomlError('unexpected text after value');
      let t = current;
      for (const p of path.slice(0, -1)) {
        const next = t[p];
        if (next === undefined) t = t[p] = Object.create(null) as TomlTable;
        else if (isTable(next)) t = next;
        else throw new TomlError(`key ${p} is not a table`);
      }
      const last = path[path.length - 1]!;
      if (last in t) throw new TomlError(`duplicate key ${last}`);
      t[last] = v;
    } catch (err) {
      if (err instanceof TomlError) return { ok: false, error: `(${n + 1}, ${c.i + 1}): ${err.message}`, line: n + 1 };
      throw err;
    }
  }
  return { ok: true, root };
}

export function tableAt(root: TomlTable, path: string[]): TomlTable | null {
  let t: TomlValue | undefined = root;
  for (const p of path) {
    if (!isTable(t)) return null;
    t = t[p];
  }
  return isTable(t) ? t : null;
}

export const asString = (v: TomlValue | undefined): string | null => (typeof v === 'string' ? v : null);
export const asBool = (v: TomlValue | undefined): boolean | null => (typeof v === 'boolean' ? v : null);
export function asStrings(v: TomlValue | undefined): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
