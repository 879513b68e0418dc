/**
 * The registry part of the containerd `config.toml` K3s writes from registries.yaml. Pure.
 *
 * Mode A (no certs.d): mirrors, rewrites, configs auth and tls, as the K3s template renders them:
 *  - A-1, K3s <= v1.21 (containerd 1.3/1.4, CRI "v1" plugin names `plugins.cri`):
 *    k3s-io/k3s@v1.19.10+k3s1 and @v1.21.2+k3s1 `pkg/agent/templates/templates.go`
 *    (`[plugins.cri.registry.mirrors."<k>"]`, `.configs."<k>".auth` / `.tls`; rewrite from v1.21).
 *  - A-2, K3s v1.22 .. v1.27.10+k3s1 / v1.28.6+k3s1 (`version = 2`, `plugins."io.containerd.grpc.v1.cri"`):
 *    k3s-io/k3s `pkg/agent/templates/templates_linux.go` (commit 06be48b6), same range/if layout.
 * Modes B and D: `config_path` plus the auth part only (TLS and endpoints go to certs.d), same
 * template, `config_path = ".../certs.d"` (k3s-io/k3s `templates_linux.go`, certs.d era).
 *
 * K3s writes keys and TLS paths unquoted (`"{{$k}}"`, `"{{ $v.TLS.CAFile }}"`) and credentials with
 * `printf "%q"`; we reproduce both. Credentials come from `secrets` (the raw values); without them
 * a password is written as `<redacted>` so the text can be shown.
 */
import type { RegistriesModel } from '../registries-model.js';
import type { RegistryMode } from '../endpoint.js';
import type { RawCredentials } from '../probes/registries-file.js';

export type ConfigGeneration = 'A-1' | 'A-2' | 'B' | 'D';

export const CERTS_D_PATH = '/var/lib/rancher/k3s/agent/etc/containerd/certs.d';

/** A-1 (plugin "cri", v1 names) up to K3s v1.21; A-2 (`version = 2`) from v1.22 (DOMAIN §2.1). */
export function configGeneration(mode: RegistryMode, k3s: string | null | undefined): ConfigGeneration {
  if (mode !== 'A') return mode;
  const m = k3s ? /^v?1\.(\d+)/.exec(k3s) : null;
  return m && Number(m[1]) <= 21 ? 'A-1' : 'A-2';
}

export function criPluginTable(gen: ConfigGeneration): string {
  return gen === 'A-1' ? 'plugins.cri' : 'plugins."io.containerd.grpc.v1.cri"';
}

/** Go's %q for the strings K3s passes through it (ASCII printable kept, others escaped). */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

export interface ConfigTomlOptions {
  mode: RegistryMode;
  k3s?: string | null;
  secrets?: RawCredentials;
  /** Directory K3s points `config_path` at (B/D). */
  certsDir?: string;
}

/** The registry part of config.toml, as K3s' template renders it (blank lines collapsed). */
export function renderConfigToml(model: RegistriesModel, opts: ConfigTomlOptions): string {
  const gen = configGeneration(opts.mode, opts.k3s);
  const p = criPluginTable(gen);
  const lines: string[] = [];
  if (gen === 'A-2') lines.push('version = 2');
  if (gen === 'B' || gen === 'D') {
    lines.push('version = 2', `[${p}.registry]`, `  config_path = ${goQuote(opts.certsDir ?? CERTS_D_PATH)}`);
  } else {
    if (model.mirrors.length) lines.push(`[${p}.registry.mirrors]`);
    for (const m of model.mirrors) {
      lines.push(`[${p}.registry.mirrors."${m.key}"]`);
      const eps = m.endpointShape === 'list' ? m.endpoints.map((e) => goQuote(e.raw)) : [];
      lines.push(`  endpoint = [${eps.join(', ')}]`);
      // rewrite: K3s >= v1.21 only (A-1 on v1.21.x has it, v1.18-v1.20 do not).
      const rewriteOk = !opts.k3s || !/^v?1\.(1\d|20)\./.test(opts.k3s);
      if (m.rewrites.length && rewriteOk) {
        lines.push(`  [${p}.registry.mirrors."${m.key}".rewrite]`);
        const sorted = [...m.rewrites].sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
        for (const r of sorted) lines.push(`    "${r.pattern}" = "${r.replacement}"`);
      }
    }
  }
  for (const c of model.configs) {
    if (c.auth) {
      const s = opts.secrets?.[c.key] ?? {};
      lines.push(`[${p}.registry.configs."${c.key}".auth]`);
      if (c.auth.username) lines.push(`  username = ${goQuote(s.username ?? c.auth.username)}`);
      if (c.auth.hasPassword) lines.push(`  password = ${goQuote(s.password ?? '<redacted>')}`);
      if (c.auth.hasAuth) lines.push(`  auth = ${goQuote(s.auth ?? '<redacted>')}`);
      if (c.auth.hasIdentityToken) lines.push(`  identitytoken = ${goQuote(s.identityToken ?? '<redacted>')}`);
    }
    if (c.tls && (gen === 'A-1' || gen === 'A-2')) {
      lines.push(`[${p}.registry.configs."${c.key}".tls]`);
      if (c.tls.caFile?.path) lines.push(`  ca_file = "${c.tls.caFile.path}"`);
      if (c.tls.certFile?.path) lines.push(`  cert_file = "${c.tls.certFile.path}"`);
      if (c.tls.keyFile?.path) lines.push(`  key_file = "${c.tls.keyFile.path}"`);
      // insecure_skip_verify is in the template from K3s v1.19.1 (DOMAIN §1.2).
      if (c.tls.insecureSkipVerify && !(opts.k3s && /^v?1\.18\./.test(opts.k3s))) lines.push('  insecure_skip_verify = true');
    }
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
