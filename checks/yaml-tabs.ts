import { defineCheck } from '../src/types.js';
import { lintFile, registriesFact } from '../src/check-helpers.js';

/**
 * DOMAIN §6 #1: YAML forbids tabs in indentation (YAML 1.1 §4.2.2 "tab characters must not be used
 * in indentation"); libyaml, under yaml.v2, stops with "found character that cannot start any
 * token", so K3s fails to start.
 */
export default defineCheck({
  id: 'yaml-tabs',
  title: 'registries.yaml is indented with spaces only',
  failTitle: 'registries.yaml is indented with tabs',
  stage: 'lint',
  requires: ['registriesFile'],
  spec: ['§1.1', '§6 #1'],
  messages: {
    tab: 'Line {line} is indented with a tab. YAML does not allow tabs in indentation, so K3s cannot parse the file and fails to start.',
  },
  remediation: 'Replace the tabs at the start of the line with spaces (two per level is usual), e.g. `sed -i "s/\\t/  /g" registries.yaml`, and keep the nesting: mirrors → <registry> → endpoint.',
  run(facts, ctx) {
    const file = lintFile(ctx);
    return registriesFact(facts).yaml.tabs.map((t) => ({ status: 'fail' as const, messageId: 'tab', args: { line: t.line }, location: { file, line: t.line, column: t.col } }));
  },
});
