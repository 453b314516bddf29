import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';
import { needsTool } from '../helpers/tools.js';
import { createReplayHost } from '../../src/host/bundle.js';
import { LAST, LAST_TAIL, macPersistLogs } from '../helpers/macos-logs.js';
import { exited, macBundle, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { windowsHost } from '../helpers/windows-samples.js';

// Whole scans where logs.kept-180-days passes and fails on each OS it applies to.

const RULE = 'logs.kept-180-days';
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', name));
const resultOf = (report: Awaited<ReturnType<typeof scanWith>>) => report.results.find((r) => r.id === RULE)!;
const DAY = 86_400_000;
/** The oldest entry of the real journal file (test/fixtures/logs_kept/SOURCES.md). */
const JOURNAL_START = Date.parse('2026-12-07T00:37:22.365Z');

describe(`${RULE} in whole scans`, () => {
  it('Windows: the Security log reaching back 200 days passes, 30 days fails, an unreadable log is unknown', async () => {
    const oldest = '2026-01-10T08:00:00.0000000Z';
    const settings = {
      securityLog: { MaxSize: 20_971_520, Retention: 0, AutoBackupLogFiles: null },
      securityLogPolicy: null,
    };
    const host = () => windowsHost({ ...settings, securityLogOldest: oldest, securityLogonEvent: true });
    const pass = await scanWith(host(), { now: new Date(Date.parse(oldest) + 200 * DAY) });
    expect(resultOf(pass).status).toBe('pass');
    const fail = await scanWith(host(), { now: new Date(Date.parse(oldest) + 30 * DAY) });
    expect(resultOf(fail).status).toBe('fail');
    const denied = windowsHost(
      { ...settings, securityLogonEvent: true },
      {
        elevated: false,
        failed: {
          securityLogOldest: {
            type: 'System.UnauthorizedAccessException',
            message: 'Attempted to perform an unauthorized operation.',
          },
        },
      },
    );
    const unknown = resultOf(await scanWith(denied));
    expect(unknown.status).toBe('unknown');
    expect(JSON.stringify(unknown.reasons)).toContain('administrator');
  });

  needsTool('journalctl', 'systemd').it(
    'Linux: the real journal file read 200 days on passes, 30 days on fails',
    async () => {
      const root = await makeRoot({
        '/etc/os-release': fixture('os_support/os-release__this-debian12-etc.txt'),
        '/var/log/journal/0123456789abcdef0123456789abcdef/system.journal': gunzipSync(
          fixture('logs_kept/system.journal__this-debian12-systemd-252-journald-3-entries.journal.gz'),
        ),
      });
      const at = (days: number) => ({
        only: [RULE],
        replayed: false,
        now: new Date(JOURNAL_START + days * DAY + 3_600_000),
      });
      expect(resultOf(await scanWith(await rootHost(root), at(200))).status).toBe('pass');
      expect(resultOf(await scanWith(await rootHost(root), at(30))).status).toBe('fail');
    },
  );

  it("macOS: a real Mac's sign-in record and unified log read 200 days on pass, on the day fail; unread is unknown", async () => {
    const mac = () => createReplayHost(macPersistLogs(macBundle({ ...SAMPLED_MAC, [LAST]: exited(LAST_TAIL) })));
    const begins = Date.parse('2026-07-27T05:13:31Z');
    expect(resultOf(await scanWith(mac(), { now: new Date(begins + 200 * DAY) })).status).toBe('pass');
    const fail = resultOf(await scanWith(mac(), { now: new Date(begins + 31 * DAY) }));
    expect([fail.status, fail.found]).toEqual([
      'fail',
      'Oldest log entry: 2026-07-27T05:13:31.000Z (31 days ago, in the sign-in record (last))',
    ]);
    const unread = resultOf(await scanWith(createReplayHost(macBundle(SAMPLED_MAC))));
    expect(unread.status).toBe('unknown');
  });
});
