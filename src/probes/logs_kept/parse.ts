// Pure parsers for the logs_kept probe: text in, values out, tested on real outputs.

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (0 when `from` is later). */
export const daysBetween = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

/**
 * The oldest "Head realtime timestamp" of `journalctl --header` (one block per journal file, each after its
 * "File path:"), from the microseconds it prints in hex after the date (the same in every time zone and
 * locale), among the files `counts` accepts by path; null when no such file holds an entry (a head of 0) or
 * the output has none.
 */
export function oldestJournalEntry(text: string, counts: (file: string) => boolean = () => true): Date | null {
  let oldest: number | null = null;
  let file = '';
  for (const line of text.split(/\r?\n/)) {
    const path = /^\s*File path:\s*(.*?)\s*$/i.exec(line);
    if (path) file = path[1]!;
    const head = /^\s*Head realtime timestamp:.*\(([0-9a-f]+)\)\s*$/i.exec(line);
    if (!head || !counts(file)) continue;
    const micros = Number.parseInt(head[1]!, 16);
    if (micros > 0 && (oldest === null || micros < oldest)) oldest = micros;
  }
  return oldest === null ? null : new Date(oldest / 1000);
}

/** journald.conf's [Journal] settings, later files overriding earlier ones (main file, then drop-ins by name). */
export function journaldSettings(files: readonly string[]): Map<string, string> {
  const settings = new Map<string, string>();
  for (const text of files) {
    let inJournal = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      if (line.startsWith('[')) inJournal = line === '[Journal]';
      else if (inJournal && line.includes('=')) {
        const eq = line.indexOf('=');
        settings.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
      }
    }
  }
  return settings;
}

const TIME_UNITS: Record<string, number> = {
  '': 1,
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  w: 604_800,
  week: 604_800,
  weeks: 604_800,
  month: 2_629_800,
  months: 2_629_800,
  M: 2_629_800,
  y: 31_557_600,
  year: 31_557_600,
  years: 31_557_600,
};

/** A systemd time span (`1month`, `6 months`, `180d 12h`, `3600`) in seconds; null when it is not one. */
export function systemdTimeSpanSeconds(text: string): number | null {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([a-zA-Z]*)/g)];
  if (
    parts.length === 0 ||
    parts
      .map((p) => p[0])
      .join('')
      .replace(/\s/g, '') !== text.replace(/\s/g, '')
  )
    return null;
  let seconds = 0;
  for (const [, n, unit] of parts) {
    const factor = TIME_UNITS[unit!];
    if (factor === undefined) return null;
    seconds += Number(n) * factor;
  }
  return seconds;
}

/** A systemd size (`500M`, `4G`, `1024K`, bytes without a suffix) in MB; null when it is not one. */
export function systemdSizeMB(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGTPE]?)\s*$/i.exec(text);
  if (!m) return null;
  const power = ' KMGTPE'.indexOf((m[2] || ' ').toUpperCase());
  return Math.round((Number(m[1]) * 1024 ** power) / 1024 ** 2);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * When the sign-in record macOS's `last` reads begins: its closing line "wtmp begins Mon Jul 27 05:13:31 UTC 2026",
 * the time of the last record it read going back in time, the oldest (the time `last` ran when it holds none). `last`
 * is run with TZ=UTC: a time in another zone is not read, as its abbreviation does not say which zone it is (CST);
 * nor is the yearless "wtmp begins Mon Jul 27 05:13" of older releases.
 */
export function wtmpBegins(text: string): Date | null {
  const m = /^wtmp begins \w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (?:UTC|GMT) (\d{4})\s*$/m.exec(text);
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return null;
  const [day, hours, minutes, seconds, year] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as number[];
  return new Date(Date.UTC(year!, month, day, hours, minutes, seconds));
}

/** `last` in a --record bundle: only its "wtmp begins" line; who signed in, from where and when stays out. */
export const redactLast = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('wtmp begins '))
    .join('\n');
