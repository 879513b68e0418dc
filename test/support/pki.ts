// Test PKI made with the real `openssl` CLI: a CA, a second unrelated CA, a client certificate
// signed by the CA, and server certificates in every shape the registry probe must diagnose
// (DOMAIN §1.8, §5.2). Keys are EC P-256 so a whole PKI is made in well under a second.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  /** A CA that signed nothing the registries use: the "wrong CA" in ca_file. */
  otherCaCert: string;
  otherCaKey: string;
  /** Client certificate (extendedKeyUsage clientAuth) signed by caCert, for mutual TLS. */
  clientCert: string;
  clientKey: string;
}

export type ServerCertKind = 'valid' | 'expired' | 'not-yet-valid' | 'wrong-san' | 'cn-only' | 'self-signed' | 'ip-only';

/** Hosts a loopback test server answers on; the default SAN list. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];

export function openssl(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`openssl ${args[0]} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

async function ecKey(path: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
}

async function selfSignedCa(dir: string, name: string, cn: string): Promise<{ cert: string; key: string }> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  await ecKey(key);
  await openssl([
    'req', '-x509', '-new', '-key', key, '-sha256', '-days', '3650', '-subj', `/O=airgap-preflight tests/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-out', cert,
  ]);
  return { cert, key };
}

function sanList(hosts: string[]): string {
  return hosts.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
}

/**
 * Sign a CSR with the given CA using `openssl ca`, which (unlike `openssl x509` in OpenSSL 3.0)
 * accepts explicit start/end dates, so expired and not-yet-valid certificates are real ones.
 */
async function caSign(
  ca: { cert: string; key: string },
  csr: string,
  out: string,
  ext: string,
  dates: { start?: string; end?: string; days?: number },
): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'agp-ca-'));
  await writeFile(join(work, 'index.txt'), '');
  await mkdir(join(work, 'certs'));
  const cnf = [
    '[ca]', 'default_ca = test_ca', '[test_ca]', `dir = ${work}`, `database = ${work}/index.txt`,
    `new_certs_dir = ${work}/certs`, 'rand_serial = yes', 'default_md = sha256', 'policy = any',
    'unique_subject = no', 'copy_extensions = none', 'email_in_dn = no', '[any]', 'commonName = supplied',
    'organizationName = optional', '[ext]', ext, '',
  ].join('\n');
  await writeFile(join(work, 'ca.cnf'), cnf);
  const args = ['ca', '-batch', '-notext', '-config', join(work, 'ca.cnf'), '-cert', ca.cert, '-keyfile', ca.key,
    '-in', csr, '-out', out, '-extensions', 'ext'];
  if (dates.start) args.push('-startdate', dates.start);
  if (dates.end) args.push('-enddate', dates.end);
  else args.push('-days', String(dates.days ?? 365));
  try {
    await openssl(args);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function makePki(dir?: string): Promise<Pki> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'agp-pki-')));
  await mkdir(root, { recursive: true });
  const ca = await selfSignedCa(root, 'ca', 'airgap-preflight test CA');
  const other = await selfSignedCa(root, 'other-ca', 'some other CA');
  const clientKey = join(root, 'client.key');
  const clientCert = join(root, 'client.pem');
  const csr = join(root, 'client.csr');
  await ecKey(clientKey);
  await openssl(['req', '-new', '-key', clientKey, '-subj', '/O=airgap-preflight tests/CN=rancher-client', '-out', csr]);
  await caSign(ca, csr, clientCert, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth', {});
  return { dir: root, caCert: ca.cert, caKey: ca.key, otherCaCert: other.cert, otherCaKey: other.key, clientCert, clientKey };
}

/**
 * A server certificate + key (PEM file paths, written into pki.dir) of the given kind:
 * - valid: signed by the CA, SANs = hosts (IP SAN for addresses, DNS SAN for names)
 * - expired: as valid, but notAfter in 2021; not-yet-valid: notBefore in 2099
 * - wrong-san: signed by the CA, SAN only DNS:registry.wrong.invalid (does not cover hosts)
 * - cn-only: signed by the CA, CN = hosts[0], no subjectAltName at all (Go ≥1.15 rejects it)
 * - self-signed: its own issuer, SANs = hosts, not a CA certificate
 * - ip-only: signed by the CA, only the IP SANs of hosts (a DNS name is then not covered)
 */
export async function serverCert(pki: Pki, kind: ServerCertKind, hosts: string[] = LOOPBACK_HOSTS): Promise<{ cert: string; key: string }> {
  const id = `server-${kind}-${randomBytes(4).toString('hex')}`;
  const key = join(pki.dir, `${id}.key`);
  const cert = join(pki.dir, `${id}.pem`);
  await ecKey(key);
  const cn = kind === 'wrong-san' ? 'registry.wrong.invalid' : hosts[0] ?? 'localhost';
  const subj = `/O=airgap-preflight tests/CN=${cn}`;
  const usage = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth';
  let san: string | null = sanList(hosts);
  if (kind === 'wrong-san') san = 'DNS:registry.wrong.invalid';
  if (kind === 'cn-only') san = null;
  if (kind === 'ip-only') san = sanList(hosts.filter((h) => isIP(h)));
  if (kind === 'self-signed') {
    await openssl(['req', '-x509', '-new', '-key', key, '-sha256', '-days', '365', '-subj', subj,
      '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'extendedKeyUsage=serverAuth',
      '-addext', `subjectAltName=${san}`, '-out', cert]);
    return { cert, key };
  }
  const csr = join(pki.dir, `${id}.csr`);
  await openssl(['req', '-new', '-key', key, '-subj', subj, '-out', csr]);
  const ext = san ? `${usage}\nsubjectAltName=${san}` : usage;
  const dates = kind === 'expired' ? { start: '20200101000000Z', end: '20210101000000Z' }
    : kind === 'not-yet-valid' ? { start: '20990101000000Z', end: '20991231000000Z' }
    : {};
  await caSign({ cert: pki.caCert, key: pki.caKey }, csr, cert, ext, dates);
  return { cert, key };
}
