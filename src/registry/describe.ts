/**
 * Helpers the registry-stage checks share: typed fact access and per-attempt descriptions. The
 * descriptions are message references (src/types.ts `ref`), not English: their keys live in the
 * `messages` of image-available, the check that quotes them, so they are translated with it.
 */
import { ref, type Facts, type MessageArg, type MessageArgs } from '../types.js';
import type { AttemptFact, EndpointFact, ImageFact, RegistryProbeFact } from './probe.js';

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

/**
 * The probe's own explanations inside an error (not containerd's words), as templates: a check that
 * quotes `auth.error` or an attempt's `error` spreads these into its `messages` and passes
 * `errorArg(error)`, so the explanation is translated while containerd's wording stays verbatim.
 */
export const ERROR_MESSAGES: Record<string, string> = {
  'error.invalid-auth-field': 'invalid decoded auth: the auth field is not base64 of user:password',
  'error.not-registry': 'GET {url} answered 404: no registry API at this path',
  'error.web-page': 'GET {url} answered 200 {type} and no Docker-Distribution-Api-Version header',
  'error.web-page-untyped': 'GET {url} answered 200 with an HTML page, no Content-Type and no Docker-Distribution-Api-Version header',
  'error.realm-not-url': 'the token realm "{realm}" is not a URL',
  'error.basic-rejected': 'the registry rejected username "{username}" and its password (GET {url} with Basic: 401 Unauthorized)',
  'error.anonymous-token': 'the token service {service} issued an anonymous token (subject "{subject}") for username "{username}": the login failed',
  'error.identity-token': 'authorization failed: no basic auth credentials (identity_token is only used for token servers)',
  'error.no-token-field': '{prefix}failed to fetch token: the token server answered without a token or access_token field',
  'error.ca-no-pem': '{prefix}unable to load CA cert "{path}": no PEM certificate in the file',
  'error.no-certificate': '{prefix}server sent no certificate',
};

const ERROR_PATTERNS: [RegExp, string, string[]][] = [
  [/^invalid decoded auth: the auth field is not base64 of user:password$/, 'error.invalid-auth-field', []],
  [/^GET (\S+) answered 404: no registry API at this path$/, 'error.not-registry', ['url']],
  [/^GET (\S+) answered 200 (\S+) and no Docker-Distribution-Api-Version header$/, 'error.web-page', ['url', 'type']],
  [/^GET (\S+) answered 200 with an HTML page, no Content-Type and no Docker-Distribution-Api-Version header$/, 'error.web-page-untyped', ['url']],
  [/^the token realm "(.*)" is not a URL$/s, 'error.realm-not-url', ['realm']],
  [/^the registry rejected username "(.*)" and its password \(GET (\S+) with Basic: 401 Unauthorized\)$/s, 'error.basic-rejected', ['username', 'url']],
  [/^the token service (\S+) issued an anonymous token \(subject "(.*)"\) for username "(.*)": the login failed$/s, 'error.anonymous-token', ['service', 'subject', 'username']],
  [/^authorization failed: no basic auth credentials \(identity_token is only used for token servers\)$/, 'error.identity-token', []],
  [/^(.*?)failed to fetch token: the token server answered without a token or access_token field$/s, 'error.no-token-field', ['prefix']],
  [/^(.*?)unable to load CA cert "(.*)": no PEM certificate in the file$/s, 'error.ca-no-pem', ['prefix', 'path']],
  [/^(.*?)server sent no certificate$/s, 'error.no-certificate', ['prefix']],
];

/** An error as a message argument: a reference to ERROR_MESSAGES when it is one of the probe's own, else verbatim. */
export function errorArg(error: string | null | undefined): MessageArg {
  if (!error) return '';
  for (const [re, key, names] of ERROR_PATTERNS) {
    const m = re.exec(error);
    if (m) return ref(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])));
  }
  return error;
}
