import type { Reporter, TestModule } from 'vitest/node';
import { NOT_APPLICABLE } from '../helpers/tools.js';

// Under CI=true (.ci/run) every test must run: a test that skipped itself by its own check of a tool, of root
// or of the machine would let CI pass without it (found 2026-12-07: 19 such checks, outside needs()). A skipped
// test fails the run, named; only one whose name says it cannot apply here (notApplicable in
// test/helpers/tools.ts) may be skipped.
export default class NoSkipsUnderCi implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = testModules
      .flatMap((module) => [...module.children.allTests('skipped')])
      .filter((test) => !test.name.includes(NOT_APPLICABLE));
    if (skipped.length === 0) return;
    process.stderr.write(`\nFAIL: under CI=true no test may be skipped, and ${skipped.length} test(s) were:\n`);
    for (const test of skipped) process.stderr.write(`  ${test.module.relativeModuleId} > ${test.fullName}\n`);
    process.exitCode = 1;
  }
}
