import type { Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { regFileTime } from '../windows/document.js';
import type { BackupsFacts } from './facts.js';
import { latestBackup, type Found } from './parse.js';

/** Get-WBSummary gives DateTime.MinValue (year 1) when no backup ever finished: no date before this one is a backup. */
const EARLIEST = Date.UTC(2000, 0, 1);

/**
 * Windows' own backups: File History of the person signed in (set up once its key exists; ProtectedUpToTime is the
 * time its last finished backup covers), Backup and Restore (Windows 7; set up once a backup disk is chosen: its last
 * backup and its last system image), and Windows Server Backup's summary (needs administrator). Other programs are not
 * read. One that could not be read leaves the facts unknown unless another shows a backup.
 */
export const collectWindows: Collector<BackupsFacts> = async (host, options) => {
  const a = await windowsAnswers(host, ['fileHistory', 'windowsBackup', 'serverBackup'], options);
  const found: Found[] = [];
  const add = (tool: string, at: Date | null) => {
    if (at && at.getTime() >= EARLIEST) found.push({ tool, at });
  };
  let configured = false;
  if (a.fileHistory.ok && a.fileHistory.value) {
    configured = true;
    add('File History', regFileTime(a.fileHistory.value.ProtectedUpToTime));
  }
  if (a.windowsBackup.ok) {
    const { target, lastSuccess, systemImage } = a.windowsBackup.value;
    configured ||= target;
    add('Windows Backup', lastSuccess ? new Date(lastSuccess) : null);
    add('Windows Backup (system image)', systemImage ? new Date(systemImage) : null);
  }
  if (a.serverBackup.ok && a.serverBackup.value) {
    const { lastSuccess, versions } = a.serverBackup.value;
    configured ||= (versions ?? 0) > 0;
    add('Windows Server Backup', lastSuccess ? new Date(lastSuccess) : null);
  }
  const { facts, missing, unknown } = latestBackup(configured, found, options?.now ?? new Date());
  // A source that could not be read may hold the only backup, or a newer one.
  const failed = [a.fileHistory, a.windowsBackup, a.serverBackup].find((r) => !r.ok);
  const gap = failed && !failed.ok ? failed.reason : null;
  if (gap && found.length === 0) {
    facts.configured = configured ? true : null;
    if (!configured) unknown.configured = gap;
  }
  if (facts.lastBackup === null)
    for (const key of ['tool', 'lastBackup', 'daysSinceBackup']) unknown[key] = gap ?? missing ?? '';
  return { facts, unknown, readWith: a.readWith };
};
