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
