import { nothingAnswered } from '../engine/score.js';
import type { Report } from '../report/model.js';
import { neutralise } from '../report/neutralise.js';
import { EXIT } from './exit.js';

/**
 * The exit code of a finished scan. When not one check could be answered the report is still
 * written (it says why each is unknown), but the scan, in effect, could not run: exit 3, and the
 * reasons go to standard error.
 */
export function exitCodeFor(report: Report): number {
  if (nothingAnswered(report.score)) {
    const reasons = [...new Set(report.results.flatMap((r) => r.reasons))].slice(0, 3);
    process.stderr.write(`shop-audit: the scan could not run: no check could be answered\n${reasons.map((r) => `  ${neutralise(r)}\n`).join('')}  run again as administrator (Windows) or with sudo; \`shop-audit probes\` shows what could not be read and why\n`);
    return EXIT.scanFailed;
  }
  return report.policy.passed ? EXIT.passed : EXIT.policyFailed;
}
