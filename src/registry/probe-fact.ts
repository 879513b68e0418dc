/**
 * The registry probe's fact: what happened at each endpoint (TLS, ping, auth) and for each image at
 * each endpoint of its chain. Plain, secret-free data; errors are codes (./errors.ts).
 */
import type { ChainFeatures } from './chain.js';
import type { ImageSetEntry, ImageSetInfo } from '../rancher/image-set.js';
import type { TlsCause } from './tls-probe.js';
import type { CertInfo } from '../x509.js';
import type { ManifestInfo } from './manifest.js';
import type { ProbeError } from './errors.js';

/** Version of the saved facts format: 2 = probe errors are codes (ProbeError), 1 = English sentences. */
export const REGISTRY_FACT_FORMAT = 2;

export type TransportCause = TlsCause | 'https-server';

export interface EndpointFact {
  id: string;
  url: string;
  host: string;
  scheme: string;
  role: 'mirror' | 'default';
  mirrorKey: string | null;
  raw: string | null;
  configLookup: string;
  configKey: string | null;
  /** Registry names whose images were requested here. */
  registries: string[];
  transport: { ok: boolean; cause: TransportCause | null; error: ProbeError | null };
  tls: {
    caFile: string | null;
    certFile: string | null;
    keyFile: string | null;
    insecureSkipVerify: boolean;
    /** insecure_skip_verify written but not supported by this K3s (v1.18). */
    insecureSkipVerifyIgnored: boolean;
    verificationSkipped: boolean;
    protocol: string | null;
    cert: CertInfo | null;
    chain: CertInfo[];
  } | null;
  auth: AuthFact | null;
}

export type AuthCause = 'bad-credentials' | 'no-credentials' | 'token-rejected' | 'realm-error' | 'not-registry' | 'web-page' | 'unexpected-status' | 'invalid-auth-field' | 'identity-token';

export interface AuthFact {
  scheme: 'none' | 'basic' | 'bearer';
  credentials: 'username' | 'auth' | 'identity_token' | null;
  username: string | null;
  /** true: the registry accepted them; false: rejected; null: could not tell (token servers hand out anonymous tokens). */
  credentialsValid: boolean | null;
  realm: string | null;
  service: string | null;
  ok: boolean;
  cause: AuthCause | null;
  error: ProbeError | null;
  /** Credentials configured for a plain-HTTP endpoint travel in clear text. */
  plainHttpCredentials: boolean;
  /** Credentials withheld from a plain-HTTP token realm on another host. */
  realmCredentialsWithheld: boolean;
  /** GET /v2/ answered with Docker-Distribution-Api-Version (a registry, not a web page). */
  apiVersionHeader: boolean;
}

export type AttemptStatus = 'ok' | 'not-found' | 'unauthorized' | 'denied' | 'error' | 'blocked';

export interface AttemptFact {
  endpoint: string;
  url: string;
  repository: string;
  rewrite: { pattern: string; replacement: string } | null;
  status: AttemptStatus;
  httpStatus: number | null;
  /** Registry error code: MANIFEST_UNKNOWN, NAME_UNKNOWN, NOT_FOUND, UNAUTHORIZED, DENIED… */
  code: string | null;
  /** containerd's error for this attempt. */
  error: ProbeError | null;
  blockedBy: 'tls' | 'auth' | null;
  /** For 401: what we know about why. */
  authCause: 'bad-credentials' | 'no-permission' | 'no-permission-or-bad-credentials' | 'no-credentials' | null;
  /** JWT `access` of the token used, when a 401 needs explaining. */
  tokenActions: string[] | null;
  /**
   * A 200 containerd cannot use: a web page (text/html) instead of a manifest (DOMAIN §5.2 #13), or a
   * manifest over containerd's MaxManifestSize (DOMAIN §3.1). Absent in facts saved before it existed.
   */
  problem?: 'web-page' | 'too-large' | null;
}

export interface ImageFact {
  ref: string;
  registry: string;
  repository: string;
  reference: string;
  source: ImageSetEntry['source'];
  line: number | null;
  mirrorKey: string | null;
  chainNotes: string[];
  attempts: AttemptFact[];
  result: 'ok' | 'not-found' | 'error' | 'blocked' | 'platform-missing';
  resolvedAt: string | null;
  manifest: ManifestInfo | null;
  platformOk: boolean | null;
}

export interface RegistryProbeFact {
  registriesFile: { path: string; present: boolean };
  imageSet: Omit<ImageSetInfo, 'images'> & { count: number };
  mode: ChainFeatures['mode'];
  /** Where `mode` comes from; `unknown`: an --rke2-version not in the table or in a mode not modelled (C). */
  modeSource: 'rancher-version' | 'rke2-version' | 'default' | 'unknown';
  rewritesSupported: boolean;
  platform: string;
  endpoints: EndpointFact[];
  images: ImageFact[];
  stats: { requests: number; retries: number; byKind: Record<string, number>; durationMs: number; images: number };
}

