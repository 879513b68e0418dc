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
