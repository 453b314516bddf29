import { SEVERITY_RANK } from '../engine/score.js';
import type { Severity } from '../engine/rule-schema.js';
import { jsonSyntaxMessage, UsageError } from '../errors.js';
import { labelled, severityLabel, statusLabel, t, type MessageKey } from '../i18n/index.js';
import { reportSchema, type Report, type RuleResult } from './model.js';
import { REPORT_SCHEMA_VERSION } from './version.js';
import { byPriority, headline, localTime } from './order.js';
import { esc, htmlPage } from './html.js';
import { neutralise } from './neutralise.js';

// The technician's second visit: what changed between two reports of the same PC. Pure: two
// reports in, a comparison out; the renderers below word it.

export interface ChangedResult {
  id: string;
  title: string;
  from: { status: RuleResult['status']; severity: Severity };
  to: { status: RuleResult['status']; severity: Severity };
}

/** Items of a list a failing rule looked at that the earlier report had not (a program that now starts by itself). */
export interface NewItems {
  id: string;
  title: string;
  /** The items' names as the report shows them. */
  items: string[];
}

export interface Comparison {
  lang: Report['lang'];
  before: {
    generatedAt: string;
    local: string;
    hostname: string | null;
    score: number | null;
    coverage: number | null;
  };
  after: { generatedAt: string; local: string; hostname: string | null; score: number | null; coverage: number | null };
  /** Failed before, pass now. */
  fixed: RuleResult[];
  /** Failing now and not before (passed, unknown, not checked, or a new rule). */
  newFailures: RuleResult[];
  stillFailing: RuleResult[];
  /** Any other change of status or severity (unknown → pass, a severity raised by a profile). */
  changed: ChangedResult[];
  /** Per failing rule, the listed items that are new: items with a stable `id` (autostart entries, remote tools). */
  newItems: NewItems[];
  samePc: boolean | null;
}

const itemsWithIds = (value: unknown): Map<string, string> | null => {
  if (!Array.isArray(value)) return null;
  const items = new Map<string, string>();
  for (const item of value) {
    if (typeof item !== 'object' || item === null || typeof (item as { id?: unknown }).id !== 'string') return null;
    const { id, name } = item as { id: string; name?: unknown };
    items.set(id, typeof name === 'string' ? name : id);
  }
  return items;
};

/**
 * The items a failing rule lists now that the same rule's evidence did not list before. A rule that is new, or a
 * list that was not read before, proves nothing new and gives none.
 */
function newItemsOf(was: RuleResult | undefined, now: RuleResult): NewItems | null {
  if (!was || now.status !== 'fail') return null;
  const items: string[] = [];
  for (const [fact, value] of Object.entries(now.evidence)) {
    const current = itemsWithIds(value);
    const before = itemsWithIds(was.evidence[fact]);
    if (!current || !before) continue;
    for (const [id, name] of current) if (!before.has(id)) items.push(name);
  }
  return items.length ? { id: now.id, title: headline(now), items } : null;
}

/** Reads a report written by `scan --format json`; any other file, or another schema version, is a usage error. */
export function parseReport(file: string, text: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(
      `${file}: not a JSON report (${jsonSyntaxMessage(error)})`,
      'give the .json file that `shop-audit scan --format json` or the USB stick wrote',
    );
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new UsageError(
      `${file}: report schema version ${JSON.stringify(version ?? null)} is not one this shop-audit ` +
        `reads (it reads version ${REPORT_SCHEMA_VERSION})`,
      'use the shop-audit version that wrote the report, or scan again',
    );
  }
  const parsed = reportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file}: not a valid shop-audit report: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export function compareReports(before: Report, after: Report): Comparison {
  const old = new Map(before.results.map((r) => [r.id, r]));
  const fixed: RuleResult[] = [];
  const newFailures: RuleResult[] = [];
  const stillFailing: RuleResult[] = [];
  const changed: ChangedResult[] = [];
  const newItems: NewItems[] = [];
  for (const now of after.results) {
    const was = old.get(now.id);
    const added = newItemsOf(was, now);
    if (added) newItems.push(added);
    if (now.status === 'fail') (was?.status === 'fail' ? stillFailing : newFailures).push(now);
    else if (was?.status === 'fail' && now.status === 'pass') fixed.push(now);
    else if (was && (was.status !== now.status || was.severity !== now.severity)) {
      changed.push({
        id: now.id,
        title: now.title,
        from: { status: was.status, severity: was.severity },
        to: { status: now.status, severity: now.severity },
      });
    }
    if (now.status === 'fail' && was?.status === 'fail' && was.severity !== now.severity) {
      changed.push({
        id: now.id,
        title: headline(now),
        from: { status: was.status, severity: was.severity },
        to: { status: now.status, severity: now.severity },
      });
    }
  }
  const side = (r: Report) => ({
    generatedAt: r.generatedAt,
    local: localTime(r),
    hostname: r.machine.hostname,
    score: r.score.value,
    coverage: r.score.coverage,
  });
  const samePc = before.machine.idHash && after.machine.idHash ? before.machine.idHash === after.machine.idHash : null;
  return {
    lang: after.lang,
    before: side(before),
    after: side(after),
    fixed: fixed.sort(byPriority),
    newFailures: newFailures.sort(byPriority),
    stillFailing: stillFailing.sort(byPriority),
    changed,
    newItems,
    samePc,
  };
}

/** New failures at `failOn` severity or above: the compare command exits 1 for these. */
export function newFailuresAtOrAbove(c: Comparison, failOn: Severity): RuleResult[] {
  return c.newFailures.filter((r) => SEVERITY_RANK[r.severity] >= SEVERITY_RANK[failOn]);
}

const delta = (from: number | null, to: number | null) =>
  from === null || to === null ? '' : ` (${to - from >= 0 ? '+' : ''}${to - from})`;

/** The comparison's sections as plain lines, shared by the text renderer and the USB summary. */
export function comparisonLines(c: Comparison): string[] {
  const lang = c.lang;
  const item = (r: RuleResult) => {
    const found = r.status === 'fail' && r.found ? ` — ${neutralise(r.found)}` : '';
    return `  - (${severityLabel(lang, r.severity)}) ${neutralise(headline(r))}${found}`;
  };
  const { before, after } = c;
  const lines = [
    `${labelled(lang, 'score')}${before.score ?? '—'} → ${after.score ?? '—'}${delta(before.score, after.score)} ` +
      `  ${labelled(lang, 'coverage')}${before.coverage ?? '—'}% → ${after.coverage ?? '—'}%` +
      delta(before.coverage, after.coverage),
  ];
  const section = (key: Parameters<typeof t>[1], items: RuleResult[]) => {
    if (items.length) lines.push(`${t(lang, key)} (${items.length}):`, ...items.map(item));
  };
  section('compareNew', c.newFailures);
  section(
    'compareFixed',
    c.fixed.map((r) => ({ ...r, status: 'pass' as const })),
  );
  section('compareStill', c.stillFailing);
  for (const n of c.newItems) {
    lines.push(`${t(lang, 'compareNewItems')} — ${neutralise(n.title)} (${n.items.length}):`);
    lines.push(...n.items.map((i) => `  - ${neutralise(i)}`));
  }
  if (c.changed.length) {
    lines.push(`${t(lang, 'compareChanged')} (${c.changed.length}):`);
    for (const x of c.changed) {
      const sev =
        x.from.severity === x.to.severity
          ? severityLabel(lang, x.to.severity)
          : `${severityLabel(lang, x.from.severity)} → ${severityLabel(lang, x.to.severity)}`;
      const status =
        x.from.status === x.to.status
          ? statusLabel(lang, x.to.status)
          : `${statusLabel(lang, x.from.status)} → ${statusLabel(lang, x.to.status)}`;
      lines.push(`  - (${sev}) ${neutralise(x.title)}: ${status}`);
    }
  }
  if (c.newFailures.length + c.fixed.length + c.stillFailing.length + c.changed.length + c.newItems.length === 0)
    lines.push(t(lang, 'compareNothing'));
  return lines;
}

export function renderComparisonText(c: Comparison): string {
  const lang = c.lang;
  const otherPc = c.samePc === false ? `   (${t(lang, 'compareOtherPc')})` : '';
  const head = [
    t(lang, 'compareTitle'),
    `${labelled(lang, 'machine')}${neutralise(c.after.hostname ?? '?')}${otherPc}`,
    `${labelled(lang, 'compareBefore')}${c.before.local}   ${labelled(lang, 'compareAfter')}${c.after.local}`,
  ];
  return [...head, '', ...comparisonLines(c)].join('\n') + '\n';
}

export function renderComparisonJson(c: Comparison): string {
  const brief = (r: RuleResult) => ({
    id: r.id,
    severity: r.severity,
    status: r.status,
    title: headline(r),
    found: r.found,
    required: r.required,
  });
  return (
    JSON.stringify(
      {
        kind: 'shop-audit comparison',
        before: c.before,
        after: c.after,
        samePc: c.samePc,
        newFailures: c.newFailures.map(brief),
        fixed: c.fixed.map(brief),
        stillFailing: c.stillFailing.map(brief),
        changed: c.changed,
        newItems: c.newItems,
      },
      null,
      2,
    ) + '\n'
  );
}

/** The comparison as an HTML fragment (a <section>), for the compare page, the USB report and the pack. */
export function comparisonSection(c: Comparison): string {
  const lang = c.lang;
  const listItem = (r: RuleResult, cls: string) => {
    const found = cls !== 'fixed' && r.found ? ` — ${esc(r.found)}` : '';
    return (
      `<li><span class="severity ${r.severity}">${esc(severityLabel(lang, r.severity))}</span> ` +
      `${esc(cls === 'fixed' ? r.title : headline(r))}${found}</li>`
    );
  };
  const list = (key: Parameters<typeof t>[1], items: RuleResult[], cls: string) =>
    items.length
      ? `<h3>${esc(t(lang, key))} (${items.length})</h3>` +
        `<ul class="${cls}">${items.map((r) => listItem(r, cls)).join('')}</ul>`
      : '';
  const changedItem = (x: ChangedResult) => {
    const status = `${esc(statusLabel(lang, x.from.status))} → ${esc(statusLabel(lang, x.to.status))}`;
    const severity =
      x.from.severity === x.to.severity
        ? ''
        : ` (${esc(severityLabel(lang, x.from.severity))} → ${esc(severityLabel(lang, x.to.severity))})`;
    return `<li>${esc(x.title)}: ${status}${severity}</li>`;
  };
  const changed = c.changed.length
    ? `<h3>${esc(t(lang, 'compareChanged'))} (${c.changed.length})</h3><ul>${c.changed.map(changedItem).join('')}</ul>`
    : '';
  const newItems = c.newItems
    .map(
      (n) =>
        `<h3>${esc(t(lang, 'compareNewItems'))} — ${esc(n.title)} (${n.items.length})</h3>` +
        `<ul class="new">${n.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`,
    )
    .join('');
  const nothing =
    c.newFailures.length + c.fixed.length + c.stillFailing.length + c.changed.length + c.newItems.length === 0
      ? `<p>${esc(t(lang, 'compareNothing'))}</p>`
      : '';
  const { before, after } = c;
  const score =
    `${esc(labelled(lang, 'score'))}${esc(before.score ?? '—')} → <b>${esc(after.score ?? '—')}</b>` +
    esc(delta(before.score, after.score));
  const coverage = `${esc(labelled(lang, 'coverage'))}${esc(before.coverage ?? '—')}% → ${esc(after.coverage ?? '—')}%`;
  const lists =
    list('compareNew', c.newFailures, 'new') +
    list('compareFixed', c.fixed, 'fixed') +
    list('compareStill', c.stillFailing, 'still');
  return `<section class="changes"><h2>${esc(t(lang, 'compareSince'))} ${esc(before.local)}</h2>
<p>${score} · ${coverage}</p>
${lists}${newItems}${changed}${nothing}
</section>`;
}

export function renderComparisonHtml(c: Comparison): string {
  const lang = c.lang;
  const title = `${t(lang, 'compareTitle')} · ${c.after.hostname ?? '?'}`;
  const row = (key: MessageKey, value: string) => `<div><dt>${esc(t(lang, key))}</dt><dd>${esc(value)}</dd></div>`;
  const rows =
    row('machine', c.after.hostname ?? '?') + row('compareBefore', c.before.local) + row('compareAfter', c.after.local);
  const otherPc = c.samePc === false ? `<p class="replayed">${esc(t(lang, 'compareOtherPc'))}</p>` : '';
  const head = `<header><h1>${esc(t(lang, 'compareTitle'))}</h1><dl class="machine">${rows}</dl>${otherPc}</header>`;
  return htmlPage(lang, title, `${head}\n${comparisonSection(c)}`);
}
