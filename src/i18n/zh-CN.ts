import type { Catalog } from './index.js';
import { LINT } from './zh-CN/lint.js';
import { REGISTRY } from './zh-CN/registry.js';
import { HEALTH } from './zh-CN/health.js';
import { RANCHER } from './zh-CN/rancher.js';
import { EXPLAIN } from './zh-CN/explain.js';

/** 简体中文. Keys mirror src/i18n/en.ts and each check's `messages`; test/i18n.test.ts fails on a missing key. */
export const ZH_CN: Catalog = {
  engine: {
    blocked: '因 {dep} 未通过而跳过',
    factFailed: '无法获取 {fact}：{error}',
    factMissing: '未运行：本次运行没有收集事实 "{fact}"',
    crashed: '检查项内部出错：{error}',
    unknownMessage: '内部错误：检查项 {check} 没有消息 "{messageId}"',
  },
  ui: {
    fix: '修复：',
    listSep: '、',
    summary: '汇总：{fail} 项失败，{error} 项出错，{warn} 项警告，{pass} 项通过，{skip} 项跳过',
    'stage.lint': 'lint：registries.yaml 离线检查',
    'stage.registry': 'registry：按 containerd 的拉取方式检查端点、TLS、认证和镜像标签',
    'stage.health': 'health：运行中的 Rancher 容器',
    'stage.plan': 'plan',
    'stage.explain': 'explain：离线解释粘贴的拉取错误',
  },
  checks: { ...LINT, ...REGISTRY, ...HEALTH, ...RANCHER, ...EXPLAIN },
};
