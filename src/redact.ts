/**
 * Process-wide secret redaction. Probes that read credentials register every secret form they see
 * (the value, base64 of user:password, a bearer token); every reporter, saved fact and error line
 * passes through `redact`. Checks never receive secret values in the first place (the registries
 * probe replaces them in the tree); this is the second line of defence.
 */
const secrets = new Set<string>();
export const REDACTED = '<redacted>';
/** Every secret, longest first, re-sorted only when a secret is added. */
let sorted: string[] | null = null;

export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string') return;
  // Very short values would redact ordinary words; they are still never printed by design.
  if (value.length < 3) return;
  sorted = null;
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
    sorted = null;
    secrets.add(Buffer.from(`${username ?? ''}:${password}`, 'utf8').toString('base64'));
  }
}

export function clearSecrets(): void {
  secrets.clear();
  sorted = null;
}

function sortedSecrets(): string[] {
  // Longest first so that a secret containing another is replaced whole. A plain includes() per
  // secret beats one huge alternation: JWTs make a regex of hundreds of kilobytes whose compiled
  // code, rebuilt as tokens arrive, doubled the benchmark's peak RSS.
  if (!sorted) sorted = [...secrets].sort((a, b) => b.length - a.length);
  return sorted;
}

// An Authorization header value: always a scheme and a credential ("authorization: authorization
// failed" in a containerd error is prose, not a header, and must survive).
const HEADER_RE = /\b((?:proxy-)?authorization)("?\s*[:=]\s*"?)(basic|bearer)\s+[^\s",}]+/gi;
const SCHEME_RE = /\b(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/g;

/** Does this word look like a credential rather than English ("Basic authentication")? */
function looksLikeCredential(word: string): boolean {
  if (/[0-9=+/.]/.test(word)) return true;
  return /[a-z]/.test(word) && /[A-Z]/.test(word.slice(1));
}

export function redact(text: string): string {
  let out = text;
  for (const s of sortedSecrets()) {
    if (s.length <= out.length && out.includes(s)) out = out.split(s).join(REDACTED);
  }
  out = out.replace(HEADER_RE, (_m, name: string, sep: string, scheme: string) => `${name}${sep}${scheme} ${REDACTED}`);
  // A free-standing `Bearer <8+ chars>` is always a token; after `Basic`, keep English words.
  out = out.replace(SCHEME_RE, (m, scheme: string, word: string) => (scheme === 'Bearer' || looksLikeCredential(word) ? `${scheme} ${REDACTED}` : m));
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
