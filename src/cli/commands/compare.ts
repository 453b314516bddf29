import { z } from 'zod';
import { SEVERITIES } from '../../engine/rule-schema.js';
import { UsageError } from '../../errors.js';
import { readText } from '../../files/read.js';
import {
  compareReports,
  newFailuresAtOrAbove,
  parseReport,
  renderComparisonHtml,
  renderComparisonJson,
  renderComparisonText,
} from '../../report/compare.js';
import { EXIT } from '../exit.js';
import { parseOptions, pathOption } from '../common.js';
import { writeOutput } from './output.js';

const compareOptions = z.object({
  format: z.enum(['text', 'json', 'html']),
  failOn: z.enum(SEVERITIES),
  output: pathOption('--output').optional(),
});

/** `shop-audit compare OLD.json NEW.json`: exit 1 when a new failure is at --fail-on or above. */
export async function runCompare(oldFile: string, newFile: string, raw: Record<string, unknown>): Promise<number> {
  const opts = parseOptions(compareOptions, raw);
  const [before, after] = await Promise.all(
    [oldFile, newFile].map(async (f) => {
      const { file, text } = await readText(f);
      return parseReport(file, text);
    }),
  );
  // Backwards, every problem that came since reads as fixed and the exit code says no new failure.
  if (before!.generatedAt > after!.generatedAt)
    throw new UsageError(`${oldFile} is later than ${newFile}`, 'give the earlier report first: compare OLD NEW');
  const comparison = compareReports(before!, after!);
  const render = { text: renderComparisonText, json: renderComparisonJson, html: renderComparisonHtml }[opts.format];
  await writeOutput(opts.output, render(comparison), [oldFile, newFile]);
  return newFailuresAtOrAbove(comparison, opts.failOn).length > 0 ? EXIT.policyFailed : EXIT.passed;
}
