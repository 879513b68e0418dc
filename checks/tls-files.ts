import { defineCheck, type FindingInput, type MessageRef } from '../src/types.js';
import { AFTER_MODEL, loc, model, onRke2, tlsFilesFact } from '../src/check-helpers.js';
import type { Pos } from '../src/registries-model.js';
import { suggestion } from '../src/lint-fix.js';

const DAY = 24 * 3600 * 1000;

/**
 * Why the probe could not read a file, as a phrase of `messages` (translated with the message). The
 * fact holds the probe's fixed English reasons (saved facts too); an unknown one is quoted as is.
 */
function readError(error: string | null): MessageRef | string {
  let m: RegExpExecArray | null;
  if (!error) return { messageId: 'error.unknown' };
  if (error === 'permission denied') return { messageId: 'error.permission' };
  if (error === 'not a regular file') return { messageId: 'error.notFile' };
  if ((m = /^too large for a PEM file \((\d+) bytes\)$/.exec(error))) return { messageId: 'error.tooLarge', args: { bytes: Number(m[1]) } };
  if ((m = /^cannot read \((\w+)\)$/.exec(error))) return { messageId: 'error.cannotRead', args: { code: m[1] } };
  return error;
}

/** Why a ca_file/cert_file holds no certificate: the PEM parser's first error (its OpenSSL text kept verbatim) or the block count. */
function noCertDetail(pem: { blocks: number; errors: string[] }): MessageRef | string {
  const first = pem.errors[0];
  if (first === undefined) return { messageId: 'detail.noCertBlock', args: { blocks: pem.blocks } };
  const m = /^certificate block (\d+) does not parse: ([\s\S]*)$/.exec(first);
  return m ? { messageId: 'detail.certParse', args: { n: Number(m[1]), error: m[2] } } : first;
}

/**
 * DOMAIN §1.2, §1.8, §6 #7, #17 — judged on the files as they are on THIS host:
 * - missing/unreadable: the pull fails ("failed to load CA file: open …" / "unable to read CA cert");
 * - not PEM: certs.d fails "unable to load CA cert"; Mode A silently ignores it ⇒ x509 unknown authority;
 * - cert_file without key_file (or the reverse): "cert file %q was specified, but no corresponding key file";
 * - expired certificates are rejected by Go's verifier.
 */
export default defineCheck({
  id: 'tls-files',
  title: 'ca_file, cert_file and key_file are readable PEM files, valid today',
  failTitle: 'A TLS file is missing, unreadable, not PEM or expired',
  stage: 'lint',
  requires: ['registriesFile', 'tlsFiles'],
  after: AFTER_MODEL,
  spec: ['§1.2', '§1.8', '§6 #7', '§6 #17'],
  messages: {
    missing: '{role} "{path}" of configs."{host}" does not exist on this host. containerd fails every pull with "open {path}: no such file or directory".',
    'missing.fix': 'Copy the file to {path}, or point {role} at where it is. Inside the Rancher container the same path must exist: -v {path}:{path}:ro.',
    directory: '{role} "{path}" of configs."{host}" is a directory, not a file (Docker creates one when a bind-mounted host file does not exist).',
    'directory.fix': 'Point {role} at the PEM file itself, e.g. {path}/ca.crt.',
    unreadable: '{role} "{path}" of configs."{host}" cannot be read ({error}).',
    'unreadable.fix': 'Fix the permissions: the file must be readable by root inside the Rancher container (chmod 644 for certificates, 600 for keys).',
    notPem: '{role} "{path}" of configs."{host}" is not PEM (no -----BEGIN block). Newer containerd fails with "unable to load CA cert"; older ones ignore it and the pull fails with "x509: certificate signed by unknown authority".',
    'notPem.fix': 'Convert it: openssl x509 -inform der -in {path} -out {path}.pem, and point {role} at the .pem file.',
    noCert: '{role} "{path}" of configs."{host}" holds no certificate ({detail}).',
    'noCert.fix': 'Put the PEM certificate (-----BEGIN CERTIFICATE-----) in {path}.',
    noKey: 'key_file "{path}" of configs."{host}" holds no private key, so the client certificate cannot be used and the TLS handshake fails.',
    'noKey.fix': 'Point key_file at the PEM private key (-----BEGIN … PRIVATE KEY-----) of cert_file.',
    expired: '{role} "{path}" of configs."{host}": certificate "{subject}" expired on {notAfter}, so TLS verification fails ("x509: certificate has expired or is not yet valid").',
    'expired.fix': 'Renew the certificate (and the registry\'s own certificate if it is signed by it), then replace {path}.',
    notYetValid: '{role} "{path}" of configs."{host}": certificate "{subject}" is not valid before {notBefore}.',
    'notYetValid.fix': 'Check the clock of this host and of the registry, or reissue the certificate.',
    expiresSoon: '{role} "{path}" of configs."{host}": certificate "{subject}" expires on {notAfter} (in {days} days).',
    'expiresSoon.fix': 'Renew it before {notAfter}.',
    certWithoutKey: 'configs."{host}".tls has cert_file but no key_file; containerd stops with "cert file … was specified, but no corresponding key file was specified".',
    'certWithoutKey.fix': 'Add key_file (the client key) or remove cert_file (a client certificate is only needed if the registry asks for one; ca_file alone trusts a self-signed registry).',
    keyWithoutCert: 'configs."{host}".tls has key_file but no cert_file, so no client certificate is sent (and newer containerd refuses the config).',
    'keyWithoutCert.fix': 'Add cert_file or remove key_file.',
    mismatch: 'key_file "{key}" does not belong to cert_file "{cert}" in configs."{host}", so the TLS handshake fails ("private key does not match public key").',
    'mismatch.fix': 'Use the key the certificate was issued for (openssl x509 -noout -pubkey -in {cert} must equal openssl pkey -pubout -in {key}).',
    'error.unknown': 'unknown error',
    'error.permission': 'permission denied',
    'error.notFile': 'not a regular file',
    'error.tooLarge': 'too large for a PEM file ({bytes} bytes)',
    'error.cannotRead': 'cannot read ({code})',
    'detail.noCertBlock': '{blocks} PEM block(s), none a CERTIFICATE',
    'detail.certParse': 'certificate block {n} does not parse: {error}',
    // RKE2 node: containerd reads the files on the node itself (no container to mount them into).
    'missing.fix.rke2': 'Copy the file to {path}, or point {role} at where it is, on every RKE2 node that uses this registries.yaml (containerd reads it on the node), then restart RKE2 there (`systemctl restart rke2-server` on servers, `systemctl restart rke2-agent` on agents).',
    'unreadable.fix.rke2': 'Fix the permissions: the file must be readable by root on the RKE2 node (chmod 644 for certificates, 600 for keys).',
  },
  remediation: 'Point ca_file/cert_file/key_file at readable, unexpired PEM files, mounted at the same path in the Rancher container.',
  run(facts, ctx) {
    const tls = tlsFilesFact(facts);
    // Judged at the instant the probe read the files (a replayed fact keeps its verdict).
    const now = tls.checkedAt ? Date.parse(tls.checkedAt) : Date.now();
    const out: FindingInput[] = [];
    const rke2 = onRke2(ctx);
    for (const c of model(facts, ctx).configs) {
      if (!c.tls) continue;
      const host = c.key;
      if (c.tls.certFile && !c.tls.keyFile) out.push({ status: 'fail', messageId: 'certWithoutKey', args: { host }, target: host, location: loc(ctx, c.tls.certFile), data: { fix: suggestion({ op: 'delete', path: ['configs', host, 'tls', 'cert_file'] }) } });
      if (c.tls.keyFile && !c.tls.certFile) out.push({ status: 'fail', messageId: 'keyWithoutCert', args: { host }, target: host, location: loc(ctx, c.tls.keyFile), data: { fix: suggestion({ op: 'delete', path: ['configs', host, 'tls', 'key_file'] }) } });
      const fields: [string, (Pos & { path: string }) | null][] = [
        ['ca_file', c.tls.caFile],
        ['cert_file', c.tls.certFile],
        ['key_file', c.tls.keyFile],
      ];
      for (const [role, field] of fields) {
        if (!field) continue;
        const info = tls.files[field.path];
        const where = loc(ctx, field);
        const args = { role, path: field.path, host };
        const base = { target: field.path, location: where };
        if (!info) continue;
        if (info.kind === 'missing') out.push({ status: 'fail', messageId: 'missing', fixId: rke2 ? 'missing.fix.rke2' : undefined, args, ...base });
        else if (info.kind === 'directory') out.push({ status: 'fail', messageId: 'directory', args, ...base });
        else if (!info.readable || !info.pem) out.push({ status: 'fail', messageId: 'unreadable', fixId: rke2 ? 'unreadable.fix.rke2' : undefined, args: { ...args, error: readError(info.error) }, ...base });
        else if (info.pem.blocks === 0) out.push({ status: 'fail', messageId: 'notPem', args, ...base });
        else if (role === 'key_file') {
          if (info.pem.keyBlocks === 0) out.push({ status: 'fail', messageId: 'noKey', args, ...base });
        } else if (info.pem.certs.length === 0) {
          out.push({ status: 'fail', messageId: 'noCert', args: { ...args, detail: noCertDetail(info.pem) }, ...base });
        } else {
          for (const cert of info.pem.certs) {
            const certArgs = { ...args, subject: cert.subject, notAfter: cert.notAfter.slice(0, 10), notBefore: cert.notBefore.slice(0, 10) };
            const after = Date.parse(cert.notAfter);
            if (after < now) out.push({ status: 'fail', messageId: 'expired', args: certArgs, ...base, data: { notAfter: cert.notAfter } });
            else if (Date.parse(cert.notBefore) > now) out.push({ status: 'fail', messageId: 'notYetValid', args: certArgs, ...base, data: { notBefore: cert.notBefore } });
            else if (after - now < 30 * DAY) out.push({ status: 'warn', messageId: 'expiresSoon', args: { ...certArgs, days: Math.floor((after - now) / DAY) }, ...base, data: { notAfter: cert.notAfter } });
          }
        }
      }
      const pair = tls.pairs.find((p) => p.config === c.key);
      if (pair && pair.matches === false) out.push({ status: 'fail', messageId: 'mismatch', args: { host, cert: pair.cert, key: pair.key }, target: host, location: loc(ctx, c.tls.keyFile!) });
    }
    return out;
  },
});
