import path from 'node:path';
import type { Host } from '../../src/host/types.js';
import { readRuleSources } from '../../src/host/local-files.js';
import { loadRuleSet } from '../../src/rule-set.js';
import { scan, type RuleSet } from '../../src/scan.js';
import type { Report } from '../../src/report/model.js';
import { REPO } from './host.js';

let bundled: RuleSet | null = null;

/** The bundled rules, loaded from rules/ once per test file. */
export async function bundledRules(): Promise<RuleSet> {
  bundled ??= loadRuleSet(await readRuleSources([path.join(REPO, 'rules')]));
  return bundled;
}

/** A whole scan through the core API, as the CLI runs it with default options. */
export async function scanWith(host: Host, options: { replayed?: boolean; probeDeadlineMs?: number } = {}): Promise<Report> {
  return scan(host, await bundledRules(), {
    lang: 'en',
    failOn: 'high',
    minScore: null,
    strict: false,
    version: 'test',
    replayed: options.replayed ?? true,
    probeDeadlineMs: options.probeDeadlineMs ?? 8000,
  });
}

export const statuses = (report: Report) => Object.fromEntries(report.results.map((r) => [r.id, r.status]));
