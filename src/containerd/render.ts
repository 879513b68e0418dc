/**
 * render: the files K3s writes from registries.yaml, per rendering mode (DESIGN "render"). Pure.
 * Mode A: the config.toml registry part (config-toml.ts); modes B and D: certs.d hosts.toml files
 * (hosts-toml.ts) plus the config.toml auth part.
 */
import type { RegistriesModel } from '../registries-model.js';
import type { RegistryMode } from '../endpoint.js';
import type { RawCredentials } from '../probes/registries-file.js';
import { configGeneration, renderConfigToml } from './config-toml.js';
import { renderHostsToml } from './hosts-toml.js';
import type { Rendered } from './resolve.js';

export interface RenderOptions {
  mode: RegistryMode;
  k3s?: string | null;
  secrets?: RawCredentials;
  noDefaultEndpoint?: boolean;
  program?: string;
  /** config.toml `config_path` (modes B/D): the node's certs.d, K3s' by default (CERTS_D_PATH). */
  certsDir?: string;
  /** See HostsTomlOptions.loopbackAsRemote (test stand-ins only). */
  loopbackAsRemote?: boolean;
}

export function render(model: RegistriesModel, opts: RenderOptions): Rendered {
  return {
    mode: opts.mode,
    generation: configGeneration(opts.mode, opts.k3s),
    configToml: renderConfigToml(model, { mode: opts.mode, k3s: opts.k3s, secrets: opts.secrets, certsDir: opts.certsDir }),
    loopbackAsRemote: opts.loopbackAsRemote === true,
    hostsToml: renderHostsToml(model, { mode: opts.mode, noDefaultEndpoint: opts.noDefaultEndpoint, program: opts.program, loopbackAsRemote: opts.loopbackAsRemote }) ?? [],
  };
}

export type { Rendered };
