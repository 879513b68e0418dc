/**
 * Helpers the registry-stage checks share: typed fact access and per-attempt descriptions. The
 * descriptions are message references (src/types.ts `ref`), not English: their keys live in the
 * `messages` of image-available, the check that quotes them, so they are translated with it.
 */
import { ref, type Facts, type MessageArg, type MessageArgs } from '../types.js';
import type { AttemptFact, EndpointFact, ImageFact, RegistryProbeFact } from './probe-fact.js';
import { errorArg } from './errors.js';

export { errorArg, PROBE_ERROR_MESSAGES } from './errors.js';

export function registryProbeFact(facts: Facts): RegistryProbeFact {
  const f = facts.registryProbe;
  if (!f || !f.ok) throw new Error('registryProbe fact missing');
  return f.value as RegistryProbeFact;
}

export function endpointById(fact: RegistryProbeFact, id: string): EndpointFact | undefined {
  return fact.endpoints.find((e) => e.id === id);
}

/**
 * Phrases in order, joined by the check's `<prefix>.2` … `<prefix>.4` templates (`{a}; {b}` …), since
 * a plain array would be joined with the language's list separator. Longer runs are grouped by four.
 */
export function sequence(items: MessageArg[], prefix: string): MessageArg {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0];
  if (items.length <= 4) {
    const args: MessageArgs = {};
    items.forEach((x, i) => (args['abcd'[i]!] = x as MessageArg));
    return ref(`${prefix}.${items.length}`, args);
  }
  const groups: MessageArg[] = [];
  for (let i = 0; i < items.length; i += 4) groups.push(sequence(items.slice(i, i + 4), prefix));
  return sequence(groups, prefix);
}

/** What a registry error code means (DOMAIN §3.2; Harbor uses NOT_FOUND). Keys `code.*` of image-available. */
export function codeMeaning(code: string | null): MessageArg {
  switch (code) {
    case 'MANIFEST_UNKNOWN':
      return ref('code.MANIFEST_UNKNOWN');
    case 'NAME_UNKNOWN':
      return ref('code.NAME_UNKNOWN');
    case null:
      return ref('code.none');
    default:
      return code;
  }
}

/** One endpoint tried for an image, as a reference to the `attempt.*` keys of image-available. */
export function describeAttempt(fact: RegistryProbeFact, a: AttemptFact): MessageArg {
  const ep = endpointById(fact, a.endpoint);
  const base: MessageArgs = {
    url: ep?.url ?? a.endpoint,
    role: ep?.role === 'default' ? ref('attempt.role.default') : '',
    repo: a.rewrite ? ref('attempt.rewrite', { repository: a.repository, pattern: a.rewrite.pattern }) : '',
    error: errorArg(a.error),
  };
  switch (a.status) {
    case 'ok':
      return ref('attempt.ok', base);
    case 'not-found':
      return ref('attempt.not-found', { ...base, meaning: codeMeaning(a.code) });
    case 'unauthorized':
      return ref('attempt.unauthorized', {
        ...base,
        why: ref(`attempt.why.${a.authCause ?? 'no-permission-or-bad-credentials'}`),
        actions: a.tokenActions !== null ? ref('attempt.tokenGrants', { actions: a.tokenActions.join(', ') }) : '',
      });
    case 'denied':
      return ref('attempt.denied', base);
    case 'blocked':
      return ref('attempt.blocked', { ...base, dep: a.blockedBy === 'tls' ? 'registry-tls' : 'registry-auth' });
    default:
      return ref('attempt.error', base);
  }
}

export function describeAttempts(fact: RegistryProbeFact, img: ImageFact): MessageArg {
  return sequence(
    img.attempts.map((a) => describeAttempt(fact, a)),
    'attempts',
  );
}
