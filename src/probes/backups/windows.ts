import { answerTaker, type Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { regNumber } from '../windows/document.js';
import type { BackupsFacts } from './facts.js';
import { fromFileTime, latestBackup } from './parse.js';

/**
 * File History of the person signed in: set up once its key exists; ProtectedUpToTime is the time its last
 * finished backup covers. Windows Backup (wbadmin, needs administrator) and other programs are not read.
 */
export const collectWindows: Collector<BackupsFacts> = async (host, options) => {
  const a = await windowsAnswers(host, ['fileHistory'], options);
  const unknown: Record<string, string> = {};
  const key = answerTaker(unknown)('configured', a.fileHistory);
  if (!a.fileHistory.ok) {
    for (const fact of ['tool', 'lastBackup', 'daysSinceBackup']) unknown[fact] = a.fileHistory.reason;
    return {
      facts: { configured: null, tool: null, lastBackup: null, daysSinceBackup: null },
      unknown,
      readWith: a.readWith,
    };
  }
  const at = fromFileTime(regNumber(key?.ProtectedUpToTime) ?? 0);
  const { facts, missing } = latestBackup(
    key !== null,
    at ? [{ tool: 'File History', at }] : [],
    options?.now ?? new Date(),
  );
  if (missing) for (const fact of ['tool', 'lastBackup', 'daysSinceBackup']) unknown[fact] = missing;
  return { facts, unknown, readWith: a.readWith };
};
