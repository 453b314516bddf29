import { SEVERITY_RANK } from '../engine/score.js';
import { EFFORTS } from '../engine/rule-schema.js';
import { answerHint } from '../i18n/index.js';
import type { Report, RuleResult } from './model.js';

// What every renderer agrees on: the order of results, what to do first, the local time.

/** Most severe first; within a severity the quick fixes first; then by id. */
export function byPriority(a: RuleResult, b: RuleResult): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    EFFORTS.indexOf(a.effort) - EFFORTS.indexOf(b.effort) ||
    a.id.localeCompare(b.id)
  );
}

/** The problem a failed check names ("The firewall is off"); other results keep their title. */
export function headline(r: RuleResult): string {
  return r.status === 'fail' ? (r.failTitle ?? r.title) : r.title;
}

/**
 * A rule for another operating system: not applicable with no facts looked at. (A rule that does
 * not apply because of this PC, like a screen lock without a desktop, shows the facts it read.)
 */
export function forOtherOs(r: RuleResult): boolean {
  return r.status === 'not_applicable' && Object.keys(r.evidence).length === 0;
}

/** Checks that could not be answered, grouped by what to do to answer them. */
export function unansweredByHint(report: Report): { hint: string; results: RuleResult[] }[] {
  const groups = new Map<string, RuleResult[]>();
  for (const r of report.results.filter((x) => x.status === 'unknown' || x.status === 'error').sort(byPriority)) {
    const hint = answerHint(report.lang, r.reasons, report.machine.elevated);
    groups.set(hint, [...(groups.get(hint) ?? []), r]);
  }
  return [...groups].map(([hint, results]) => ({ hint, results }));
}

/** Up to three things to do first: the most urgent failures, then how to answer what could not be checked. */
export function firstThings(report: Report, count = 3): string[] {
  const failed = report.results
    .filter((r) => r.status === 'fail')
    .sort(byPriority)
    .slice(0, count);
  const things = failed.map(
    (r) => headline(r) + (r.found ? (report.lang === 'zh-CN' ? `（${r.found}）` : ` (${r.found})`) : ''),
  );
  for (const { hint } of unansweredByHint(report)) if (things.length < count) things.push(hint);
  return things;
}

/** How much was checked: answered / applicable, in words. */
export function checkedText(report: Report): string {
  const c = report.counts;
  const applicable = c.pass + c.fail + c.unknown + c.error;
  const otherOs = report.results.filter(forOtherOs).length;
  const zh = report.lang === 'zh-CN';
  const main = zh
    ? `适用的 ${applicable} 项中检查了 ${c.pass + c.fail} 项`
    : `${c.pass + c.fail} of ${applicable} checks that apply were answered`;
  const rest = c.not_applicable - otherOs;
  const extra = [
    rest > 0 ? (zh ? `${rest} 项不适用于这台电脑` : `${rest} do not apply to this PC`) : null,
    otherOs > 0 ? (zh ? `${otherOs} 项针对其他操作系统` : `${otherOs} are for other operating systems`) : null,
  ].filter(Boolean);
  return extra.length ? `${main}${zh ? '；' : '; '}${extra.join(zh ? '；' : '; ')}` : main;
}

/** The scan's time on the PC's clock: `2026-11-23 17:30 (UTC+08:00)`; UTC for reports that did not record the zone. */
export function localTime(report: Pick<Report, 'generatedAt' | 'utcOffsetMinutes'>): string {
  const offset = report.utcOffsetMinutes ?? 0;
  const at = new Date(Date.parse(report.generatedAt) + offset * 60_000).toISOString();
  if (report.utcOffsetMinutes === null) return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${at.slice(0, 10)} ${at.slice(11, 16)} (UTC${sign}` +
    `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')})`
  );
}
