import type { CheckDef, Lang, MessageArgs, MessageRef } from '../types.js';
import { ENGINE_EN, UI_EN } from './en.js';

export interface CheckTexts {
  title?: string;
  failTitle?: string;
  remediation?: string;
  messages?: Record<string, string>;
}

/** A translation: every key of the English catalog, under the same names. */
export interface Catalog {
  engine: Record<string, string>;
  ui: Record<string, string>;
  checks: Record<string, CheckTexts>;
}

export const LANGS: Lang[] = ['en', 'zh-CN'];

/** --lang wins; else LC_ALL, LC_MESSAGES, LANG (zh_CN.UTF-8, zh_CN, zh-CN, zh_SG, zh_Hans → zh-CN). */
export function resolveLang(flag: string | undefined | null, env: Record<string, string | undefined>): Lang | null {
  if (flag) {
    const f = flag.replace('_', '-').toLowerCase();
    if (f === 'en' || f.startsWith('en-')) return 'en';
    if (f === 'zh-cn' || f === 'zh' || f === 'zh-hans' || f === 'zh-sg') return 'zh-CN';
    return null;
  }
  for (const v of [env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (!v) continue;
    if (/^zh([_-](cn|sg|hans))?\b/i.test(v)) return 'zh-CN';
    return 'en';
  }
  return 'en';
}

/** Substitutes plain args; MessageRef args must have been rendered to strings first. */
export function format(template: string, args: MessageArgs | undefined): string {
  if (!args) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in args ? String(args[name] ?? '') : m));
}

function isRef(v: unknown): v is MessageRef {
  return typeof v === 'object' && v !== null && typeof (v as MessageRef).messageId === 'string';
}

export interface Translator {
  lang: Lang;
  engine(key: string, args?: MessageArgs): string;
  ui(key: string, args?: MessageArgs): string;
  title(check: CheckDef): string;
  failTitle(check: CheckDef): string;
  remediation(check: CheckDef): string;
  /** null when the check has no such key. */
  message(check: CheckDef, key: string, args?: MessageArgs): string | null;
}

export function makeTranslator(lang: Lang, catalog: Catalog | null): Translator {
  const c = lang === 'en' ? null : catalog;
  const template = (check: CheckDef, key: string) => c?.checks[check.id]?.messages?.[key] ?? check.messages[key];
  const resolveArgs = (check: CheckDef, args: MessageArgs | undefined, depth: number): MessageArgs | undefined => {
    if (!args) return args;
    const out: MessageArgs = {};
    const one = (r: MessageRef) => {
      const t = depth < 4 ? template(check, r.messageId) : undefined;
      return t === undefined ? r.messageId : format(t, resolveArgs(check, r.args, depth + 1));
    };
    for (const [k, v] of Object.entries(args)) {
      if (Array.isArray(v)) out[k] = v.map(one).join(c?.ui.listSep ?? UI_EN.listSep ?? ', ');
      else out[k] = isRef(v) ? one(v) : v;
    }
    return out;
  };
  return {
    lang,
    engine: (key, args) => format(c?.engine[key] ?? ENGINE_EN[key] ?? key, args),
    ui: (key, args) => format(c?.ui[key] ?? UI_EN[key] ?? key, args),
    title: (check) => c?.checks[check.id]?.title ?? check.title,
    failTitle: (check) => c?.checks[check.id]?.failTitle ?? check.failTitle,
    remediation: (check) => c?.checks[check.id]?.remediation ?? check.remediation,
    message: (check, key, args) => {
      const t = template(check, key);
      return t === undefined ? null : format(t, resolveArgs(check, args, 0));
    },
  };
}

export const EN: Translator = makeTranslator('en', null);

/** Loads the catalog for a language (lazily, so English runs load nothing). */
export async function loadTranslator(lang: Lang): Promise<Translator> {
  if (lang === 'en') return EN;
  const { ZH_CN } = await import('./zh-CN.js');
  return makeTranslator(lang, ZH_CN);
}

/**
 * Messages made outside the catalog in English (probes' progress lines, input errors thrown deep in
 * probes), matched by pattern and rendered from the catalog's ui keys. Unknown text is kept as is;
 * the values (paths, hosts, flags) stay verbatim.
 */
const PROGRESS_PATTERNS: [RegExp, string, string[]][] = [
  [/^checked (\d+)\/(\d+) images(?:, (\d+) failing)?$/, 'progress.images', ['done', 'total', 'failed']],
  [/^TLS handshake with (.+)$/, 'progress.tls', ['host']],
  [/^connecting to Docker$/, 'progress.docker', []],
  [/^inspecting (.+)$/, 'progress.inspecting', ['target']],
  [/^reading registries\.yaml inside the container$/, 'progress.readRegistries', []],
  [/^checking (.+) inside the container$/, 'progress.checkingFile', ['path']],
  [/^resolving (.+) inside the container$/, 'progress.resolving', ['host']],
  [/^reading the containerd configuration$/, 'progress.containerdConfig', []],
  [/^waiting for Rancher: (\d+)\/(\d+) pods ready, (\d+) image pulls failing \((\d+)s left\)$/, 'progress.waitingPods', ['ready', 'total', 'failing', 'left']],
  [/^waiting for Rancher: API (\S+) \((\d+)s left\)$/, 'progress.waitingApi', ['api', 'left']],
];

const ERROR_PATTERNS: [RegExp, string, string[]][] = [
  [/^(.+): no such file$/, 'err.noSuchFile', ['path']],
  [/^(.+): no such directory$/, 'err.noSuchDir', ['path']],
  [/^(.+): permission denied$/, 'err.permissionDenied', ['path']],
  [/^(.+): is a directory, not a registries\.yaml file \(Docker creates .*\)$/, 'err.isDirectoryDocker', ['path']],
  [/^(.+): is a directory(?:, not a registries\.yaml file)?$/, 'err.isDirectory', ['path']],
  [/^(.+): not a regular file$/, 'err.notRegular', ['path']],
  [/^(.+): binary data, not a YAML text file$/, 'err.binary', ['path']],
  [/^(.+): (\d+) bytes is too large for a registries\.yaml \(limit (\d+) bytes\)$/, 'err.tooLarge', ['path', 'size', 'limit']],
  [/^(.+): cannot read \((.+)\)$/, 'err.cannotRead', ['path', 'code']],
  [/^(.+) needs --system-default-registry \(or env CATTLE_SYSTEM_DEFAULT_REGISTRY\): .*$/, 'err.needsSdr', ['what']],
  [/^(.+): "(.+)" has a registry host; .*$/, 'err.imagesHost', ['where', 'line']],
  [/^(.+): no images listed$/, 'err.noImagesListed', ['path']],
  [/^no images to check: .*$/, 'err.noImages', []],
  [/^--system-default-registry "(.+)": no URL scheme allowed .*$/, 'err.sdrScheme', ['value']],
  [/^--system-default-registry "(.+)": remove the trailing "\/" .*$/, 'err.sdrSlash', ['value']],
  [/^--from-facts (.+): not valid JSON \((.*)\)$/, 'err.factsJson', ['path', 'error']],
  [/^--from-facts (.+): not a saved fact .*$/, 'err.factsShape', ['path']],
];

function byPattern(text: string, t: Translator, table: [RegExp, string, string[]][]): string {
  if (t.lang === 'en') return text;
  for (const [re, key, names] of table) {
    const m = re.exec(text);
    if (!m) continue;
    const args: MessageArgs = {};
    names.forEach((n, i) => (args[n] = m[i + 1] ?? ''));
    if (key === 'progress.images' && m[3] === undefined) return t.ui('progress.imagesNoFail', args);
    return t.ui(key, args);
  }
  return text;
}

export const localizeProgress = (text: string, t: Translator): string => byPattern(text, t, PROGRESS_PATTERNS);
export const localizeError = (text: string, t: Translator): string => byPattern(text, t, ERROR_PATTERNS);
