import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import NoSkipsUnderCi from './test/setup/no-skips-under-ci.js';
import SlowFilesFirst from './test/setup/slow-first.js';

// npm test: everything but the single-file executables (vitest.exe.config.ts, npm run test:exe).

// With NODE_EXTRA_CA_CERTS set (as on some CI machines and VMs) Node 20 parses that whole CA bundle at
// every start: ~100 ms more for each of the hundreds of programs the tests start (the CLI, node
// children). shop-audit makes no TLS connection, so the workers and everything they start go without.
delete process.env.NODE_EXTRA_CA_CERTS;

const parity = process.env.SHOP_AUDIT_PARITY !== 'off';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/exe/**'],
    // vitest's default is one worker less than the cores (1 here). Many tests wait on the programs they start
    // (timeouts, hung commands, Chromium): with one worker per core the two cores still idled ~15 % of a run; a
    // worker more fills that (2026-12-07, four interleaved pairs of runs: 106-116 s against 113-121 s).
    maxWorkers: availableParallelism() + 1,
    // WebAssembly stays on V8's baseline compiler (Liftoff). The PowerShell grammar's parser (tree-sitter, .wasm) is
    // one huge lexer function, and V8's optimizing compiler then worked on it in the background for the rest of
    // the worker's life: 10-20 CPU seconds taken from the other tests (perf, 2026-12-07), for parses of a few ms.
    execArgv: ['--liftoff-only'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A fresh TMPDIR that must be empty at the end (test/setup), then the parity check: every rule passes and
    // fails in a test on each OS, every collector runs (test/parity). Teardowns run in reverse order.
    // SHOP_AUDIT_PARITY=off (the new:probe test's run of a made-up probe's tests) leaves the parity check out.
    globalSetup: ['test/setup/tmpdir.ts', ...(parity ? ['test/parity/global.ts'] : [])],
    setupFiles: ['test/setup/each-file.ts', ...(parity ? ['test/parity/record.ts'] : [])],
    sequence: { sequencer: SlowFilesFirst },
    // Under CI=true a skipped test fails the run (test/setup/no-skips-under-ci.ts).
    reporters: process.env.CI === 'true' ? ['default', new NoSkipsUnderCi()] : ['default'],
    // The files of a worker share one module graph instead of importing src/ anew each (a quarter of
    // the run's time went to that). Per-file clean-up lives in test/setup/each-file.ts.
    isolate: false,
  },
});
