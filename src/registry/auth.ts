/**
 * WWW-Authenticate parsing and the Docker token flow (DOMAIN §1.7, §3.3, §3.4).
 */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses one or more challenges (RFC 7235): `Bearer realm="…",service="…",scope="a:b:pull,push", Basic realm="x"`.
 * Quoted strings may contain commas and escaped quotes; scheme names are case-insensitive.
 */
export function parseWwwAuthenticate(header: string | string[] | null | undefined): Challenge[] {
  if (!header) return [];
  const text = Array.isArray(header) ? header.join(', ') : header;
  const out: Challenge[] = [];
  let i = 0;
  const n = text.length;
  const skipWs = () => {
    while (i < n && /[\s,]/.test(text[i]!)) i++;
  };
  const token = () => {
    const m = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(text.slice(i));
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  while (i < n) {
    skipWs();
    const scheme = token();
    if (!scheme) {
      i++;
      continue;
    }
    const ch: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(ch);
    // params: name=value pairs separated by commas, until the next bare token that is a scheme
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      const save = i;
      const name = token();
      if (!name) break;
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text[i] !== '=') {
        i = save; // a new scheme starts here
        break;
      }
      i++;
      while (i < n && /\s/.test(text[i]!)) i++;
      let value = '';
      if (text[i] === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n) i++;
          value += text[i];
          i++;
        }
        i++;
      } else {
        const m = /^[^,\s]*/.exec(text.slice(i))!;
        value = m[0];
        i += value.length;
      }
      ch.params[name.toLowerCase()] = value;
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text[i] === ',') i++;
      else break;
    }
  }
  return out;
}

export interface TokenResponse {
  token: string;
  /** Seconds; the spec's default is 60 when absent. */
  expiresIn: number;
  issuedAt: string | null;
}

/** `access_token` wins over `token` when both are present, as in containerd (DOMAIN §1.7). */
export function parseTokenBody(body: string): TokenResponse | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  const token = typeof o.access_token === 'string' && o.access_token ? o.access_token : typeof o.token === 'string' && o.token ? o.token : null;
  if (!token) return null;
  const exp = typeof o.expires_in === 'number' && o.expires_in > 0 ? o.expires_in : 60;
  return { token, expiresIn: exp, issuedAt: typeof o.issued_at === 'string' ? o.issued_at : null };
}

/** The `access` claim of a JWT token, if it is one (never verified; only to explain a denial, DOMAIN §3.3 step 5). */
export function jwtAccess(token: string): { type: string; name: string; actions: string[] }[] | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as { access?: unknown };
    if (!Array.isArray(payload.access)) return null;
    return payload.access
      .filter((a): a is Record<string, unknown> => Boolean(a) && typeof a === 'object')
      .map((a) => ({ type: String(a.type ?? ''), name: String(a.name ?? ''), actions: Array.isArray(a.actions) ? a.actions.map(String) : [] }));
  } catch {
    return null;
  }
}

/**
 * The `sub` claim of a JWT token: the user the token service authenticated. Harbor (and the Docker
 * token spec servers) treat wrong credentials as anonymous and still issue a token (DOMAIN §3.4); an
 * empty subject for a request that carried credentials tells "bad credentials" apart. null: not a JWT.
 */
export function jwtSubject(token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}
