import { defineConfig } from 'vitest/config';

// npm test: everything but the single-file executables (vitest.exe.config.ts, npm run test:exe).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/exe/**'],
    globalSetup: ['test/setup/tmpdir.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
