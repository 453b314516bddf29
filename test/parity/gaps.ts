import type { OsName } from '../../src/host/types.js';

// The parity check, as eslint keeps for its rules: every rule is seen to pass and to fail in a test on
// each OS it applies to, and every probe's collector runs in a test on each OS it collects on.
// Records come from test/parity/record.ts; the check runs after a whole `vitest run` (global.ts).

/** One thing a test did: a scan's rule result on a PC of `os`, or a probe's collector run for `os`. */
export type ParityRecord =
  | { kind: 'rule'; rule: string; os: OsName; status: string }
  | { kind: 'probe'; probe: string; os: OsName }
  | { kind: 'file'; file: string };

/** A rule × OS × status the check does not ask a test for, and why. */
export interface ParityException {
  rule: string;
  os: OsName;
  status: 'pass' | 'fail';
  reason: string;
}

interface Subjects {
  rules: readonly { id: string; applies: { os: readonly OsName[] } }[];
  probes: readonly { id: string; collect: Partial<Record<OsName, unknown>> }[];
}

const recordKey = (r: ParityRecord) =>
  r.kind === 'rule' ? `${r.rule} ${r.os} ${r.status}` : r.kind === 'probe' ? `probe ${r.probe} ${r.os}` : '';

/**
 * Every rule × OS × status and probe × OS no test shows, and every exception that is wrong: its
 * rule does not apply on that OS, or a test shows it after all (then the exception goes).
 */
export function parityGaps(
  records: readonly ParityRecord[],
  subjects: Subjects,
  exceptions: readonly ParityException[],
): string[] {
  const seen = new Set(records.map(recordKey));
  const excepted = new Set(exceptions.map((e) => `${e.rule} ${e.os} ${e.status}`));
  const gaps: string[] = [];
  for (const rule of subjects.rules) {
    for (const os of rule.applies.os) {
      for (const status of ['pass', 'fail'] as const) {
        const key = `${rule.id} ${os} ${status}`;
        if (!seen.has(key) && !excepted.has(key)) gaps.push(`rule ${rule.id} on ${os}: no test sees it ${status}`);
      }
    }
  }
  for (const probe of subjects.probes) {
    for (const os of Object.keys(probe.collect) as OsName[]) {
      if (!seen.has(`probe ${probe.id} ${os}`)) gaps.push(`probe ${probe.id} on ${os}: no test runs its collector`);
    }
  }
  for (const e of exceptions) {
    const name = `exception ${e.rule} ${e.os} ${e.status}`;
    const rule = subjects.rules.find((r) => r.id === e.rule);
    if (!rule?.applies.os.includes(e.os)) gaps.push(`${name}: no such rule on that OS`);
    else if (seen.has(`${e.rule} ${e.os} ${e.status}`)) gaps.push(`${name}: a test shows it, remove the exception`);
  }
  return gaps;
}
