import type { Status } from '../engine/score.js';
import {
  answerHint,
  reasonText,
  refText,
  severityLabel,
  statusLabel,
  t,
  verdictLine,
  type MessageKey,
} from '../i18n/index.js';
import type { Report, RuleResult } from './model.js';
import { neutralise } from './neutralise.js';
import { collectedText, consoleUserText, factsFromKey, mdmText, osText } from './text.js';
import { HTML_STYLE } from './html-style.js';
import { byPriority, checkedText, firstThings, forOtherOs, headline, localTime } from './order.js';

type Lang = Report['lang'];

// One self-contained page for people: the owner reads it, the inspector is shown it. No script,
// no network, no external font; a Content-Security-Policy that allows neither scripts nor loads
// keeps it so even if an escape were ever missed. Every value from the PC or the rules goes
// through `esc` — the only way text enters the page.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute; control and bidi characters are shown as escapes. */
export function esc(value: unknown): string {
  return neutralise(String(value)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const GRADE_COLOUR = { A: '#1b873f', B: '#4c9a2a', C: '#b7791f', D: '#c05621', F: '#c53030' } as const;
const RING = 2 * Math.PI * 52;

/** `changes`: an HTML section saying what changed since an earlier visit (see compare.ts), shown after the summary. */
export function renderHtml(report: Report, changes = ''): string {
  const lang = report.lang;
  const words = (key: MessageKey) => esc(t(lang, key));
  const byStatus = (status: Status) => report.results.filter((r) => r.status === status).sort(byPriority);
  const title = `${t(lang, 'reportTitle')} · ${report.machine.hostname ?? '?'}`;
  const footer =
    `<footer>${words('profileSource')}: ${esc(report.profile.source)}<br>` +
    `shop-audit ${esc(report.tool.version)} · ${esc(localTime(report))}</footer>`;
  return htmlPage(
    lang,
    title,
    `<header>
<h1>${words('reportTitle')}</h1>
${summary(report)}
${machine(report)}
</header>
${changes}
${failSection(report, byStatus('fail'))}
${unknownSection(report, 'unknown', byStatus('unknown'))}
${unknownSection(report, 'error', byStatus('error'))}
${collapsed(lang, 'pass', byStatus('pass'))}
${collapsed(
  lang,
  'not_applicable',
  byStatus('not_applicable').filter((r) => !forOtherOs(r)),
  report.results.filter(forOtherOs).length,
)}
${footer}`,
  );
}

/** A whole self-contained page around `body`: the report, a comparison, a fleet summary or a rectification pack. */
export function htmlPage(lang: Lang, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang === 'zh-CN' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function summary(report: Report): string {
  const { lang, score: s, policy } = report;
  const colour = s.grade ? GRADE_COLOUR[s.grade] : '#718096';
  const filled = s.value === null ? 0 : (RING * s.value) / 100;
  const label = `${esc(t(lang, 'score'))} ${esc(s.value ?? '—')}`;
  const stroke = `stroke="${colour}" stroke-dasharray="${filled.toFixed(1)} ${RING.toFixed(1)}"`;
  const gauge = `<svg class="gauge" viewBox="0 0 120 120" role="img" aria-label="${label}">
<circle cx="60" cy="60" r="52" class="track"/>
<circle cx="60" cy="60" r="52" class="value" ${stroke} transform="rotate(-90 60 60)"/>
<text x="60" y="58" class="number">${esc(s.value ?? '—')}</text>
<text x="60" y="80" class="of">${esc(t(lang, 'outOf'))}</text>
</svg>`;
  const capped = s.cappedByCritical ? `<p class="capped">${esc(t(lang, 'cappedByCritical'))}</p>` : '';
  const figures =
    s.value === null
      ? `<p>${esc(t(lang, 'noScore'))}</p>`
      : `<p class="grade" style="color:${colour}">${esc(t(lang, 'grade'))} ${esc(s.grade)}</p>
<p>${esc(t(lang, 'coverage'))} ${esc(s.coverage)}%</p>${capped}`;
  const verdict = `<p class="verdict ${policy.passed ? 'passed' : 'failed'}">${esc(verdictLine(lang, policy))}</p>`;
  const counts = (['fail', 'unknown', 'error', 'pass', 'not_applicable'] as const)
    .map(
      (status) =>
        `<li class="count ${status}"><b>${esc(report.counts[status])}</b> ${esc(statusLabel(lang, status))}</li>`,
    )
    .join('');
  const first = firstThings(report);
  const firstItems = first.map((x) => `<li>${esc(x)}</li>`).join('');
  const todo = first.length ? `<p><b>${esc(t(lang, 'doFirst'))}:</b></p><ol class="first">${firstItems}</ol>` : '';
  return `<section class="summary">
${gauge}
<div class="figures">${figures}
${verdict}
<p class="checked">${esc(t(lang, 'checked'))}: ${esc(checkedText(report))}</p>
${todo}
<ul class="counts" aria-label="${esc(t(lang, 'statusCounts'))}">${counts}</ul>
</div>
</section>`;
}

function machine(report: Report): string {
  const { lang, machine: m } = report;
  const mdm = mdmText(m, lang);
  const rows: [MessageKey, string][] = [
    ['hostname', m.hostname ?? '?'],
    ['os', osText(m)],
    ...(m.architecture ? [['architecture', m.architecture] as [MessageKey, string]] : []),
    ...(m.windowsFactsFrom ? [['factsFrom', t(lang, factsFromKey(m.windowsFactsFrom))] as [MessageKey, string]] : []),
    ['user', `${m.user} (${t(lang, m.elevated ? 'elevated' : 'notElevated')})`],
    ...(m.consoleUser ? [['consoleUser', consoleUserText(m, lang)] as [MessageKey, string]] : []),
    ...(mdm ? [['mdm', mdm] as [MessageKey, string]] : []),
    ['profile', `${report.profile.title} (${report.profile.id})`],
    ['date', localTime(report)],
    ['version', report.tool.version],
  ];
  const items = rows.map(([key, value]) => `<div><dt>${esc(t(lang, key))}</dt><dd>${esc(value)}</dd></div>`);
  return `<dl class="machine">${items.join('')}</dl>${provenance(report)}`;
}

/** That the facts came from a replay bundle or the old-Windows collector, not a scan of the PC itself. */
export function provenance({ lang, machine: m }: Report): string {
  return (
    (m.replayed ? `<p class="replayed">${esc(t(lang, 'replayed'))}</p>` : '') +
    (m.collectedBy ? `<p class="replayed">${esc(collectedText(m.collectedBy, lang))}</p>` : '')
  );
}

function failSection(report: Report, items: RuleResult[]): string {
  const lang = report.lang;
  const body =
    items.length === 0
      ? `<p class="none">${esc(t(lang, 'noProblems'))}</p>`
      : items.map((r) => failItem(lang, r)).join('\n');
  return `<section class="fail"><h2>${esc(t(lang, 'sectionFail'))}</h2>\n${body}\n</section>`;
}

function failItem(lang: Lang, r: RuleResult): string {
  const steps = r.fix?.length
    ? `<h4>${esc(t(lang, 'fix'))}</h4><ol>${r.fix.map((step) => `<li>${esc(step)}</li>`).join('')}</ol>`
    : '';
  const refList = r.refs.map((x) => `<span class="ref">${esc(refText(lang, x))}</span>`).join(' ');
  const refs = r.refs.length ? `<p class="refs"><span>${esc(t(lang, 'refs'))}:</span> ${refList}</p>` : '';
  const facts = [r.found ? ['found', r.found] : null, r.required ? ['required', r.required] : null].filter(
    (x): x is [MessageKey, string] => x !== null,
  );
  const factItems = facts.map(([key, text]) => `<div><dt>${esc(t(lang, key))}</dt><dd>${esc(text)}</dd></div>`);
  const foundRequired = facts.length ? `<dl class="found">${factItems.join('')}</dl>` : '';
  return `<article class="item fail ${r.severity}">
${heading(lang, r)}
${foundRequired}
<h4>${esc(t(lang, 'why'))}</h4><p>${esc(r.why)}</p>
${steps}
${refs}
${evidence(lang, r)}
</article>`;
}

function unknownSection(report: Report, status: 'unknown' | 'error', items: RuleResult[]): string {
  if (items.length === 0) return '';
  const lang = report.lang;
  const rendered = items.map((r) => {
    const hint = esc(answerHint(lang, r.reasons, report.machine.elevated));
    const reasons = r.reasons.map((reason) => `<li>${esc(reasonText(lang, reason))}</li>`).join('');
    return `<article class="item ${status} ${r.severity}">
${heading(lang, r)}
<h4>${esc(t(lang, 'howToAnswer'))}</h4><p class="hint">${hint}</p>
<h4>${esc(t(lang, 'reasons'))}</h4><ul class="reasons">${reasons}</ul>
${evidence(lang, r)}
</article>`;
  });
  const title = esc(t(lang, status === 'unknown' ? 'sectionUnknown' : 'sectionError'));
  return `<section class="${status}"><h2>${title}</h2>\n${rendered.join('\n')}\n</section>`;
}

function collapsed(lang: Lang, status: 'pass' | 'not_applicable', items: RuleResult[], otherOs = 0): string {
  if (items.length === 0 && otherOs === 0) return '';
  const key = status === 'pass' ? 'sectionPass' : 'sectionNotApplicable';
  const rows = items.map(
    (r) =>
      `<li><span class="badge ${status}">${esc(statusLabel(lang, status))}</span> ${esc(r.title)} ` +
      `<code>${esc(r.id)}</code></li>`,
  );
  if (otherOs) rows.push(`<li class="other-os">${esc(t(lang, 'otherOsRules'))}: ${otherOs}</li>`);
  return (
    `<section class="${status}"><details><summary><h2>${esc(t(lang, key))} (${items.length + otherOs})</h2></summary>` +
    `<ul class="brief">${rows.join('')}</ul></details></section>`
  );
}

function heading(lang: Lang, r: RuleResult): string {
  return (
    `<h3><span class="badge ${r.status}">${esc(statusLabel(lang, r.status))}</span> <span class="severity ` +
    `${r.severity}">${esc(severityLabel(lang, r.severity))}</span> ${esc(headline(r))}</h3><p ` +
    `class="id"><code>${esc(r.id)}</code></p>`
  );
}

function evidence(lang: Lang, r: RuleResult): string {
  if (Object.keys(r.evidence).length === 0) return '';
  const json = esc(JSON.stringify(r.evidence, null, 2));
  return `<details class="evidence"><summary>${esc(t(lang, 'evidence'))}</summary><pre>${json}</pre></details>`;
}
