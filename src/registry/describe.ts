/** Helpers the registry-stage checks share: typed fact access and short per-attempt descriptions. */
import type { Facts } from '../types.js';
import type { AttemptFact, EndpointFact, ImageFact, RegistryProbeFact } from './probe.js';

export function registryProbeFact(facts: Facts): RegistryProbeFact {
  const f = facts.registryProbe;
  if (!f || !f.ok) throw new Error('registryProbe fact missing');
  return f.value as RegistryProbeFact;
}

export function endpointById(fact: RegistryProbeFact, id: string): EndpointFact | undefined {
  return fact.endpoints.find((e) => e.id === id);
}

/** What a registry error code means (DOMAIN §3.2; Harbor uses NOT_FOUND). */
export function codeMeaning(code: string | null): string {
  switch (code) {
    case 'MANIFEST_UNKNOWN':
      return 'MANIFEST_UNKNOWN: no manifest under this tag';
    case 'NAME_UNKNOWN':
      return 'NAME_UNKNOWN: the repository does not exist';
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case null:
      return 'not found';
    default:
      return code;
  }
}

export function describeAttempt(fact: RegistryProbeFact, a: AttemptFact): string {
  const ep = endpointById(fact, a.endpoint);
  const where = `${ep?.url ?? a.endpoint}${ep?.role === 'default' ? ' (default endpoint)' : ''}`;
  const repo = a.rewrite ? ` as ${a.repository} (rewrite "${a.rewrite.pattern}")` : '';
  switch (a.status) {
    case 'ok':
      return `${where}${repo}: found`;
    case 'not-found':
      return `${where}${repo}: 404 ${codeMeaning(a.code)}`;
    case 'unauthorized': {
      const why =
        a.authCause === 'no-permission'
          ? 'credentials are valid but have no pull permission here (or the Harbor project does not exist)'
          : a.authCause === 'bad-credentials'
            ? 'credentials rejected'
            : a.authCause === 'no-credentials'
              ? 'no credentials configured for this endpoint'
              : 'wrong credentials, no pull permission, or the Harbor project does not exist';
      const actions = a.tokenActions !== null ? `; the token grants [${a.tokenActions.join(', ')}]` : '';
      return `${where}${repo}: 401 (${why}${actions}): ${a.error}`;
    }
    case 'denied':
      return `${where}${repo}: 403 denied`;
    case 'blocked':
      return `${where}: not usable (${a.blockedBy === 'tls' ? 'registry-tls' : 'registry-auth'}): ${a.error}`;
    default:
      return `${where}${repo}: ${a.error}`;
  }
}

export function describeAttempts(fact: RegistryProbeFact, img: ImageFact): string {
  return img.attempts.map((a) => describeAttempt(fact, a)).join('; ');
}
