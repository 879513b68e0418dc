import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../checks/index.js';
import { ZH_CN } from '../src/i18n/zh-CN.js';
import { ENGINE_EN, UI_EN } from '../src/i18n/en.js';
import { resolveLang } from '../src/i18n/index.js';

const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('zh-CN catalog', () => {
  it('translates every engine and reporter text, with the same placeholders', () => {
    for (const [k, en] of Object.entries({ ...ENGINE_EN, ...UI_EN })) {
      const zh = ZH_CN.engine[k] ?? ZH_CN.ui[k];
      expect(zh, `missing zh-CN for ${k}`).toBeTypeOf('string');
      expect(placeholders(zh!), k).toEqual(placeholders(en));
    }
  });

  for (const check of ALL_CHECKS) {
    it(`translates every text of ${check.id}`, () => {
      const zh = ZH_CN.checks[check.id];
      const missing: string[] = [];
      const wrong: string[] = [];
      const want: [string, string, string | undefined][] = [
        ['title', check.title, zh?.title],
        ['failTitle', check.failTitle, zh?.failTitle],
        ['remediation', check.remediation, zh?.remediation],
        ...Object.entries(check.messages).map(([k, en]) => [k, en, zh?.messages?.[k]] as [string, string, string | undefined]),
      ];
      for (const [key, en, t] of want) {
        if (typeof t !== 'string' || t.trim() === '') missing.push(key);
        else if (JSON.stringify(placeholders(t)) !== JSON.stringify(placeholders(en))) wrong.push(key);
      }
      const stale = Object.keys(zh?.messages ?? {}).filter((k) => !(k in check.messages));
      expect({ missing, wrongPlaceholders: wrong, stale }).toEqual({ missing: [], wrongPlaceholders: [], stale: [] });
    });
  }

  it('has no entries for checks that do not exist', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    expect(Object.keys(ZH_CN.checks).filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe('language choice', () => {
  it('prefers --lang, then LC_ALL, LC_MESSAGES, LANG', () => {
    expect(resolveLang('zh-CN', { LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(resolveLang('en', { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(resolveLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(resolveLang(undefined, { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(resolveLang(undefined, {})).toBe('en');
    expect(resolveLang('fr', {})).toBeNull();
  });
});
