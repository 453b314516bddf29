import type { Severity } from './rule-schema.js';

export const STATUSES = ['pass', 'fail', 'unknown', 'not_applicable', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 10, high: 5, medium: 3, low: 1, info: 0 };
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';
/** Scores from this value up are in the pass band (grade D or better). */
export const PASS_BAND = 60;
/** A critical failure caps the score here: below the pass band, whatever else passed. */
export const CRITICAL_CAP = PASS_BAND - 1;

export interface Scored {
  severity: Severity;
  status: Status;
}

export interface Score {
  /** 0–100, or null when no weighted rule applies. */
  value: number | null;
  grade: Grade | null;
  /** Share (0–100) of the weighted rules whose answer is known (pass or fail). */
  coverage: number | null;
  cappedByCritical: boolean;
}

export type Counts = Record<Status, number>;

/**
 * Score = weighted passed / weighted (pass + fail + unknown + error); not_applicable is left out.
 * Unknown and error count in the denominator, so a fact that could not be read never raises the
 * score. Rounded down, so 100 means every weighted rule passed.
 */
export function scoreResults(results: readonly Scored[]): Score {
  let passed = 0;
  let known = 0;
  let total = 0;
  let criticalFailed = false;
  for (const r of results) {
    if (r.status === 'not_applicable') continue;
    const w = SEVERITY_WEIGHT[r.severity];
    total += w;
    if (r.status === 'pass') passed += w;
    if (r.status === 'pass' || r.status === 'fail') known += w;
    if (r.status === 'fail' && r.severity === 'critical') criticalFailed = true;
  }
  if (total === 0) return { value: null, grade: null, coverage: null, cappedByCritical: false };
  const raw = Math.floor((100 * passed) / total);
  const value = criticalFailed ? Math.min(raw, CRITICAL_CAP) : raw;
  return {
    value,
    grade: gradeOf(value),
    coverage: Math.floor((100 * known) / total),
    cappedByCritical: criticalFailed && raw > CRITICAL_CAP,
  };
}

export function gradeOf(score: number): Grade {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= PASS_BAND) return 'D';
  return 'F';
}

export function countStatuses(results: readonly Scored[]): Counts {
  const counts: Counts = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, error: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** How much a scan actually checked: every verdict names it, so a pass is never vacuous. */
export interface Checked {
  /** Rules run (after --only, --skip and the profile). */
  rules: number;
  /** Of those, the ones that apply to this PC. */
  applicable: number;
  /** Of those, the ones answered pass or fail. */
  answered: number;
}

export function checkedOf(results: readonly Scored[]): Checked {
  const applicable = results.filter((r) => r.status !== 'not_applicable');
  return {
    rules: results.length,
    applicable: applicable.length,
    answered: applicable.filter((r) => r.status === 'pass' || r.status === 'fail').length,
  };
}

/**
 * Why nothing was checked, or null when something was: no rule ran, none applies to this PC, or
 * not one weighted rule could be answered. Such a scan, in effect, did not run (exit 3), whatever
 * the options: an empty check is never a pass.
 */
export function nothingChecked(checked: Checked, score: Score): 'noRules' | 'noneApplies' | 'nothingAnswered' | null {
  if (checked.rules === 0) return 'noRules';
  if (checked.applicable === 0) return 'noneApplies';
  if (checked.answered === 0 || score.coverage === 0) return 'nothingAnswered';
  return null;
}

export interface PolicyOptions {
  failOn: Severity;
  minScore: number | null;
  strict: boolean;
}

/** Why a policy failed, as data: the report words it in its own language. */
export type PolicyReason =
  | { kind: 'failed'; count: number; failOn: Severity }
  | { kind: 'unsure'; count: number; failOn: Severity }
  | { kind: 'noRules' }
  | { kind: 'noneApplies'; rules: number }
  | { kind: 'nothingAnswered' }
  | { kind: 'belowPassBand'; score: number }
  | { kind: 'noScore'; minScore: number }
  | { kind: 'belowMinScore'; score: number; minScore: number };

export interface PolicyVerdict {
  passed: boolean;
  /** Empty when passed. */
  reasons: PolicyReason[];
}

/**
 * The policy decides the exit code: a failure at `failOn` severity or above fails it, as does a
 * score under `minScore`. `strict` counts unknown and error results as failures too.
 */
export function judgePolicy(results: readonly Scored[], score: Score, options: PolicyOptions): PolicyVerdict {
  const reasons: PolicyReason[] = [];
  const { failOn } = options;
  const atOrAbove = (s: Severity) => SEVERITY_RANK[s] >= SEVERITY_RANK[failOn];
  const failed = results.filter((r) => atOrAbove(r.severity) && r.status === 'fail').length;
  if (failed > 0) reasons.push({ kind: 'failed', count: failed, failOn });
  if (options.strict) {
    const unsure = results.filter(
      (r) => atOrAbove(r.severity) && (r.status === 'unknown' || r.status === 'error'),
    ).length;
    if (unsure > 0) reasons.push({ kind: 'unsure', count: unsure, failOn });
  }
  // Nothing checked (every rule skipped or not for this OS, PowerShell blocked, every tool hanging):
  // never a pass, whatever the options.
  const checked = checkedOf(results);
  const nothing = nothingChecked(checked, score);
  if (nothing === 'noneApplies') reasons.push({ kind: 'noneApplies', rules: checked.rules });
  else if (nothing) reasons.push({ kind: nothing });
  // A score in grade F is no pass, whichever severities failed (--fail-on decides only above it).
  if (!nothing && score.value !== null && score.value < PASS_BAND)
    reasons.push({ kind: 'belowPassBand', score: score.value });
  if (options.minScore !== null) {
    if (score.value === null) reasons.push({ kind: 'noScore', minScore: options.minScore });
    else if (score.value < options.minScore)
      reasons.push({ kind: 'belowMinScore', score: score.value, minScore: options.minScore });
  }
  return { passed: reasons.length === 0, reasons };
}
