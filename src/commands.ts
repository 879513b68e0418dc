import type { Stage } from './types.js';
import type { ProbeDef } from './facts.js';
import { registriesFileProbe } from './probes/registries-file.js';
import { tlsFilesProbe } from './probes/tls-files.js';

export type CommandName = 'lint' | 'registry' | 'health' | 'all' | 'plan' | 'explain';

export interface CommandSpec {
  name: CommandName;
  stages: Stage[];
  /** Probes are loaded lazily so `lint` never loads undici or dockerode. */
  probes(): Promise<ProbeDef[]>;
}

const lintProbes = async (): Promise<ProbeDef[]> => [registriesFileProbe as ProbeDef, tlsFilesProbe as ProbeDef];

export const COMMANDS: Record<CommandName, CommandSpec> = {
  lint: { name: 'lint', stages: ['lint'], probes: lintProbes },
  registry: {
    name: 'registry',
    stages: ['registry'],
    async probes() {
      const { registryProbes } = await import('./probes/registry-probes.js');
      // registryProbes({ optionalFile }) brings its own registriesFile probe: no FILE and no default file = K3s defaults.
      return [...registryProbes({ optionalFile: true }), tlsFilesProbe as ProbeDef];
    },
  },
  health: {
    name: 'health',
    stages: ['health'],
    async probes() {
      const { healthProbes } = await import('./probes/health-probes.js');
      return healthProbes();
    },
  },
  all: {
    name: 'all',
    stages: ['lint', 'registry', 'health'],
    async probes() {
      const { registryProbes } = await import('./probes/registry-probes.js');
      const { healthProbes } = await import('./probes/health-probes.js');
      return [...(await lintProbes()), ...registryProbes(), ...healthProbes({ optional: true })];
    },
  },
  plan: {
    name: 'plan',
    stages: ['plan'],
    probes: lintProbes,
  },
  // explain: offline; loads neither undici nor dockerode (test/explain-cli.test.ts).
  explain: {
    name: 'explain',
    stages: ['explain'],
    async probes() {
      const { explainInputProbe, explainRegistriesFileProbe } = await import('./explain/probe.js');
      return [explainInputProbe as ProbeDef, explainRegistriesFileProbe as ProbeDef];
    },
  },
};
