/** English texts of the engine and the text reporter. Checks carry their own English texts. */
export const ENGINE_EN: Record<string, string> = {
  blocked: 'blocked by {dep}',
  factFailed: 'could not gather {fact}: {error}',
  factMissing: 'not run: fact "{fact}" was not gathered in this run',
  crashed: 'check crashed: {error}',
  unknownMessage: 'internal: check {check} has no message "{messageId}"',
};

export const UI_EN: Record<string, string> = {
  fix: 'fix:',
  listSep: ', ',
  summary: 'Summary: {fail} failed, {error} errors, {warn} warnings, {pass} passed, {skip} skipped',
  'stage.lint': 'lint: registries.yaml, offline',
  'stage.registry': 'registry: endpoints, TLS, auth and tags, as containerd pulls',
  'stage.health': 'health: the running Rancher container',
  'stage.plan': 'plan',
  'stage.explain': 'explain: a pasted pull error, offline',
};
