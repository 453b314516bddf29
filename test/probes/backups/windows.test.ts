import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backups } from '../../../src/probes/backups/index.js';
import { REPO } from '../../helpers/host.js';
import { parseFormatList, windowsHost } from '../../helpers/windows-samples.js';

const collect = backups.collect.windows;
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'backups', name), 'utf8');
const NO_WINDOWS_BACKUP = { target: false, lastSuccess: null, systemImage: null };

// The Windows collector through the replay host: the script's answers, from real outputs where one exists.
describe('backups on Windows (replayed script answers)', () => {
  it('Get-WBSummary of a Windows Server 2022 with 101 versions: Windows Server Backup is the last backup', async () => {
    const [summary] = parseFormatList(fixture('get-wbsummary__en-server2022-auditwsbackup-readme-101-versions.txt'));
    // The script gives its DateTime in UTC; the server's zone is not published: read as UTC here.
    const serverBackup = {
      lastSuccess: `${summary!.LastSuccessfulBackupTime!.replace(' ', 'T')}Z`,
      versions: Number(summary!.NumberOfVersions),
    };
    const host = windowsHost({ fileHistory: null, windowsBackup: NO_WINDOWS_BACKUP, serverBackup });
    const { facts, unknown } = await collect(host, { deep: false, now: new Date('2024-03-18T00:00:00Z') });
    expect(facts).toEqual({
      configured: true,
      tool: 'Windows Server Backup',
      lastBackup: '2024-03-15T11:16:38.000Z',
      daysSinceBackup: 2,
    });
    expect(unknown).toEqual({});
  });

  it("the newest of File History, Backup and Restore and its system image wins; Get-WBSummary's year 1 is no backup", async () => {
    const host = windowsHost({
      // 133485408000000000: 2024-01-01 00:00 UTC as a FILETIME.
      fileHistory: { ProtectedUpToTime: 133_485_408_000_000_000 },
      windowsBackup: { target: true, lastSuccess: '2024-01-03T10:00:00.000Z', systemImage: '2024-01-02T10:00:00.000Z' },
      serverBackup: { lastSuccess: '0001-01-01T00:00:00.0000000Z', versions: 0 },
    });
    const { facts } = await collect(host, { deep: false, now: new Date('2024-01-04T00:00:00Z') });
    expect([facts.tool, facts.lastBackup]).toEqual(['Windows Backup', '2024-01-03T10:00:00.000Z']);
  });

  it('Get-WBSummary refused (no administrator) with nothing else found: unknown with its reason, not "no backup"', async () => {
    const host = windowsHost(
      { fileHistory: null, windowsBackup: NO_WINDOWS_BACKUP },
      { failed: { serverBackup: { type: 'System.UnauthorizedAccessException', message: 'Access is denied.' } } },
    );
    const { facts, unknown } = await collect(host, { deep: false, now: new Date() });
    expect(facts.configured).toBeNull();
    expect(unknown.lastBackup).toMatch(/administrator|Access is denied/);
  });
});
