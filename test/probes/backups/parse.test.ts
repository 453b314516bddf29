import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  borgManifestTime,
  dateInName,
  gsettingsDate,
  latestBackup,
  timeshiftDevice,
  tmutilHasDestination,
} from '../../../src/probes/backups/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'backups', name), 'utf8');

describe('backups parsers', () => {
  it("borg's manifest-timestamp: UTC without a zone, microseconds cut to milliseconds; other text is null", async () => {
    const text = fixture('manifest-timestamp__this-debian12-borg-1.2.4-after-prune.txt');
    expect(borgManifestTime(text)?.toISOString()).toBe('2026-12-07T03:14:18.949Z');
    expect(borgManifestTime('2026-12-07T03:14:18\n')?.toISOString()).toBe('2026-12-07T03:14:18.000Z');
    expect(borgManifestTime('')).toBeNull();
    expect(borgManifestTime('Mon, 2026-12-07 03:14:18')).toBeNull();
  });
  it('dates in backup names: Time Machine and Timeshift', () => {
    expect(dateInName('/Volumes/TM/Backups.backupdb/Till/2024-01-05-101500')?.toISOString()).toBe(
      '2024-01-05T10:15:00.000Z',
    );
    expect(dateInName('2024-01-05_10-15-00')?.toISOString()).toBe('2024-01-05T10:15:00.000Z');
    expect(dateInName('info.json')).toBeNull();
  });
  it('tmutil destinationinfo, gsettings dates, timeshift.json', () => {
    expect(tmutilHasDestination('No destinations configured.\n')).toBe(false);
    expect(
      tmutilHasDestination(
        '====================================================\nName          : TM\nKind          : Local\nID            : 1\n',
      ),
    ).toBe(true);
    expect(tmutilHasDestination('something else')).toBeNull();
    expect(gsettingsDate("'2024-01-05T10:15:00.123456Z'\n")?.toISOString()).toBe('2024-01-05T10:15:00.123Z');
    expect(gsettingsDate("''\n")).toBeNull();
    expect(timeshiftDevice(fixture('timeshift.json__handwritten-rsync-daily-as-published-layout.json'))).toBe(
      '3a587504-92ab-4e58-801e-421eda63b4ee',
    );
    expect(timeshiftDevice('{"backup_device_uuid" : ""}')).toBeNull();
    expect(timeshiftDevice('not json')).toBeNull();
  });
  it('the latest of several backups, and nothing set up', () => {
    const now = new Date('2024-01-10T00:00:00Z');
    const found = [
      { tool: 'Timeshift', at: new Date('2024-01-01T00:00:00Z') },
      { tool: 'Déjà Dup', at: new Date('2024-01-08T00:00:00Z') },
    ];
    expect(latestBackup(true, found, now).facts).toEqual({
      configured: true,
      tool: 'Déjà Dup',
      lastBackup: '2024-01-08T00:00:00.000Z',
      daysSinceBackup: 2,
    });
    expect(latestBackup(false, [], now)).toMatchObject({
      facts: { configured: false },
      missing: 'no backup tool is set up',
    });
  });
});

describe('edges found by mutation testing (handwritten values)', () => {
  it('dates in names: mixed separators, seconds required', () => {
    expect(dateInName('2024-01-05_101500')?.toISOString()).toBe('2024-01-05T10:15:00.000Z');
    expect(dateInName('2024-01-05-10-15-00')?.toISOString()).toBe('2024-01-05T10:15:00.000Z');
    expect(dateInName('2024-01-05-1015')).toBeNull();
    expect(dateInName('2024-01-05 101500')).toBeNull();
  });
  it('tmutil: an ID line alone is a destination; the words in any case; a label mid-line is not one', () => {
    expect(tmutilHasDestination('ID : 5A1B\n')).toBe(true);
    expect(tmutilHasDestination('no destinations configured')).toBe(false);
    expect(tmutilHasDestination('Kind : Local\nMount Point Name : x\n')).toBeNull();
  });
  it('gsettings: only a quoted date', () => {
    expect(gsettingsDate('2024-01-05T10:15:00Z')).toBeNull();
    expect(gsettingsDate("'not a date'")).toBeNull();
    expect(gsettingsDate("  '2024-01-05T10:15:00Z'  ")?.toISOString()).toBe('2024-01-05T10:15:00.000Z');
  });
  it('timeshift.json: a blank or non-text device is none; spaces cut', () => {
    expect(timeshiftDevice('{"backup_device_uuid":"   "}')).toBeNull();
    expect(timeshiftDevice('{"backup_device_uuid":7}')).toBeNull();
    expect(timeshiftDevice('{"backup_device_uuid":" 3a58 "}')).toBe('3a58');
  });
  it('the latest backup whatever the order; a backup found means one is set up; a tool with none', () => {
    const now = new Date('2024-01-10T00:00:00Z');
    const older = { tool: 'Timeshift', at: new Date('2024-01-01T00:00:00Z') };
    const newer = { tool: 'Déjà Dup', at: new Date('2024-01-08T00:00:00Z') };
    expect(latestBackup(false, [newer, older], now)).toEqual({
      facts: { configured: true, tool: 'Déjà Dup', lastBackup: '2024-01-08T00:00:00.000Z', daysSinceBackup: 2 },
      missing: null,
      unknown: {},
    });
    expect(latestBackup(true, [], now)).toEqual({
      facts: { configured: true, tool: null, lastBackup: null, daysSinceBackup: null },
      missing: 'a backup tool is set up, but no finished backup was found',
      unknown: {},
    });
    expect(latestBackup(false, [], now).facts).toEqual({
      configured: false,
      tool: null,
      lastBackup: null,
      daysSinceBackup: null,
    });
    // Up to a day ahead (a name in local time read as UTC) is today's; further ahead, the clock is wrong.
    expect(latestBackup(true, [{ tool: 'x', at: new Date('2024-01-10T20:00:00Z') }], now).facts.daysSinceBackup).toBe(
      0,
    );
    const ahead = latestBackup(true, [{ tool: 'x', at: new Date('2024-02-01T00:00:00Z') }], now);
    expect(ahead.facts.daysSinceBackup).toBeNull();
    expect(ahead.unknown.daysSinceBackup).toMatch(/after this PC's clock/);
  });

  it("borg's manifest-timestamp: text before or after the time is not one (found by mutation testing)", () => {
    expect(borgManifestTime('x2026-12-07T03:14:18\n')).toBeNull();
    expect(borgManifestTime('2026-12-07T03:14:18 x\n')).toBeNull();
  });
  it('names: the seconds read whole; tmutil labels indented; gsettings quotes exactly', () => {
    expect(dateInName('2024-01-05-101537')?.toISOString()).toBe('2024-01-05T10:15:37.000Z');
    expect(tmutilHasDestination('   ID : 1\n')).toBe(true);
    expect(gsettingsDate("x'2024-01-05T10:15:00Z'")).toBeNull();
    expect(gsettingsDate("'2024-01-05T10:15:00Z' x")).toBeNull();
    expect(gsettingsDate("'2024-01-05T10:15:00Z'x")).toBeNull();
  });
});
