import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (npm run mutation): the engine's and the parsers'
// own tests on real outputs, the bundled rules, and the Windows fallback through the replay host.
// Left out: tests that start real tools, the CLI, executables or Chromium, and whole-scan replays
// (a module-level mutant reruns every test; with those a run would take hours on two cores).
export default defineConfig({
  test: {
    include: [
      'test/engine/**/*.test.ts',
      'test/probes/**/*parse*.test.ts',
      'test/probes/**/rules.test.ts',
      // The os_support tests but the Linux collector's (linux.test.ts: real apt-get and whole scans, ~10 s a mutant).
      'test/probes/os_support/{auto-updates,linux-auto-updates,parse,pending-updates,rules,table,windows-macos}.test.ts',
      'test/probes/password_policy/macos.test.ts',
      'test/probes/macos/profiles-enrollment.test.ts',
      'test/probes/windows/security-center.test.ts',
      'test/probes/windows/document.test.ts',
      'test/rules/**/*.test.ts',
      'test/replay/windows-fallback.test.ts',
      'test/probes/personal_data/identifiers.test.ts',
      // These two check the hashes against openssl and chpasswd (quick: one call per salt or case).
      'test/probes/login_password/crypt.test.ts',
      'test/probes/login_password/common-password.test.ts',
      // The Linux collector's tests hold the cases of login_password/parse.ts's display-manager, getty and
      // account readers (real files in a temporary root; pamtester without PAM's failure delay: ~1 s in all).
      'test/probes/login_password/linux.test.ts',
      // The macOS collector through the replay host (dscl -authonly answers, the failed-login count).
      'test/probes/login_password/macos-common.test.ts',
      'test/probes/login_password/default-accounts.test.ts',
      // pam_succeed_if's conditions against the real module (pamtester in one shell, under 1 s).
      'test/probes/login_password/succeed-if.test.ts',
    ],
    setupFiles: ['test/setup/each-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
