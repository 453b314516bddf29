import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactJournalHeader } from '../../../src/probes/logs_kept/index.js';
import {
  daysBetween,
  journaldSettings,
  oldestJournalEntry,
  systemdSizeMB,
  systemdTimeSpanSeconds,
} from '../../../src/probes/logs_kept/parse.js';
import { securityLogSettings } from '../../../src/probes/logs_kept/windows.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'logs_kept', name), 'utf8');

describe('logs_kept parsers', () => {
  it('journalctl --header: the oldest head timestamp, from the hex microseconds (any time zone, old or new labels)', () => {
    expect(
      oldestJournalEntry(fixture('journalctl-header__this-debian12-systemd-252-one-offline-file.txt'))?.toISOString(),
    ).toBe('2026-12-07T00:37:22.365Z');
    // "Mon 2022-08-15 12:01:10 CST" is 04:01:10 UTC: the hex gives the same instant the text names in +08:00.
    expect(
      oldestJournalEntry(
        fixture('journalctl-header__rhel-insights-core-parser-docstring-lz4-online.txt'),
      )?.toISOString(),
    ).toBe('2022-08-15T04:01:10.499Z');
    const both =
      fixture('journalctl-header__this-debian12-systemd-252-one-offline-file.txt') +
      '\n' +
      fixture('journalctl-header__rhel-insights-core-parser-docstring-lz4-online.txt');
    expect(oldestJournalEntry(both)?.getUTCFullYear()).toBe(2022);
    expect(oldestJournalEntry('No journal files were found.\n')).toBeNull();
  });

  it('a bundle keeps no machine, boot or file id of the header', () => {
    const text = redactJournalHeader(fixture('journalctl-header__rhel-insights-core-parser-docstring-lz4-online.txt'));
    expect(text).not.toMatch(/6bdaf92aa0754b53acbb1dbff7127e2b|082ada53f8184c4896c73101ad793eb5/);
    expect(oldestJournalEntry(text)?.toISOString()).toBe('2022-08-15T04:01:10.499Z');
  });

  it("journald.conf: the package default sets nothing; drop-ins override; other sections don't count", () => {
    expect(journaldSettings([fixture('journald.conf__this-debian12-systemd-252-package-default.conf')]).size).toBe(0);
    const s = journaldSettings([
      '[Journal]\nStorage=volatile\n',
      '[Journal]\nStorage=persistent\nMaxRetentionSec=6month\n[Other]\nSystemMaxUse=1\n',
    ]);
    expect(Object.fromEntries(s)).toEqual({ Storage: 'persistent', MaxRetentionSec: '6month' });
  });

  it('systemd time spans and sizes', () => {
    expect(systemdTimeSpanSeconds('1month')).toBe(2_629_800);
    expect(systemdTimeSpanSeconds('180d 12h')).toBe(180 * 86_400 + 12 * 3600);
    expect(systemdTimeSpanSeconds('3600')).toBe(3600);
    expect(systemdTimeSpanSeconds('soon')).toBeNull();
    expect(systemdSizeMB('2G')).toBe(2048);
    expect(systemdSizeMB('500M')).toBe(500);
    expect(systemdSizeMB('lots')).toBeNull();
    expect(daysBetween(new Date('2026-01-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'))).toBe(181);
  });

  it('Windows Security log settings: the policy (KB) wins over the log (bytes); archive and keep modes', () => {
    expect(securityLogSettings({ MaxSize: 20_971_520, Retention: 0, AutoBackupLogFiles: null }, null)).toEqual({
      maxSizeMB: 20,
      whenFull: 'overwrite',
    });
    expect(
      securityLogSettings(
        { MaxSize: 20_971_520, Retention: 0, AutoBackupLogFiles: null },
        { MaxSize: 1_048_576, Retention: '1', AutoBackupLogFiles: null },
      ),
    ).toEqual({ maxSizeMB: 1024, whenFull: 'stop' });
    expect(securityLogSettings({ MaxSize: null, Retention: -1, AutoBackupLogFiles: 1 }, null).whenFull).toBe('archive');
  });
});

describe('edges found by mutation testing (edits of the real outputs, and handwritten values)', () => {
  const debian = fixture('journalctl-header__this-debian12-systemd-252-one-offline-file.txt');
  it('journalctl --header: a file with no entry (head 0) does not make the logs look old', () => {
    const empty = debian.replace('(662006dd38681)', '(0)');
    expect(oldestJournalEntry(empty)).toBeNull();
    expect(oldestJournalEntry(`${empty}\n${debian}`)?.toISOString()).toBe('2026-12-07T00:37:22.365Z');
    expect(oldestJournalEntry(`${debian}\n${empty}`)?.toISOString()).toBe('2026-12-07T00:37:22.365Z');
    // The oldest wins whichever file comes first.
    const rhel = fixture('journalctl-header__rhel-insights-core-parser-docstring-lz4-online.txt');
    expect(oldestJournalEntry(`${rhel}\n${debian}`)?.toISOString()).toBe('2022-08-15T04:01:10.499Z');
    // Only the head line counts, not the tail of the same file or a line that merely quotes the label.
    expect(oldestJournalEntry(debian.replace('Head realtime', 'Tail realtime'))).toBeNull();
    expect(oldestJournalEntry(debian.replace('Head realtime', 'Old Head realtime'))).toBeNull();
    expect(oldestJournalEntry(debian.replace('(662006dd38681)', '(662006dd38681) extra'))).toBeNull();
  });

  it('whole days, never negative', () => {
    expect(daysBetween(new Date('2026-07-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))).toBe(0);
    expect(daysBetween(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T23:59:59Z'))).toBe(1);
  });

  it('journald.conf: comments (# and ;), blank lines, spaces around =, a section after [Journal]', () => {
    const s = journaldSettings([
      '# Storage=none\n; MaxRetentionSec=1s\n\n[Journal]\n  Storage = persistent  \n#Storage=none\n;Storage=none\n' +
        'NoEquals\n[Journal2]\nMaxRetentionSec=1s\n',
    ]);
    expect(Object.fromEntries(s)).toEqual({ Storage: 'persistent' });
    expect(journaldSettings(['Storage=persistent\n']).size).toBe(0);
  });

  it('systemd time spans: every unit family, decimals, spaces; anything else is not a span', () => {
    expect(systemdTimeSpanSeconds('2w')).toBe(2 * 604_800);
    expect(systemdTimeSpanSeconds('1y')).toBe(31_557_600);
    expect(systemdTimeSpanSeconds('1M')).toBe(2_629_800);
    expect(systemdTimeSpanSeconds('1m')).toBe(60);
    expect(systemdTimeSpanSeconds('1.5h')).toBe(5400);
    expect(systemdTimeSpanSeconds(' 6 months ')).toBe(6 * 2_629_800);
    expect(systemdTimeSpanSeconds('5 s 1min')).toBe(65);
    expect(systemdTimeSpanSeconds('3 fortnights')).toBeNull();
    expect(systemdTimeSpanSeconds('6month later')).toBeNull();
    expect(systemdTimeSpanSeconds('about 6month')).toBeNull();
    expect(systemdTimeSpanSeconds('')).toBeNull();
  });

  it('systemd sizes: each suffix in either case, bytes without one, decimals', () => {
    expect(systemdSizeMB('1024K')).toBe(1);
    expect(systemdSizeMB('1048576')).toBe(1);
    expect(systemdSizeMB(' 4g ')).toBe(4096);
    expect(systemdSizeMB('1.5G')).toBe(1536);
    expect(systemdSizeMB('1T')).toBe(1_048_576);
    expect(systemdSizeMB('1P')).toBe(1024 ** 3);
    expect(systemdSizeMB('1E')).toBe(1024 ** 4);
    expect(systemdSizeMB('4 GB')).toBeNull();
    expect(systemdSizeMB('x4G')).toBeNull();
    expect(systemdSizeMB('4Gx')).toBeNull();
  });

  it('journalctl --header indented, and nothing but blanks after the hex; journald.conf lines indented', () => {
    expect(oldestJournalEntry(`   ${debian}`.replace('\nHead realtime', '\n   Head realtime'))?.toISOString()).toBe(
      '2026-12-07T00:37:22.365Z',
    );
    expect(oldestJournalEntry(debian.replace('(662006dd38681)', '(662006dd38681)x'))).toBeNull();
    const s = journaldSettings([
      '[Journal]\nStorage=persistent\n  #Storage=none\n  ;Storage=none\n  [Other]\nMaxRetentionSec=1s\n',
    ]);
    expect(Object.fromEntries(s)).toEqual({ Storage: 'persistent' });
    expect(systemdTimeSpanSeconds('1.25h')).toBe(4500);
    expect(systemdSizeMB('1.25G')).toBe(1280);
  });
});
