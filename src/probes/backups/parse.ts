// Pure parsers for the backups probe: text in, values out, tested on real outputs.
import type { BackupsFacts } from './facts.js';

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (0 when `from` is later). */
export const daysSince = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

/**
 * The date of a backup named by its time (`2024-01-05-101500`, Timeshift's `2024-01-05_10-15-00`,
 * inside a longer path), read as UTC: the names are in the PC's local time, which is at most a day off.
 */
export function dateInName(name: string): Date | null {
  const m = /(\d{4})-(\d{2})-(\d{2})[-_](\d{2})-?(\d{2})-?(\d{2})/.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `tmutil destinationinfo`: whether it lists a destination (a `Name :` or `ID :` line); null for other text. */
export function tmutilHasDestination(text: string): boolean | null {
  if (/No destinations configured/i.test(text)) return false;
  if (/^\s*(Name|ID)\s*:/m.test(text)) return true;
  return null;
}

/** Déjà Dup's `last-backup` as gsettings prints it ('2024-01-05T10:15:00.123Z'); null for '' or no date. */
export function gsettingsDate(text: string): Date | null {
  // '' (and text of another form) is no date either.
  const value = /^'(.*)'\s*$/.exec(text.trim())?.[1] ?? '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * borg's `manifest-timestamp` (in ~/.config/borg/security/<repository id>/): when the repository's list of archives
 * last changed (a backup made, or old ones pruned), as borg writes it: UTC, without a zone
 * (`2026-12-07T03:14:18.949172`). Null for other text.
 */
export function borgManifestTime(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*$/.exec(text.trim());
  if (!m) return null;
  const date = new Date(`${m[1]}${m[2] ?? ''}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Timeshift's backup device in timeshift.json; null when none is chosen (or the file is not JSON). */
export function timeshiftDevice(text: string): string | null {
  try {
    const config = JSON.parse(text) as Record<string, unknown>;
    const uuid = config.backup_device_uuid;
    return typeof uuid === 'string' && uuid.trim() ? uuid.trim() : null;
  } catch {
    return null;
  }
}

/** A backup found: which tool, and when it finished. */
export interface Found {
  tool: string;
  at: Date;
}

/**
 * The facts from what was found: the latest backup of any tool, and how old it is on the scan's day. A backup dated
 * more than a day after the PC's clock (names are read as UTC, so a day's slack) tells that the clock is wrong (a
 * dead clock battery sets it back): how old the backup is cannot be told then.
 */
export function latestBackup(
  configured: boolean,
  found: readonly Found[],
  now: Date,
): { facts: BackupsFacts; missing: string | null; unknown: Record<string, string> } {
  const latest = [...found].sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  if (!latest)
    return {
      facts: { configured, tool: null, lastBackup: null, daysSinceBackup: null },
      missing: configured ? 'a backup tool is set up, but no finished backup was found' : 'no backup tool is set up',
      unknown: {},
    };
  const ahead = latest.at.getTime() - now.getTime() > DAY_MS;
  return {
    facts: {
      configured: true,
      tool: latest.tool,
      lastBackup: latest.at.toISOString(),
      daysSinceBackup: ahead ? null : daysSince(latest.at, now),
    },
    missing: null,
    unknown: ahead
      ? {
          daysSinceBackup:
            `the last backup is dated ${latest.at.toISOString()}, after this PC's clock (${now.toISOString()}): ` +
            'the clock is wrong, so how old the backup is cannot be told',
        }
      : {},
  };
}
