import { Chalk, type ChalkInstance } from 'chalk';
import { labelled, reasonText, refText, severityLabel, statusLabel, t, verdictLine } from '../i18n/index.js';
import { byPriority, checkedText, firstThings, forOtherOs, headline, localTime, unansweredByHint } from './order.js';
import { wrap } from './width.js';
import type { Report, RuleResult } from './model.js';
import { neutralise, neutraliseAll } from './neutralise.js';

export interface TextOptions {
  color: boolean;
  /** Columns to wrap to (the CLI gives the terminal's width, 80 when piped); left out, lines are not wrapped. */
  width?: number;
}

/** One line: newlines from the PC are shown, not obeyed. */
const oneLine = (text: string) => neutralise(text).replace(/\r?\n/g, ' ⏎ ');

/** The words for what read a Windows PC's facts. */
export const factsFromKey = (from: NonNullable<Report['machine']['windowsFactsFrom']>) =>
  from === 'fallback' ? 'factsFromFallback' : from === 'mixed' ? 'factsFromMixed' : 'factsFromPowerShell';

/**
 * The OS name with its version, without saying the version twice: a version whose first word is
 * already in the name adds only the rest ("Mac OS X 10.13" + "10.13 (build 17A405)").
 */
export function osText(m: Report['machine']): string {
  const [first, ...rest] = m.osVersion?.split(' ') ?? [];
  const version = first && m.osName?.includes(first) ? rest.join(' ') : m.osVersion;
  return [m.osName, version].filter(Boolean).join(' ') || m.os;
}

/** The account at the screen, with whether it is an administrator when that is known. */
/** Who read the facts, when the old-Windows collector did (Report.machine.collectedBy). */
export function collectedText(by: NonNullable<Report['machine']['collectedBy']>, lang: Report['lang']): string {
  const at = by.at ?? t(lang, 'collectedWhenUnknown');
  const who = `${neutralise(by.collector)} ${neutralise(by.version)}`;
  return `${t(lang, 'collectedBy')} (${who}; ${t(lang, 'collectedWhen')} ${neutralise(at)})`;
}

export function consoleUserText(m: Report['machine'], lang: Report['lang']): string {
  const role = m.consoleUserAdmin === null ? '' : ` (${t(lang, m.consoleUserAdmin ? 'admin' : 'notAdmin')})`;
  return `${m.consoleUser ?? '?'}${role}`;
}

/** Whether an organisation manages the Mac (MDM), and what that means; null when it was not read. */
export function mdmText(m: Report['machine'], lang: Report['lang']): string | null {
  if (m.mdmEnrolled === null) return null;
  return t(lang, !m.mdmEnrolled ? 'mdmNo' : m.mdmEnrolledViaDep ? 'mdmYesViaDep' : 'mdmYes');
}

export function renderText(fromScan: Report, options: TextOptions): string {
  // Every text in it came from the PC or a rule file (refs, ids, titles…): none reaches the terminal raw.
  const report = neutraliseAll(fromScan);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? Number.POSITIVE_INFINITY;
  const lang = report.lang;
  const out: string[] = [];
  // Only `first` may hold colour: the text comes from the PC and the rules, and is neutralised.
  const para = (first: string, text: string, indent: number) => {
    out.push(...wrap(first, oneLine(text), width, indent));
  };
  const m = report.machine;
  out.push(c.bold(t(lang, 'reportTitle')));
  const arch = m.architecture ? `, ${m.architecture}` : '';
  para(
    '',
    `${t(lang, 'machine')}: ${m.hostname ?? '?'} (${osText(m)}${arch})   ${t(lang, 'user')}: ` +
      `${m.user} (${t(lang, m.elevated ? 'elevated' : 'notElevated')})`,
    2,
  );
  if (m.consoleUser) para('', `${t(lang, 'consoleUser')}: ${consoleUserText(m, lang)}`, 2);
  const mdm = mdmText(m, lang);
  if (mdm) para('', `${t(lang, 'mdm')}: ${mdm}`, 2);
  if (m.windowsFactsFrom) para('', `${t(lang, 'factsFrom')}: ${t(lang, factsFromKey(m.windowsFactsFrom))}`, 2);
  if (m.replayed) out.push(c.yellow(`(${t(lang, 'replayed')})`));
  if (m.collectedBy) out.push(c.yellow(`(${collectedText(m.collectedBy, lang)})`));
  para(
    '',
    `${t(lang, 'profile')}: ${report.profile.title}   ${t(lang, 'date')}: ${localTime(report)} ` +
      `  ${t(lang, 'version')}: ${report.tool.version}`,
    2,
  );
  out.push('');

  // The one screen an owner reads: score, verdict, how much was checked, what to do first.
  const s = report.score;
  const scoreText =
    s.value === null
      ? t(lang, 'noScore')
      : `${t(lang, 'score')} ${s.value}/100   ${t(lang, 'grade')} ${s.grade}   ${t(lang, 'coverage')} ${s.coverage}%`;
  out.push(c.bold(scoreText) + (s.cappedByCritical ? c.red(`   (${t(lang, 'cappedByCritical')})`) : ''));
  const verdict = report.policy.passed ? c.green.bold(t(lang, 'policyPassed')) : c.red.bold(t(lang, 'policyFailed'));
  para(verdict, report.policy.reasons.length ? ` — ${report.policy.reasons.join('; ')}` : '', 2);
  para('', `${labelled(lang, 'checked')}${checkedText(report)}`, 2);
  const first = firstThings(report);
  if (first.length) {
    out.push(c.bold(`${t(lang, 'doFirst')}:`));
    for (const [i, thing] of first.entries()) para(`  ${i + 1}. `, thing, 5);
  }

  const fails = report.results.filter((r) => r.status === 'fail').sort(byPriority);
  if (fails.length) {
    out.push('', c.bold.underline(t(lang, 'sectionFail')));
    for (const r of fails) renderFailure(r, report, c, para, out);
  }
  const unanswered = unansweredByHint(report);
  if (unanswered.length) {
    out.push('', c.bold.underline(t(lang, 'sectionUnknown')));
    for (const { hint, results } of unanswered) {
      para(c.yellow(`  ${labelled(lang, 'howToAnswer')}`), hint, 4);
      for (const r of results) {
        para(`    ${badge(r, lang, c)} ${c.bold(`(${severityLabel(lang, r.severity)})`)} `, `${r.title}  ${r.id}`, 8);
        for (const reason of r.reasons) para('        - ', reasonText(lang, reason), 10);
      }
    }
  }
  const passed = report.results.filter((r) => r.status === 'pass').sort(byPriority);
  if (passed.length) {
    out.push('', c.bold.underline(t(lang, 'sectionPass')));
    for (const r of passed) para(`  ${badge(r, lang, c)} `, `${r.title}  ${r.id}`, 4);
  }
  const notHere = report.results.filter((r) => r.status === 'not_applicable' && !forOtherOs(r)).sort(byPriority);
  const otherOs = report.results.filter(forOtherOs).length;
  if (notHere.length || otherOs) {
    out.push('', c.bold.underline(t(lang, 'sectionNotApplicable')));
    for (const r of notHere) para(`  ${badge(r, lang, c)} `, `${r.title}  ${r.id}`, 4);
    if (otherOs) para(c.gray(`  ${t(lang, 'otherOsRules')}: `), String(otherOs), 4);
  }
  out.push('');
  const paintVerdict = report.policy.passed ? c.green.bold : c.red.bold;
  out.push(paintVerdict(oneLine(verdictLine(lang, report.policy))));
  return out.join('\n') + '\n';
}

type Para = (first: string, text: string, indent: number) => void;

function badge(r: RuleResult, lang: Report['lang'], c: ChalkInstance): string {
  const paint = { pass: c.green, fail: c.red, unknown: c.yellow, error: c.magenta, not_applicable: c.gray }[r.status];
  return paint(`[${statusLabel(lang, r.status)}]`);
}

function renderFailure(r: RuleResult, report: Report, c: ChalkInstance, para: Para, out: string[]): void {
  const lang = report.lang;
  para(`  ${badge(r, lang, c)} ${c.bold(`(${severityLabel(lang, r.severity)})`)} `, `${headline(r)}  ${r.id}`, 6);
  if (r.found) para(`      ${labelled(lang, 'found')}`, r.found, 8);
  if (r.required) para(`      ${labelled(lang, 'required')}`, r.required, 8);
  para(`      ${labelled(lang, 'why')}`, r.why, 8);
  if (r.fix?.length) {
    out.push(`      ${t(lang, 'fix')}:`);
    for (const [i, step] of r.fix.entries()) para(`        ${i + 1}. `, step, 11);
  }
  if (r.refs.length)
    para(
      c.gray(`      ${labelled(lang, 'refs')}`),
      r.refs.map((x) => refText(lang, x)).join(lang === 'zh-CN' ? '；' : '; '),
      8,
    );
}
