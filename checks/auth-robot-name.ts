import { defineCheck, type FindingInput } from '../src/types.js';
import { AFTER_MODEL, loc, model } from '../src/check-helpers.js';

/**
 * DOMAIN §3.4, §1.7, §6 #14: Harbor robot accounts are named `robot$<project>+<name>` (prefix
 * `robot$`). When registries.yaml is written with an unquoted heredoc or `echo "…"`, the shell
 * expands `$project` to nothing (goharbor/harbor#9553, #7944, #13802) and the login fails.
 */
export default defineCheck({
  id: 'auth-robot-name',
  title: 'Harbor robot account names keep their $',
  failTitle: 'A Harbor robot account name lost its $',
  stage: 'lint',
  requires: ['registriesFile'],
  after: AFTER_MODEL,
  spec: ['§1.7', '§3.4', '§6 #14'],
  messages: {
    eaten: 'Username "{username}" of configs."{host}" looks like a Harbor robot account without its "$": Harbor names robots "robot$<project>+<name>". A shell expands "$…" when the file is written with an unquoted heredoc (cat <<EOF) or echo "…", and the registry then answers 401.',
    'eaten.fix': 'Write the real name, e.g. username: "robot$<project>+{rest}", and create the file with a quoted heredoc (cat <<\'EOF\') or escape \\$.',
  },
  remediation: 'Use the full robot account name from Harbor, quoted, and write the file with a quoted heredoc.',
  run(facts, ctx) {
    const out: FindingInput[] = [];
    for (const c of model(facts, ctx).configs) {
      const u = c.auth?.username;
      if (!u || !/^robot/i.test(u) || u.includes('$')) continue;
      const rest = u.replace(/^robot[^+]*\+?/i, '') || 'name';
      // The `username:` line is what the user edits.
      out.push({ status: 'warn', messageId: 'eaten', args: { username: u, host: c.key, rest }, target: c.key, location: loc(ctx, c.auth!.usernamePos ?? c.auth!) });
    }
    return out;
  },
});
