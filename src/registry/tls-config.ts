/**
 * TLS configuration of one endpoint: the `configs.<key>.tls` block read as containerd reads it (CA
 * appended to the system roots, client pair, insecure_skip_verify where this K3s supports it). The
 * file reads are injected; the result is the settings, or the error containerd would report.
 */
import type { ConfigEntry } from '../registries-model.js';
import { registerSecret } from '../redact.js';
import { probeError, type ProbeError } from './errors.js';
import type { EndpointFact } from './probe-fact.js';
import type { TlsSettings } from './tls-probe.js';

export type TlsFact = NonNullable<EndpointFact['tls']>;

export type TlsConfig = { fact: TlsFact; settings: TlsSettings } | { fact: TlsFact; cause: 'ca-file' | 'client-cert-file'; error: ProbeError };

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code);
}

/** What the fact says before the handshake (pure). */
export function tlsFact(t: ConfigEntry['tls'], skipSupported: boolean): TlsFact {
  const skip = Boolean(t?.insecureSkipVerify) && skipSupported;
  return {
    caFile: t?.caFile?.path ?? null,
    certFile: t?.certFile?.path ?? null,
    keyFile: t?.keyFile?.path ?? null,
    insecureSkipVerify: skip,
    insecureSkipVerifyIgnored: Boolean(t?.insecureSkipVerify) && !skipSupported,
    verificationSkipped: skip,
    protocol: null,
    cert: null,
    chain: [],
  };
}

export async function loadTlsConfig(t: ConfigEntry['tls'], skipSupported: boolean, readFile: (p: string) => Promise<string>): Promise<TlsConfig> {
  const fact = tlsFact(t, skipSupported);
  const caPems: string[] = [];
  if (t?.caFile) {
    let pem: string;
    try {
      pem = await readFile(t.caFile.path);
    } catch (err) {
      return { fact, cause: 'ca-file', error: probeError('ca-unreadable', { path: t.caFile.path, reason: reasonOf(err) }) };
    }
    if (!/-----BEGIN CERTIFICATE-----/.test(pem)) return { fact, cause: 'ca-file', error: probeError('ca-no-pem', { path: t.caFile.path }) };
    caPems.push(pem);
  }
  if (t?.certFile && !t.keyFile) return { fact, cause: 'client-cert-file', error: probeError('cert-without-key', { path: t.certFile.path }) };
  let certPem: string | null = null;
  let keyPem: string | null = null;
  if (t?.certFile && t.keyFile) {
    try {
      certPem = await readFile(t.certFile.path);
      keyPem = await readFile(t.keyFile.path);
      registerSecret(keyPem);
    } catch (err) {
      return { fact, cause: 'client-cert-file', error: probeError('cert-unreadable', { detail: (err as Error).message }) };
    }
  }
  return { fact, settings: { caPems, certPem, keyPem, insecureSkipVerify: fact.insecureSkipVerify } };
}
