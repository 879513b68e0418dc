import { X509Certificate, createPrivateKey } from 'node:crypto';

export interface CertInfo {
  subject: string;
  issuer: string;
  dnsNames: string[];
  ipAddresses: string[];
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  selfSigned: boolean;
  fingerprint256: string;
  serialNumber: string;
}

function parseSans(san: string | undefined): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  if (!san) return { dns, ip };
  for (const part of san.split(/,\s*/)) {
    const m = /^(DNS|IP Address):(.*)$/.exec(part.trim());
    if (!m) continue;
    if (m[1] === 'DNS') dns.push(m[2]!.trim());
    else ip.push(m[2]!.trim());
  }
  return { dns, ip };
}

export function certInfo(cert: X509Certificate): CertInfo {
  const { dns, ip } = parseSans(cert.subjectAltName);
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    dnsNames: dns,
    ipAddresses: ip,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    isCA: cert.ca,
    selfSigned: cert.subject === cert.issuer && safeVerify(cert),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
  };
}

function safeVerify(cert: X509Certificate): boolean {
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

export interface PemContents {
  /** Number of PEM blocks of any kind. */
  blocks: number;
  certs: CertInfo[];
  /** PEM texts of the certificates, kept in memory only (never saved: the fact keeps CertInfo). */
  keyBlocks: number;
  errors: string[];
}

const BLOCK_RE = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export function parsePem(text: string): PemContents & { certPems: string[]; keyPems: string[] } {
  const out = { blocks: 0, certs: [] as CertInfo[], keyBlocks: 0, errors: [] as string[], certPems: [] as string[], keyPems: [] as string[] };
  for (const m of text.matchAll(BLOCK_RE)) {
    out.blocks++;
    const label = m[1]!;
    if (label === 'CERTIFICATE') {
      try {
        out.certs.push(certInfo(new X509Certificate(m[0])));
        out.certPems.push(m[0]);
      } catch (err) {
        out.errors.push(`certificate block ${out.blocks} does not parse: ${(err as Error).message}`);
      }
    } else if (/PRIVATE KEY$/.test(label)) {
      out.keyBlocks++;
      out.keyPems.push(m[0]);
    }
  }
  return out;
}

/** null when the key or cert does not parse. */
export function keyMatchesCert(certPem: string, keyPem: string): boolean | null {
  try {
    const cert = new X509Certificate(certPem);
    const key = createPrivateKey(keyPem);
    return cert.checkPrivateKey(key);
  } catch {
    return null;
  }
}
