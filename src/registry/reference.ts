/**
 * Strict image-reference parsing, as containerd/docker normalise names (DOMAIN §1.3, §3.1).
 * `harbor.example.com:8443/rancher/shell:v0.1.6` ⇒ registry `harbor.example.com:8443`,
 * repository `rancher/shell`, tag `v0.1.6`.
 */
export interface ImageRef {
  /** The reference exactly as requested (what Rancher writes into the pod spec). */
  requested: string;
  /** Registry name: the key `mirrors` must match (DOMAIN §1.3). */
  registry: string;
  /** Repository path inside the registry (`<name>` of the distribution API). */
  repository: string;
  tag: string | null;
  digest: string | null;
}

// OCI distribution-spec "Pulling manifests" (DOMAIN §3.1).
const COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
export const NAME_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
export const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
// host[:port], IPv6 in brackets; a docker "domain" component.
const DOMAIN_RE = /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$/;

export class ReferenceError extends Error {}

/** First component is a registry when it has `.` or `:` or is `localhost` (DOMAIN §1.3). */
export function isRegistryComponent(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/** Parse a reference; throws ReferenceError with a one-line reason. */
export function parseReference(text: string): ImageRef {
  const ref = text.trim();
  if (ref === '') throw new ReferenceError('empty image reference');
  if (/\s/.test(ref)) throw new ReferenceError(`"${ref}" contains whitespace`);
  if (ref.includes('://')) throw new ReferenceError(`"${ref}" contains a URL scheme; image references have none`);
  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw new ReferenceError(`"${ref}": invalid digest "${digest}"`);
  }
  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw new ReferenceError(`"${ref}": invalid tag "${tag}" (allowed: letters, digits, _ . -; at most 128; not starting with . or -)`);
  }
  const slash = rest.indexOf('/');
  let registry = 'docker.io';
  let repository = rest;
  if (slash >= 0 && isRegistryComponent(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    repository = rest.slice(slash + 1);
    if (!DOMAIN_RE.test(registry)) throw new ReferenceError(`"${ref}": invalid registry host "${registry}"`);
  }
  if (repository === '') throw new ReferenceError(`"${ref}": no repository name`);
  if (!NAME_RE.test(repository)) {
    const upper = /[A-Z]/.test(repository) ? ' (repository names must be lower case)' : '';
    throw new ReferenceError(`"${ref}": invalid repository name "${repository}"${upper}`);
  }
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (tag === null && digest === null) tag = 'latest';
  return { requested: ref, registry, repository, tag, digest };
}

/** The manifest reference to request: the digest when given, else the tag. */
export function manifestReference(ref: ImageRef): string {
  return ref.digest ?? ref.tag ?? 'latest';
}
