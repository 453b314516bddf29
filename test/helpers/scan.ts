import path from 'node:path';
import { createRecordingHost } from '../../src/host/bundle.js';
import type { Host } from '../../src/host/types.js';
import { PROBES, redactSecrets } from '../../src/probes/index.js';
import { RENDERERS } from '../../src/report/index.js';
import { readRuleSources } from '../../src/files/read.js';
import { loadRuleSet } from '../../src/rule-set.js';
import { runProbes, scan, type RuleSet } from '../../src/scan.js';
import type { Report } from '../../src/report/model.js';
import { REPO } from './host.js';

let bundled: RuleSet | null = null;

/** The bundled rules, loaded from rules/ once per test file. */
export async function bundledRules(): Promise<RuleSet> {
  bundled ??= loadRuleSet(await readRuleSources([path.join(REPO, 'rules')]));
  return bundled;
}

/**
 * A scan through the core API, as the CLI runs it with default options (on the day `now`, today by default): of
 * every rule, or of those `only` names.
 */
export async function scanWith(
  host: Host,
  options: { replayed?: boolean; probeDeadlineMs?: number; deep?: boolean; now?: Date; only?: readonly string[] } = {},
  rules?: RuleSet,
): Promise<Report> {
  return scan(host, rules ?? (await bundledRules()), {
    lang: 'en',
    failOn: 'high',
    minScore: null,
    strict: false,
    version: 'test',
    replayed: options.replayed ?? true,
    probeDeadlineMs: options.probeDeadlineMs ?? 8000,
    deep: options.deep ?? false,
    ...(options.now ? { now: () => options.now! } : {}),
    // --only: the rule under test alone, and the probes it needs (a whole scan of a temporary root takes ~0.2 s).
    ...(options.only ? { only: options.only } : {}),
  });
}

export const statuses = (report: Report) => Object.fromEntries(report.results.map((r) => [r.id, r.status]));

/**
 * Everything a scan through `host` can show: each report format, the `probes` output, the reasons
 * and the --record bundle (made by wrapping the host). For tests that no secret gets out.
 */
export async function everyOutput(
  inner: Host,
  options: { replayed?: boolean } = {},
): Promise<{ report: Report; outputs: Record<string, string> }> {
  const { host, finish } = createRecordingHost(inner, redactSecrets);
  const report = await scanWith(host, options);
  const outcomes = await runProbes(PROBES, host, 8000);
  const outputs = {
    text: RENDERERS.text(report, { color: false }),
    json: RENDERERS.json(report),
    html: RENDERERS.html(report),
    probes: JSON.stringify([...outcomes.values()]),
    reasons: JSON.stringify(report.results.map((r) => r.reasons)),
    bundle: JSON.stringify(finish()),
  };
  return { report, outputs };
}
