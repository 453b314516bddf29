import type { Severity } from '../engine/rule-schema.js';
import type { Status } from '../engine/score.js';
import type { Lang } from '../probes/types.js';

// The program's own words in both languages. Rule texts carry their own translations.

const en = {
  reportTitle: 'shop-audit report',
  score: 'Score',
  grade: 'Grade',
  coverage: 'Coverage',
  noScore: 'no rule applies to this PC',
  cappedByCritical: 'capped: a critical check failed',
  machine: 'Computer',
  user: 'User',
  elevated: 'administrator/root',
  notElevated: 'not administrator/root',
  replayed: 'from a recorded bundle, not this PC',
  profile: 'Profile',
  date: 'Date',
  version: 'shop-audit version',
  why: 'Why it matters',
  fix: 'How to fix',
  reasons: 'Why it could not be checked',
  refs: 'Asked for by',
  policyPassed: 'Result: PASSED',
  policyFailed: 'Result: FAILED',
  coverageHint: 'Some checks could not be answered. Run shop-audit again as administrator (Windows) or with sudo (macOS, Linux) to complete them.',
  sectionFail: 'Problems to fix',
  sectionUnknown: 'Could not check',
  sectionError: 'Checks that failed to run',
  sectionPass: 'Passed',
  sectionNotApplicable: 'Not applicable to this PC',
  progress: 'Checking',
  written: 'Report written to',
  recorded: 'Bundle written to',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  reportTitle: 'shop-audit 电脑安全检查报告',
  score: '得分',
  grade: '等级',
  coverage: '检查覆盖率',
  noScore: '没有适用于这台电脑的检查项',
  cappedByCritical: '已封顶：有严重项未通过',
  machine: '电脑',
  user: '用户',
  elevated: '管理员/root',
  notElevated: '非管理员/root',
  replayed: '来自录制的数据包，不是本机',
  profile: '检查标准',
  date: '日期',
  version: 'shop-audit 版本',
  why: '为什么重要',
  fix: '怎么修复',
  reasons: '无法检查的原因',
  refs: '相关要求',
  policyPassed: '结论：通过',
  policyFailed: '结论：未通过',
  coverageHint: '有些项目无法检查。请以管理员身份（Windows）或用 sudo（macOS、Linux）再运行一次 shop-audit，以完成这些检查。',
  sectionFail: '需要修复的问题',
  sectionUnknown: '无法检查的项目',
  sectionError: '运行出错的检查',
  sectionPass: '已通过',
  sectionNotApplicable: '不适用于这台电脑',
  progress: '正在检查',
  written: '报告已保存到',
  recorded: '数据包已保存到',
};

const STATUS: Record<Lang, Record<Status, string>> = {
  en: { pass: 'PASS', fail: 'FAIL', unknown: 'UNKNOWN', not_applicable: 'N/A', error: 'ERROR' },
  'zh-CN': { pass: '通过', fail: '未通过', unknown: '未知', not_applicable: '不适用', error: '出错' },
};

const SEVERITY: Record<Lang, Record<Severity, string>> = {
  en: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' },
  'zh-CN': { critical: '严重', high: '高', medium: '中', low: '低', info: '提示' },
};

export function t(lang: Lang, key: MessageKey): string {
  return lang === 'zh-CN' ? zh[key] : en[key];
}

export function statusLabel(lang: Lang, status: Status): string {
  return STATUS[lang][status];
}

export function severityLabel(lang: Lang, severity: Severity): string {
  return SEVERITY[lang][severity];
}

/**
 * The language from the locale: Chinese locales (zh, zh_CN, zh-Hans, zh_TW…) give zh-CN,
 * everything else en. On Unix LC_ALL, then LC_MESSAGES, then LANG decide (as gettext does).
 */
export function langFromLocale(env: Record<string, string | undefined>, fallbackLocale?: string): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || fallbackLocale || '';
  return /^zh\b|^zh[_-]/i.test(locale) ? 'zh-CN' : 'en';
}
