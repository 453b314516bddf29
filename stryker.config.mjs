// Mutation testing of the judgement code: `npm run mutation` (not part of `npm test`; see docs/mutation.md).
// Globs, not file names, so that a parser or fact schema moved to another file stays covered.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/engine/**/*.ts',
    'src/probes/**/parse.ts',
    'src/probes/**/*-parse.ts',
    'src/probes/**/layers.ts',
    'src/probes/windows/security-center.ts',
    // The script's document decoder; the fallback's reg.exe reading is in fallback-parse.ts above
    // (fallback.ts itself runs the tools through the host, tested by the replay tests).
    'src/probes/windows/document.ts',
    // Each answer decoded on its own, and why a query failed (the script's run itself goes through the host).
    'src/probes/windows/answers.ts',
    // Judgement outside the parser files: the identifier checks decide what counts as customer data
    // (a mutant there could hide it), the password checks what counts as a weak or known password,
    // and the update readers whether a PC gets security updates.
    'src/probes/personal_data/identifiers.ts',
    'src/probes/login_password/crypt.ts',
    'src/probes/login_password/common-password.ts',
    'src/probes/os_support/auto-updates.ts',
    'src/probes/os_support/linux-auto-updates.ts',
    // apt's configuration as apt-config reads it: whether unattended-upgrades takes security updates.
    'src/probes/os_support/apt-config.ts',
  ],
  // A mutant in code run when a module loads (a schema, a table, a regular expression constant)
  // would rerun every test for each mutant: hours on two cores. Those are left out; see docs/mutation.md.
  ignoreStatic: true,
  // Incremental: a run re-tests only mutants whose code or covering tests changed since the last one.
  // The file is this machine's cache, kept out of git (reports/ is ignored).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // Two cores shared with other work; a busy machine needs a generous timeout.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Stryker rewrites the tsconfig's outside paths through TypeScript's JavaScript API, which TypeScript 7
  // (the native compiler) no longer has: the run stopped at once. Our tsconfig has no such paths.
  tsconfigFile: 'no-tsconfig-to-rewrite.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
