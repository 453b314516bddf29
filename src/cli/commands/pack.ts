import { parse } from 'yaml';
import { z } from 'zod';
import { readPackTemplates } from '../../files/package.js';
import { readText } from '../../files/read.js';
import { compareReports, parseReport } from '../../report/compare.js';
import { packTemplatesSchema, renderPack } from '../../report/pack.js';
import { UsageError } from '../../errors.js';
import { EXIT } from '../exit.js';
import { parseOptions, pathOption } from '../common.js';
import { writeOutput } from './output.js';

const packOptions = z.object({
  before: pathOption('--before').optional(),
  lang: z.string().optional(),
  output: pathOption('--output').optional(),
});

/** `shop-audit pack REPORT.json [--before EARLIER.json]`: the printable rectification pack (HTML). */
export async function runPack(reportFile: string, raw: Record<string, unknown>): Promise<number> {
  const opts = parseOptions(packOptions, raw);
  const read = async (f: string) => {
    const { file, text } = await readText(f);
    return parseReport(file, text);
  };
  const report = await read(reportFile);
  const lang = opts.lang === 'en' || opts.lang === 'zh-CN' ? opts.lang : report.lang;
  const before = opts.before ? await read(opts.before) : null;
  // What the pack calls fixed is what failed in --before and passes now: only true of an earlier visit to this PC.
  if (before && opts.before) {
    const samePc =
      before.machine.idHash && report.machine.idHash
        ? before.machine.idHash === report.machine.idHash
        : before.machine.hostname === report.machine.hostname;
    if (!samePc)
      throw new UsageError(
        `--before ${opts.before}: a report of another PC (${before.machine.hostname ?? '?'}), not of ` +
          `${report.machine.hostname ?? '?'}`,
        'give an earlier report of the same PC',
      );
    if (before.generatedAt >= report.generatedAt)
      throw new UsageError(`--before ${opts.before}: is not earlier than ${reportFile}`, 'swap the two reports');
  }
  // Shipped with shop-audit and checked by its tests: a broken file here is a bug, not the user's error.
  const templates = packTemplatesSchema.parse(parse(readPackTemplates()));
  const shown = { ...report, lang };
  await writeOutput(
    opts.output,
    renderPack(shown, templates, before ? compareReports({ ...before, lang }, shown) : null),
    [reportFile, ...(opts.before ? [opts.before] : [])],
  );
  return EXIT.passed;
}
