import { defineConfig } from 'vitest/config';

// npm run test:exe: the tests of the single-file executables, which npm run build:exe makes first.
export default defineConfig({
  test: {
    include: ['test/exe/**/*.test.ts'],
    globalSetup: ['test/setup/tmpdir.ts'],
    // The helpers' clean-ups (temporary roots, listeners), as in vitest.config.ts.
    setupFiles: ['test/setup/each-file.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
