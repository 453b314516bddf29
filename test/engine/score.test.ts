import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/engine/rule-schema.js';
import { countStatuses, CRITICAL_CAP, judgePolicy, scoreResults, type Status } from '../../src/engine/score.js';

const r = (severity: Severity, status: Status) => ({ severity, status });

describe('score and coverage', () => {
  it('weights by severity and leaves not_applicable out', () => {
    // passed: high 5 + low 1 = 6; denominator: 5 + 1 + medium 3 (fail) + 5 (unknown) = 14
    const s = scoreResults([r('high', 'pass'), r('low', 'pass'), r('medium', 'fail'), r('high', 'unknown'), r('critical', 'not_applicable')]);
    expect(s.value).toBe(Math.floor((100 * 6) / 14));
    expect(s.coverage).toBe(Math.floor((100 * 9) / 14));
    expect(s.grade).toBe('F');
  });
  it('unknown and error never count as passed: the score does not rise when facts go unread', () => {
    const known = scoreResults([r('high', 'pass'), r('high', 'fail')]);
    const withUnknown = scoreResults([r('high', 'pass'), r('high', 'fail'), r('high', 'unknown'), r('high', 'error')]);
    expect(withUnknown.value!).toBeLessThan(known.value!);
    expect(withUnknown.coverage).toBe(50);
  });
  it('all passed is 100 with grade A and full coverage', () => {
    expect(scoreResults([r('critical', 'pass'), r('low', 'pass')])).toEqual({ value: 100, grade: 'A', coverage: 100, cappedByCritical: false });
  });
  it('a critical failure caps the score below the pass band', () => {
    const many = [...Array.from({ length: 30 }, () => r('high', 'pass')), r('critical', 'fail')];
    const s = scoreResults(many);
    expect(s.value).toBe(CRITICAL_CAP);
    expect(s.grade).toBe('F');
    expect(s.cappedByCritical).toBe(true);
  });
  it('no applicable weighted rule: no score', () => {
    expect(scoreResults([r('high', 'not_applicable'), r('info', 'pass')]).value).toBe(null);
  });
  it('counts every status', () => {
    expect(countStatuses([r('high', 'pass'), r('high', 'pass'), r('low', 'error')])).toEqual({ pass: 2, fail: 0, unknown: 0, not_applicable: 0, error: 1 });
  });
});

describe('policy (exit code 0 or 1)', () => {
  const results = [r('medium', 'fail'), r('high', 'unknown'), r('high', 'pass'), r('critical', 'pass')];
  const score = scoreResults(results);
  it('--fail-on high ignores a medium failure; --fail-on medium does not', () => {
    expect(score.value).toBeGreaterThanOrEqual(60);
    expect(judgePolicy(results, score, { failOn: 'high', minScore: null, strict: false }).passed).toBe(true);
    expect(judgePolicy(results, score, { failOn: 'medium', minScore: null, strict: false }).passed).toBe(false);
  });
  it('--strict counts an unknown as failed', () => {
    const v = judgePolicy(results, score, { failOn: 'high', minScore: null, strict: true });
    expect(v.passed).toBe(false);
    expect(v.reasons).toEqual([{ kind: 'unsure', count: 1, failOn: 'high' }]);
  });
  it('--min-score', () => {
    expect(judgePolicy(results, score, { failOn: 'critical', minScore: score.value! + 1, strict: false }).passed).toBe(false);
    expect(judgePolicy(results, score, { failOn: 'critical', minScore: score.value!, strict: false }).passed).toBe(true);
  });
});

describe('an empty check is never a pass', () => {
  const policy = (results: ReturnType<typeof r>[], failOn: 'critical' | 'high' = 'critical') => judgePolicy(results, scoreResults(results), { failOn, minScore: null, strict: false });
  it('no rule, no rule for this PC, nothing answered: failed with the reason', () => {
    expect(policy([]).reasons).toEqual([{ kind: 'noRules' }]);
    expect(policy([r('high', 'not_applicable'), r('low', 'not_applicable')]).reasons).toEqual([{ kind: 'noneApplies', rules: 2 }]);
    expect(policy([r('high', 'unknown'), r('low', 'error'), r('info', 'not_applicable')]).reasons).toEqual([{ kind: 'nothingAnswered' }]);
    // Only weightless (info) rules answered: the score has nothing under it.
    expect(policy([r('info', 'pass'), r('high', 'unknown')]).reasons).toEqual([{ kind: 'nothingAnswered' }]);
  });
  it('a score in grade F fails whatever --fail-on says', () => {
    expect(policy([r('medium', 'fail'), r('low', 'pass')], 'high').reasons).toEqual([{ kind: 'belowPassBand', score: 25 }]);
    expect(policy([r('medium', 'fail'), r('critical', 'pass')], 'high').passed).toBe(true);
  });
});

describe('policy reasons in words', async () => {
  const { policyReason } = await import('../../src/i18n/index.js');
  it('are worded in the report language', () => {
    expect(policyReason('en', { kind: 'failed', count: 2, failOn: 'high' })).toBe('2 failed at high or above');
    expect(policyReason('zh-CN', { kind: 'failed', count: 2, failOn: 'high' })).toBe('2 项高及以上级别的检查未通过');
    expect(policyReason('zh-CN', { kind: 'belowMinScore', score: 40, minScore: 60 })).toBe('得分 40 低于 --min-score 60');
  });
});
