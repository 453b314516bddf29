import { z } from 'zod';
import { answerHint, severityLabel, t, type MessageKey } from '../i18n/index.js';
import type { Comparison } from './compare.js';
import { esc, htmlPage, provenance } from './html.js';
import type { Report, RuleResult } from './model.js';
import { byPriority, headline, localTime } from './order.js';
import { osText } from './text.js';

type Lang = Report['lang'];

// The rectification pack (整改材料): one printable page with the findings, what was fixed and
// when, what remains and why, the paperwork inspectors ask for (templates/pack.yaml, filled from
// the scan, with blanks for the owner) and a signature block. Pure: report (and comparison) in.

const local = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) }).strict();
const localLines = z.object({ en: z.array(z.string()).min(1), 'zh-CN': z.array(z.string()).min(1) }).strict();
export const packTemplatesSchema = z
  .object({
    disclaimer: local,
    templates: z.array(z.object({ id: z.string(), title: local, answers: local, lines: localLines }).strict()).min(1),
  })
  .strict();
export type PackTemplates = z.infer<typeof packTemplatesSchema>;

/** The probe whose facts fill the list of personal information (customer files found on the PC). */
const PERSONAL_DATA_PROBE = 'personal_data';

export function renderPack(report: Report, templates: PackTemplates, changes: Comparison | null): string {
  const lang = report.lang;
  const other: Lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  const w = (key: Parameters<typeof t>[1]) => esc(t(lang, key));
  const fails = report.results.filter((r) => r.status === 'fail').sort(byPriority);
  const open = report.results.filter((r) => r.status === 'unknown' || r.status === 'error').sort(byPriority);
  const filled: Record<string, string> = {
    blank: '<span class="blank"></span>',
    shop: '<span class="blank"></span>',
    hostname: esc(report.machine.hostname ?? '?'),
    os: esc(osText(report.machine)),
    date: esc(localTime(report).slice(0, 10)),
  };
  const fill = (line: string) => esc(line).replace(/\{([a-z]+)\}/g, (m, name: string) => filled[name] ?? m);

  const columns = (['packProblem', 'found', 'required', 'packFixedOn'] as const).map((key) => `<th>${w(key)}</th>`);
  const findingHead = `<tr>${columns.join('')}</tr>`;
  const findingRow = (r: RuleResult) =>
    `<tr><td><span class="severity ${r.severity}">${esc(severityLabel(lang, r.severity))}</span> ` +
    `${esc(headline(r))}</td><td>${esc(r.found ?? '')}</td><td>${esc(r.required ?? '')}</td>` +
    `<td class="blank-cell"></td></tr>`;
  const findings = fails.length
    ? `<table class="fleet">${findingHead}${fails.map(findingRow).join('')}</table>`
    : `<p class="none">${w('noProblems')}</p>`;
  const fixed = !changes ? `<p>${w('packNoEarlier')}</p>` : fixedSince(changes, w);
  const remains = [
    ...fails.map(
      (r) =>
        `<li><b>${esc(headline(r))}</b>${r.fix?.length ? ` — ${w('fix')}: ${esc(r.fix.join(' '))}` : ''}` +
        `<br>${w('packWhyRemains')}: <span class="blank"></span></li>`,
    ),
    ...open.map((r) => {
      const hint = esc(answerHint(lang, r.reasons, report.machine.elevated));
      return `<li><b>${esc(r.title)}</b> — ${w('sectionUnknown')}: ${hint}</li>`;
    }),
  ];
  const remainsList = remains.length
    ? `<ul class="remains">${remains.join('')}</ul>`
    : `<p class="none">${w('noProblems')}</p>`;
  const paperwork = templates.templates.map((tpl) => {
    const found = tpl.id === 'personal-data' ? personalDataFound(report) : '';
    const equivalent = tpl.lines[other].map((line) => `<p>${fill(line)}</p>`).join('');
    return `<section class="template">
<h2>${esc(tpl.title[lang])}</h2>
<p class="answers">${w('packAnswers')}: ${esc(tpl.answers[lang])}</p>
${tpl.lines[lang].map((line) => `<p>${fill(line)}</p>`).join('\n')}
${found}
<div class="equivalent" lang="${other}"><h3>${esc(tpl.title[other])}</h3>${equivalent}</div>
</section>`;
  });
  const signature = `<section class="signature"><h2>${w('packSignature')}</h2>
<p>${w('packOwner')}: <span class="blank"></span> ${w('date')}: <span class="blank"></span></p>
<p>${w('packTechnician')}: <span class="blank"></span> ${w('date')}: <span class="blank"></span></p></section>`;
  const row = (term: string, value: string) => `<div><dt>${term}</dt><dd>${value}</dd></div>`;
  const score = `${esc(report.score.value ?? '—')}/100 · ${w('coverage')} ${esc(report.score.coverage ?? '—')}%`;
  const machine =
    row(w('packShop'), '<span class="blank"></span>') +
    row(w('hostname'), esc(report.machine.hostname ?? '?')) +
    row(w('os'), esc(osText(report.machine))) +
    row(w('date'), esc(localTime(report))) +
    row(w('score'), score);
  return htmlPage(
    lang,
    `${t(lang, 'packTitle')} · ${report.machine.hostname ?? '?'}`,
    `<header><h1>${w('packTitle')}</h1>
<dl class="machine">${machine}</dl>${provenance(report)}
<p class="disclaimer">${esc(templates.disclaimer[lang])}</p></header>
<section><h2>${w('packFindings')}</h2>${findings}</section>
<section><h2>${w('packFixed')}</h2>${fixed}</section>
<section><h2>${w('packRemains')}</h2>${remainsList}</section>
${paperwork.join('\n')}
${signature}`,
  );
}

/**
 * What the personal-data probe found, from the report alone (its rules' found texts and the items
 * of their evidence lists, which the probe has already masked), so the owner's list starts filled.
 */
function personalDataFound(report: Report): string {
  const lang = report.lang;
  const results = report.results.filter((r) => r.probe === PERSONAL_DATA_PROBE && r.status !== 'not_applicable');
  if (results.length === 0) return `<p class="note">${esc(t(lang, 'packNoPersonalProbe'))}</p>`;
  const items = results.flatMap((r) => [
    ...(r.found ? [r.found] : []),
    ...Object.values(r.evidence).flatMap((v) => (Array.isArray(v) ? v.map((item) => describeItem(item, lang)) : [])),
  ]);
  const list = items.length
    ? `<ul>${[...new Set(items)].map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`
    : `<p>${esc(t(lang, 'packNothingFound'))}</p>`;
  return `<div class="scan-found"><h3>${esc(t(lang, 'packFoundByScan'))}</h3>${list}</div>`;
}

/** What was fixed between the earlier report and this one, or that nothing was. */
function fixedSince(changes: Comparison, w: (key: MessageKey) => string): string {
  const between = `${esc(changes.before.local)} → ${esc(changes.after.local)}`;
  if (changes.fixed.length === 0) return `<p>${w('packNothingFixed')} (${between})</p>`;
  const items = changes.fixed.map((r) => `<li>${esc(r.title)}</li>`).join('');
  return `<p>${w('packFixedBetween')} ${between}:</p><ul>${items}</ul>`;
}

function describeItem(item: unknown, lang: Lang): string {
  if (item === null || typeof item !== 'object') return String(item);
  const { path, identifiers } = item as Record<string, unknown>;
  // A file the probe found: where it is and how many customer numbers it holds (masked examples stay in the report).
  if (typeof path === 'string' && typeof identifiers === 'number')
    return lang === 'zh-CN' ? `${path}：${identifiers} 个顾客号码` : `${path}: ${identifiers} customer numbers`;
  return Object.entries(item as Record<string, unknown>)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}
