/**
 * Process-wide secret redaction. Probes that read credentials register every secret form they see
 * (the value, base64 of user:password, a bearer token); every reporter, saved fact and error line
 * passes through `redact`. Checks never receive secret values in the first place (the registries
 * probe replaces them in the tree); this is the second line of defence.
 */
const secrets = new Set<string>();
export const REDACTED = '<redacted>';

export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string') return;
  // Very short values would redact ordinary words; they are still never printed by design.
  if (value.length < 3) return;
  secrets.add(value);
  // Base64 and URL-encoded forms travel in headers and query strings.
  secrets.add(Buffer.from(value, 'utf8').toString('base64'));
  const enc = encodeURIComponent(value);
  if (enc !== value) secrets.add(enc);
}

/** Register user:password in the forms an Authorization header or `auth` field carries. */
export function registerCredentialPair(username: string | null | undefined, password: string | null | undefined): void {
  if (typeof password === 'string' && password.length > 0) {
    registerSecret(password);
    secrets.add(Buffer.from(`${username ?? ''}:${password}`, 'utf8').toString('base64'));
  }
}

export function clearSecrets(): void {
  secrets.clear();
}

const HEADER_RE = /\b(authorization|proxy-authorization)(\s*[:=]\s*)("?)(basic|bearer)?\s*[^\s",}]+/gi;
const BEARER_RE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

export function redact(text: string): string {
  let out = text;
  if (secrets.size > 0) {
    // Longest first so that a secret containing another is replaced whole.
    const sorted = [...secrets].sort((a, b) => b.length - a.length);
    for (const s of sorted) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
  }
  out = out.replace(HEADER_RE, (_m, name: string, sep: string, q: string, scheme?: string) => `${name}${sep}${q}${scheme ? scheme + ' ' : ''}${REDACTED}`);
  out = out.replace(BEARER_RE, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  return out;
}

export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (/^(password|auth|identity_?token|token|access_token|refresh_token|authorization|secret)$/i.test(k) && typeof v === 'string') {
        out[k] = v.length ? REDACTED : v;
      } else {
        out[k] = redactDeep(v);
      }
    }
    return out as T;
  }
  return value;
}
