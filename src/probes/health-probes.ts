/**
 * Health stage probes (issue #4): find and inspect the Rancher container through the Docker Engine
 * API, read the files K3s uses inside it, and capture what kubectl / crictl / containerd report.
 * All I/O is here; the checks in checks/ judge the facts. DOMAIN §2.3, §4.5, §5, §6 #7, #18-21, #25.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type Dockerode from 'dockerode';
import { defineProbe, type ProbeContext, type ProbeDef } from '../probe-runner.js';
import { connectDocker, describeDockerError, dockerHost, execIn, MAX_EXEC_OUTPUT, withTimeout, type ExecResult } from '../docker/engine-api.js';
import { errorMessage, InputError } from '../errors.js';
import { DEFAULTS, type HealthProbeOptions } from '../options.js';
import { parseYaml } from '../yaml-tree.js';
import { extractSecrets } from './registries-file.js';
import { buildModel } from '../registries-model.js';
import { redact, REDACTED } from '../redact.js';
import {
  CLUSTER_STATE,
  CONTAINER_FILES,
  emptyClusterState,
  emptyContainerFiles,
  RANCHER_CONTAINER,
  type ClusterStateFact,
  type ContainerFilesFact,
  type ContainerInfo,
  type ContainerSummary,
  type DnsResult,
  type ExecSummary,
  type FileKind,
  type HostFileInfo,
  type RancherContainerFact,
  type RegistriesInContainer,
  type TlsFileInContainer,
} from '../health/health-facts.js';
import type { HealthProbeError } from '../health/probe-errors.js';
import { OutputFormatError, parseEventsJson, parseImagesJson, parseImagesTable, parsePodsJson, parsePodsTable } from '../health/parse.js';
import { clusterHealthy, podReadiness, pullFailures } from '../health/judge.js';
import { mayBeRancherServer, recogniseRancherServer } from '../health/recognise.js';
import { sleep } from '../sleep.js';

export const REGISTRIES_PATH = '/etc/rancher/k3s/registries.yaml';
export const CONTAINERD_DIR = '/var/lib/rancher/k3s/agent/etc/containerd';
export const CONTAINERD_LOG = '/var/lib/rancher/k3s/agent/containerd/containerd.log';
export const AIRGAP_IMAGES_DIR = '/var/lib/rancher/k3s/agent/images';
export const AIRGAP_TAR = `${AIRGAP_IMAGES_DIR}/k3s-airgap-images.tar`;
const DOCKER_KEY = 'health.docker';
/** Room a probe's own bound leaves beyond the budget of its calls. */
const SLACK_MS = 10_000;
const POLL_MS = 2_000;

/** Containers inspected at most to find the server among look-alikes. */
const MAX_INSPECT = 50;

/** image rancher/rancher[:tag|@digest], with or without a registry prefix (not rancher/rancher-agent). */
export const RANCHER_IMAGE_RE = /^(?:[^/]+\/)*rancher\/rancher(?:[:@].*)?$/;

type Ctx = ProbeContext<HealthProbeOptions>;

/** Each Docker Engine API call (connect, list, inspect) is bounded by --timeout (exec has --exec-timeout). */
function apiTimeout(options: HealthProbeOptions): number {
  return options.timeoutMs > 0 ? options.timeoutMs : DEFAULTS.timeoutMs;
}

function execTimeout(ctx: Ctx): number {
  return ctx.options.execTimeoutMs > 0 ? ctx.options.execTimeoutMs : DEFAULTS.execTimeoutMs;
}

function versionFromImage(image: string): string | null {
  const m = /:v?(\d+\.\d+\.\d+)(?:[-+][\w.-]*)?$/.exec(image);
  return m ? `v${m[1]}` : null;
}

function summarize(info: Dockerode.ContainerInspectInfo): ContainerInfo {
  const env = new Map<string, string>();
  for (const kv of info.Config?.Env ?? []) {
    const i = kv.indexOf('=');
    if (i > 0) env.set(kv.slice(0, i), kv.slice(i + 1));
  }
  const pick = (k: string) => (env.has(k) ? env.get(k)! : null);
  const image = info.Config?.Image ?? info.Image;
  return {
    id: info.Id,
    name: (info.Name ?? '').replace(/^\//, ''),
    image,
    imageVersion: versionFromImage(image),
    state: {
      status: info.State?.Status ?? 'unknown',
      running: Boolean(info.State?.Running),
      restarting: Boolean(info.State?.Restarting),
      startedAt: info.State?.StartedAt && !info.State.StartedAt.startsWith('0001') ? info.State.StartedAt : null,
      finishedAt: info.State?.FinishedAt && !info.State.FinishedAt.startsWith('0001') ? info.State.FinishedAt : null,
      exitCode: typeof info.State?.ExitCode === 'number' ? info.State.ExitCode : null,
    },
    privileged: Boolean(info.HostConfig?.Privileged),
    restartPolicy: info.HostConfig?.RestartPolicy?.Name || 'no',
    env: {
      CATTLE_SYSTEM_DEFAULT_REGISTRY: pick('CATTLE_SYSTEM_DEFAULT_REGISTRY'),
      K3S_SYSTEM_DEFAULT_REGISTRY: pick('K3S_SYSTEM_DEFAULT_REGISTRY'),
      CATTLE_K3S_VERSION: pick('CATTLE_K3S_VERSION'),
      SSL_CERT_DIR: pick('SSL_CERT_DIR'),
    },
    mounts: (info.Mounts ?? []).map((m) => ({ type: m.Type ?? 'bind', source: m.Source ?? '', destination: m.Destination, rw: m.RW !== false })),
    extraHosts: info.HostConfig?.ExtraHosts ?? [],
    networkMode: info.HostConfig?.NetworkMode ?? 'default',
    runs: { path: info.Path ?? '', args: info.Args ?? [], serverImage: pick('CATTLE_SERVER_IMAGE') },
  };
}

const runsText = (c: ContainerInfo) => [c.runs?.path ?? '', ...(c.runs?.args ?? [])].join(' ').trim().slice(0, 120);

async function findContainer(ctx: Ctx): Promise<{ fact: RancherContainerFact; docker: Dockerode | null }> {
  const requested = ctx.options.container || null;
  ctx.progress('connecting to Docker');
  const timeoutMs = apiTimeout(ctx.options);
  const { docker, access } = await connectDocker(timeoutMs, ctx.signal);
  const fact: RancherContainerFact = { docker: access, requested, candidates: [], container: null, problem: null };
  if (!docker) return { fact, docker };
  try {
    const list = await withTimeout(docker.listContainers({ all: true }), timeoutMs, ctx.signal);
    // Worth inspecting: a rancher/rancher image name, or a command the server image starts with.
    const maybe = list.filter((c) => RANCHER_IMAGE_RE.test(c.Image) || mayBeRancherServer(c.Command)).slice(0, MAX_INSPECT);
    const inspected = new Map<string, ContainerInfo>();
    fact.ignored = [];
    for (const c of maybe) {
      let info: ContainerInfo;
      try {
        info = summarize(await withTimeout(docker.getContainer(c.Id).inspect(), timeoutMs, ctx.signal));
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) continue; // removed meanwhile
        throw err;
      }
      const s: ContainerSummary = { id: c.Id.slice(0, 12), name: (c.Names?.[0] ?? '').replace(/^\//, ''), image: c.Image, state: c.State, status: c.Status };
      const r = recogniseRancherServer(info.runs!);
      if (r.server) {
        fact.candidates.push(s);
        inspected.set(s.id, info);
      } else if (RANCHER_IMAGE_RE.test(c.Image)) fact.ignored.push({ ...s, why: r.why, runs: runsText(info) });
    }
    fact.candidates.sort((a, b) => a.name.localeCompare(b.name));
    fact.ignored.sort((a, b) => a.name.localeCompare(b.name));
    let target: string | null = requested;
    if (!target) {
      const running = fact.candidates.filter((c) => c.state === 'running');
      if (running.length === 1) target = running[0]!.id;
      else if (running.length > 1) fact.problem = 'several';
      else if (fact.candidates.length === 1) target = fact.candidates[0]!.id;
      else if (fact.candidates.length > 1) fact.problem = 'several';
      else fact.problem = 'not-found';
    }
    if (target) {
      ctx.progress(`inspecting ${target}`);
      try {
        const info = inspected.get(target) ?? summarize(await withTimeout(docker.getContainer(target).inspect(), timeoutMs, ctx.signal));
        const r = recogniseRancherServer(info.runs!);
        // Found by discovery ⇒ a server; named with --container ⇒ examined as asked, flagged when it does not run the server.
        fact.container = info;
        if (!r.server) fact.rejected = { name: info.name, image: info.image, runs: runsText(info), why: r.why };
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) fact.problem = 'not-found';
        else throw err;
      }
    }
  } catch (err) {
    const d = describeDockerError(err, access.host);
    fact.docker = { ...access, ok: false, errorKind: d.kind, error: d.error };
    return { fact, docker: null };
  }
  return { fact, docker };
}

export const rancherContainerProbe = defineProbe<RancherContainerFact, HealthProbeOptions>({
  id: RANCHER_CONTAINER,
  // Three API calls (version, list, inspect), each bounded by --timeout, plus slack.
  timeoutMs: (options) => Math.max(60_000, 4 * apiTimeout(options) + SLACK_MS),
  async run(ctx) {
    const { fact, docker } = await findContainer(ctx);
    if (docker && fact.container) ctx.runtime.set(DOCKER_KEY, docker);
    return fact;
  },
});

async function usableContainer(ctx: Ctx): Promise<{ docker: Dockerode; c: ContainerInfo } | { skipped: HealthProbeError }> {
  const f = await ctx.fact<RancherContainerFact>(RANCHER_CONTAINER);
  if (!f.ok) return { skipped: { code: 'probe.failed', args: {}, raw: f.error } };
  const docker = ctx.runtime.get(DOCKER_KEY) as Dockerode | undefined;
  if (!f.value.container || !docker) return { skipped: { code: 'container.none', args: {} } };
  if (!f.value.container.state.running) return { skipped: { code: 'container.notRunning', args: { name: f.value.container.name, status: f.value.container.state.status } } };
  return { docker, c: f.value.container };
}

function fileKind(statType: string): FileKind {
  if (/regular (empty )?file/.test(statType)) return 'file';
  if (/directory/.test(statType)) return 'directory';
  return 'other';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** An exec found the container stopped (ExecResult.stopped): the probe ends there and says so. */
class ContainerStopped extends Error {
  constructor(
    readonly status: string,
    readonly cmd: string,
  ) {
    super(`container stopped (${status}) during "${cmd}"`);
  }
}

function stopIfStopped(r: ExecResult): ExecResult {
  if (r.stopped) throw new ContainerStopped(r.stopped, r.cmd.split('\n')[0]!);
  return r;
}

/** Why a command in the container did not give its output, as data (the command's own words in raw). */
function execProblem(r: ExecResult, timeoutMs: number): HealthProbeError {
  const cmd = r.cmd.split('\n')[0]!;
  if (r.timedOut) return { code: 'exec.timedOut', args: { cmd, seconds: Math.round(timeoutMs / 100) / 10 } };
  if (r.error) return { code: 'exec.failed', args: { cmd, cause: r.error } };
  return { code: 'exec.exited', args: { cmd, exitCode: r.exitCode ?? '?' }, raw: redact((r.stderr.trim() || r.stdout.trim()).split('\n').slice(0, 3).join(' ')) };
}

const sh = (script: string, ...args: string[]) => ['sh', '-c', script, 'sh', ...args];

async function readRegistriesInContainer(run: (cmd: string[], maxBytes?: number) => Promise<ExecResult>, timeoutMs: number): Promise<RegistriesInContainer> {
  const r: RegistriesInContainer = { path: REGISTRIES_PATH, kind: 'unknown', size: null, mtime: null, sha256: null, yaml: null, lookalikes: [], error: null };
  const ls = await run(['ls', '-a', '/etc/rancher/k3s']);
  if (ls.exitCode === 0) r.lookalikes = ls.stdout.split(/\s+/).filter((n) => n !== 'registries.yaml' && /^regist/i.test(n));
  const st = await run(sh('stat -c "%F|%s|%Y" "$1" 2>/dev/null || echo missing', REGISTRIES_PATH));
  if (st.error || st.timedOut) {
    r.error = execProblem(st, timeoutMs);
    return r;
  }
  const line = st.stdout.trim();
  if (line === 'missing') {
    r.kind = 'missing';
    return r;
  }
  const [type = '', size = '', mtime = ''] = line.split('|');
  r.kind = fileKind(type);
  r.size = Number(size) || 0;
  r.mtime = Number(mtime) || null;
  if (r.kind !== 'file') return r;
  const cat = await run(['cat', REGISTRIES_PATH], 1024 * 1024);
  if (cat.exitCode !== 0 || cat.timedOut) {
    r.error = execProblem(cat, timeoutMs);
    return r;
  }
  r.sha256 = sha256(cat.stdout);
  const yaml = parseYaml(cat.stdout);
  extractSecrets(yaml.tree); // registers every secret for redaction and replaces them in the tree
  r.yaml = yaml;
  return r;
}

async function hostFileInfo(path: string): Promise<HostFileInfo> {
  try {
    const st = await fs.stat(path);
    if (!st.isFile()) return { path, kind: st.isDirectory() ? 'directory' : 'other', sha256: null, mtime: Math.floor(st.mtimeMs / 1000), error: null };
    const text = await fs.readFile(path, 'utf8');
    return { path, kind: 'file', sha256: sha256(text), mtime: Math.floor(st.mtimeMs / 1000), error: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { path, kind: code === 'ENOENT' ? 'missing' : 'unknown', sha256: null, mtime: null, error: code === 'ENOENT' ? null : errorMessage(err) };
  }
}

const IP_RE = /^(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]|[0-9a-f:]+:[0-9a-f:]*)$/i;

/** Resolve inside the container: getent (glibc, as in the Rancher image), else ping's resolver (busybox). DOMAIN §6 #25. */
const RESOLVE = `h="$1"
if command -v getent >/dev/null 2>&1; then getent hosts "$h" && exit 0; exit 2; fi
out=$(ping -c1 -W1 "$h" 2>&1)
case "$out" in *"bad address"*|*"unknown host"*|*"not known"*|*"Name does not resolve"*) echo "$out" >&2; exit 2;; esac
echo "$out" | sed -n 's/^PING [^ ]* (\\([^)]*\\)).*/\\1/p'`;

export const containerFilesProbe = defineProbe<ContainerFilesFact, HealthProbeOptions>({
  id: CONTAINER_FILES,
  timeoutMs: 120_000,
  needs: [RANCHER_CONTAINER],
  async run(ctx) {
    const fact: ContainerFilesFact = emptyContainerFiles(null);
    if (ctx.options.fileGiven) {
      fact.hostFile = await hostFileInfo(ctx.options.file);
      // FILE is input the user typed: unusable ⇒ one line and exit 2, as for lint.
      if (fact.hostFile.kind === 'missing') throw new InputError(`${ctx.options.file}: no such file`);
      if (fact.hostFile.kind === 'directory') throw new InputError(`${ctx.options.file}: is a directory, not a registries.yaml file`);
      if (fact.hostFile.error) throw new InputError(`${ctx.options.file}: ${fact.hostFile.error}`);
    }
    const cf = await ctx.fact<RancherContainerFact>(RANCHER_CONTAINER);
    // The Docker host's filesystem is ours only when the engine is local (unix socket).
    if (cf.ok && cf.value.container && dockerHost().startsWith('unix://')) {
      for (const m of cf.value.container.mounts) {
        if (m.type !== 'bind' || !(m.destination === REGISTRIES_PATH || m.destination.startsWith('/etc/rancher/k3s'))) continue;
        const info = await hostFileInfo(m.source);
        fact.mountSources.push({ destination: m.destination, source: m.source, kind: info.kind });
      }
    }
    const u = await usableContainer(ctx);
    if ('skipped' in u) return { ...fact, skipped: u.skipped };
    const timeoutMs = execTimeout(ctx);
    const run = async (cmd: string[], maxBytes = 64 * 1024) => stopIfStopped(await execIn(u.docker, u.c.id, cmd, { timeoutMs, maxBytes, signal: ctx.signal }));
    try {
      await readContainerFiles(ctx, u.c, run, fact, timeoutMs);
    } catch (err) {
      // Stopped while being read: nothing read inside it counts, the host side (inspect, stat) still does.
      if (!(err instanceof ContainerStopped)) throw err;
      return { ...emptyContainerFiles({ code: 'container.notRunning', args: { name: u.c.name, status: err.status } }), mountSources: fact.mountSources, hostFile: fact.hostFile };
    }
    return fact;
  },
});

async function readContainerFiles(ctx: Ctx, c: ContainerInfo, run: (cmd: string[], maxBytes?: number) => Promise<ExecResult>, fact: ContainerFilesFact, timeoutMs: number): Promise<void> {
  {
    ctx.progress('reading registries.yaml inside the container');
    fact.registries = await readRegistriesInContainer(run, timeoutMs);

    const model = fact.registries.yaml ? buildModel(fact.registries.yaml.tree) : { mirrors: [], configs: [] };
    for (const cfg of model.configs) {
      for (const [field, entry] of [
        ['ca_file', cfg.tls?.caFile],
        ['cert_file', cfg.tls?.certFile],
        ['key_file', cfg.tls?.keyFile],
      ] as const) {
        if (!entry) continue;
        ctx.progress(`checking ${entry.path} inside the container`);
        // Only counts PEM headers; a key file's content never leaves the container.
        const r = await run(sh('p="$1"; if [ ! -e "$p" ]; then echo missing; elif [ -d "$p" ]; then echo directory; elif [ ! -r "$p" ]; then echo unreadable; else echo "ok $(grep -c -- "-----BEGIN" "$p")"; fi', entry.path));
        const out = r.stdout.trim();
        const [status, count] = out.split(' ');
        const known = ['ok', 'missing', 'directory', 'unreadable'].includes(status ?? '');
        fact.tlsFiles.push({
          configKey: cfg.key,
          field,
          path: entry.path,
          line: entry.line,
          col: entry.col,
          status: known ? (status as TlsFileInContainer['status']) : 'unknown',
          pemBlocks: status === 'ok' ? Number(count) || 0 : null,
          error: known ? null : execProblem(r, timeoutMs),
        });
      }
    }

    const ls = await run(sh('ls -1 "$1" 2>/dev/null; exit 0', AIRGAP_IMAGES_DIR));
    if (!ls.error && !ls.timedOut) {
      fact.airgapImages.files = ls.stdout.split('\n').filter(Boolean);
      fact.airgapImages.present = fact.airgapImages.files.some((f) => /^k3s-airgap-images.*\.tar/.test(f));
    }

    const hosts = new Map<string, string>();
    const sdr = c.env.CATTLE_SYSTEM_DEFAULT_REGISTRY ?? ctx.options.systemDefaultRegistry;
    if (sdr) hosts.set(sdr.split('/')[0]!.replace(/:\d+$/, '').toLowerCase(), 'CATTLE_SYSTEM_DEFAULT_REGISTRY');
    for (const m of model.mirrors) for (const ep of m.endpoints) if (ep.parsed && !hosts.has(ep.parsed.hostname)) hosts.set(ep.parsed.hostname, `mirrors.${m.key}`);
    for (const [host, source] of hosts) {
      if (IP_RE.test(host) || host === '' || host === 'localhost') continue;
      ctx.progress(`resolving ${host} inside the container`);
      const r = await run(sh(RESOLVE, host));
      const d: DnsResult = { host, source, resolved: null, addresses: [], error: null };
      if (r.error || r.timedOut) d.error = execProblem(r, timeoutMs);
      else if (r.exitCode === 0) {
        d.resolved = true;
        d.addresses = [...new Set(r.stdout.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter(Boolean))];
      } else if (r.exitCode === 2) d.resolved = false;
      else d.error = execProblem(r, timeoutMs);
      fact.dns.push(d);
    }
  }
}

function summary(r: ExecResult): ExecSummary {
  const failed = r.exitCode !== 0 || r.error !== null || r.timedOut;
  return { cmd: r.cmd, exitCode: r.exitCode, truncated: r.truncated, timedOut: r.timedOut, error: r.error, ms: r.ms, stderr: failed ? redact(r.stderr.trim().split('\n')[0] ?? '') || null : null };
}

/** kubectl failing because the API server is not up yet (Rancher still starting). */
const STARTING_RE = /connection refused|was refused|ServiceUnavailable|the server is currently unable|Unable to connect to the server|apiserver not ready|k3s\.yaml: no such file|TLS handshake timeout|couldn't get current server API group list|\bEOF\b/i;
const NO_JSON_RE = /unknown (shorthand )?flag|unknown output format|unable to match a printer|invalid output format/i;

/** config.toml holds registry passwords in clear (DOMAIN §2.2, §7 item 6). */
export function redactToml(text: string): string {
  return redact(text.replace(/^([ \t]*(?:password|auth|identitytoken|identity_token|token|registrytoken)\s*=\s*)(["']).*\2[ \t]*$/gim, `$1$2${REDACTED}$2`));
}

/** Runs `gather` and records a container that stopped under it in `st.stopped` (the rest is not gathered). */
async function untilStopped(st: ClusterStateFact, gather: () => Promise<void>): Promise<void> {
  try {
    await gather();
  } catch (err) {
    if (!(err instanceof ContainerStopped)) throw err;
    st.stopped = { status: err.status, cmd: err.cmd };
  }
}

async function gatherCluster(ctx: Ctx, docker: Dockerode, id: string): Promise<ClusterStateFact> {
  const st = emptyClusterState(null);
  st.stopped = null;
  await untilStopped(st, () => gatherClusterInto(ctx, docker, id, st));
  return st;
}

async function gatherClusterInto(ctx: Ctx, docker: Dockerode, id: string, st: ClusterStateFact): Promise<void> {
  const timeoutMs = execTimeout(ctx);
  const run = (cmd: string[]) => execIn(docker, id, cmd, { timeoutMs, signal: ctx.signal });
  const exec = async (cmd: string[]) => {
    const r = await run(cmd);
    st.execs.push(summary(r));
    return stopIfStopped(r);
  };
  const failure = (r: ExecResult) => execProblem(r, timeoutMs);
  const then = (first: HealthProbeError | null, second: HealthProbeError): HealthProbeError => (first ? { code: 'then', args: { first, second } } : second);

  ctx.progress('kubectl get pods');
  const pj = await exec(['k3s', 'kubectl', 'get', 'pods', '-A', '-o', 'json']);
  let tryTable = false;
  if (pj.truncated) {
    // A cut JSON document cannot be parsed, and a cut table would silently drop pods.
    st.apiError = { code: 'exec.truncated', args: { cmd: pj.cmd, mib: Math.round(MAX_EXEC_OUTPUT / 1024 / 1024) } };
  } else if (pj.exitCode === 0 && !pj.timedOut) {
    try {
      st.pods = parsePodsJson(pj.stdout);
      st.podsSource = 'json';
      st.api = 'ready';
    } catch (err) {
      if (!(err instanceof OutputFormatError)) throw err;
      st.apiError = err.problem;
      tryTable = true;
    }
  } else if (!pj.timedOut && !pj.error && STARTING_RE.test(pj.stderr + pj.stdout)) {
    st.api = 'starting';
    st.apiError = failure(pj);
  } else if (!pj.timedOut && !pj.error && NO_JSON_RE.test(pj.stderr)) tryTable = true;
  else st.apiError = failure(pj);

  if (tryTable) {
    const pt = await exec(['k3s', 'kubectl', 'get', 'pods', '-A']);
    if (pt.exitCode === 0 && !pt.timedOut) {
      try {
        st.pods = parsePodsTable(pt.stdout);
        st.podsSource = 'table';
        st.api = 'ready';
        st.apiError = null;
      } catch (err) {
        if (!(err instanceof OutputFormatError)) throw err;
        st.apiError = then(st.apiError, err.problem);
      }
    } else if (STARTING_RE.test(pt.stderr + pt.stdout)) {
      st.api = 'starting';
      st.apiError = failure(pt);
    } else st.apiError = failure(pt);
  }

  if (st.api === 'ready') {
    ctx.progress('kubectl get events');
    const ev = await exec(['k3s', 'kubectl', 'get', 'events', '-A', '-o', 'json']);
    if (ev.exitCode === 0 && !ev.timedOut) {
      try {
        st.events = parseEventsJson(ev.stdout);
      } catch {
        // Events only add messages; a garbled list is recorded in execs and otherwise ignored.
      }
    }
  }

  ctx.progress('crictl images');
  const ij = await exec(['k3s', 'crictl', 'images', '-o', 'json']);
  let imagesTable = !(ij.exitCode === 0 && !ij.timedOut);
  if (!imagesTable) {
    try {
      st.images = parseImagesJson(ij.stdout);
      st.imagesSource = 'json';
    } catch (err) {
      if (!(err instanceof OutputFormatError)) throw err;
      st.imagesError = err.problem;
      imagesTable = true;
    }
  } else st.imagesError = failure(ij);
  if (imagesTable && !ij.timedOut && !ij.error) {
    const it = await exec(['k3s', 'crictl', 'images']);
    if (it.exitCode === 0 && !it.timedOut) {
      try {
        st.images = parseImagesTable(it.stdout);
        st.imagesSource = 'table';
        st.imagesError = null;
      } catch (err) {
        if (!(err instanceof OutputFormatError)) throw err;
        st.imagesError = then(st.imagesError, err.problem);
      }
    } else st.imagesError = then(st.imagesError, failure(it));
  }
}

/** The rendered containerd config, hosts.toml files and the log tail (DOMAIN §2.3), redacted. */
async function gatherContainerd(ctx: Ctx, docker: Dockerode, id: string, st: ClusterStateFact): Promise<void> {
  const exec = async (cmd: string[]) => {
    const r = await execIn(docker, id, cmd, { timeoutMs: execTimeout(ctx), signal: ctx.signal });
    st.execs.push(summary(r));
    return stopIfStopped(r);
  };
  {
    ctx.progress('reading the containerd configuration');
    const cfg = await exec(['cat', `${CONTAINERD_DIR}/config.toml`]);
    if (cfg.exitCode === 0) st.containerd.configToml = redactToml(cfg.stdout);
    const hosts = await exec(sh('for f in "$1"/certs.d/*/hosts.toml; do [ -f "$f" ] && printf "### %s\\n" "$f" && cat "$f"; done; exit 0', CONTAINERD_DIR));
    if (hosts.exitCode === 0) {
      for (const part of hosts.stdout.split(/^### /m).filter(Boolean)) {
        const nl = part.indexOf('\n');
        st.containerd.hostsToml.push({ path: part.slice(0, nl < 0 ? undefined : nl).trim(), text: redactToml(nl < 0 ? '' : part.slice(nl + 1)) });
      }
    }
    const log = await exec(['tail', '-n', '200', CONTAINERD_LOG]);
    if (log.exitCode === 0) st.containerd.logTail = redactToml(log.stdout);
  }
}

/** Wait budget plus time for one full gather: the probe's own timeout (see ProbeDef.timeoutMs). */
function clusterTimeout(options: HealthProbeOptions): number {
  const wait = options.waitMs ?? 0;
  const exec = options.execTimeoutMs;
  // The files probe runs first (see needs): its execs come out of this budget too.
  return wait + exec * 10 + Math.min(120_000, exec * 10) + SLACK_MS;
}

export const clusterStateProbe = defineProbe<ClusterStateFact, HealthProbeOptions>({
  id: CLUSTER_STATE,
  timeoutMs: clusterTimeout,
  // After the files probe, not beside it: execs in the container one at a time, in a known order.
  needs: [RANCHER_CONTAINER, CONTAINER_FILES],
  async run(ctx) {
    await ctx.fact(CONTAINER_FILES);
    const u = await usableContainer(ctx);
    if ('skipped' in u) return emptyClusterState(u.skipped);
    const waitMs = ctx.options.waitMs;
    const started = Date.now();
    let polls = 0;
    let st: ClusterStateFact;
    // --wait: re-gather until healthy or the time is up; checks then judge the last state (DOMAIN §7 item 5).
    for (;;) {
      polls++;
      st = await gatherCluster(ctx, u.docker, u.c.id);
      const healthy = clusterHealthy(st);
      const elapsed = Date.now() - started;
      if (st.stopped) break;
      // The last look is at the deadline, not one poll before it: --wait 4s waits 4s.
      if (!waitMs || healthy || elapsed >= waitMs || ctx.signal.aborted) break;
      const ready = st.pods.filter((p) => podReadiness(p).ready).length;
      const left = Math.ceil((waitMs - elapsed) / 1000);
      ctx.progress(st.api === 'ready' ? `waiting for Rancher: ${ready}/${st.pods.length} pods ready, ${pullFailures(st).length} image pulls failing (${left}s left)` : `waiting for Rancher: API ${st.api} (${left}s left)`);
      await sleep(Math.min(POLL_MS, waitMs - elapsed), ctx.signal);
    }
    if (!st.stopped) await untilStopped(st, () => gatherContainerd(ctx, u.docker, u.c.id, st));
    if (waitMs) st.wait = { requestedMs: waitMs, elapsedMs: Date.now() - started, polls, healthy: clusterHealthy(st) };
    return st;
  },
});

/**
 * Health stage probes (issue #4). The same under `all`: there a missing Docker or container is a skip,
 * not a failure, and the checks decide that from JudgeOptions.command (checks/rancher-container.ts).
 */
export function healthProbes(): ProbeDef<unknown, HealthProbeOptions>[] {
  return [rancherContainerProbe, containerFilesProbe, clusterStateProbe];
}
