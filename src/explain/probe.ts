/**
 * Probes of `explain`: the pasted text (read by the CLI from the argument or stdin, handed over in
 * options.message) parsed into pull-failure records, and registries.yaml only when one was given.
 * Nothing here touches the network or Docker.
 */
import { defineProbe } from '../probe-runner.js';
import { DEFAULTS, type ExplainProbeOptions, type FileProbeOptions } from '../options.js';
import { parseYaml } from '../yaml-tree.js';
import { registriesFileProbe, RAW_CREDENTIALS, type RegistriesFileFact } from '../probes/registries-file.js';
import { parseInput, type ParsedInput } from './input.js';

export const EXPLAIN_INPUT = 'explainInput';

export type ExplainInputFact = ParsedInput;

export const explainInputProbe = defineProbe<ExplainInputFact, ExplainProbeOptions>({
  id: EXPLAIN_INPUT,
  // Parsing is ~1 ms per line here; a whole containerd.log of 50 000 lines takes seconds, not minutes.
  timeoutMs: 120_000,
  async run(ctx) {
    return parseInput(ctx.options.message);
  },
});

/** registries.yaml when --file was given; otherwise an absent file (K3s defaults: no mirrors, no configs). */
export const explainRegistriesFileProbe = defineProbe<RegistriesFileFact, FileProbeOptions>({
  id: 'registriesFile',
  timeoutMs: DEFAULTS.timeoutMs,
  async run(ctx) {
    if (!ctx.options.fileGiven) {
      ctx.runtime.set(RAW_CREDENTIALS, {});
      const fact = { path: '', size: 0, mode: '000', uid: -1, lineCount: 0, yaml: parseYaml(''), secrets: [], hints: [], absent: true };
      return fact as unknown as RegistriesFileFact;
    }
    return registriesFileProbe.run(ctx);
  },
});
