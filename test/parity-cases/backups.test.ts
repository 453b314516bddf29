import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { exited, macHost, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { needsTool } from '../helpers/tools.js';
import { windowsHost } from '../helpers/windows-samples.js';

// Whole scans where backups.recent passes and fails on each OS.

const RULE = 'backups.recent';
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', name), 'utf8');
const resultOf = (report: Awaited<ReturnType<typeof scanWith>>) => report.results.find((r) => r.id === RULE)!;
const NOW = new Date('2024-01-10T12:00:00Z');
/** 2024-01-08 00:00 UTC as a FILETIME (100 ns since 1601). */
const NO_WINDOWS_BACKUP = { target: false, lastSuccess: null, systemImage: null };
const JAN_8 = (Date.parse('2024-01-08T00:00:00Z') + 11_644_473_600_000) * 10_000;

describe(`${RULE} in whole scans`, () => {
  it('Windows: File History or Windows Backup two days ago passes; none set up fails; never finished is unknown', async () => {
    expect(
      resultOf(await scanWith(windowsHost({ fileHistory: { ProtectedUpToTime: JAN_8 } }), { now: NOW })).status,
    ).toBe('pass');
    const none = { fileHistory: null, windowsBackup: NO_WINDOWS_BACKUP, serverBackup: null };
    expect(resultOf(await scanWith(windowsHost(none), { now: NOW })).status).toBe('fail');
    // Backup and Restore's last backup, as the script reads it from Status\LastSuccess.
    const backedUp = {
      ...none,
      windowsBackup: { ...NO_WINDOWS_BACKUP, target: true, lastSuccess: '2024-01-08T21:00:00Z' },
    };
    const windowsBackup = resultOf(await scanWith(windowsHost(backedUp), { now: NOW }));
    expect(windowsBackup.status).toBe('pass');
    const late = resultOf(await scanWith(windowsHost(backedUp), { now: new Date('2024-01-20T12:00:00Z') }));
    expect([late.status, late.found]).toEqual([
      'fail',
      'Backup set up: yes; last backup: 2024-01-08T21:00:00.000Z (11 days ago, Windows Backup)',
    ]);
    // Without its answer (an older script, or PowerShell stopped before it), "no backup" is not known.
    expect(resultOf(await scanWith(windowsHost({ fileHistory: null }), { now: NOW })).status).toBe('unknown');
    const old = resultOf(
      await scanWith(windowsHost({ fileHistory: { ProtectedUpToTime: JAN_8 } }), { now: new Date('2024-02-01') }),
    );
    expect(old.status).toBe('fail');
    expect(resultOf(await scanWith(windowsHost({ fileHistory: { ProtectedUpToTime: 0 } }), { now: NOW })).status).toBe(
      'unknown',
    );
  });

  it("a last backup dated after the PC's clock (a dead clock battery set it back): its age is unknown, not 0 days", async () => {
    const reset = new Date('2000-01-01T00:10:00Z');
    const windows = resultOf(
      await scanWith(windowsHost({ fileHistory: { ProtectedUpToTime: JAN_8 } }), { now: reset }),
    );
    expect(windows.status).toBe('unknown');
    expect(JSON.stringify(windows.reasons)).toContain("after this PC's clock");
    const mac = macHost({
      ...SAMPLED_MAC,
      '/usr/bin/tmutil destinationinfo': exited('Name          : TM\nKind          : Local\nID            : 1\n'),
      '/usr/bin/tmutil latestbackup': exited('/Volumes/TM/Backups.backupdb/Till/2024-01-08-093000\n'),
    });
    expect(resultOf(await scanWith(mac, { now: reset })).status).toBe('unknown');
    // Names are read as UTC though written in local time: a backup up to a day "ahead" is today's.
    expect(resultOf(await scanWith(mac, { now: new Date('2024-01-08T01:00:00Z') })).status).toBe('pass');
  });

  it('macOS: Time Machine with a backup two days old passes, no destination fails, no Full Disk Access is unknown', async () => {
    const tm = (
      latest: ReturnType<typeof exited>,
      info = 'Name          : TM\nKind          : Local\nID            : 1\n',
    ) =>
      macHost({
        ...SAMPLED_MAC,
        '/usr/bin/tmutil destinationinfo': exited(info),
        '/usr/bin/tmutil latestbackup': latest,
      });
    const latest = exited('/Volumes/TM/Backups.backupdb/Till/2024-01-08-093000\n');
    expect(resultOf(await scanWith(tm(latest), { now: NOW })).status).toBe('pass');
    expect(resultOf(await scanWith(tm(latest, 'No destinations configured.\n'), { now: NOW })).status).toBe('fail');
    const noAccess = resultOf(
      await scanWith(tm(exited('', 'Unable to locate machine directory for host.\n', 1)), { now: NOW }),
    );
    expect(noAccess.status).toBe('unknown');
    expect(JSON.stringify(noAccess.reasons)).toContain('Full Disk Access');
  });

  needsTool('gsettings', 'libglib2.0-bin').it(
    'Linux: Timeshift with a snapshot two days old passes; no backup tool fails',
    async () => {
      const base = { '/etc/os-release': fixture('os_support/os-release__this-debian12-etc.txt') };
      const timeshift = await makeRoot({
        ...base,
        '/etc/timeshift/timeshift.json': fixture(
          'backups/timeshift.json__handwritten-rsync-daily-as-published-layout.json',
        ),
        '/timeshift/snapshots/2024-01-08_09-30-01/info.json': '{}\n',
      });
      expect(
        resultOf(await scanWith(await rootHost(timeshift), { only: [RULE], replayed: false, now: NOW })).status,
      ).toBe('pass');
      const none = await makeRoot(base);
      expect(resultOf(await scanWith(await rootHost(none), { only: [RULE], replayed: false, now: NOW })).status).toBe(
        'fail',
      );
    },
  );
});
