import type { CheckTexts } from '../index.js';
export const EXPLAIN: Record<string, CheckTexts> = {};
