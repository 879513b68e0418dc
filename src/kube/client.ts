/**
 * The Kubernetes API through @kubernetes/client-node 1.4 (kubeconfig, certificates, tokens and exec
 * plugins read as kubectl does; 2.x needs Node ≥ 22). Loaded only by the cluster probe, so `lint`
 * never loads it. Errors become KubeError records with the cause, never a thrown stack.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { InputError, errorMessage } from '../errors.js';
import { registerSecret } from '../redact.js';
import type { KubeError } from './facts.js';

type ClientNode = typeof import('@kubernetes/client-node');
export type KubeConfig = InstanceType<ClientNode['KubeConfig']>;

export interface LoadedConfig {
  kc: KubeConfig | null;
  source: string | null;
  context: string | null;
  server: string | null;
  user: string | null;
}

let lib: ClientNode | null = null;
export async function clientNode(): Promise<ClientNode> {
  lib ??= await import('@kubernetes/client-node');
  return lib;
}

/** The kubeconfig of a `cluster` run: its flags and the environment it was started with. */
export function loadClusterConfig(o: { kubeconfig: string | null; context: string | null; kubeconfigEnv: string | null; home: string | null }): Promise<LoadedConfig> {
  return loadKubeConfig({ kubeconfig: o.kubeconfig, context: o.context, env: { KUBECONFIG: o.kubeconfigEnv ?? undefined, HOME: o.home ?? undefined, KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST } });
}

/**
 * Opens a `cluster` run's kubeconfig and records in its fact where it points (source, context, server,
 * user). With no kubeconfig at all the fact gets the `config` error and null is returned.
 */
export async function connectCluster(o: Parameters<typeof loadClusterConfig>[0], fact: { source: string | null; context: string | null; server: string | null; user: string | null; error: KubeError | null }): Promise<KubeConfig | null> {
  const cfg = await loadClusterConfig(o);
  Object.assign(fact, { source: cfg.source, context: cfg.context, server: cfg.server, user: cfg.user });
  if (!cfg.kc) fact.error = { kind: 'config', cause: null, status: null, message: 'no kubeconfig', request: 'load kubeconfig' };
  return cfg.kc;
}

/**
 * kubectl's order: --kubeconfig, then $KUBECONFIG (a path list), then ~/.kube/config, then the
 * in-cluster service account. A --kubeconfig or --context that cannot be used is bad input (exit 2);
 * having none at all is a finding (returned with kc null).
 */
export async function loadKubeConfig(opts: { kubeconfig: string | null; context: string | null; env: Record<string, string | undefined> }): Promise<LoadedConfig> {
  const { KubeConfig } = await clientNode();
  const kc = new KubeConfig();
  let source: string | null = null;
  if (opts.kubeconfig) {
    if (!existsSync(opts.kubeconfig)) throw new InputError(`--kubeconfig ${opts.kubeconfig}: no such file`);
    try {
      kc.loadFromFile(opts.kubeconfig);
    } catch (err) {
      throw new InputError(`--kubeconfig ${opts.kubeconfig}: ${firstLine(errorMessage(err))}`);
    }
    source = opts.kubeconfig;
  } else {
    const list = (opts.env.KUBECONFIG ?? '').split(path.delimiter).filter((f) => f !== '' && existsSync(f));
    const home = path.join(opts.env.HOME ?? homedir(), '.kube', 'config');
    try {
      if (list.length) {
        source = list.join(path.delimiter);
        if (list.length === 1) kc.loadFromFile(list[0]!);
        else kc.loadFromDefault();
      } else if (existsSync(home)) {
        source = home;
        kc.loadFromFile(home);
      } else if (opts.env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
        source = 'in-cluster';
        kc.loadFromCluster();
      } else return { kc: null, source: null, context: null, server: null, user: null };
    } catch (err) {
      throw new InputError(`kubeconfig ${source}: ${firstLine(errorMessage(err))}`);
    }
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw new InputError(`--context ${opts.context}: no such context in ${source} (contexts: ${names.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const user = kc.getCurrentUser();
  registerSecret(user?.token);
  registerSecret(user?.password);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new InputError(`kubeconfig ${source}: context "${kc.getCurrentContext()}" names no cluster`);
  return { kc, source, context: kc.getCurrentContext() || null, server: cluster.server, user: user?.name ?? null };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}

/** Cause of a failure below HTTP, from node's error codes (client-node 1.4 uses node-fetch: err.code, else the message). */
export function unreachableCause(err: unknown): string {
  const e = err as { code?: string; errno?: string; type?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.errno ?? e?.cause?.code ?? '';
  const msg = e?.message ?? String(err);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(msg)) return 'dns';
  if (code === 'ETIMEDOUT' || /timed out|ETIMEDOUT/.test(msg)) return 'timeout';
  if (code === 'ECONNRESET' || /ECONNRESET|socket hang up/.test(msg)) return 'reset';
  if (/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|unable to get local issuer certificate|self[- ]signed certificate/i.test(code + ' ' + msg)) return 'tls-unknown-ca';
  if (/ERR_TLS_CERT_ALTNAME_INVALID|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|EPROTO|ssl|tls/i.test(code + ' ' + msg)) return 'tls';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  return 'other';
}

/** An error of a client-node call as a KubeError. */
export function kubeError(err: unknown, request: string): KubeError {
  const e = err as { code?: unknown; body?: unknown; message?: string };
  if (typeof e?.code === 'number' && e.code >= 100) {
    const status = e.code;
    let message = '';
    const body = typeof e.body === 'string' ? e.body : e.body ? JSON.stringify(e.body) : '';
    try {
      const parsed = JSON.parse(body) as { message?: string };
      message = parsed.message ?? body;
    } catch {
      message = body || (e.message ?? '');
    }
    message = firstLine(message);
    const kind = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'api';
    return { kind, cause: null, status, message, request };
  }
  return { kind: 'unreachable', cause: unreachableCause(err), status: null, message: firstLine(errorMessage(err)), request };
}

export class Timeout extends Error {
  code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no answer in ${ms / 1000} s (timed out)`);
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Timeout(ms)), ms);
    t.unref?.();
    const onAbort = () => reject(new Timeout(ms));
    signal?.addEventListener('abort', onAbort, { once: true });
    // Settled: drop the timer and the listener (cluster --nodes polls with one signal for minutes).
    const settle = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
    };
    p.then(
      (v) => {
        settle();
        resolve(v);
      },
      (err) => {
        settle();
        reject(err);
      },
    );
  });
}
