import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Every test run gets a fresh temporary folder (TMPDIR, which os.tmpdir() and the programs the
// tests start read). At the end it must be empty: whatever a test left behind is named, removed,
// and fails the run, so a leak cannot go unnoticed.

export function setup(): () => void {
  const outer = tmpdir();
  const fresh = mkdtempSync(path.join(outer, 'shop-audit-test-'));
  // Sticky and open to all, as /tmp is: some tests run programs as the user nobody.
  chmodSync(fresh, 0o1777);
  process.env.TMPDIR = fresh;
  return () => {
    process.env.TMPDIR = outer;
    const left = readdirSync(fresh);
    rmSync(fresh, { recursive: true, force: true });
    if (left.length === 0) return;
    // vitest only logs an error thrown here; the exit code is set so that the run fails.
    const names = left.join(', ');
    process.stderr.write(`\nFAIL: tests left ${left.length} item(s) in the temporary folder (now removed): ${names}\n`);
    process.exitCode = 1;
  };
}
