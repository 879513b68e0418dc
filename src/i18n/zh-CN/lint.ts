import type { CheckTexts } from '../index.js';

/** 简体中文 texts of the lint-stage checks, keyed by check id; keys mirror each check's English texts. */
export const LINT: Record<string, CheckTexts> = {};
