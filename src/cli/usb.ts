import { homedir } from 'node:os';
import path from 'node:path';
import { packageVersion } from '../files/package.js';
import { saveInFirstWritableFolder } from '../files/write.js';
import { createLiveHost } from '../host/live.js';
import { severityLabel, t, verdictLine } from '../i18n/index.js';
import { RENDERERS } from '../report/index.js';
import type { Report } from '../report/model.js';
import { neutralise } from '../report/neutralise.js';
import { scan } from '../scan.js';
import { loadRulesFromOptions, resolveLang } from './common.js';
import { EXIT } from './exit.js';
import { exitCodeFor } from './verdict.js';

// The technician's USB stick and the owner's double-click: the executable started without
// arguments. No questions: scan with the defaults, save the HTML and JSON reports in reports/
// beside the executable (or, if the stick is write-protected, on the Desktop or in the home
// folder), print a short summary, and on a double-click keep the window open until a key.

export async function runUsbMode(): Promise<number> {
  const lang = resolveLang(undefined);
  let code: number;
  try {
    code = await scanAndSave(lang);
  } catch (error) {
    process.stderr.write(`shop-audit: ${(error as Error).message}\n`);
    code = EXIT.scanFailed;
  }
  if (startedByDoubleClick()) await waitForKey(t(lang, 'pressAnyKey'));
  return code;
}

async function scanAndSave(lang: ReturnType<typeof resolveLang>): Promise<number> {
  const host = await createLiveHost();
  const report = await scan(host, await loadRulesFromOptions({}), {
    lang,
    langFromPc: true,
    failOn: 'high',
    minScore: null,
    strict: false,
    version: packageVersion(),
    replayed: false,
    probeDeadlineMs: 8000,
  });
  const base = reportName(report);
  const beside = path.join(path.dirname(process.execPath), 'reports');
  const home = homedir();
  const folder = await saveInFirstWritableFolder([beside, path.join(home, 'Desktop'), home], [
    { name: `${base}.html`, text: RENDERERS.html(report) },
    { name: `${base}.json`, text: RENDERERS.json(report) },
  ]);
  process.stdout.write(summary(report, folder, folder !== beside));
  return exitCodeFor(report);
}

/** `<computer>-<YYYY-MM-DD_HHMMSS>`: one pair of reports per visit, sorted by time, safe as a file name everywhere. */
export function reportName(report: Report): string {
  const computer = (report.machine.hostname ?? '').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60) || 'pc';
  const stamp = report.generatedAt.replace(/\.\d+Z$/, '').replace('T', '_').replace(/:/g, '');
  return `${computer}-${stamp}`;
}

function summary(report: Report, folder: string, fellBack: boolean): string {
  const lang = report.lang;
  const s = report.score;
  const lines = [
    `shop-audit ${report.tool.version} — ${neutralise(report.machine.hostname ?? '?')}`,
    s.value === null ? t(lang, 'noScore') : `${t(lang, 'score')} ${s.value}/100   ${t(lang, 'grade')} ${s.grade}   ${t(lang, 'coverage')} ${s.coverage}%`,
  ];
  const failed = report.results.filter((r) => r.status === 'fail');
  if (failed.length) lines.push(`${t(lang, 'sectionFail')}:`, ...failed.map((r) => `  - (${severityLabel(lang, r.severity)}) ${neutralise(r.title)}`));
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
  return process.platform === 'win32' && process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.PROMPT;
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
