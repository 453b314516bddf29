import type { Bundle } from '../../src/host/bundle.js';
import { sample } from './macos-samples.js';

// The logs of one real Mac (macOS 26.5.2, a disposable runner in UTC, captured 2026-08-27): `last | tail -3` and the
// newest and oldest lines of `ls -lt /var/db/diagnostics/Persist` (test/fixtures/samples/macos/MANIFEST.md).

export const LAST = '/usr/bin/last';
export const LAST_TAIL = sample('last-tail-3__macos26.5.2-runner-wtmp-begins-utc.txt');
const PERSIST_LS = sample('ls-lt-var-db-diagnostics-persist__macos26.5.2-runner-newest-and-oldest.txt');
const PERSIST = '/var/db/diagnostics/Persist';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Shortly after the newest log file was written: when the listing was made. */
export const PERSIST_CAPTURED_AT = new Date('2026-08-27T00:20:00Z');

/** The bundle with the Persist folder as `ls -l` showed it: its files, their sizes and times (2026, UTC). */
export function macPersistLogs(bundle: Bundle): Bundle {
  const names: string[] = [];
  for (const line of PERSIST_LS.trim().split('\n')) {
    const m = /^-\S+\s+\d+\s+\S+\s+\S+\s+(\d+) (\w{3}) +(\d+) (\d\d):(\d\d) (\S+)$/.exec(line);
    if (!m) throw new Error(`not an ls -l line: ${line}`);
    const mtimeMs = Date.UTC(2026, MONTHS.indexOf(m[2]!), Number(m[3]), Number(m[4]), Number(m[5]));
    bundle.stats[`${PERSIST}/${m[6]}`] = { status: 'ok', kind: 'file', size: Number(m[1]), mtimeMs, mode: 0o644 };
    names.push(m[6]!);
  }
  bundle.dirs[PERSIST] = { status: 'ok', entries: names };
  return bundle;
}
