import path from 'node:path';
import { z } from 'zod';
import { SEVERITIES } from '../../engine/rule-schema.js';
import { UsageError } from '../../errors.js';
import { packageVersion } from '../../files/package.js';
import { assertSeparateFiles, assertWritable, writeOutput } from '../../files/write.js';
import { t } from '../../i18n/index.js';
import { redactSecrets } from '../../probes/index.js';
import { FORMATS, RENDERERS } from '../../report/index.js';
import { scan } from '../../scan.js';
import {
  decimal,
  loadRulesFromOptions,
  openHost,
  parseOptions,
  pathOption,
  resolveLang,
  timeoutSeconds,
} from '../common.js';
import { exitCodeFor } from '../verdict.js';

const idList = z
  .string()
  .optional()
  .transform((s) =>
    s === undefined
      ? undefined
      : s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
  );

const scanOptions = z.object({
  format: z.enum(FORMATS),
  output: pathOption('--output').optional(),
  rules: z.array(pathOption('--rules')).optional(),
  bundledRules: z.boolean(),
  profile: z.string().optional(),
  only: idList,
  skip: idList,
  failOn: z.enum(SEVERITIES),
  minScore: decimal('--min-score', 'a whole number from 0 to 100', true)
    .pipe(z.number().max(100, '--min-score is at most 100'))
    .optional(),
  strict: z.boolean().optional(),
  lang: z.string().optional(),
  timeout: timeoutSeconds,
  windowsTimeout: decimal('--windows-timeout', 'a number of seconds').pipe(
    z
      .number()
      .gt(0, '--windows-timeout must be more than 0 seconds')
      .max(600, '--windows-timeout is at most 600 seconds'),
  ),
  quiet: z.boolean().optional(),
  color: z.boolean(),
  record: pathOption('--record').optional(),
  replay: pathOption('--replay').optional(),
  deep: z.boolean().optional(),
  dataPath: z.array(pathOption('--data-path')).optional(),
  dataTimeBudget: decimal('--data-time-budget', 'a number of seconds').pipe(
    z
      .number()
      .positive('--data-time-budget is more than 0 seconds')
      .max(3600, '--data-time-budget is at most 3600 seconds'),
  ),
  quick: z.boolean().optional(),
});

export async function runScan(raw: Record<string, unknown>): Promise<number> {
  const opts = parseOptions(scanOptions, raw);
  const lang = resolveLang(opts.lang);
  if (opts.record && opts.replay) throw new UsageError('--record and --replay cannot be used together');
  // Check every file we will write before scanning: a bad path fails now and nothing is written.
  if (opts.output) assertWritable(opts.output, '--output');
  if (opts.record) assertWritable(opts.record, '--record');
  assertSeparateFiles(
    [
      { flag: '--output', file: opts.output },
      { flag: '--record', file: opts.record },
    ],
    [
      ...(opts.replay ? [{ flag: '--replay', file: opts.replay }] : []),
      ...(opts.rules ?? []).map((file) => ({ flag: '--rules', file })),
    ],
  );
  const set = await loadRulesFromOptions(opts);
  const timeoutMs = opts.timeout * 1000;
  const windowsTimeoutMs = opts.windowsTimeout * 1000;
  const opened = await openHost(opts.replay, timeoutMs);
  // Loaded only for --record: its schemas are start-up time a plain scan does not need.
  const recording = opts.record
    ? (await import('../../host/bundle.js')).createRecordingHost(opened.host, redactSecrets, packageVersion())
    : null;
  const host = recording?.host ?? opened.host;

  const showProgress = !opts.quiet && process.stderr.isTTY === true;
  const report = await scan(host, set, {
    profile: opts.profile,
    only: opts.only,
    skip: opts.skip,
    lang,
    langFromPc: opts.lang === undefined,
    failOn: opts.failOn,
    minScore: opts.minScore ?? null,
    strict: opts.strict ?? false,
    version: packageVersion(),
    replayed: opened.replayed,
    collectedBy: opened.collectedBy,
    // On Windows a probe waits for the one PowerShell script (its own budget), then for the fallback's tools.
    probeDeadlineMs: timeoutMs + 3000 + (host.os === 'windows' ? windowsTimeoutMs + 3 * timeoutMs : 0),
    deep: opts.deep ?? false,
    windowsTimeoutMs,
    quick: opts.quick ?? false,
    personalData: { paths: (opts.dataPath ?? []).map((p) => path.resolve(p)), timeBudgetSeconds: opts.dataTimeBudget },
    onProbeDone: showProgress
      ? (id, done, total) => process.stderr.write(`\r\x1b[K${t(lang, 'progress')} ${done}/${total} ${id}`)
      : undefined,
    onProgress: showProgress
      ? ({ done, total, current }) =>
          process.stderr.write(
            current ? `\r\x1b[K${t(lang, 'windowsProgress')} ${done}/${total}: ${current}` : '\r\x1b[K',
          )
      : undefined,
  });
  if (showProgress) process.stderr.write('\r\x1b[K');

  const color = opts.color && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const width = !opts.output && process.stdout.isTTY === true && process.stdout.columns ? process.stdout.columns : 80;
  const rendered = RENDERERS[opts.format](report, { color, width });
  await save('--record', opts.record, recording ? JSON.stringify(recording.finish(), null, 1) + '\n' : null, () =>
    opts.quiet ? null : `${t(report.lang, 'recorded')} ${opts.record}`,
  );
  if (opts.output) {
    await save('--output', opts.output, rendered, () =>
      opts.quiet ? null : `${t(report.lang, 'written')} ${opts.output}`,
    );
  } else {
    process.stdout.write(rendered);
  }
  return exitCodeFor(report);
}

async function save(
  flag: string,
  file: string | undefined,
  text: string | null,
  message: () => string | null,
): Promise<void> {
  if (!file || text === null) return;
  await writeOutput(file, text, flag);
  const line = message();
  if (line) process.stderr.write(`${line}\n`);
}
