import { z } from 'zod';

export const facts = z.object({
  /** The time of the oldest entry the PC's logs still hold (ISO 8601, UTC): what an investigation can look back to. */
  oldestEntry: z.string().nullable(),
  /** Whole days from the oldest entry to the scan: how far back the logs reach now. */
  coveredDays: z.number().int().nullable(),
  /** Which log the oldest entry is in (the Security event log, the systemd journal, /var/log/auth.log). */
  coveredBy: z.string().nullable(),
  /** The logs survive a restart (Linux: journald keeps them on disk, or a syslog daemon writes files). */
  persistent: z.boolean().nullable(),
  /** The size the log may grow to, in MB, before old entries go (null when no size is set and the default applies). */
  maxSizeMB: z.number().nullable(),
  /** What happens when the log is full: old entries are overwritten, archived, or new ones are not written. */
  whenFull: z.enum(['overwrite', 'archive', 'stop']).nullable(),
  /** Entries older than this many days are deleted whatever the size (journald MaxRetentionSec); 0: no such limit. */
  retentionLimitDays: z.number().int().nullable(),
  /** Windows: sign-ins are recorded (the Security log holds a logon event, 4624). */
  logonEventsLogged: z.boolean().nullable(),
});

export type LogsKeptFacts = z.infer<typeof facts>;

/** Every fact unread: what a collector starts from (and all macOS gives). */
export const noLogFacts = (): LogsKeptFacts => ({
  oldestEntry: null,
  coveredDays: null,
  coveredBy: null,
  persistent: null,
  maxSizeMB: null,
  whenFull: null,
  retentionLimitDays: null,
  logonEventsLogged: null,
});
