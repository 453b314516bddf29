import { SEVERITY_RANK } from '../engine/score.js';
import type { Severity } from '../engine/rule-schema.js';
import { severityLabel, t } from '../i18n/index.js';
import { esc, htmlPage } from './html.js';
import type { Report } from './model.js';

type Lang = Report['lang'];
import { headline, localTime } from './order.js';
import { neutralise } from './neutralise.js';

// The technician's round over many shops: one row per PC (its latest report) and, per rule, how
// many PCs fail it. Pure: reports in, a summary out.

export interface FleetRow {
  name: string;
  date: string;
  generatedAt: string;
  score: number | null;
  grade: string | null;
  coverage: number | null;
  criticalFailed: number;
  highFailed: number;
}

export interface RuleTally {
  id: string;
  title: string;
  severity: Severity;
  failing: number;
}

export interface Fleet {
  lang: Lang;
  pcs: number;
  rows: FleetRow[];
  rules: RuleTally[];
}

export function summariseReports(reports: readonly Report[], lang: Lang): Fleet {
  // Several visits to one PC: its latest report speaks for it. The same PC is the same machine
  // identity, or the same name for reports without one.
  const latest = new Map<string, Report>();
  for (const r of reports) {
    const key = r.machine.idHash ?? `name:${r.machine.hostname ?? '?'}`;
    const seen = latest.get(key);
    if (!seen || seen.generatedAt < r.generatedAt) latest.set(key, r);
  }
  const pcs = [...latest.values()].sort(
    (a, b) =>
      (a.machine.hostname ?? '').localeCompare(b.machine.hostname ?? '') || a.generatedAt.localeCompare(b.generatedAt),
  );
  const failedAt = (r: Report, s: Severity) => r.results.filter((x) => x.status === 'fail' && x.severity === s).length;
  const rows = pcs.map((r) => ({
    name: r.machine.hostname ?? '?',
    date: localTime(r),
    generatedAt: r.generatedAt,
    score: r.score.value,
    grade: r.score.grade,
    coverage: r.score.coverage,
    criticalFailed: failedAt(r, 'critical'),
    highFailed: failedAt(r, 'high'),
  }));
  const tally = new Map<string, RuleTally>();
  for (const r of pcs) {
    for (const x of r.results.filter((y) => y.status === 'fail')) {
      const entry = tally.get(x.id) ?? { id: x.id, title: headline(x), severity: x.severity, failing: 0 };
      entry.failing++;
      if (SEVERITY_RANK[x.severity] > SEVERITY_RANK[entry.severity]) entry.severity = x.severity;
      tally.set(x.id, entry);
    }
  }
  const rules = [...tally.values()].sort(
    (a, b) =>
      b.failing - a.failing || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id),
  );
  return { lang, pcs: pcs.length, rows, rules };
}

const COLUMNS = ['fleetName', 'date', 'score', 'grade', 'coverage', 'fleetCritical', 'fleetHigh'] as const;
const cells = (r: FleetRow) =>
  [
    r.name,
    r.date,
    r.score ?? '',
    r.grade ?? '',
    r.coverage === null ? '' : `${r.coverage}%`,
    r.criticalFailed,
    r.highFailed,
  ].map(String);

export function renderFleetText(f: Fleet): string {
  const lang = f.lang;
  const lines = [`${t(lang, 'fleetTitle')} (${f.pcs})`, ''];
  lines.push(COLUMNS.map((k) => t(lang, k)).join(' | '));
  for (const r of f.rows) lines.push(cells(r).map(neutralise).join(' | '));
  lines.push('', `${t(lang, 'fleetRules')}:`);
  for (const x of f.rules)
    lines.push(`  ${x.failing}/${f.pcs}  (${severityLabel(lang, x.severity)}) ${neutralise(x.title)}  ${x.id}`);
  if (f.rules.length === 0) lines.push(`  ${t(lang, 'noProblems')}`);
  return lines.join('\n') + '\n';
}

export function renderFleetJson(f: Fleet): string {
  return JSON.stringify({ kind: 'shop-audit fleet summary', pcs: f.pcs, rows: f.rows, rules: f.rules }, null, 2) + '\n';
}

/** CSV as Excel opens it with Chinese intact: UTF-8 with a byte-order mark, CRLF lines, every field quoted. */
export function renderFleetCsv(f: Fleet): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  // A cell starting with = + - @ would be a formula in Excel: a PC name must never run as one.
  const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const lines = [COLUMNS.map((k) => quote(t(f.lang, k))).join(',')];
  for (const r of f.rows)
    lines.push(
      cells(r)
        .map((c) => quote(safe(c)))
        .join(','),
    );
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function renderFleetHtml(f: Fleet): string {
  const lang = f.lang;
  const head = `<tr>${COLUMNS.map((k) => `<th>${esc(t(lang, k))}</th>`).join('')}</tr>`;
  const body = f.rows
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c) => `<td>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const ruleHead = `<tr><th>${esc(t(lang, 'fleetFailing'))}</th><th>${esc(t(lang, 'fleetRule'))}</th></tr>`;
  const ruleRow = (x: RuleTally) =>
    `<tr><td>${x.failing}/${f.pcs}</td>` +
    `<td><span class="severity ${x.severity}">${esc(severityLabel(lang, x.severity))}</span> ` +
    `${esc(x.title)} <code>${esc(x.id)}</code></td></tr>`;
  const rules = f.rules.length
    ? `<table class="fleet">${ruleHead}${f.rules.map(ruleRow).join('')}</table>`
    : `<p class="none">${esc(t(lang, 'noProblems'))}</p>`;
  return htmlPage(
    lang,
    t(lang, 'fleetTitle'),
    `<header><h1>${esc(t(lang, 'fleetTitle'))} (${f.pcs})</h1></header>
<section><table class="fleet">${head}
${body}</table></section>
<section><h2>${esc(t(lang, 'fleetRules'))}</h2>
${rules}</section>`,
  );
}
