import type { Probe } from '../types.js';
import { collectPersonalData, DEFAULT_TIME_BUDGET_SECONDS } from './collect.js';
import { personalDataFacts } from './facts.js';

/** Customer data left in the open: files full of ID, mobile and bank card numbers, shown masked only. */
export const personalData = {
  id: 'personal_data',
  title: { en: 'Customer data in files', 'zh-CN': '文件中的顾客个人信息' },
  facts: personalDataFacts,
  collect: { windows: collectPersonalData, macos: collectPersonalData, linux: collectPersonalData },
  extraTimeMs: (options) => ((options.personalData?.timeBudgetSeconds ?? DEFAULT_TIME_BUDGET_SECONDS) + 10) * 1000,
} satisfies Probe<typeof personalDataFacts>;
