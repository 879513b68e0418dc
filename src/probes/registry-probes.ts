import { underHostRoot } from '../host-root.js';
import { promises as fs } from 'node:fs';
import { LOOPBACK_AS_REMOTE, defineProbe, type ProbeDef } from '../probe-runner.js';
import { InputError } from '../errors.js';
import { DEFAULTS, type FileProbeOptions, type RegistryProbeOptions } from '../options.js';
import { parseYaml } from '../yaml-tree.js';
import { buildModel } from '../registries-model.js';
import { featuresFor } from '../rancher/releases.js';
import { lookupRke2 } from '../rancher/rke2.js';
import { buildImageSet } from '../rancher/image-set.js';
import { runRegistryProbe, type RegistryProbeFact } from '../registry/run-walk.js';
import { RAW_CREDENTIALS, registriesFileProbe, type RawCredentials, type RegistriesFileFact } from './registries-file.js';

export type { RegistryProbeFact } from '../registry/run-walk.js';

/** Fact id of the registry probe. */
export const REGISTRY_PROBE = 'registryProbe';

/**
 * `registry` without FILE: when the default path does not exist, K3s runs with defaults (absent file
 * = no private registry config, DOMAIN §1.1), so do we; the image-set check says so.
 */
export const optionalRegistriesFileProbe = defineProbe<RegistriesFileFact, FileProbeOptions>({
  id: 'registriesFile',
  timeoutMs: DEFAULTS.timeoutMs,
  async run(ctx) {
    if (!ctx.options.fileGiven) {
      try {
        await fs.stat(ctx.options.file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          ctx.runtime.set(RAW_CREDENTIALS, {});
          const fact = { path: ctx.options.file, size: 0, mode: '000', uid: -1, lineCount: 0, yaml: parseYaml(''), secrets: [], hints: [], absent: true };
          return fact as unknown as RegistriesFileFact;
        }
      }
    }
    return registriesFileProbe.run(ctx);
  },
});

export const registryProbe = defineProbe<RegistryProbeFact, RegistryProbeOptions>({
  id: REGISTRY_PROBE,
  // Every request has its own --timeout; this bounds the whole walk (600+ images, retries, slow hosts).
  timeoutMs: (options) => Math.max(120_000, options.timeoutMs * 60),
  needs: ['registriesFile'],
  async run(ctx) {
    const o = ctx.options;
    let imagesFile: { path: string; text: string } | null = null;
    if (o.images !== null) {
      try {
        imagesFile = { path: o.images, text: await fs.readFile(o.images, 'utf8') };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new InputError(`--images ${o.images}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`}`);
      }
    }
    const imageSet = buildImageSet({ systemDefaultRegistry: o.systemDefaultRegistry, rancherVersion: o.rancherVersion, imagesFile, imageRefs: o.imageRefs });
    const reg = await ctx.fact<RegistriesFileFact>('registriesFile');
    if (!reg.ok) throw new Error(`registries.yaml could not be read: ${reg.error}`);
    const absent = Boolean((reg.value as unknown as { absent?: boolean }).absent);
    // The node's own K3s code decides the mode: --rke2-version's, else the K3s that --rancher-version embeds.
    const rke2 = o.rke2Version ? lookupRke2(o.rke2Version) : null;
    const feats = rke2 ? (rke2.kind === 'known' ? rke2.features : null) : o.rancherVersion ? featuresFor(o.rancherVersion) : null;
    // An RKE2 version not in the table, or in mode C, has no modelled mode: the walk still runs (TLS and
    // auth do not depend on it) with today's mode, and the mode-dependent checks do not judge (modeSource).
    const mode = feats?.mode ?? 'D';
    const model = buildModel(reg.value.yaml.tree, mode);
    const credentials = (ctx.runtime.get(RAW_CREDENTIALS) as RawCredentials | undefined) ?? {};
    return runRegistryProbe({
      model,
      features: { mode, k3s: feats?.k3s ?? null, containerd: feats?.containerd ?? null, loopbackAsRemote: ctx.runtime.get(LOOPBACK_AS_REMOTE) === true, rewrite: feats?.rewrite ?? true, lastDefaultEndpointBug: feats?.lastDefaultEndpointBug ?? false, insecureSkipVerify: feats?.insecureSkipVerify ?? true },
      modeSource: rke2 ? (feats ? 'rke2-version' : 'unknown') : feats ? 'rancher-version' : 'default',
      imageSet,
      registriesFile: { path: reg.value.path, present: !absent },
      credentials,
      platform: o.platform,
      concurrency: o.concurrency,
      timeoutMs: o.timeoutMs,
      // --host-root: ca_file/cert_file/key_file as the node sees them, mounted under that directory.
      readFile: o.hostRoot ? (p: string) => fs.readFile(underHostRoot(o.hostRoot, p), 'utf8') : undefined,
      signal: ctx.signal,
      progress: ctx.progress,
    });
  },
});

/** Registry stage probes (issue #3). */
export function registryProbes(opts: { optionalFile?: boolean } = {}): ProbeDef<unknown, RegistryProbeOptions>[] {
  return opts.optionalFile ? [optionalRegistriesFileProbe, registryProbe] : [registryProbe];
}
