/** Typed accessors and shared rules for the health-stage checks (pure). */
import { ref, type CheckContext, type Facts, type MessageArg } from '../types.js';
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

/**
 * Phrases naming why a fact was not observed (`reason.*`), for checks that skip instead of
 * passing on what they could not see (issue 10 item 3). Spread into `messages` with
 * DOCKER_STATE_MESSAGES.
 */
export const REASON_MESSAGES: Record<string, string> = {
  'reason.notGathered': 'not gathered in this run',
  'reason.failed': 'could not be gathered: {error}',
  'reason.noContainer': 'no Rancher container',
  'reason.notRunning': 'container {name} is {status}',
};

/** A probe's `skipped` sentence (src/probes/health-probes.ts usableContainer) as a `reason.*` reference. */
export function skippedReason(skipped: string): MessageArg {
  if (skipped === 'no Rancher container') return ref('reason.noContainer');
  const m = /^container (.+) is (\S+)$/.exec(skipped);
  return m ? ref('reason.notRunning', { name: m[1], status: dockerStateRef(m[2]!) }) : probeErrorRef(skipped);
}

/** Why the files inside the container were not read (absent fact, failed probe, container not running), or null when they were. */
export function filesUnobserved(facts: Facts): MessageArg | null {
  const f = facts[CONTAINER_FILES];
  if (!f) return ref('reason.notGathered');
  if (!f.ok) return ref('reason.failed', { error: probeErrorRef(f.error) });
  const v = f.value as ContainerFilesFact;
  return v.skipped ? skippedReason(v.skipped) : null;
}

/** Why the cluster state was not read, or null when it was. */
export function clusterUnobserved(facts: Facts): MessageArg | null {
  const f = facts[CLUSTER_STATE];
  if (!f) return ref('reason.notGathered');
  if (!f.ok) return ref('reason.failed', { error: probeErrorRef(f.error) });
  const v = f.value as ClusterStateFact;
  return v.skipped ? skippedReason(v.skipped) : null;
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

/** Docker's container states (`docker inspect` .State.Status). */
const DOCKER_STATES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

/**
 * Message keys `state.<status>` for a check that names a container's state in a sentence; the
 * English text is Docker's own word (translations say it in their language). Spread into `messages`.
 */
export const DOCKER_STATE_MESSAGES: Record<string, string> = Object.fromEntries(DOCKER_STATES.map((s) => [`state.${s}`, s]));

/** A container state as a message arg: a reference to `state.<status>`, or Docker's word verbatim when unknown. */
export function dockerStateRef(status: string): MessageArg {
  return DOCKER_STATES.includes(status) ? ref(`state.${status}`) : status;
}

/**
 * The one-line reasons the Docker client and the exec probes write in English (src/docker/engine.ts
 * describeDockerError, "timed out"), as message keys `probeError.*` of the checks that quote them;
 * the English text is the same sentence. Spread into `messages`.
 */
export const PROBE_ERROR_MESSAGES: Record<string, string> = {
  'probeError.noSocket': 'no Docker socket at {where}',
  'probeError.permission': 'permission denied on {where}',
  'probeError.refused': 'connection refused by {where}',
  'probeError.timeout': 'no answer from {where} in time',
  'probeError.unresolved': 'cannot resolve the host of {where}',
  'probeError.api': 'Docker Engine API error {status}: {detail}',
  'probeError.timedOut': 'timed out',
  'probeError.notEngine': 'not a Docker Engine API at {host}: GET /version answered {answer}',
};

const PROBE_ERRORS: [RegExp, string, string[]][] = [
  [/^no Docker socket at (.+)$/, 'probeError.noSocket', ['where']],
  [/^permission denied on (.+)$/, 'probeError.permission', ['where']],
  [/^connection refused by (.+)$/, 'probeError.refused', ['where']],
  [/^no answer from (.+) in time$/, 'probeError.timeout', ['where']],
  [/^cannot resolve the host of (.+)$/, 'probeError.unresolved', ['where']],
  [/^Docker Engine API error (\d+): (.*)$/s, 'probeError.api', ['status', 'detail']],
  [/^timed out$/, 'probeError.timedOut', []],
  [/^not a Docker Engine API at (\S+): GET \/version answered (.*)$/s, 'probeError.notEngine', ['host', 'answer']],
];

/** A probe's error as a message arg: a reference to `probeError.*` when it is one of our own sentences, else verbatim (the error of Docker, a shell or K3s). */
export function probeErrorRef(error: string | null | undefined): MessageArg {
  if (!error) return error;
  for (const [re, key, names] of PROBE_ERRORS) {
    const m = re.exec(error);
    if (m) return ref(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])));
  }
  return error;
}

/**
 * The English sentences the cluster probe writes when `k3s kubectl` / `k3s crictl` fail
 * (ClusterStateFact.apiError / imagesError, src/probes/health-probes.ts and OutputFormatError), as
 * message keys `execError.*`; the English text is the same sentence. The command, its exit code and
 * its output stay verbatim. Spread into `messages` together with PROBE_ERROR_MESSAGES.
 */
export const EXEC_ERROR_MESSAGES: Record<string, string> = {
  'execError.timedOut': '"{cmd}" did not finish in {seconds}s and was abandoned',
  'execError.truncated': '"{cmd}" printed more than {mib} MiB; output cut there, the pod list cannot be read',
  'execError.exited': '"{cmd}" exited {code}: {output}',
  'execError.failed': '"{cmd}": {error}',
  'execError.unrecognised': '{what}: unrecognised output (starts with "{first}")',
  'execError.unrecognisedEmpty': '{what}: unrecognised output (empty)',
  'execError.then': '{first}; {second}',
};

const EXEC_ERRORS: [RegExp, string, string[]][] = [
  [/^"([^"]+)" did not finish in ([\d.]+)s and was abandoned$/, 'execError.timedOut', ['cmd', 'seconds']],
  [/^"([^"]+)" printed more than (\d+) MiB; output cut there, the pod list cannot be read$/, 'execError.truncated', ['cmd', 'mib']],
  [/^"([^"]+)" exited (\S+): (.*)$/s, 'execError.exited', ['cmd', 'code', 'output']],
  [/^"([^"]+)": (.*)$/s, 'execError.failed', ['cmd', 'error']],
  [/^([^":]+): unrecognised output \(starts with "(.*)"\)$/s, 'execError.unrecognised', ['what', 'first']],
  [/^([^":]+): unrecognised output \(empty\)$/, 'execError.unrecognisedEmpty', ['what']],
];

function oneExecError(text: string): MessageArg | null {
  for (const [re, key, names] of EXEC_ERRORS) {
    const m = re.exec(text);
    if (m) return ref(key, Object.fromEntries(names.map((n, i) => [n, n === 'error' ? probeErrorRef(m[i + 1]) : m[i + 1]!])));
  }
  return null;
}

/** apiError / imagesError as a message arg: our own sentences (one, or two joined by "; ") as references, anything else verbatim. */
export function execErrorRef(error: string | null | undefined): MessageArg {
  if (!error) return error;
  const whole = oneExecError(error);
  if (whole) return whole;
  for (let i = error.indexOf('; '); i >= 0; i = error.indexOf('; ', i + 1)) {
    const first = oneExecError(error.slice(0, i));
    const second = first && oneExecError(error.slice(i + 2));
    if (first && second) return ref('execError.then', { first, second });
  }
  return error;
}
