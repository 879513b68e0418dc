import { defineCheck } from '../src/types.js';
import { lintFile, registriesFact } from '../src/check-helpers.js';

/** DOMAIN §1.1: K3s parses with yaml.v2; a parse error makes K3s, and so Rancher, fail to start. */
export default defineCheck({
  id: 'yaml-syntax',
  title: 'registries.yaml parses as YAML',
  failTitle: 'registries.yaml is not valid YAML',
  stage: 'lint',
  requires: ['registriesFile'],
  spec: ['§1.1'],
  messages: {
    parseError: 'YAML error: {error}. K3s cannot parse this file, so it fails to start and Rancher exits ("k3s exited with: …").',
  },
  remediation: 'Fix the YAML at the position shown. Indent with spaces (never tabs) and quote values that start with a YAML indicator (* & ! % @ ` { [ #).',
  run(facts, ctx) {
    const fact = registriesFact(facts);
    const file = lintFile(ctx);
    return fact.yaml.errors.map((e) => ({
      status: 'fail' as const,
      messageId: 'parseError',
      args: { error: e.message },
      location: { file, line: e.line, column: e.col },
      data: { code: e.code },
    }));
  },
});
