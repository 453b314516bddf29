import { Chalk, type ChalkInstance } from 'chalk';
import { SEVERITY_RANK, type Status } from '../engine/score.js';
import { severityLabel, statusLabel, t, verdictLine } from '../i18n/index.js';
import type { Report, RuleResult } from './model.js';
import { neutralise, neutraliseAll } from './neutralise.js';

export interface TextOptions {
  color: boolean;
}


/** One line: newlines from the PC are shown, not obeyed. */
const oneLine = (text: string) => neutralise(text).replace(/\r?\n/g, ' ⏎ ');

const SECTIONS: { status: Status; key: Parameters<typeof t>[1] }[] = [
  { status: 'fail', key: 'sectionFail' },
  { status: 'error', key: 'sectionError' },
  { status: 'unknown', key: 'sectionUnknown' },
  { status: 'pass', key: 'sectionPass' },
  { status: 'not_applicable', key: 'sectionNotApplicable' },
];

/** The words for what read a Windows PC's facts. */
export const factsFromKey = (from: NonNullable<Report['machine']['windowsFactsFrom']>) => (from === 'fallback' ? 'factsFromFallback' : 'factsFromPowerShell');

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
  const lang = report.lang;
  const out: string[] = [];
  const m = report.machine;
  out.push(c.bold(t(lang, 'reportTitle')));
  const arch = m.architecture ? `, ${oneLine(m.architecture)}` : '';
  out.push(`${t(lang, 'machine')}: ${oneLine(m.hostname ?? '?')} (${oneLine(osText(m))}${arch})   ${t(lang, 'user')}: ${oneLine(m.user)} (${t(lang, m.elevated ? 'elevated' : 'notElevated')})`);
  if (m.consoleUser) out.push(`${t(lang, 'consoleUser')}: ${oneLine(consoleUserText(m, lang))}`);
  const mdm = mdmText(m, lang);
  if (mdm) out.push(`${t(lang, 'mdm')}: ${mdm}`);
  if (m.windowsFactsFrom) out.push(`${t(lang, 'factsFrom')}: ${t(lang, factsFromKey(m.windowsFactsFrom))}`);
  if (m.replayed) out.push(c.yellow(`(${t(lang, 'replayed')})`));
  out.push(`${t(lang, 'profile')}: ${oneLine(report.profile.title)}   ${t(lang, 'date')}: ${report.generatedAt}   ${t(lang, 'version')}: ${report.tool.version}`);
  out.push('');
  const s = report.score;
  const scoreText = s.value === null ? t(lang, 'noScore') : `${t(lang, 'score')} ${s.value}/100   ${t(lang, 'grade')} ${s.grade}   ${t(lang, 'coverage')} ${s.coverage}%`;
  out.push(c.bold(scoreText) + (s.cappedByCritical ? c.red(`   (${t(lang, 'cappedByCritical')})`) : ''));
  out.push(SECTIONS.map(({ status }) => `${statusLabel(lang, status)} ${report.counts[status]}`).join('   '));

  for (const { status, key } of SECTIONS) {
    const items = report.results.filter((r) => r.status === status).sort(bySeverity);
    if (items.length === 0) continue;
    out.push('', c.bold.underline(t(lang, key)));
    for (const r of items) out.push(...renderResult(r, report, c));
  }

  out.push('');
  if (s.coverage !== null && s.coverage < 100 && !m.elevated) out.push(c.yellow(t(lang, 'coverageHint')));
  const paintVerdict = report.policy.passed ? c.green.bold : c.red.bold;
  out.push(paintVerdict(oneLine(verdictLine(lang, report.policy))));
  return out.join('\n') + '\n';
}

function renderResult(r: RuleResult, report: Report, c: ChalkInstance): string[] {
  const lang = report.lang;
  const paint = { pass: c.green, fail: c.red, unknown: c.yellow, error: c.magenta, not_applicable: c.gray }[r.status];
  const lines = [`  ${paint(`[${statusLabel(lang, r.status)}]`)} ${c.bold(`(${severityLabel(lang, r.severity)})`)} ${oneLine(r.title)}  ${c.gray(r.id)}`];
  if (r.status === 'fail') {
    lines.push(`      ${t(lang, 'why')}: ${oneLine(r.why)}`);
    if (r.fix?.length) {
      lines.push(`      ${t(lang, 'fix')}:`);
      for (const [i, step] of r.fix.entries()) lines.push(`        ${i + 1}. ${oneLine(step)}`);
    }
    if (r.refs.length) lines.push(c.gray(`      ${t(lang, 'refs')}: ${r.refs.map((x) => `${x.framework} ${x.control}`).join(', ')}`));
  }
  if (r.reasons.length) {
    lines.push(`      ${t(lang, 'reasons')}:`);
    for (const reason of r.reasons) lines.push(`        - ${oneLine(reason)}`);
  }
  return lines;
}

/** Most severe first, then by id: the order every report lists results in. */
export function bySeverity(a: RuleResult, b: RuleResult): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id);
}
