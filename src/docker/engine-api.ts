/**
 * Docker Engine API access for the health stage. dockerode is imported lazily so `lint` never
 * loads it. Constructed without arguments, docker-modem reads DOCKER_HOST (unix://, tcp://,
 * ssh://), DOCKER_TLS_VERIFY and DOCKER_CERT_PATH like the docker CLI.
 */
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { errorMessage } from '../errors.js';
import type { HealthProbeError } from '../health/probe-errors.js';

export type DockerErrorKind = 'no-socket' | 'permission' | 'refused' | 'timeout' | 'bad-host' | 'api' | 'not-engine' | 'other';

export interface DockerAccess {
  /** DOCKER_HOST as the client used it (default unix:///var/run/docker.sock). */
  host: string;
  ok: boolean;
  errorKind: DockerErrorKind | null;
  error: HealthProbeError | null;
  serverVersion: string | null;
}

export interface DockerConn {
  docker: Dockerode;
  access: DockerAccess;
}

export function dockerHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST && env.DOCKER_HOST !== '' ? env.DOCKER_HOST : 'unix:///var/run/docker.sock';
}

/** Why the Engine API could not be reached, as data; the Engine's own words stay in `raw`. */
export function describeDockerError(err: unknown, host: string): { kind: DockerErrorKind; error: HealthProbeError } {
  const e = err as NodeJS.ErrnoException & { statusCode?: number; reason?: string; json?: { message?: string } };
  const code = e?.code;
  const where = host.startsWith('unix://') ? host.slice('unix://'.length) : host;
  if (code === 'ENOENT') return { kind: 'no-socket', error: { code: 'docker.noSocket', args: { where } } };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'permission', error: { code: 'docker.permission', args: { where } } };
  if (code === 'ECONNREFUSED') return { kind: 'refused', error: { code: 'docker.refused', args: { where } } };
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timeout/i.test(errorMessage(err))) return { kind: 'timeout', error: { code: 'docker.timeout', args: { where } } };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'refused', error: { code: 'docker.unresolved', args: { where } } };
  if (typeof e?.statusCode === 'number') return { kind: 'api', error: { code: 'docker.api', args: { status: e.statusCode }, raw: String(e.json?.message ?? e.reason ?? errorMessage(err)).trim() } };
  return { kind: 'other', error: { code: 'docker.other', args: { where }, raw: errorMessage(err).split('\n')[0]! } };
}

/** GET /version answered, but not with the Engine's JSON: say what came back (first line, bounded). */
function notEngine(host: string, answer: unknown): HealthProbeError {
  const text = Buffer.isBuffer(answer) ? answer.toString('utf8') : typeof answer === 'string' ? answer : JSON.stringify(answer) ?? '';
  const first = text.trim().split('\n')[0]!.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 60);
  return { code: 'docker.notEngine', args: { host, answer: first } };
}

/** Connects and pings; never throws: a failure is described in `access`. */
export async function connectDocker(timeoutMs: number, signal: AbortSignal): Promise<{ docker: Dockerode | null; access: DockerAccess }> {
  const host = dockerHost();
  let docker: Dockerode;
  try {
    const { default: Docker } = await import('dockerode');
    docker = new Docker();
  } catch (err) {
    return { docker: null, access: { host, ok: false, errorKind: 'bad-host', error: { code: 'docker.badHost', args: { host }, raw: errorMessage(err) }, serverVersion: null } };
  }
  // The modem's socket timeout destroys a request to a hung Engine, so no socket outlives the run.
  // Not for ssh:// (node's http client would call setTimeout on ssh2's channel, which has none);
  // withTimeout below still bounds every call there. A hijacked exec stream is not affected.
  if (!host.startsWith('ssh://')) (docker.modem as unknown as { timeout?: number }).timeout = timeoutMs;
  try {
    const v: unknown = await withTimeout(docker.version() as Promise<unknown>, timeoutMs, signal);
    // docker-modem hands back the raw body when it is not JSON: a web server (an HTML page at
    // tcp://host:80, a proxy) answers 200 too, and would pass for an Engine with no containers.
    const version = v !== null && typeof v === 'object' && !Buffer.isBuffer(v) ? (v as { Version?: unknown; ApiVersion?: unknown }) : null;
    if (!version || (typeof version.Version !== 'string' && typeof version.ApiVersion !== 'string')) {
      return { docker: null, access: { host, ok: false, errorKind: 'not-engine', error: notEngine(host, v), serverVersion: null } };
    }
    return { docker, access: { host, ok: true, errorKind: null, error: null, serverVersion: typeof version.Version === 'string' ? version.Version : null } };
  } catch (err) {
    const d = describeDockerError(err, host);
    return { docker: null, access: { host, ok: false, errorKind: d.kind, error: d.error, serverVersion: null } };
  }
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${Math.round(ms / 100) / 10}s`);
    this.name = 'TimeoutError';
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
    const onAbort = () => reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export interface ExecResult {
  /** The command as run, for messages. */
  cmd: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Output beyond the cap was dropped. */
  truncated: boolean;
  /** The command did not finish in time and was abandoned (it may still run in the container). */
  timedOut: boolean;
  /** The exec could not be created or started (container stopped, API error). */
  error: HealthProbeError | null;
  /**
   * The container stopped while (or before) the command ran: its state then (exited, dead, removed…).
   * Set whatever the Engine answered for the exec — 404 "No such exec instance", 409 "is not
   * running", 500 "container not running", or the command killed with the container (exit > 128).
   */
  stopped: string | null;
  ms: number;
}

/** How long a container that just lost its exec may take to show as stopped in inspect. */
const STOP_GRACE_MS = 2_000;

/**
 * The container's state after an exec went wrong: null while it runs, else its status. The Engine
 * reports the exec's end (stream closed, exit 137) before it has handled the container's own exit
 * (moby daemon/monitor.go handles each container's events in order, exec exits first), so a
 * container that still reads "running" is asked again for up to STOP_GRACE_MS.
 */
async function stoppedState(docker: Dockerode, containerId: string, timeoutMs: number, signal: AbortSignal): Promise<string | null> {
  const deadline = Date.now() + STOP_GRACE_MS;
  for (;;) {
    try {
      const info = await withTimeout(docker.getContainer(containerId).inspect(), timeoutMs, signal);
      if (!info.State?.Running || info.State?.Restarting) return info.State?.Status ?? 'exited';
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return 'removed';
      return null;
    }
    if (Date.now() >= deadline || signal.aborted) return null;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const MAX_EXEC_OUTPUT = 8 * 1024 * 1024;

class CappedSink extends PassThrough {
  chunks: Buffer[] = [];
  bytes = 0;
  truncated = false;
  constructor(private readonly cap: number) {
    super();
    this.on('data', (c: Buffer) => {
      if (this.bytes >= this.cap) {
        this.truncated = true;
        return;
      }
      const room = this.cap - this.bytes;
      if (c.length > room) {
        this.truncated = true;
        c = c.subarray(0, room);
      }
      this.chunks.push(c);
      this.bytes += c.length;
    });
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs a command in the container with the Engine API (exec create → start hijacked → demultiplex
 * stdout/stderr → inspect for the exit code). The Engine API cannot kill an exec, so on timeout the
 * stream is destroyed, the command abandoned and the result says so.
 */
export async function execIn(
  docker: Dockerode,
  containerId: string,
  cmd: string[],
  opts: { timeoutMs: number; maxBytes?: number; signal: AbortSignal },
): Promise<ExecResult> {
  const started = Date.now();
  const cap = opts.maxBytes ?? MAX_EXEC_OUTPUT;
  const base = { cmd: cmd.join(' '), exitCode: null, stdout: '', stderr: '', truncated: false, timedOut: false, stopped: null };
  const out = new CappedSink(cap);
  const err = new CappedSink(Math.min(cap, 1024 * 1024));
  out.resume();
  err.resume();
  let stream: import('node:stream').Duplex | null = null;
  try {
    const container = docker.getContainer(containerId);
    const exec = await withTimeout(container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false }), opts.timeoutMs, opts.signal);
    stream = (await withTimeout(exec.start({ hijack: true, stdin: false }), opts.timeoutMs, opts.signal)) as import('node:stream').Duplex;
    docker.modem.demuxStream(stream!, out, err);
    const remaining = Math.max(1, opts.timeoutMs - (Date.now() - started));
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        stream!.on('end', () => resolve());
        stream!.on('close', () => resolve());
        stream!.on('error', (e) => reject(e));
      }),
      remaining,
      opts.signal,
    );
    const info = await withTimeout(exec.inspect(), opts.timeoutMs, opts.signal);
    const exitCode = typeof info.ExitCode === 'number' ? info.ExitCode : null;
    // Killed by a signal: the container may have been stopped under it.
    const stopped = exitCode !== null && exitCode > 128 ? await stoppedState(docker, containerId, opts.timeoutMs, opts.signal) : null;
    return { ...base, exitCode, stdout: out.text(), stderr: err.text(), truncated: out.truncated || err.truncated, error: null, stopped, ms: Date.now() - started };
  } catch (e) {
    (stream as import('node:stream').Duplex | null)?.destroy();
    if (e instanceof TimeoutError) return { ...base, stdout: out.text(), stderr: err.text(), truncated: out.truncated, timedOut: true, error: null, ms: Date.now() - started };
    // An Engine error on a container that stopped meanwhile is that stop, in whatever words (404/409/500).
    const stopped = opts.signal.aborted ? null : await stoppedState(docker, containerId, opts.timeoutMs, opts.signal);
    return { ...base, stdout: out.text(), stderr: err.text(), error: describeDockerError(e, dockerHost()).error, stopped, ms: Date.now() - started };
  }
}
