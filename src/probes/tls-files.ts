import { promises as fs } from 'node:fs';
import { defineProbe } from '../probe-runner.js';
import { DEFAULTS } from '../options.js';
import { parsePem, keyMatchesCert, type CertInfo } from '../x509.js';
import type { RegistriesFileFact } from './registries-file.js';
import { underHostRoot } from '../host-root.js';
import { buildModel } from '../registries-model.js';

export type TlsRole = 'ca_file' | 'cert_file' | 'key_file';

export interface TlsFileInfo {
  path: string;
  roles: TlsRole[];
  kind: 'file' | 'directory' | 'other' | 'missing';
  readable: boolean;
  /** Why it could not be read, e.g. "permission denied". */
  error: string | null;
  size: number | null;
  pem: { blocks: number; certs: CertInfo[]; keyBlocks: number; errors: string[] } | null;
}

export interface TlsFilesFact {
  files: Record<string, TlsFileInfo>;
  /** cert_file/key_file pairs of each configs entry and whether the key belongs to the certificate. */
  pairs: { config: string; cert: string; key: string; matches: boolean | null }[];
  /** When the files were read (ISO 8601): certificate validity is judged at this instant, so a replayed fact gives the same verdict. */
  checkedAt?: string;
}

const MAX_PEM_BYTES = 1024 * 1024;

async function readTlsFile(path: string): Promise<{ info: Omit<TlsFileInfo, 'roles' | 'path'>; text: string | null }> {
  let st;
  try {
    st = await fs.stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { info: { kind: 'missing', readable: false, error: code === 'ENOENT' ? 'no such file' : `cannot stat (${code})`, size: null, pem: null }, text: null };
  }
  if (st.isDirectory()) return { info: { kind: 'directory', readable: false, error: 'is a directory', size: null, pem: null }, text: null };
  if (!st.isFile()) return { info: { kind: 'other', readable: false, error: 'not a regular file', size: null, pem: null }, text: null };
  if (st.size > MAX_PEM_BYTES) return { info: { kind: 'file', readable: false, error: `too large for a PEM file (${st.size} bytes)`, size: st.size, pem: null }, text: null };
  try {
    const text = await fs.readFile(path, 'latin1');
    const pem = parsePem(text);
    return { info: { kind: 'file', readable: true, error: null, size: st.size, pem: { blocks: pem.blocks, certs: pem.certs, keyBlocks: pem.keyBlocks, errors: pem.errors } }, text };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { info: { kind: 'file', readable: false, error: code === 'EACCES' ? 'permission denied' : `cannot read (${code})`, size: st.size, pem: null }, text: null };
  }
}

/** --host-root (registry): the TLS files are read under it; lint's options have none. */
function hostRootOf(o: unknown): string | null {
  const r = (o as { hostRoot?: unknown } | null)?.hostRoot;
  return typeof r === 'string' && r !== '' ? r : null;
}

/** Probe: stat and parse every ca_file / cert_file / key_file named in registries.yaml, on this host. */
export const tlsFilesProbe = defineProbe<TlsFilesFact, unknown>({
  id: 'tlsFiles',
  timeoutMs: DEFAULTS.timeoutMs,
  needs: ['registriesFile'],
  async run(ctx) {
    const reg = await ctx.fact<RegistriesFileFact>('registriesFile');
    const fact: TlsFilesFact = { files: {}, pairs: [], checkedAt: new Date().toISOString() };
    if (!reg.ok) return fact;
    const model = buildModel(reg.value.yaml.tree);
    const texts = new Map<string, string | null>();
    const add = async (p: string, role: TlsRole) => {
      if (!fact.files[p]) {
        const { info, text } = await readTlsFile(underHostRoot(hostRootOf(ctx.options), p));
        fact.files[p] = { path: p, roles: [], ...info };
        texts.set(p, text);
      }
      if (!fact.files[p]!.roles.includes(role)) fact.files[p]!.roles.push(role);
    };
    for (const c of model.configs) {
      if (!c.tls) continue;
      if (c.tls.caFile) await add(c.tls.caFile.path, 'ca_file');
      if (c.tls.certFile) await add(c.tls.certFile.path, 'cert_file');
      if (c.tls.keyFile) await add(c.tls.keyFile.path, 'key_file');
      if (c.tls.certFile && c.tls.keyFile) {
        const certText = texts.get(c.tls.certFile.path);
        const keyText = texts.get(c.tls.keyFile.path);
        let matches: boolean | null = null;
        if (certText && keyText) {
          const cert = parsePem(certText).certPems[0];
          const key = parsePem(keyText).keyPems[0];
          if (cert && key) matches = keyMatchesCert(cert, key);
        }
        fact.pairs.push({ config: c.key, cert: c.tls.certFile.path, key: c.tls.keyFile.path, matches });
      }
    }
    return fact;
  },
});
