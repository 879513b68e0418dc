import { defineCheck } from '../src/types.js';
import { onRke2, registriesFact } from '../src/check-helpers.js';

const CREDENTIALS = new Set(['password', 'auth', 'identity_token', 'identitytoken', 'token']);

/**
 * registries.yaml with a password is a credential file (DOMAIN §7.6: it holds secrets). The probe
 * records the permission bits only; a file readable by group or others leaks the registry login to
 * every user of the host.
 */
export default defineCheck({
  id: 'file-permissions',
  title: 'registries.yaml with credentials is readable only by its owner',
  failTitle: 'registries.yaml with credentials is readable by other users',
  stage: 'lint',
  requires: ['registriesFile'],
  spec: ['§1.7', '§7'],
  messages: {
    readable: 'registries.yaml holds credentials and has mode {mode}, so other users on this host can read them.',
    'readable.fix': 'chmod 600 {file} (K3s runs as root inside the container and still reads it).',
    'readable.fix.rke2': 'chmod 600 {file} (RKE2 runs as root on the node and still reads it).',
    stdin: 'not checked: registries.yaml was read from stdin (-), so the mode of the file K3s reads is unknown',
  },
  // `lint -` reads a pipe into a private temporary copy: its mode says nothing about the real file.
  appliesTo: (_facts, ctx) => (ctx.options.fromStdin ? 'stdin' : true),
  remediation: 'chmod 600 registries.yaml.',
  run(facts, ctx) {
    const fact = registriesFact(facts);
    if (!fact.secrets.some((s) => CREDENTIALS.has(s.key) && s.length > 0)) return [];
    if ((parseInt(fact.mode, 8) & 0o044) === 0) return [];
    return [{ status: 'warn', messageId: 'readable', fixId: onRke2(ctx) ? 'readable.fix.rke2' : undefined, args: { mode: fact.mode, file: ctx.options.file }, target: ctx.options.file, location: null, data: { mode: fact.mode } }];
  },
});
