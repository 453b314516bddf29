import { MACOS_TOOL, refused, run } from '../macos/commands.js';
import type { Collector } from '../types.js';
import type { BackupsFacts } from './facts.js';
import { dateInName, latestBackup, tmutilHasDestination } from './parse.js';

/**
 * Time Machine: set up when `tmutil destinationinfo` lists a destination; `tmutil latestbackup` names the
 * last backup by its time.
 */
export const collectMacos: Collector<BackupsFacts> = async (host, options) => {
  const unknown: Record<string, string> = {};
  const empty: BackupsFacts = { configured: null, tool: null, lastBackup: null, daysSinceBackup: null };
  const gap = (reason: string, keys: string[]) => {
    for (const key of keys) unknown[key] = reason;
  };
  const info = await run(host, MACOS_TOOL.tmutil, ['destinationinfo']);
  const destination = info.ok && info.value.exitCode === 0 ? tmutilHasDestination(info.value.stdout) : null;
  if (destination === null) {
    gap(info.ok ? refused(MACOS_TOOL.tmutil, ['destinationinfo'], info.value) : info.reason, Object.keys(empty));
    return { facts: empty, unknown };
  }
  if (!destination) {
    const { facts, missing } = latestBackup(false, [], options?.now ?? new Date());
    gap(missing ?? '', ['tool', 'lastBackup', 'daysSinceBackup']);
    return { facts, unknown };
  }
  const latest = await run(host, MACOS_TOOL.tmutil, ['latestbackup']);
  const at = latest.ok && latest.value.exitCode === 0 ? dateInName(latest.value.stdout) : null;
  if (!at) {
    // Since macOS 10.14 tmutil reads the backups only when the program running it has Full Disk Access.
    const why = latest.ok
      ? `${refused(MACOS_TOOL.tmutil, ['latestbackup'], latest.value)} (give Terminal Full Disk Access in ` +
        'System Settings > Privacy & Security, or the latest backup is not reachable)'
      : latest.reason;
    gap(why, ['tool', 'lastBackup', 'daysSinceBackup']);
    return { facts: { ...empty, configured: true }, unknown };
  }
  const backup = latestBackup(true, [{ tool: 'Time Machine', at }], options?.now ?? new Date());
  return { facts: backup.facts, unknown: { ...unknown, ...backup.unknown } };
};
