import { defineCheck, ref, type FindingInput } from '../src/types.js';
import { PROBE_ERROR_MESSAGES, errorArg, registryProbeFact } from '../src/registry/describe.js';
import { model } from '../src/check-helpers.js';

/**
 * One finding per endpoint reached: how it authenticates and whether the configured credentials
 * work (DOMAIN §1.7, §3.3, §3.4; §5.2 rows 6a-6d; §6 #5, #13, #14, #15).
 */
export default defineCheck({
  id: 'registry-auth',
  title: 'Registry endpoints accept the configured credentials',
  failTitle: 'A registry endpoint rejects or lacks credentials',
  stage: 'registry',
  requires: ['registryProbe', 'registriesFile'],
  spec: ['§1.3', '§1.7', '§3.1', '§3.3', '§3.4', '§5.2 #6', '§5.2 #13', '§6 #5', '§6 #14'],
  messages: {
    nothing: 'not run: no image was probed (see image-set)',
    anonymous: '{url}: anonymous pulls allowed (GET /v2/ answered 200){credNote}.',
    basicOk: '{url}: Basic auth as "{username}" accepted.',
    bearerOk: '{url}: token auth via {realm} (service {service}); credentials of "{username}" accepted.',
    bearerAnonymous: '{url}: token auth via {realm} (service {service}); no credentials configured, so anonymous tokens are used.',
    bearerUnverified: '{url}: token auth via {realm} (service {service}); the token service issued a token for "{username}" (the image checks show whether it may pull).',
    blocked: 'blocked by registry-tls for {url}',
    'bad-credentials': '{url}: {error}.',
    'bad-credentials.fix': 'Fix username/password under configs."{config}".auth. Harbor robot accounts are named robot$<project>+<name>: if registries.yaml was written by a shell heredoc or echo, "$<project>" was expanded away; quote the heredoc (<<\'EOF\') and quote passwords that start with * & ! % @ ` { [ #.',
    'token-rejected': '{url}: {error}.',
    'token-rejected.fix': 'The token service at {realm} rejects the credentials under configs."{config}".auth: fix the username/password.',
    'no-credentials': '{url}: the registry requires authentication ({error}) but no configs entry applies to this endpoint{keysNote}.',
    'no-credentials.fix': 'Add configs."{host}".auth with username and password: configs keys are the host[:port] of the endpoint contacted (here "{host}"), not the mirror name.',
    'realm-error': '{url}: the token service cannot be used: {error}.',
    'realm-error.fix': "Harbor builds the token realm ({realm}) from its external URL: make Harbor's hostname/external_url match the address Rancher uses, and make the realm reachable with the same TLS trust.",
    'not-registry': '{url}: {error}; the endpoint path is not a registry API root.',
    'not-registry.fix': 'Write the endpoint as scheme://host[:port] (K3s adds /v2); Harbor projects belong in the image name or a rewrite, not in the endpoint path.',
    'web-page': '{url}: not a registry API: {error}, so it is a web page (a web UI, a login page or a proxy), and containerd fails pulls from it with "unexpected media type text/html".',
    'web-page.fix': 'Write the endpoint as scheme://host[:port] of the registry itself (K3s adds /v2), not the address of a web UI or a path under it; if an HTTP proxy answers instead of the registry, exempt the registry host from it (NO_PROXY) or fix the proxy.',
    'unexpected-status': '{url}: {error}.',
    'invalid-auth-field': '{url}: {error}.',
    'invalid-auth-field.fix': 'configs."{config}".auth.auth must be base64 of "username:password" (printf %s "user:pass" | base64 -w0), or use username and password instead.',
    'identity-token': '{url}: {error}.',
    'identity-token.fix': 'Use username and password under configs."{config}".auth for a registry with Basic auth.',
    plainHttpCredentials: '{url}: the credentials of "{username}" travel over plain HTTP{validNote}.',
    'plainHttpCredentials.fix': 'Serve the registry over HTTPS (with ca_file for a private CA) so credentials are not sent in clear text; on an isolated network this may be acceptable.',
    realmWithheld: '{url}: the token realm {realm} is plain HTTP on another host, so the credentials of "{username}" were not sent to it (they would travel in clear text); anonymous tokens were used.',
    'realmWithheld.fix': "Make Harbor's external URL https, or the same host as the registry endpoint.",
    // Phrases filled into the messages above (message references, so they are translated too).
    credNote: '; the configured credentials are not needed',
    'keysNote.list': ' (configs has: {keys})',
    'keysNote.none': ' (registries.yaml has no configs)',
    validNote: ' (the registry accepts them)',
    // The probe's errors (src/registry/errors.ts): one template per code.
    ...PROBE_ERROR_MESSAGES,
  },
  remediation: 'Configure credentials under configs."<endpoint host[:port]>".auth.',
  run(facts, ctx) {
    const f = registryProbeFact(facts);
    const keys = model(facts, ctx).configs.map((c) => c.key);
    const out: FindingInput[] = [];
    // Nothing probed (e.g. an unknown --rancher-version): say so rather than an empty pass.
    if (f.endpoints.length === 0) return [{ status: 'skip', messageId: 'nothing' }];
    for (const ep of f.endpoints) {
      const a = ep.auth;
      if (!ep.transport.ok || !a) {
        out.push({ status: 'skip', messageId: 'blocked', args: { url: ep.url }, target: ep.url, data: { blockedBy: 'registry-tls', endpoint: ep.url } });
        continue;
      }
      const args = {
        url: ep.url,
        host: ep.host,
        config: ep.configKey ?? ep.configLookup,
        username: a.username ?? '',
        realm: a.realm ?? '',
        service: a.service ?? '',
        error: errorArg(a.error),
        credNote: a.credentials ? ref('credNote') : '',
        keysNote: keys.length ? ref('keysNote.list', { keys: keys.map((k) => `"${k}"`).join(', ') }) : ref('keysNote.none'),
        validNote: a.credentialsValid === true ? ref('validNote') : '',
      };
      const data = { endpoint: ep.url, scheme: a.scheme, credentials: a.credentials, credentialsValid: a.credentialsValid, realm: a.realm, service: a.service, cause: a.cause, configKey: ep.configKey, configLookup: ep.configLookup };
      if (!a.ok) {
        out.push({ status: 'fail', messageId: a.cause ?? 'unexpected-status', args, target: ep.url, data });
        continue;
      }
      if (a.realmCredentialsWithheld) {
        out.push({ status: 'warn', messageId: 'realmWithheld', args, target: ep.url, data });
        continue;
      }
      if (a.plainHttpCredentials && a.scheme !== 'none') {
        out.push({ status: 'warn', messageId: 'plainHttpCredentials', args, target: ep.url, data });
        continue;
      }
      const id = a.scheme === 'none' ? 'anonymous' : a.scheme === 'basic' ? 'basicOk' : !a.credentials ? 'bearerAnonymous' : a.credentialsValid ? 'bearerOk' : 'bearerUnverified';
      out.push({ status: 'pass', messageId: id, args, target: ep.url, data });
    }
    return out;
  },
});
