import type { AnswerOf } from '../windows/document.js';
import type { Answer } from '../types.js';
import { MAX_SECURITY_DEFERRAL_DAYS } from './auto-updates.js';
import { daysUntil, isoDay } from './parse.js';

// How long security updates have been waiting, where the system tells: pure readings of Windows Update's
// search of its local list, of Software Update's last check on macOS, and of apt's count. "now" is passed in.

/** A list of waiting updates older than this cannot show the updates released since: it proves no "none waits". */
export const PENDING_LIST_MAX_AGE_DAYS = 7;

export interface PendingSecurityUpdates {
  /** Security updates waiting that were released more than 14 days before the scan. */
  overdue: number;
  /** The release day of the oldest security update waiting (Windows alone tells it). */
  oldest: string | null;
  /** What was read, in words. */
  evidence: string;
}

/**
 * Update classifications (WSUS Classification GUIDs, Microsoft Learn ff357803) that carry security fixes:
 * Security Updates, and Critical Updates as Cyber Essentials counts them. Category names are translated
 * ("安全更新"), their ids are not.
 */
const SECURITY_CLASSIFICATIONS = new Set([
  '0fa1201d-4330-4fa8-8ae9-b877473b6441',
  'e6cf1350-c01b-414d-a61f-263d14d133b4',
]);
/** IUpdateSearcher.Search's OperationResultCode: 2 succeeded, 3 succeeded with errors. */
const SEARCH_SUCCEEDED = new Set([2, 3]);

/** A date the script wrote as `yyyy-MM-ddTHH:mm:ss` (Windows Update's UTC times, no zone); null when not one. */
function utcMs(text: string | null): number | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** Why a list of waiting updates does not show that none waits: never searched, or searched too long ago. */
function staleList(what: string, lastDay: string | null, now: Date): string | null {
  if (lastDay === null) return `${what} has no record of a successful check for updates`;
  const age = -daysUntil(lastDay, now);
  return age > PENDING_LIST_MAX_AGE_DAYS
    ? `${what} last checked for updates ${age} days ago (${lastDay}): updates released since are not known`
    : null;
}

/**
 * Windows: the security updates Windows Update's own list holds as not installed and not hidden, each
 * dated by its release (LastDeploymentChangeTime). One released more than 14 days ago fails whatever the
 * list's age; "none overdue" needs a list searched within the last week.
 */
export function windowsPendingSecurityUpdates(
  search: AnswerOf<'pendingUpdates'>,
  now: Date,
): Answer<PendingSecurityUpdates> {
  if (!SEARCH_SUCCEEDED.has(search.resultCode))
    return {
      ok: false,
      reason: `Windows Update's search of its local list of updates ended with result code ${search.resultCode}`,
    };
  const security = search.updates.filter(
    (u) => u.severity || u.categories.some((c) => SECURITY_CLASSIFICATIONS.has(c.toLowerCase())),
  );
  const released: number[] = [];
  for (const update of security) {
    const ms = utcMs(update.published);
    if (ms === null)
      return { ok: false, reason: `a waiting security update has no release date Windows Update can tell` };
    released.push(ms);
  }
  const overdue = released.filter((ms) => -daysUntil(isoDay(ms), now) > MAX_SECURITY_DEFERRAL_DAYS).length;
  const lastMs = utcMs(search.lastSearch);
  const lastDay = lastMs === null ? null : isoDay(lastMs);
  const stale = overdue === 0 ? staleList('Windows Update', lastDay, now) : null;
  if (stale) return { ok: false, reason: stale };
  const oldest = released.length > 0 ? isoDay(Math.min(...released)) : null;
  const searched = lastDay ? `Windows Update's list of ${lastDay}` : "Windows Update's list";
  return {
    ok: true,
    value: {
      overdue,
      oldest,
      evidence:
        security.length === 0
          ? `no security update waiting (${searched})`
          : `${security.length} security updates waiting, ${overdue} released more than ` +
            `${MAX_SECURITY_DEFERRAL_DAYS} days ago, the oldest on ${oldest} (${searched})`,
    },
  };
}

/** `Name = value;` or `Name = "value";` at the top level of a `defaults read` output. */
const defaultsValue = (text: string, name: string) => new RegExp(`^ {4}${name} = "?([^";]*)"?;$`, 'm').exec(text)?.[1];

/**
 * macOS: Software Update's last check (`defaults read` of com.apple.SoftwareUpdate). It lists the updates
 * waiting (RecommendedUpdates) without their release dates: none waiting after a check within the last week
 * is none overdue; any waiting, not known since when.
 */
export function macosPendingUpdates(text: string, now: Date): Answer<PendingSecurityUpdates> {
  const count = defaultsValue(text, 'LastRecommendedUpdatesAvailable');
  const last = defaultsValue(text, 'LastSuccessfulDate');
  // "2020-10-10 14:14:38 +0000", as `defaults` prints a date.
  const date = last ? /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(last) : null;
  const lastMs = date ? Date.parse(`${date[1]}T${date[2]}${date[3]}:${date[4]}`) : Number.NaN;
  const lastDay = Number.isNaN(lastMs) ? null : isoDay(lastMs);
  const stale = staleList('Software Update', lastDay, now);
  if (stale) return { ok: false, reason: stale };
  if (count === undefined || !/^\d+$/.test(count))
    return { ok: false, reason: 'Software Update does not record how many updates its last check found' };
  if (count !== '0')
    return {
      ok: false,
      reason:
        `Software Update's last check (${lastDay}) found ${count} updates waiting; ` +
        'macOS does not record when they were released',
    };
  return {
    ok: true,
    value: { overdue: 0, oldest: null, evidence: `no update waiting (Software Update checked on ${lastDay})` },
  };
}

/**
 * Linux (apt): the count of security updates waiting, on package lists refreshed within a week. apt keeps no
 * date of when a version reached its lists: none waiting is none overdue, any waiting is not known since when.
 */
export function aptPendingUpdates(count: Answer<number>): Answer<PendingSecurityUpdates> {
  if (!count.ok) return count;
  if (count.value > 0)
    return {
      ok: false,
      reason:
        `apt shows ${count.value} security updates waiting but keeps no record of when they were released ` +
        '(os.no-pending-security-updates judges them)',
    };
  return {
    ok: true,
    value: { overdue: 0, oldest: null, evidence: 'no security update waiting (apt, package lists of the last week)' },
  };
}
