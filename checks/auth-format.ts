import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model, registriesFact } from '../src/check-helpers.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §1.7, §6 #15: containerd's ParseAuth takes username (+password) first, then
 * identity_token, then `auth`, which must be std-base64 of "user:password" split at the first ":"
 * (else the pull fails with "invalid decoded auth"). The probe decodes `auth` and keeps only
 * whether it is valid, never the value.
 */
export default defineCheck({
  id: 'auth-format',
  title: 'Every auth block is complete and well-formed',
  failTitle: 'An auth block cannot authenticate',
  stage: 'lint',
  requires: ['registriesFile'],
  // A credential YAML misread (auth-yaml-quoting) explains a missing password better than we can.
  after: [...AFTER_MODEL, 'auth-yaml-quoting'],
  spec: ['§1.7', '§6 #15'],
  messages: {
    notBase64: '`auth` of configs."{host}" is not base64, so containerd fails every pull with "invalid decoded auth" (or sends garbage).',
    'notBase64.fix': 'Write `auth: "$(printf \'%s\' \'user:password\' | base64 -w0)"`, or use `username:` and `password:` instead.',
    noColon: '`auth` of configs."{host}" decodes but has no ":" between user and password, so containerd fails every pull with "invalid decoded auth".',
    'noColon.fix': 'Encode "user:password" (with the colon): printf \'%s\' \'user:password\' | base64 -w0.',
    both: 'configs."{host}".auth sets both `username` and `auth`; containerd uses username/password and ignores `auth`, which hides which credentials are really sent.',
    'both.fix': 'Keep one form: username + password (clearer) or auth alone.',
    noPassword: 'configs."{host}".auth has `username` "{username}" but no password, so containerd logs in with an empty password and the registry answers 401.',
    'noPassword.fix': 'Add `password:` (quoted) under configs."{host}".auth.',
    noUsername: 'configs."{host}".auth has a password but no username, so containerd logs in with an empty user name and the registry answers 401.',
    'noUsername.fix': 'Add `username:` under configs."{host}".auth (for Harbor robot accounts quote it: "robot$project+name").',
    empty: 'configs."{host}".auth has no username, password, auth or identity_token, so no credentials are sent.',
    'empty.fix': 'Add username and password, or remove the empty auth block.',
  },
  remediation: 'Give username + password, or auth = base64("user:password"), or identity_token.',
  run(facts, ctx) {
    const secrets = registriesFact(facts).secrets;
    const out: FindingInput[] = [];
    for (const c of model(facts, ctx).configs) {
      const a = c.auth;
      if (!a) continue;
      const where = loc(ctx, a);
      const args = { host: c.key, username: a.username ?? '' };
      const base = { target: c.key, location: where };
      const authInfo = secrets.find((s) => s.path.length === 4 && s.path[0] === 'configs' && s.path[1] === c.key && s.path[2] === 'auth' && s.key === 'auth');
      if (a.username && a.hasAuth) out.push({ status: 'warn', messageId: 'both', args, target: c.key, location: authInfo ? loc(ctx, authInfo) : where, data: { fix: suggestion({ op: 'delete', path: ['configs', c.key, 'auth', 'auth'] }) } });
      if (a.username) {
        if (!a.hasPassword) out.push({ status: 'fail', messageId: 'noPassword', args, ...base });
      } else if (a.hasPassword) {
        out.push({ status: 'fail', messageId: 'noUsername', args, ...base });
      } else if (!a.hasIdentityToken && a.hasAuth && authInfo?.base64) {
        const where2 = loc(ctx, authInfo);
        if (!authInfo.base64.valid) out.push({ status: 'fail', messageId: 'notBase64', args, target: c.key, location: where2 });
        else if (!authInfo.base64.hasColon) out.push({ status: 'fail', messageId: 'noColon', args, target: c.key, location: where2 });
      } else if (!a.hasIdentityToken && !a.hasAuth) {
        out.push({ status: 'warn', messageId: 'empty', args, ...base, data: { fix: suggestion({ op: 'delete', path: ['configs', c.key, 'auth'] }) } });
      }
    }
    return out;
  },
});
