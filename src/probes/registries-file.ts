import { promises as fs } from 'node:fs';
import { InputError } from '../errors.js';
import { parseYaml, type ParsedYaml, type YNode } from '../yaml-tree.js';
import { registerCredentialPair, registerSecret, REDACTED } from '../redact.js';
import { defineProbe } from '../probe-runner.js';
import { DEFAULTS, type FileProbeOptions } from '../options.js';
import { findDisableDirectives, type DisableDirective } from '../check-runner.js';

/** The largest registries.yaml we read. Real ones are a few hundred bytes. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Keys whose scalar values are secrets wherever they appear (also misspelt variants K3s would ignore). */
export const SECRET_KEYS = new Set(['password', 'auth', 'identity_token', 'identitytoken', 'token', 'access_token', 'refresh_token', 'registrytoken']);

export interface SecretInfo {
  /** Dotted path, e.g. configs.harbor.example.com.auth.password (keys joined as written). */
  path: string[];
  key: string;
  line: number;
  col: number;
  length: number;
  style: string;
  /** For an `auth` value: does it decode as base64(user:password)? */
  base64?: { valid: boolean; hasColon: boolean; user: string | null };
}

export interface RegistriesFileFact {
  path: string;
  size: number;
  /** Octal permission bits, e.g. "644". */
  mode: string;
  uid: number;
  lineCount: number;
  yaml: ParsedYaml;
  secrets: SecretInfo[];
  /** Spots in the raw text that YAML reads differently from what the author meant (never holds values). */
  hints: TextHint[];
  /** `# airgap-preflight-disable-next-line` comments (absent in facts saved before they existed). */
  directives?: DisableDirective[];
}

export interface TextHint {
  /** star: an unquoted `*` key (an alias to YAML); indicator: a credential value starting with a YAML indicator or holding ": ". */
  kind: 'star' | 'indicator';
  line: number;
  col: number;
  key: string | null;
  /** The indicator character(s), e.g. "&", "*", ": ". */
  indicator: string;
  /**
   * indicator only: the value is one line that single quotes keep byte for byte (no `#`, which may
   * start a comment, and not a block scalar header), so `lint --fix` may quote it in place.
   */
  quotable?: boolean;
}

const CREDENTIAL_KEYS = new Set(['username', 'password', 'auth', 'identity_token']);

/**
 * Scan the text line by line for the quoting mistakes of DOMAIN §1.7 and §1.2 ("the asterisk MUST be
 * quoted"). A parse error on such a line is then explained by the check that owns the mistake.
 */
export function findTextHints(text: string): TextHint[] {
  const hints: TextHint[] = [];
  text.split('\n').forEach((raw, i) => {
    const lineText = raw.replace(/\r$/, '');
    const star = /^(\s*(?:-\s+)?)\*\s*:/.exec(lineText);
    if (star) hints.push({ kind: 'star', line: i + 1, col: star[1]!.length + 1, key: '*', indicator: '*' });
    const m = /^(\s*(?:-\s+)?)(["']?)([A-Za-z_]+)\2\s*:[ \t]+(\S.*)$/.exec(lineText);
    if (!m || !CREDENTIAL_KEYS.has(m[3]!)) return;
    const value = m[4]!;
    const col = lineText.length - value.length + 1;
    if (value[0] === '"' || value[0] === "'" || value[0] === '#') return;
    // `auth: {username: …}` is the flow-style auth block, not a value.
    if (m[3] === 'auth' && value[0] === '{') return;
    // A block scalar with strip chomping (`|-`, `>-`) yields the intended text; `|` / `>` keep a trailing newline.
    if (/^[|>][1-9]?-(\s|$)/.test(value)) return;
    const quotable = !value.includes('#') && !'|>'.includes(value[0]!);
    if ('*&!%@`{[|>'.includes(value[0]!)) {
      hints.push({ kind: 'indicator', line: i + 1, col, key: m[3]!, indicator: value[0]!, quotable });
      return;
    }
    const beforeComment = value.replace(/\s+#.*$/, '');
    if (/:(\s|$)/.test(beforeComment)) hints.push({ kind: 'indicator', line: i + 1, col, key: m[3]!, indicator: ': ', quotable });
  });
  return hints;
}

export interface RawCredentials {
  [configKey: string]: { username?: string; password?: string; auth?: string; identityToken?: string };
}

function isBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

/** Reads and validates the file; throws InputError for things that are not a registries.yaml at all. */
export async function readRegistriesText(path: string): Promise<{ text: string; size: number; mode: number; uid: number }> {
  let st;
  try {
    st = await fs.stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (code === 'EACCES') throw new InputError(`${path}: permission denied`);
    throw new InputError(`${path}: cannot read (${code ?? 'error'})`);
  }
  if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a registries.yaml file (Docker creates a directory when a bind-mounted host file does not exist)`);
  if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
  if (st.size > MAX_FILE_BYTES) throw new InputError(`${path}: ${st.size} bytes is too large for a registries.yaml (limit ${MAX_FILE_BYTES} bytes)`);
  let buf: Buffer;
  try {
    buf = await fs.readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? 'error'})`}`);
  }
  if (isBinary(buf)) throw new InputError(`${path}: binary data, not a YAML text file`);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, size: st.size, mode: st.mode & 0o777, uid: st.uid };
}

function decodeAuth(value: string): SecretInfo['base64'] {
  const clean = value.trim();
  // Go's base64.StdEncoding: padded standard alphabet only.
  if (clean.length === 0 || clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) return { valid: false, hasColon: false, user: null };
  const decoded = Buffer.from(clean, 'base64').toString('utf8');
  const idx = decoded.indexOf(':');
  return { valid: true, hasColon: idx >= 0, user: idx >= 0 ? decoded.slice(0, idx) : null };
}

/**
 * Replace secret scalars in the tree with REDACTED, collecting what checks need to know about them
 * (length, position, whether `auth` is base64(user:pass)). Returns the raw credentials separately
 * for the registry probe, which needs them to authenticate and never stores them.
 */
export function extractSecrets(tree: YNode | null): { secrets: SecretInfo[]; raw: RawCredentials } {
  const secrets: SecretInfo[] = [];
  const raw: RawCredentials = {};
  const walk = (node: YNode | null, path: string[]) => {
    if (!node) return;
    if (node.kind === 'map') {
      for (const pair of node.items) {
        const v = pair.value;
        if (v && v.kind === 'scalar' && SECRET_KEYS.has(pair.key) && v.value !== null) {
          const value = v.type === 'str' ? String(v.value) : v.source;
          registerSecret(value);
          const info: SecretInfo = { path: [...path, pair.key], key: pair.key, line: v.line, col: v.col, length: value.length, style: v.style };
          if (pair.key === 'auth') {
            const decodedInfo = decodeAuth(value);
            info.base64 = decodedInfo;
            if (decodedInfo?.valid) {
              const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
              registerSecret(decoded);
              const i = decoded.indexOf(':');
              if (i >= 0) registerSecret(decoded.slice(i + 1));
            }
          }
          secrets.push(info);
          if (path.length === 3 && path[0] === 'configs' && path[2] === 'auth') {
            const entry = (raw[path[1]!] ??= {});
            if (pair.key === 'password') entry.password = value;
            if (pair.key === 'auth') entry.auth = value;
            if (pair.key === 'identity_token') entry.identityToken = value;
          }
          v.value = REDACTED;
          v.source = REDACTED;
          v.secret = true;
          continue;
        }
        if (v && v.kind === 'scalar' && pair.key === 'username' && path.length === 3 && path[0] === 'configs' && path[2] === 'auth') {
          (raw[path[1]!] ??= {}).username = v.type === 'str' ? String(v.value ?? '') : v.source;
        }
        walk(v, [...path, pair.key]);
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((it, i) => walk(it, [...path, String(i)]));
    }
  };
  walk(tree, []);
  for (const c of Object.values(raw)) registerCredentialPair(c.username, c.password);
  return { secrets, raw };
}

export async function probeRegistriesFile(path: string): Promise<{ fact: RegistriesFileFact; raw: RawCredentials }> {
  const { text, size, mode, uid } = await readRegistriesText(path);
  const yaml = parseYaml(text);
  const { secrets, raw } = extractSecrets(yaml.tree);
  return {
    fact: { path, size, mode: mode.toString(8).padStart(3, '0'), uid, lineCount: text.split('\n').length, yaml, secrets, hints: findTextHints(text), directives: findDisableDirectives(text) },
    raw,
  };
}

export const RAW_CREDENTIALS = 'registries.rawCredentials';

/** Probe: read and parse registries.yaml. Raw credentials go to the runtime map, never to the fact. */
export const registriesFileProbe = defineProbe<RegistriesFileFact, FileProbeOptions>({
  id: 'registriesFile',
  timeoutMs: DEFAULTS.timeoutMs,
  async run(ctx) {
    const { fact, raw } = await probeRegistriesFile(ctx.options.file);
    ctx.runtime.set(RAW_CREDENTIALS, raw);
    return fact;
  },
});
