import { nothingChecked } from '../engine/score.js';
import { policyReason, t } from '../i18n/index.js';
import type { Report } from '../report/model.js';
import { neutralise } from '../report/neutralise.js';
import { EXIT } from './exit.js';

/**
 * The exit code of a finished scan. When nothing was checked — no rule ran, none applies to this
 * PC, or not one could be answered — the report is still written (it says why), but the scan, in
 * effect, did not run: exit 3, and the reasons go to standard error. An empty check is never a pass.
 */
export function exitCodeFor(report: Report): number {
  const checked = report.policy.checked ?? { rules: report.results.length, applicable: 0, answered: 0 };
  const nothing = nothingChecked(checked, report.score);
  if (nothing) {
    const why = policyReason(
      report.lang,
      nothing === 'noneApplies' ? { kind: nothing, rules: checked.rules } : { kind: nothing },
    );
    const reasons = [...new Set(report.results.flatMap((r) => r.reasons))].slice(0, 3);
    const hint =
      nothing === 'nothingAnswered'
        ? '  run again as administrator (Windows) or with sudo; `shop-audit probes` shows what could ' +
          'not be read and why\n'
        : '  `shop-audit rules list` shows the rules; check --only, --skip, --profile and --rules\n';
    process.stderr.write(
      `shop-audit: ${t(report.lang, 'errorScanFailed')}: ` +
        `${why}\n${reasons.map((r) => `  ${neutralise(r)}\n`).join('')}${hint}`,
    );
    return EXIT.scanFailed;
  }
  return report.policy.passed ? EXIT.passed : EXIT.policyFailed;
}
