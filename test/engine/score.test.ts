import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/engine/rule-schema.js';
import { countStatuses, CRITICAL_CAP, judgePolicy, scoreResults, type Status } from '../../src/engine/score.js';

const r = (severity: Severity, status: Status) => ({ severity, status });

describe('score and coverage', () => {
  it('weights by severity and leaves not_applicable out', () => {
    // passed: high 5 + low 1 = 6; denominator: 5 + 1 + medium 3 (fail) + 5 (unknown) = 14
    const s = scoreResults([
      r('high', 'pass'),
      r('low', 'pass'),
      r('medium', 'fail'),
      r('high', 'unknown'),
      r('critical', 'not_applicable'),
    ]);
    expect(s.value).toBe(42); // 600 / 14 = 42.86, rounded down
    expect(s.coverage).toBe(64); // 900 / 14 = 64.29
    expect(s.grade).toBe('F');
  });
  it('unknown and error never count as passed: the score does not rise when facts go unread', () => {
    const known = scoreResults([r('high', 'pass'), r('high', 'fail')]);
    const withUnknown = scoreResults([r('high', 'pass'), r('high', 'fail'), r('high', 'unknown'), r('high', 'error')]);
    expect(withUnknown.value!).toBeLessThan(known.value!);
    expect(withUnknown.coverage).toBe(50);
  });
  it('all passed is 100 with grade A and full coverage', () => {
    expect(scoreResults([r('critical', 'pass'), r('low', 'pass')])).toEqual({
      value: 100,
      grade: 'A',
      coverage: 100,
      cappedByCritical: false,
    });
  });
  it('a critical failure caps the score below the pass band', () => {
    const many = [...Array.from({ length: 30 }, () => r('high', 'pass')), r('critical', 'fail')];
    const s = scoreResults(many);
    expect(s.value).toBe(CRITICAL_CAP);
    expect(s.grade).toBe('F');
    expect(s.cappedByCritical).toBe(true);
  });
  it('no applicable weighted rule: no score', () => {
    expect(scoreResults([r('high', 'not_applicable'), r('info', 'pass')])).toEqual({
      value: null,
      grade: null,
      coverage: null,
      cappedByCritical: false,
    });
  });
  it("each severity's weight, against one low failure (weight 1)", () => {
    const against = (severity: Severity) => scoreResults([r(severity, 'pass'), r('low', 'fail')]).value;
    expect(['critical', 'high', 'medium', 'low'].map((sv) => against(sv as Severity))).toEqual([90, 83, 75, 50]);
    // info weighs nothing: with only a low failure beside it the score is 0.
    expect(against('info')).toBe(0);
  });
  it("grades by band: 90 A, 80 B, 70 C, 60 D, below F (each band's lowest score and the one under it)", () => {
    // Passes of weight p against failures of weight f = 100 - p give the score p exactly.
    const scoreOf = (p: number) =>
      scoreResults([
        ...Array.from({ length: p }, () => r('low', 'pass')),
        ...Array.from({ length: 100 - p }, () => r('low', 'fail')),
      ]);
    const table: [number, string][] = [
      [100, 'A'],
      [90, 'A'],
      [89, 'B'],
      [80, 'B'],
      [79, 'C'],
      [70, 'C'],
      [69, 'D'],
      [60, 'D'],
      [59, 'F'],
      [0, 'F'],
    ];
    for (const [p, grade] of table) expect([p, scoreOf(p).value, scoreOf(p).grade]).toEqual([p, p, grade]);
  });
  it('a critical failure under the cap anyway is not said to be capped; a critical pass caps nothing', () => {
    expect(scoreResults([r('critical', 'fail'), r('low', 'pass')])).toEqual({
      value: 9,
      grade: 'F',
      coverage: 100,
      cappedByCritical: false,
    });
    expect(scoreResults([r('critical', 'pass'), r('high', 'fail')]).cappedByCritical).toBe(false);
    expect(scoreResults([r('critical', 'pass'), r('high', 'fail')]).value).toBe(66);
    // Exactly at the cap (16 of 27): the critical failure changed nothing, so it is not said to cap.
    const atCap = [...Array.from({ length: 16 }, () => r('low', 'pass')), r('low', 'fail'), r('critical', 'fail')];
    expect(scoreResults(atCap)).toEqual({ value: 59, grade: 'F', coverage: 100, cappedByCritical: false });
    // A high failure does not cap: 30 high passes and one high failure keep 96.
    expect(scoreResults([...Array.from({ length: 30 }, () => r('high', 'pass')), r('high', 'fail')]).value).toBe(96);
    // An unknown critical does not cap either (it lowers the score as any unknown does).
    expect(scoreResults([...Array.from({ length: 30 }, () => r('high', 'pass')), r('critical', 'unknown')]).value).toBe(
      93,
    );
  });
  it('counts every status', () => {
    expect(countStatuses([r('high', 'pass'), r('high', 'pass'), r('low', 'error')])).toEqual({
      pass: 2,
      fail: 0,
      unknown: 0,
      not_applicable: 0,
      error: 1,
    });
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
  it('--strict also counts an error, and only at --fail-on severity or above', () => {
    // A passed critical keeps the score in the pass band (grade F fails whatever --fail-on says).
    const withError = [r('high', 'error'), r('low', 'unknown'), r('high', 'pass'), r('critical', 'pass')];
    const v = judgePolicy(withError, scoreResults(withError), { failOn: 'high', minScore: null, strict: true });
    expect(v).toEqual({ passed: false, reasons: [{ kind: 'unsure', count: 1, failOn: 'high' }] });
    expect(judgePolicy(withError, scoreResults(withError), { failOn: 'high', minScore: null, strict: false })).toEqual({
      passed: true,
      reasons: [],
    });
    // --strict with nothing unsure at that severity passes.
    expect(
      judgePolicy(withError, scoreResults(withError), { failOn: 'critical', minScore: null, strict: true }),
    ).toEqual({ passed: true, reasons: [] });
  });
  it('a failure exactly at --fail-on counts; one severity below does not', () => {
    for (const [severity, failOn, passed] of [
      ['high', 'high', false],
      ['medium', 'high', true],
      ['critical', 'high', false],
      ['info', 'low', true],
      ['low', 'low', false],
    ] as const) {
      const rs = [r(severity, 'fail'), r('high', 'pass')];
      expect([
        severity,
        failOn,
        judgePolicy(rs, scoreResults(rs), { failOn, minScore: null, strict: false }).passed,
      ]).toEqual([severity, failOn, passed]);
    }
    const two = [r('high', 'fail'), r('critical', 'fail'), r('low', 'fail')];
    expect(judgePolicy(two, scoreResults(two), { failOn: 'high', minScore: null, strict: false }).reasons).toEqual([
      { kind: 'failed', count: 2, failOn: 'high' },
      { kind: 'belowPassBand', score: 0 },
    ]);
  });
  it('nothing answered never passes, and a --min-score with no score fails', () => {
    const unanswered = [r('high', 'unknown'), r('critical', 'error')];
    expect(
      judgePolicy(unanswered, scoreResults(unanswered), { failOn: 'critical', minScore: null, strict: false }),
    ).toEqual({ passed: false, reasons: [{ kind: 'nothingAnswered' }] });
    const none = [r('high', 'not_applicable')];
    expect(judgePolicy(none, scoreResults(none), { failOn: 'critical', minScore: 50, strict: false })).toEqual({
      passed: false,
      reasons: [
        { kind: 'noneApplies', rules: 1 },
        { kind: 'noScore', minScore: 50 },
      ],
    });
    // No rule for this PC is no pass either (issue #13, class 6).
    expect(judgePolicy(none, scoreResults(none), { failOn: 'critical', minScore: null, strict: false })).toEqual({
      passed: false,
      reasons: [{ kind: 'noneApplies', rules: 1 }],
    });
  });
  it('--min-score', () => {
    expect(score.value).toBe(65); // 15 / 23
    expect(judgePolicy(results, score, { failOn: 'critical', minScore: 66, strict: false })).toEqual({
      passed: false,
      reasons: [{ kind: 'belowMinScore', score: 65, minScore: 66 }],
    });
    expect(judgePolicy(results, score, { failOn: 'critical', minScore: 65, strict: false }).passed).toBe(true);
  });
});

describe('an empty check is never a pass', () => {
  const policy = (results: ReturnType<typeof r>[], failOn: 'critical' | 'high' = 'critical') =>
    judgePolicy(results, scoreResults(results), { failOn, minScore: null, strict: false });
  it('no rule, no rule for this PC, nothing answered: failed with the reason', () => {
    expect(policy([]).reasons).toEqual([{ kind: 'noRules' }]);
    expect(policy([r('high', 'not_applicable'), r('low', 'not_applicable')]).reasons).toEqual([
      { kind: 'noneApplies', rules: 2 },
    ]);
    expect(policy([r('high', 'unknown'), r('low', 'error'), r('info', 'not_applicable')]).reasons).toEqual([
      { kind: 'nothingAnswered' },
    ]);
    // Only weightless (info) rules answered: the score has nothing under it.
    expect(policy([r('info', 'pass'), r('high', 'unknown')]).reasons).toEqual([{ kind: 'nothingAnswered' }]);
  });
  it('a score in grade F fails whatever --fail-on says', () => {
    expect(policy([r('medium', 'fail'), r('low', 'pass')], 'high').reasons).toEqual([
      { kind: 'belowPassBand', score: 25 },
    ]);
    expect(policy([r('medium', 'fail'), r('critical', 'pass')], 'high').passed).toBe(true);
  });
});

describe('policy reasons in words', async () => {
  const { policyReason } = await import('../../src/i18n/index.js');
  it('are worded in the report language', () => {
    expect(policyReason('en', { kind: 'failed', count: 2, failOn: 'high' })).toBe('2 failed at high or above');
    expect(policyReason('zh-CN', { kind: 'failed', count: 2, failOn: 'high' })).toBe('2 项高及以上级别的检查未通过');
    expect(policyReason('zh-CN', { kind: 'belowMinScore', score: 40, minScore: 60 })).toBe(
      '得分 40 低于 --min-score 60',
    );
  });
});
