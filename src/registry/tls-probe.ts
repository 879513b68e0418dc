/**
 * One TLS handshake per endpoint host, judged the way Go's crypto/x509 judges it for containerd
 * (DOMAIN §1.8, §5.2 rows 1-5): validity first, then the name against the SANs (never the CN),
 * then the chain against the system roots plus `ca_file`. Error texts use Go's wording so users
 * recognise them from kubelet events.
 */
import tls from 'node:tls';
import net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { certInfo, type CertInfo } from '../x509.js';
import { probeError, type ProbeError } from './errors.js';

export type TlsCause =
  | 'unknown-ca'
  | 'san-mismatch'
  | 'no-ip-san'
  | 'cn-only'
  | 'expired'
  | 'not-yet-valid'
  | 'client-cert-required'
  | 'http-server'
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'reset'
  | 'ca-file'
  | 'client-cert-file'
  | 'other';

export interface TlsSettings {
  caPems: string[];
  certPem: string | null;
  keyPem: string | null;
  insecureSkipVerify: boolean;
}

export interface TlsResult {
  ok: boolean;
  cause: TlsCause | null;
  /** Go's error, e.g. "tls: failed to verify certificate: x509: certificate signed by unknown authority". */
  error: ProbeError | null;
  /** Verification was switched off by insecure_skip_verify. */
  verificationSkipped: boolean;
  protocol: string | null;
  cert: CertInfo | null;
  /** Certificates the server sent, leaf first. */
  chain: CertInfo[];
  /** The client certificate was requested/used. */
  clientCertSent: boolean;
}

export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

function goTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Go's matchHostnames: a wildcard covers exactly one left-most label. */
function dnsMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const hl = h.split('.');
  const pl = p.split('.');
  if (hl.length !== pl.length) return false;
  return pl.slice(1).join('.') === hl.slice(1).join('.');
}

/** Canonical form for comparing addresses: IPv6 expanded to eight groups without leading zeros. */
function normIp(ip: string): string {
  if (!net.isIPv6(ip)) return ip;
  const [head, tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

/** Validity, then name; null when both are fine. Mirrors the order of Go's Certificate.Verify. */
export function judgeLeaf(leaf: CertInfo, hostname: string, now = new Date()): { cause: TlsCause; error: string } | null {
  const nb = new Date(leaf.notBefore);
  const na = new Date(leaf.notAfter);
  if (now < nb) return { cause: 'not-yet-valid', error: `x509: certificate has expired or is not yet valid: current time ${goTime(now)} is before ${goTime(nb)}` };
  if (now > na) return { cause: 'expired', error: `x509: certificate has expired or is not yet valid: current time ${goTime(now)} is after ${goTime(na)}` };
  const host = bareHost(hostname);
  if (leaf.dnsNames.length === 0 && leaf.ipAddresses.length === 0) {
    // Go's HostnameError: a CN that would have matched gets its own message (DOMAIN §1.8).
    const cn = /(?:^|,\s*)CN=([^,]+)/.exec(leaf.subject)?.[1]?.trim();
    if (cn && dnsMatches(cn, host)) return { cause: 'cn-only', error: 'x509: certificate relies on legacy Common Name field, use SANs instead' };
  }
  if (net.isIP(host)) {
    if (leaf.ipAddresses.length === 0) {
      if (leaf.dnsNames.length === 0) return { cause: 'cn-only', error: `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs` };
      return { cause: 'no-ip-san', error: `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs` };
    }
    if (leaf.ipAddresses.some((ip) => normIp(ip) === normIp(host))) return null;
    return { cause: 'san-mismatch', error: `x509: certificate is valid for ${leaf.ipAddresses.join(', ')}, not ${host}` };
  }
  if (leaf.dnsNames.length === 0 && leaf.ipAddresses.length === 0) {
    return { cause: 'cn-only', error: `x509: certificate is not valid for any names, but wanted to match ${host}` };
  }
  if (leaf.dnsNames.some((d) => dnsMatches(d, host))) return null;
  const valid = [...leaf.dnsNames, ...leaf.ipAddresses];
  return { cause: 'san-mismatch', error: `x509: certificate is valid for ${valid.join(', ')}, not ${host}` };
}

function chainOf(peer: tls.DetailedPeerCertificate | null): CertInfo[] {
  const out: CertInfo[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = peer ?? undefined;
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    try {
      out.push(certInfo(new X509Certificate(c.raw)));
    } catch {
      break;
    }
    if (!c.issuerCertificate || c.issuerCertificate === c) break;
    c = c.issuerCertificate;
  }
  return out;
}

export function classifySocketError(err: NodeJS.ErrnoException, host: string, port: number): { cause: TlsCause; error: ProbeError } {
  const code = err.code ?? '';
  const msg = err.message ?? '';
  const addr = `${bareHost(host).includes(':') ? `[${bareHost(host)}]` : bareHost(host)}:${port}`;
  if (code === 'ECONNREFUSED') return { cause: 'refused', error: probeError('dial-refused', { addr }) };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { cause: 'dns', error: probeError('dial-dns', { host: bareHost(host) }) };
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR' || err.name === 'TimeoutError' || /^UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT$/.test(code)) return { cause: 'timeout', error: probeError('dial-timeout', { addr }) };
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL|HTTP_REQUEST/.test(code) || /wrong version number|packet length too long|http request/i.test(msg)) {
    return { cause: 'http-server', error: probeError('http-response-to-https', {}) };
  }
  if (/ALERT_CERTIFICATE_REQUIRED/.test(code) || /certificate required/i.test(msg)) return { cause: 'client-cert-required', error: probeError('tls-certificate-required', {}) };
  if (/ALERT_BAD_CERTIFICATE|ALERT_HANDSHAKE_FAILURE/.test(code) || /alert bad certificate|alert handshake failure/i.test(msg)) {
    return { cause: 'client-cert-required', error: probeError('tls-bad-certificate', {}) };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return { cause: 'reset', error: probeError('conn-reset', { addr }) };
  return { cause: 'other', error: probeError('socket', { detail: msg || code || 'TLS error' }) };
}

/** Handshake, then one tiny request so a server that demands a client certificate (TLS 1.3: after the handshake) shows it. */
export function probeTls(hostname: string, port: number, settings: TlsSettings, timeoutMs: number, signal: AbortSignal): Promise<TlsResult> {
  const host = bareHost(hostname);
  return new Promise<TlsResult>((resolve) => {
    let done = false;
    let handshake: { protocol: string | null; chain: CertInfo[]; authorized: boolean; authError: string | null } | null = null;
    const finish = (r: TlsResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const fail = (cause: TlsCause, error: ProbeError) =>
      finish({ ok: false, cause, error, verificationSkipped: settings.insecureSkipVerify, protocol: handshake?.protocol ?? null, cert: handshake?.chain[0] ?? null, chain: handshake?.chain ?? [], clientCertSent: Boolean(settings.certPem) });
    const socket = tls.connect({
      host,
      port,
      servername: net.isIP(host) ? undefined : host,
      ca: [...tls.rootCertificates, ...settings.caPems],
      cert: settings.certPem ?? undefined,
      key: settings.keyPem ?? undefined,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    // Go's wording depends on where the time ran out (DOMAIN §5.2 #10): in the handshake, net/http's
    // own "TLS handshake timeout"; after it, while the GET waits for an answer, the request's context.
    const timer = setTimeout(() => {
      if (!handshake) return fail('timeout', probeError('tls-handshake-timeout', {}));
      const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
      fail('timeout', probeError('deadline-exceeded', { url: `https://${authority}/v2/` }));
    }, timeoutMs);
    const onAbort = () => fail('timeout', probeError('canceled', {}));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const c = classifySocketError(err, host, port);
      if (handshake && c.cause === 'reset') return settle(); // server closed after answering
      fail(c.cause, c.error);
    });
    const settle = () => {
      if (!handshake) return;
      const leaf = handshake.chain[0] ?? null;
      const base = { verificationSkipped: settings.insecureSkipVerify, protocol: handshake.protocol, cert: leaf, chain: handshake.chain, clientCertSent: Boolean(settings.certPem) };
      if (settings.insecureSkipVerify) return finish({ ok: true, cause: null, error: null, ...base });
      if (!leaf) return finish({ ok: false, cause: 'other', error: probeError('no-certificate', {}), ...base });
      const j = judgeLeaf(leaf, host);
      if (j) return finish({ ok: false, cause: j.cause, error: probeError('tls-verify', { detail: j.error }), ...base });
      if (!handshake.authorized) {
        if (handshake.authError === 'CERT_HAS_EXPIRED') return finish({ ok: false, cause: 'expired', error: probeError('tls-verify', { detail: 'x509: certificate has expired or is not yet valid' }), ...base });
        return finish({ ok: false, cause: 'unknown-ca', error: probeError('tls-verify', { detail: 'x509: certificate signed by unknown authority' }), ...base });
      }
      finish({ ok: true, cause: null, error: null, ...base });
    };
    socket.once('secureConnect', () => {
      const authErr = socket.authorizationError;
      handshake = {
        protocol: socket.getProtocol(),
        chain: chainOf(socket.getPeerCertificate(true)),
        authorized: socket.authorized,
        authError: authErr ? String((authErr as NodeJS.ErrnoException).code ?? authErr) : null,
      };
      socket.write(`GET /v2/ HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUser-Agent: airgap-preflight\r\nConnection: close\r\n\r\n`);
    });
    socket.once('data', () => settle());
    socket.once('end', () => settle());
    socket.once('close', () => (handshake ? settle() : fail('reset', probeError('eof', {}))));
  });
}
