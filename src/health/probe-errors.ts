/**
 * What went wrong while the health probes talked to Docker and ran commands in the Rancher
 * container, as data (issue 12 item 1, publint's `{ code, args }`): probes store these in facts,
 * checks hand them to the catalogue, and no sentence is ever parsed back. `raw` keeps the words of
 * Docker, a shell, kubectl or crictl verbatim (searchable, never translated).
 *
 * Templates live here beside the union and in src/i18n/zh-CN/health.ts; both are typed against
 * the union, so a missing code or a placeholder the code does not carry fails `tsc`.
 */
import { ref, type MessageArg } from '../types.js';

export type HealthProbeError =
  // The Docker Engine API (src/docker/engine-api.ts describeDockerError); `where` is the socket or DOCKER_HOST.
  | { code: 'docker.noSocket'; args: { where: string }; raw?: string }
  | { code: 'docker.permission'; args: { where: string }; raw?: string }
  | { code: 'docker.refused'; args: { where: string }; raw?: string }
  | { code: 'docker.timeout'; args: { where: string }; raw?: string }
  | { code: 'docker.unresolved'; args: { where: string }; raw?: string }
  /** The Engine answered an HTTP error; raw is its message ("No such exec instance: …"). */
  | { code: 'docker.api'; args: { status: number }; raw: string }
  | { code: 'docker.notEngine'; args: { host: string; answer: string }; raw?: string }
  | { code: 'docker.badHost'; args: { host: string }; raw: string }
  | { code: 'docker.other'; args: { where: string }; raw: string }
  // A command run in the container (kubectl, crictl, stat, cat, getent…).
  | { code: 'exec.timedOut'; args: { cmd: string; seconds: number }; raw?: string }
  | { code: 'exec.truncated'; args: { cmd: string; mib: number }; raw?: string }
  /** raw: the first lines of its stderr (else stdout), redacted. */
  | { code: 'exec.exited'; args: { cmd: string; exitCode: number | string }; raw: string }
  | { code: 'exec.failed'; args: { cmd: string; cause: HealthProbeError }; raw?: string }
  /** kubectl / crictl printed something that is not their JSON or table; raw: its first line. */
  | { code: 'output.unrecognised'; args: { what: string }; raw: string }
  | { code: 'output.empty'; args: { what: string }; raw?: string }
  /** The JSON form failed, then the table form too. */
  | { code: 'then'; args: { first: HealthProbeError; second: HealthProbeError }; raw?: string }
  // Why a probe had nothing to look at.
  | { code: 'container.none'; args: Record<string, never>; raw?: string }
  | { code: 'container.notRunning'; args: { name: string; status: string }; raw?: string }
  /** The container-finding probe itself failed (the engine's reason, e.g. its timeout). */
  | { code: 'probe.failed'; args: Record<string, never>; raw: string };

export type HealthProbeErrorCode = HealthProbeError['code'];
type ArgsOf<C extends HealthProbeErrorCode> = Extract<HealthProbeError, { code: C }>['args'];

/** `{a} and {b}` → 'a' | 'b'. */
type Placeholders<S extends string> = S extends `${string}{${infer K}}${infer R}` ? K | Placeholders<R> : never;

/** A catalogue of templates whose placeholders are all carried by their code (args or raw). */
export type ProbeErrorTemplates<T extends { [C in HealthProbeErrorCode]: string }> = {
  [C in HealthProbeErrorCode]: [Placeholders<T[C]>] extends [keyof ArgsOf<C> | 'raw'] ? T[C] : `placeholder not carried by ${C}`;
};

export function checkTemplates<const T extends { [C in HealthProbeErrorCode]: string }>(t: T & ProbeErrorTemplates<T>): T {
  return t;
}

/** English, keyed by code. Docker's, the shell's and K3s' words stay in {raw}. */
export const HEALTH_PROBE_ERRORS_EN = checkTemplates({
  'docker.noSocket': 'no Docker socket at {where}',
  'docker.permission': 'permission denied on {where}',
  'docker.refused': 'connection refused by {where}',
  'docker.timeout': 'no answer from {where} in time',
  'docker.unresolved': 'cannot resolve the host of {where}',
  'docker.api': 'Docker Engine API error {status}: {raw}',
  'docker.notEngine': 'not a Docker Engine API at {host}: GET /version answered "{answer}"',
  'docker.badHost': 'DOCKER_HOST={host}: {raw}',
  'docker.other': '{where}: {raw}',
  'exec.timedOut': '"{cmd}" did not finish in {seconds}s and was abandoned',
  'exec.truncated': '"{cmd}" printed more than {mib} MiB; output cut there, the pod list cannot be read',
  'exec.exited': '"{cmd}" exited {exitCode}: {raw}',
  'exec.failed': '"{cmd}": {cause}',
  'output.unrecognised': '{what}: unrecognised output (starts with "{raw}")',
  'output.empty': '{what}: unrecognised output (empty)',
  then: '{first}; {second}',
  'container.none': 'no Rancher container',
  'container.notRunning': 'container {name} is {status}',
  'probe.failed': '{raw}',
});

export const HEALTH_PROBE_ERROR_CODES = Object.keys(HEALTH_PROBE_ERRORS_EN) as HealthProbeErrorCode[];

/** Docker's container states (`docker inspect` .State.Status), as message keys `state.<status>`. */
export const DOCKER_STATES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead', 'removed'];
export const DOCKER_STATE_MESSAGES: Record<string, string> = Object.fromEntries(DOCKER_STATES.map((s) => [`state.${s}`, s]));

/** A container state as a message arg: a reference to `state.<status>`, or Docker's word verbatim when unknown. */
export function dockerStateRef(status: string): MessageArg {
  return DOCKER_STATES.includes(status) ? ref(`state.${status}`) : status;
}

/**
 * Message keys `probeError.<code>` (and the Docker states they name) for the checks that quote a
 * probe error: spread into `messages`; src/i18n/zh-CN/health.ts spreads the same keys.
 */
export const PROBE_ERROR_MESSAGES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(HEALTH_PROBE_ERRORS_EN).map(([code, t]) => [`probeError.${code}`, t])),
  ...DOCKER_STATE_MESSAGES,
};

export function isProbeError(v: unknown): v is HealthProbeError {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string' && HEALTH_PROBE_ERROR_CODES.includes((v as { code: HealthProbeErrorCode }).code);
}

/** A probe error as a message arg: a reference to `probeError.<code>`, nested errors and states as references too. */
export function probeErrorArg(e: HealthProbeError | null | undefined): MessageArg {
  if (!e) return null;
  const args: Record<string, MessageArg> = {};
  for (const [k, v] of Object.entries(e.args)) args[k] = isProbeError(v) ? probeErrorArg(v) : (v as MessageArg);
  if (e.code === 'container.notRunning') args.status = dockerStateRef(e.args.status);
  if (e.raw !== undefined) args.raw = e.raw;
  return ref(`probeError.${e.code}`, args);
}

/** The English line, for logs and for errors that leave the health stage as text. */
export function probeErrorText(e: HealthProbeError): string {
  const t: string = HEALTH_PROBE_ERRORS_EN[e.code];
  return t.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = k === 'raw' ? e.raw : (e.args as Record<string, unknown>)[k];
    return isProbeError(v) ? probeErrorText(v) : String(v ?? '');
  });
}
