import { z } from 'zod';
import { readReportFiles } from '../../files/read.js';
import { UsageError } from '../../errors.js';
import { parseReport } from '../../report/compare.js';
import { neutralise } from '../../report/neutralise.js';
import {
  renderFleetCsv,
  renderFleetHtml,
  renderFleetJson,
  renderFleetText,
  summariseReports,
} from '../../report/fleet.js';
import { EXIT } from '../exit.js';
import { parseOptions, pathOption, resolveLang } from '../common.js';
import { writeOutput } from './output.js';

const summaryOptions = z.object({
  format: z.enum(['text', 'json', 'html', 'csv']),
  lang: z.string().optional(),
  output: pathOption('--output').optional(),
});

/** `shop-audit summary DIR|FILES…`: one row per PC, and how many PCs fail each rule. */
export async function runSummary(paths: string[], raw: Record<string, unknown>): Promise<number> {
  const opts = parseOptions(summaryOptions, raw);
  // A folder is the stick's reports/: one damaged or foreign file there costs its own row, not the round's summary.
  const files = (await readReportFiles(paths, (error) => leaveOut(error.message))).filter(
    (f) => !(f.listed && isBundle(f.file, f.text)),
  );
  const reports = files.flatMap(({ file, text, listed }) => {
    try {
      return [parseReport(file, text)];
    } catch (error) {
      if (!listed || !(error instanceof UsageError)) throw error;
      leaveOut(error.message);
      return [];
    }
  });
  if (reports.length === 0) throw new UsageError(`no .json reports in ${paths.join(', ')}`);
  const fleet = summariseReports(
    reports,
    opts.lang === undefined ? reports[reports.length - 1]!.lang : resolveLang(opts.lang),
  );
  const render = { text: renderFleetText, json: renderFleetJson, html: renderFleetHtml, csv: renderFleetCsv }[
    opts.format
  ];
  await writeOutput(
    opts.output,
    render(fleet),
    files.map((f) => f.file),
  );
  return EXIT.passed;
}

/**
 * A replay bundle in a stick's reports folder (collect.cmd saves its bundles there, `scan --record` makes them): left
 * out of the summary with a word on standard error, since it is no report until shop-audit reads it.
 */
function isBundle(file: string, text: string): boolean {
  let kind: unknown;
  try {
    kind = (JSON.parse(text) as { kind?: unknown } | null)?.kind;
  } catch {
    return false;
  }
  if (kind !== 'shop-audit-bundle' && kind !== 'shop-audit-collection') return false;
  leaveOut(
    `${file}: a replay bundle, not a report (shop-audit scan --replay it, or drop it on the executable, to make ` +
      'its report)',
  );
  return true;
}

const leaveOut = (why: string) => process.stderr.write(`${neutralise(why)}: left out\n`);
