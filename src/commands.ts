import type { Stage } from './types.js';
import type { ProbeDef } from './probe-runner.js';
import type { ProbeOptionsFor } from './options.js';
import { registriesFileProbe } from './probes/registries-file.js';
import { tlsFilesProbe } from './probes/tls-files.js';

export type CommandName = 'lint' | 'registry' | 'health' | 'all' | 'plan' | 'explain' | 'cluster';

/** The probes of command C: each reads a part of C's probe options. */
export type ProbesOf<C extends CommandName> = ProbeDef<unknown, ProbeOptionsFor[C]>[];

export interface CommandSpec<C extends CommandName> {
  name: C;
  stages: Stage[];
  /** The stages judged when the options choose other ones (cluster --nodes). */
  stagesFor?(options: ProbeOptionsFor[C]): Stage[];
  /** --from-facts: the stages of what was saved (the replay's command line need not repeat --nodes). */
  stagesForFacts?(factIds: string[]): Stage[];
  /** Probes are loaded lazily so `lint` never loads undici or dockerode. */
  probes(options?: ProbeOptionsFor[C]): Promise<ProbesOf<C>>;
}

const lintProbes = async (): Promise<ProbesOf<'lint'>> => [registriesFileProbe, tlsFilesProbe];

export const COMMANDS: { [C in CommandName]: CommandSpec<C> } = {
  lint: { name: 'lint', stages: ['lint'], probes: lintProbes },
  registry: {
    name: 'registry',
    stages: ['registry'],
    async probes() {
      const { registryProbes } = await import('./probes/registry-probes.js');
      // registryProbes({ optionalFile }) brings its own registriesFile probe: no FILE and no default file = K3s defaults.
      return [...registryProbes({ optionalFile: true }), tlsFilesProbe];
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
      // Under `all`, a missing Docker or container is a skip, not a failure: the health checks decide (JudgeOptions.command).
      return [...(await lintProbes()), ...registryProbes(), ...healthProbes()];
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
      return [explainInputProbe, explainRegistriesFileProbe];
    },
  },
  // cluster (issue #14): the Kubernetes API; @kubernetes/client-node is loaded only here.
  cluster: {
    name: 'cluster',
    stages: ['cluster'],
    // --nodes: the per-node registry runs (src/kube/node-runs.ts) instead of the pod listing.
    stagesFor: (o) => (o.nodes ? ['nodes'] : ['cluster']),
    // 'kubeNodeRuns' is KUBE_NODE_RUNS (src/kube/facts.ts, not imported here: lint must not load it).
    stagesForFacts: (ids) => (ids.includes('kubeNodeRuns') ? ['nodes'] : ['cluster']),
    async probes(o) {
      const { kubeProbes } = await import('./probes/kube-probes.js');
      return kubeProbes({ nodes: Boolean(o?.nodes) });
    },
  },
};
