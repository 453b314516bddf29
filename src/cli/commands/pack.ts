import { parse } from 'yaml';
import { z } from 'zod';
import { readPackTemplates } from '../../files/package.js';
import { readText } from '../../files/read.js';
import { compareReports, parseReport } from '../../report/compare.js';
import { packTemplatesSchema, renderPack } from '../../report/pack.js';
import { EXIT } from '../exit.js';
import { parseOptions } from '../common.js';
import { writeOutput } from './output.js';

const packOptions = z.object({
  before: z.string().optional(),
  lang: z.string().optional(),
  output: z.string().optional(),
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
