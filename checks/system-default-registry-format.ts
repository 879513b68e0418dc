import { defineCheck, type FindingInput } from '../src/types.js';
import { suggestion } from '../src/lint-fix.js';

/**
 * DOMAIN §4.1, §6 #12: Rancher builds image names as a pure string prefix, `<value>/rancher/shell:tag`
 * (settings.PrefixPrivateRegistry), so a scheme, a trailing slash, whitespace or an upper-case
 * repository path produce references containerd rejects.
 */
export default defineCheck({
  id: 'system-default-registry-format',
  title: 'CATTLE_SYSTEM_DEFAULT_REGISTRY is host[:port][/path]',
  failTitle: 'CATTLE_SYSTEM_DEFAULT_REGISTRY is malformed',
  stage: 'lint',
  requires: [],
  spec: ['§4.1', '§6 #12'],
  messages: {
    notGiven: 'not checked: no --system-default-registry given and CATTLE_SYSTEM_DEFAULT_REGISTRY is not set',
    scheme: 'CATTLE_SYSTEM_DEFAULT_REGISTRY "{value}" has a scheme. Rancher prefixes it verbatim, producing "{value}/rancher/shell:…", which is not a valid image name, so every system image fails to pull (InvalidImageName).',
    'scheme.fix': 'Set CATTLE_SYSTEM_DEFAULT_REGISTRY={suggested} (the scheme goes in the registries.yaml endpoint).',
    slash: 'CATTLE_SYSTEM_DEFAULT_REGISTRY "{value}" ends with "/" or contains "//". Rancher adds its own "/", producing "{value}/rancher/shell:…", an invalid image name.',
    'slash.fix': 'Set CATTLE_SYSTEM_DEFAULT_REGISTRY={suggested}.',
    upperPath: 'The path of CATTLE_SYSTEM_DEFAULT_REGISTRY "{value}" has upper-case letters. Repository names must be lower case, so every system image name is invalid.',
    'upperPath.fix': 'Use the lower-case path: {suggested} (Harbor project names are lower case).',
    upperHost: 'The registry name in CATTLE_SYSTEM_DEFAULT_REGISTRY "{value}" has upper-case letters. mirrors/configs keys are matched as exact strings, so write it exactly like the key.',
    'upperHost.fix': 'Use {suggested} here and as the mirrors key.',
    space: 'CATTLE_SYSTEM_DEFAULT_REGISTRY "{value}" contains whitespace, so every image name built from it is invalid.',
    'space.fix': 'Remove the whitespace (check the quotes in your docker run -e).',
  },
  remediation: 'Set CATTLE_SYSTEM_DEFAULT_REGISTRY to host[:port] or host[:port]/project: no scheme, no trailing slash, lower case.',
  appliesTo: (_facts, ctx) => (ctx.options.systemDefaultRegistry ? true : 'notGiven'),
  run(_facts, ctx) {
    const value = ctx.options.systemDefaultRegistry!;
    const out: FindingInput[] = [];
    const target = value;
    const noScheme = value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const clean = noScheme.replace(/\/+/g, '/').replace(/\/$/, '');
    const [host, ...rest] = clean.split('/');
    const path = rest.join('/');
    // One value that fixes every finding here (each finding's own {suggested} fixes its own part).
    const whole = [host!.toLowerCase(), ...rest.map((r) => r.toLowerCase())].join('/').replace(/\s+/g, '');
    const data = { fix: suggestion({ op: 'option', name: 'systemDefaultRegistry', value: whole }) };
    if (/\s/.test(value)) out.push({ status: 'fail', messageId: 'space', args: { value }, target, data });
    if (/:\/\//.test(value)) out.push({ status: 'fail', messageId: 'scheme', args: { value, suggested: clean }, target, data });
    if (/\/$/.test(value) || /[^:]\/\//.test(noScheme) || noScheme.startsWith('/')) out.push({ status: 'fail', messageId: 'slash', args: { value, suggested: clean }, target, data });
    if (/[A-Z]/.test(path)) out.push({ status: 'fail', messageId: 'upperPath', args: { value, suggested: `${host}/${path.toLowerCase()}` }, target, data });
    if (/[A-Z]/.test(host ?? '')) out.push({ status: 'warn', messageId: 'upperHost', args: { value, suggested: [host!.toLowerCase(), ...rest].join('/') }, target, data });
    return out;
  },
});
