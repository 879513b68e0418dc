/** Typed accessors and shared rules for the health-stage checks (pure). */
import type { CheckContext, Facts } from '../types.js';
import { buildModel, type RegistriesModel } from '../registries-model.js';
import { CLUSTER_STATE, CONTAINER_FILES, RANCHER_CONTAINER, type ClusterStateFact, type ContainerFilesFact, type ContainerInfo, type RancherContainerFact } from './facts.js';

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
