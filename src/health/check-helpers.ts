/** Typed accessors and shared rules for the health-stage checks (pure). */
import { ref, type CheckContext, type Facts, type MessageArg } from '../types.js';
import { buildModel, type RegistriesModel } from '../registries-model.js';
import { probeErrorArg } from './probe-errors.js';
import { CLUSTER_STATE, CONTAINER_FILES, RANCHER_CONTAINER, type ClusterStateFact, type ContainerFilesFact, type ContainerInfo, type RancherContainerFact } from './health-facts.js';

export function containerFact(facts: Facts): RancherContainerFact {
  const f = facts[RANCHER_CONTAINER];
  if (!f || !f.ok) throw new Error(`${RANCHER_CONTAINER} fact missing`);
  return f.value as RancherContainerFact;
}

export function filesFact(facts: Facts): ContainerFilesFact | null {
  const f = facts[CONTAINER_FILES];
  return f && f.ok ? (f.value as ContainerFilesFact) : null;
}

export function clusterFact(facts: Facts): ClusterStateFact {
  const f = facts[CLUSTER_STATE];
  if (!f || !f.ok) throw new Error(`${CLUSTER_STATE} fact missing`);
  return f.value as ClusterStateFact;
}

/**
 * Phrases naming why a fact was not observed (`reason.*`), for checks that skip instead of
 * passing on what they could not see (issue 10 item 3). Spread into `messages` with
 * DOCKER_STATE_MESSAGES.
 */
export const REASON_MESSAGES: Record<string, string> = {
  'reason.notGathered': 'not gathered in this run',
  // The engine's own reason for a failed fact (src/probe-runner.ts gatherFacts), quoted verbatim.
  'reason.failed': 'could not be gathered: {error}',
};

/** Why the files inside the container were not read (absent fact, failed probe, container not running), or null when they were. */
export function filesUnobserved(facts: Facts): MessageArg | null {
  const f = facts[CONTAINER_FILES];
  if (!f) return ref('reason.notGathered');
  if (!f.ok) return ref('reason.failed', { error: f.error });
  const v = f.value as ContainerFilesFact;
  return v.skipped ? probeErrorArg(v.skipped) : null;
}

/** Why the cluster state was not read, or null when it was. */
export function clusterUnobserved(facts: Facts): MessageArg | null {
  const f = facts[CLUSTER_STATE];
  if (!f) return ref('reason.notGathered');
  if (!f.ok) return ref('reason.failed', { error: f.error });
  const v = f.value as ClusterStateFact;
  return v.skipped ? probeErrorArg(v.skipped) : null;
}

/** The chosen Rancher container, or null (rancher-container reports why). */
export function theContainer(facts: Facts): ContainerInfo | null {
  const f = facts[RANCHER_CONTAINER];
  return f && f.ok ? (f.value as RancherContainerFact).container : null;
}

/** appliesTo for checks that judge the container: silent when there is none (rancher-container said why). */
export function needsContainer(facts: Facts): true | false {
  return theContainer(facts) !== null;
}

/** The registries.yaml K3s reads (inside the container), as a model; null when absent or unreadable. */
export function containerModel(facts: Facts): RegistriesModel | null {
  const files = filesFact(facts);
  return files?.registries?.yaml ? buildModel(files.registries.yaml.tree) : null;
}

/** CATTLE_SYSTEM_DEFAULT_REGISTRY in effect: the container's env wins over --system-default-registry. */
export function systemDefaultRegistry(facts: Facts, ctx: CheckContext): string | null {
  const c = theContainer(facts);
  if (c) return c.env.CATTLE_SYSTEM_DEFAULT_REGISTRY || null;
  return ctx.options.systemDefaultRegistry ?? null;
}

/** Built-in images of the Rancher image's k3s-airgap-images.tar (DOMAIN §4.5). */
export const BUILT_IN_RE = /^docker\.io\/rancher\/(mirrored-)?(pause|coredns-coredns)$/;

export function isBuiltIn(repo: string): boolean {
  return BUILT_IN_RE.test(repo.startsWith('docker.io/') ? repo : repo.includes('/') && !repo.split('/')[0]!.includes('.') ? `docker.io/${repo}` : repo);
}

export function containerLabel(c: ContainerInfo): string {
  return `${c.name} (${c.id.slice(0, 12)})`;
}

export { DOCKER_STATE_MESSAGES, dockerStateRef, PROBE_ERROR_MESSAGES, probeErrorArg } from './probe-errors.js';
