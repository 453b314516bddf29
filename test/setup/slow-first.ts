import { BaseSequencer, type TestSpecification } from 'vitest/node';

// vitest starts the files that took longest last time first, from its cache in node_modules/.vite; a fresh clone
// has no cache, and vitest then starts the largest files first. Some of the slowest files are small (a whole scan
// of a hostile PC, the made-up probe's tests, the live faults): started last, they overlapped each other and the
// run ended waiting on them (129 s against 110-117 s with the cache, 2026-12-07). These start first, in this
// order; every other file in vitest's own order.
// test/setup/slow-first.test.ts checks that each exists.
export const SLOW_FIRST = [
  'test/probes/personal_data/hostile.test.ts',
  'test/report/round-browser.test.ts',
  'test/cli/e2e.test.ts',
  'test/faults/live-faults.test.ts',
  'test/security/hostile-pc.test.ts',
  'test/faults/replay-matrix.test.ts',
  'test/scripts/new-probe.test.ts',
  'test/fuzz/rules.test.ts',
  'test/report/html-browser.test.ts',
  'test/probes/personal_data/corpus.test.ts',
  'test/probes/login_password/crypt.test.ts',
];

export default class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((slow) => file.moduleId.endsWith(slow));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
