import { homedir } from 'node:os';
import path from 'node:path';
import { packageVersion } from '../files/package.js';
import { readReportFiles } from '../files/read.js';
import { saveInFirstWritableFolder } from '../files/write.js';
import { createLiveHost } from '../host/live.js';
import { severityLabel, t, verdictLine } from '../i18n/index.js';
import { RENDERERS } from '../report/index.js';
import { compareReports, comparisonLines, comparisonSection, parseReport, type Comparison } from '../report/compare.js';
import { renderHtml } from '../report/html.js';
import { byPriority, headline, unansweredByHint } from '../report/order.js';
import type { Host } from '../host/types.js';
import type { Lang } from '../probes/types.js';
import type { RuleSet } from '../scan.js';
import type { Report } from '../report/model.js';
import { neutralise } from '../report/neutralise.js';
import { collectedText } from '../report/text.js';
import { scan } from '../scan.js';
import { loadRulesFromOptions, openHost, resolveLang } from './common.js';
import { EXIT } from './exit.js';
import { exitCodeFor } from './verdict.js';

// The technician's USB stick and the owner's double-click: the executable started without
// arguments. No questions: scan with the defaults, save the HTML and JSON reports in reports/
// beside the executable (or, if the stick is write-protected, on the Desktop or in the home
// folder), print a short summary, and on a double-click keep the window open until a key.

/** `bundle`: a bundle dropped on the executable (the old-Windows collector's), reported instead of this PC. */
export async function runUsbMode(bundle: string | null = null): Promise<number> {
  const lang = resolveLang(undefined);
  let code: number;
  try {
    code = await scanAndSave(lang, bundle);
  } catch (error) {
    process.stderr.write(`shop-audit: ${(error as Error).message}\n`);
    code = EXIT.scanFailed;
  }
  if (startedByDoubleClick()) await waitForKey(t(lang, 'pressAnyKey'));
  return code;
}

async function scanAndSave(lang: ReturnType<typeof resolveLang>, bundle: string | null): Promise<number> {
  // A bundle's reports go beside it (the stick's reports folder the collector wrote it in).
  const beside = bundle ? path.dirname(path.resolve(bundle)) : path.join(path.dirname(process.execPath), 'reports');
  const home = homedir();
  const opened = bundle ? await openHost(bundle, 5000) : { host: await createLiveHost(), collectedBy: null };
  const { report, text } = await usbRound(opened.host, await loadRulesFromOptions({}), {
    lang,
    folders: [beside, path.join(home, 'Desktop'), home],
    replayed: bundle !== null,
    collectedBy: opened.collectedBy,
  });
  process.stdout.write(text);
  return exitCodeFor(report);
}

export interface UsbRoundOptions {
  lang: Lang;
  /** Where to save, the first writable one: reports/ beside the executable, then the Desktop, then home. */
  folders: string[];
  now?: () => Date;
  /** The host answers from a bundle (and who collected it), not this PC. */
  replayed?: boolean;
  collectedBy?: ScanOptionsCollectedBy;
}
type ScanOptionsCollectedBy = Awaited<ReturnType<typeof openHost>>['collectedBy'];

/**
 * One visit: scan, find this PC's latest earlier report in the reports folder (same machine
 * identity, or the same name for reports without one), save the HTML and JSON reports — saying
 * what changed since that visit — and return the summary for the screen.
 */
export async function usbRound(
  host: Host,
  rules: RuleSet,
  options: UsbRoundOptions,
): Promise<{ report: Report; text: string; folder: string }> {
  const report = await scan(host, rules, {
    lang: options.lang,
    langFromPc: true,
    failOn: 'high',
    minScore: null,
    strict: false,
    version: packageVersion(),
    replayed: options.replayed ?? false,
    collectedBy: options.collectedBy ?? null,
    probeDeadlineMs: 8000,
    ...(options.now ? { now: options.now } : {}),
  });
  const earlier = await earlierVisit(options.folders[0]!, report);
  const changes = earlier ? compareReports(earlier, report) : null;
  const base = reportName(report);
  const folder = await saveInFirstWritableFolder(options.folders, [
    { name: `${base}.html`, text: renderHtml(report, changes ? comparisonSection(changes) : '') },
    { name: `${base}.json`, text: RENDERERS.json(report) },
  ]);
  return { report, text: summary(report, folder, folder !== options.folders[0], changes), folder };
}

/**
 * The latest earlier report of the same PC in the stick's reports folder; unreadable or foreign files are
 * passed over.
 */
async function earlierVisit(folder: string, report: Report): Promise<Report | null> {
  // One file of the folder that cannot be read (a note saved as GBK) costs that file, not the comparison.
  const files = await readReportFiles([folder], () => undefined).catch(() => []);
  const same = (r: Report) =>
    report.machine.idHash && r.machine.idHash
      ? r.machine.idHash === report.machine.idHash
      : r.machine.hostname === report.machine.hostname;
  let latest: Report | null = null;
  for (const { file, text } of files) {
    let r: Report;
    try {
      r = parseReport(file, text);
    } catch {
      continue;
    }
    if (same(r) && r.generatedAt < report.generatedAt && (!latest || latest.generatedAt < r.generatedAt)) latest = r;
  }
  return latest;
}

/** `<computer>-<YYYY-MM-DD_HHMMSS>`: one pair of reports per visit, sorted by time, safe as a file name everywhere. */
export function reportName(report: Report): string {
  const computer = (report.machine.hostname ?? '').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60) || 'pc';
  const stamp = report.generatedAt
    .replace(/\.\d+Z$/, '')
    .replace('T', '_')
    .replace(/:/g, '');
  return `${computer}-${stamp}`;
}

function summary(report: Report, folder: string, fellBack: boolean, changes: Comparison | null): string {
  const lang = report.lang;
  const s = report.score;
  const { replayed, collectedBy } = report.machine;
  const lines = [
    `shop-audit ${report.tool.version} — ${neutralise(report.machine.hostname ?? '?')}`,
    // A dropped bundle is no scan of the PC in front of the technician: said first, as the saved reports say it.
    ...(replayed ? [`(${t(lang, 'replayed')})`] : []),
    ...(collectedBy ? [`(${neutralise(collectedText(collectedBy, lang))})`] : []),
    s.value === null
      ? t(lang, 'noScore')
      : `${t(lang, 'score')} ${s.value}/100   ${t(lang, 'grade')} ${s.grade}   ${t(lang, 'coverage')} ${s.coverage}%`,
  ];
  const failed = report.results.filter((r) => r.status === 'fail').sort(byPriority);
  if (failed.length)
    lines.push(
      `${t(lang, 'sectionFail')}:`,
      ...failed.map(
        (r) =>
          `  - (${severityLabel(lang, r.severity)}) ${neutralise(headline(r))}` +
          `${r.found ? ` — ${neutralise(r.found)}` : ''}`,
      ),
    );
  // Checks that could not be answered are never left out: each group says how to answer it.
  for (const { hint, results } of unansweredByHint(report)) {
    lines.push(
      `${t(lang, 'sectionUnknown')}: ${neutralise(hint)}`,
      ...results.map((r) => `  - (${severityLabel(lang, r.severity)}) ${neutralise(r.title)}`),
    );
  }
  if (changes)
    lines.push(
      '',
      `${t(lang, 'compareSince')} ${changes.before.local}:`,
      ...comparisonLines(changes).map((l) => `  ${l}`),
      '',
    );
  lines.push(neutralise(verdictLine(lang, report.policy)));
  if (fellBack) lines.push(t(lang, 'reportsFellBack'));
  lines.push(`${t(lang, 'reportsSaved')} ${neutralise(folder)}`);
  return lines.join('\n') + '\n';
}

/**
 * Explorer starts a double-clicked program in a console of its own, which closes when it exits.
 * From cmd.exe the environment has PROMPT; a script or scheduler has no console on stdin.
 */
function startedByDoubleClick(): boolean {
  return (
    process.platform === 'win32' && process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.PROMPT
  );
}

function waitForKey(message: string): Promise<void> {
  process.stdout.write(`\n${message}\n`);
  return new Promise((resolve) => {
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.once('data', () => {
      process.stdin.setRawMode(false);
      process.stdin.pause();
      resolve();
    });
  });
}
