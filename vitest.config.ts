import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The parity check: every rule passes and fails in a test on each OS, every collector runs (test/parity).
    globalSetup: ['test/parity/global.ts'],
    setupFiles: ['test/parity/record.ts'],
  },
});
