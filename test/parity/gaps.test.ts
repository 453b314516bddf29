import { describe, expect, it } from 'vitest';
import { parityGaps, type ParityRecord } from './gaps.js';

// The parity check itself, on made-up records: it must name what is missing.
const subjects = {
  rules: [{ id: 'x.rule', applies: { os: ['linux', 'windows'] as const } }],
  probes: [{ id: 'x', collect: { linux: null, windows: null } }],
};
const ran: ParityRecord[] = [
  { kind: 'probe', probe: 'x', os: 'linux' },
  { kind: 'probe', probe: 'x', os: 'windows' },
  { kind: 'rule', rule: 'x.rule', os: 'linux', status: 'pass' },
  { kind: 'rule', rule: 'x.rule', os: 'linux', status: 'fail' },
  { kind: 'rule', rule: 'x.rule', os: 'windows', status: 'pass' },
  { kind: 'rule', rule: 'x.rule', os: 'windows', status: 'unknown' },
];

describe('parityGaps', () => {
  it('names every rule × OS without a pass or a fail, and every collector never run', () => {
    expect(parityGaps(ran.slice(1), subjects, [])).toEqual([
      'rule x.rule on windows: no test sees it fail',
      'probe x on linux: no test runs its collector',
    ]);
    const failOnWindows: ParityRecord = { kind: 'rule', rule: 'x.rule', os: 'windows', status: 'fail' };
    expect(parityGaps([...ran, failOnWindows], subjects, [])).toEqual([]);
  });
  it('takes an exception, and refuses one a test contradicts or that names no rule on that OS', () => {
    const exception = { rule: 'x.rule', os: 'windows', status: 'fail', reason: 'cannot fail there' } as const;
    expect(parityGaps(ran, subjects, [exception])).toEqual([]);
    expect(parityGaps(ran, subjects, [{ ...exception, status: 'pass' }])).toEqual([
      'rule x.rule on windows: no test sees it fail',
      'exception x.rule windows pass: a test shows it, remove the exception',
    ]);
    expect(parityGaps(ran, subjects, [exception, { ...exception, os: 'macos' }])).toEqual([
      'exception x.rule macos fail: no such rule on that OS',
    ]);
  });
});
