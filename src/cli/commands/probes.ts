import { stringify } from 'yaml';
import { z } from 'zod';
import { PROBES } from '../../probes/index.js';
import { neutralise } from '../../report/neutralise.js';
import { DEFAULT_COLLECT_OPTIONS } from '../../probes/types.js';
import { runProbes, scanTime } from '../../scan.js';
import { EXIT } from '../exit.js';
import { openHost, parseOptions, pathOption, timeoutSeconds } from '../common.js';

const probesOptions = z.object({
  json: z.boolean().optional(),
  timeout: timeoutSeconds,
  replay: pathOption('--replay').optional(),
});

/**
 * Every probe's raw facts on this PC, with the reason for each fact that could not be read.
 * Probes never put a secret into a fact (only whether one exists), so nothing here needs hiding.
 */
export async function runProbesCommand(raw: Record<string, unknown>): Promise<number> {
  const opts = parseOptions(probesOptions, raw);
  const timeoutMs = opts.timeout * 1000;
  const { host } = await openHost(opts.replay, timeoutMs);
  // Judged at the time a --record bundle was recorded, as `scan --replay` does.
  const outcomes = await runProbes(PROBES, host, timeoutMs + 3000, undefined, {
    ...DEFAULT_COLLECT_OPTIONS,
    now: await scanTime(host),
  });
  const rows = [...outcomes.values()].map((o) => ({ ...o.run, facts: o.facts }));
  if (opts.json) {
    process.stdout.write(JSON.stringify({ os: host.os, elevated: host.elevated, probes: rows }, null, 2) + '\n');
    return EXIT.passed;
  }
  const out: string[] = [`os: ${host.os}, elevated: ${host.elevated}`];
  for (const r of rows) {
    out.push('', `== ${r.id} (${r.status}, ${r.ms} ms)${r.error ? `: ${r.error}` : ''}`);
    if (r.facts) out.push(stringify(r.facts).trimEnd());
    for (const [fact, reason] of Object.entries(r.unknown)) out.push(`  unknown ${fact}: ${reason}`);
  }
  process.stdout.write(neutralise(out.join('\n')) + '\n');
  return EXIT.passed;
}
