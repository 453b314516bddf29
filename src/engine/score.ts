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
  return { value, grade: gradeOf(value), coverage: Math.floor((100 * known) / total), cappedByCritical: criticalFailed && raw > CRITICAL_CAP };
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

/** Rules applied but not one could be answered: the scan, in effect, could not run (exit 3). */
export function nothingAnswered(score: Score): boolean {
  return score.coverage === 0;
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
  | { kind: 'nothingAnswered' }
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
    const unsure = results.filter((r) => atOrAbove(r.severity) && (r.status === 'unknown' || r.status === 'error')).length;
    if (unsure > 0) reasons.push({ kind: 'unsure', count: unsure, failOn });
  }
  // Not one check answered (PowerShell blocked, every tool hanging): never a pass, whatever the options.
  if (nothingAnswered(score)) reasons.push({ kind: 'nothingAnswered' });
  if (options.minScore !== null) {
    if (score.value === null) reasons.push({ kind: 'noScore', minScore: options.minScore });
    else if (score.value < options.minScore) reasons.push({ kind: 'belowMinScore', score: score.value, minScore: options.minScore });
  }
  return { passed: reasons.length === 0, reasons };
}
