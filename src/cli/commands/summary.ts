import { z } from 'zod';
import { readReportFiles } from '../../files/read.js';
import { UsageError } from '../../errors.js';
import { parseReport } from '../../report/compare.js';
import {
  renderFleetCsv,
  renderFleetHtml,
  renderFleetJson,
  renderFleetText,
  summariseReports,
} from '../../report/fleet.js';
import { EXIT } from '../exit.js';
import { parseOptions, resolveLang } from '../common.js';
import { writeOutput } from './output.js';

const summaryOptions = z.object({
  format: z.enum(['text', 'json', 'html', 'csv']),
  lang: z.string().optional(),
  output: z.string().optional(),
});

/** `shop-audit summary DIR|FILES…`: one row per PC, and how many PCs fail each rule. */
export async function runSummary(paths: string[], raw: Record<string, unknown>): Promise<number> {
  const opts = parseOptions(summaryOptions, raw);
  const files = await readReportFiles(paths);
  const reports = files.map(({ file, text }) => parseReport(file, text));
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
