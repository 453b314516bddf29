import { notOnThisPc, REASON, type Answer, type ProbeOutput } from '../types.js';
import type { AutoUpdates } from './auto-updates.js';
import type { PendingSecurityUpdates } from './pending-updates.js';
import { EOL_TABLE_AS_OF, type EolEntry } from './eol-table.js';
import type { OsSupportFacts } from './facts.js';
import { daysUntil, supportOn, tableAgeDays, type Support } from './parse.js';

/** What every OS's collector found: the release (or why it is not known) and the last update (or why not). */
export interface Findings {
  entry: EolEntry | null;
  /** Whether the release was read and looked up in the table (with or without an entry). */
  lookedUp: boolean;
  /** Why there is no entry: the release could not be read, or is not in the table. */
  entryReason: string;
  lastUpdate: { day: string; evidence: string } | null;
  updateReason: string;
  /** Security updates the package manager offers (Linux); left out where there is no such package manager. */
  securityUpdates?: Answer<number>;
  /** Whether updates install by themselves. */
  autoUpdates: Answer<AutoUpdates>;
  /** How long security updates have been waiting, where the system tells. */
  pendingUpdates: Answer<PendingSecurityUpdates>;
}

/** Findings before the release and the last update are looked at: nothing found yet. */
export const newFindings = (
  autoUpdates: Answer<AutoUpdates>,
  pendingUpdates: Answer<PendingSecurityUpdates>,
  entryReason = '',
): Findings => ({
  entry: null,
  lookedUp: false,
  entryReason,
  lastUpdate: null,
  updateReason: '',
  autoUpdates,
  pendingUpdates,
});

/** The probe's facts and unknowns on the scan's day. */
export function osSupportOutput(found: Findings, now: Date): ProbeOutput<OsSupportFacts> {
  const unknown: Record<string, string> = {};
  // A clock before the table's own date is wrong (a dead clock battery sets it back): today is at least that day.
  // What ended before it has ended; how many days are left or have passed since is not known.
  const clockBehind = tableAgeDays(now) < 0;
  const support: Support | null = found.entry
    ? supportOn(found.entry, clockBehind ? new Date(`${EOL_TABLE_AS_OF}T00:00:00Z`) : now)
    : null;
  const facts: OsSupportFacts = {
    release: support?.release ?? null,
    supported: support?.supported ?? null,
    supportEnds: support?.ends ?? null,
    daysUntilSupportEnds: support?.daysLeft ?? null,
    supportSource: support?.source ?? null,
    lastUpdate: found.lastUpdate?.day ?? null,
    daysSinceUpdate: found.lastUpdate ? -daysUntil(found.lastUpdate.day, now) : null,
    updateEvidence: found.lastUpdate?.evidence ?? null,
    eolTableAsOf: found.lookedUp ? EOL_TABLE_AS_OF : null,
    eolTableAgeDays: found.lookedUp ? tableAgeDays(now) : null,
    packageSecurityUpdatesPending: found.securityUpdates?.ok ? found.securityUpdates.value : null,
    ...autoUpdateFacts(found.autoUpdates, unknown),
    ...pendingUpdateFacts(found.pendingUpdates, unknown),
  };
  // Windows and macOS updates come from their own update services, not from apt or dnf.
  if (!found.securityUpdates) unknown.packageSecurityUpdatesPending = REASON.notOnThisOs;
  else if (!found.securityUpdates.ok) unknown.packageSecurityUpdatesPending = found.securityUpdates.reason;
  if (!found.lookedUp)
    for (const f of ['eolTableAsOf', 'eolTableAgeDays']) unknown[f] = `not used: ${found.entryReason}`;
  if (!support)
    for (const f of ['release', 'supported', 'supportEnds', 'daysUntilSupportEnds', 'supportSource'])
      unknown[f] = found.entryReason;
  else if (support.ends === null) {
    const why = `${support.release}: no end of support announced as of ${EOL_TABLE_AS_OF}`;
    unknown.supportEnds = why;
    unknown.daysUntilSupportEnds = why;
  }
  if (!found.lastUpdate)
    for (const f of ['lastUpdate', 'daysSinceUpdate', 'updateEvidence']) unknown[f] = found.updateReason;
  if (clockBehind) {
    const wrong =
      `this PC's clock (${now.toISOString().slice(0, 10)}) is before the date of shop-audit's own end-of-life ` +
      `table (${EOL_TABLE_AS_OF}): the clock is wrong, so how many days have passed is not known`;
    // What ended before the table's date has ended; a release supported then may have ended since.
    const times = ['daysSinceUpdate', 'eolTableAgeDays', 'daysUntilSupportEnds', 'supported'] as const;
    for (const f of times.filter((t) => facts[t] !== null && !(t === 'supported' && facts.supported === false))) {
      facts[f] = null;
      unknown[f] = wrong;
    }
  }
  return { facts, unknown };
}

function autoUpdateFacts(found: Answer<AutoUpdates>, unknown: Record<string, string>) {
  const auto = found?.ok ? found.value : null;
  const facts = {
    automaticUpdates: auto?.automatic ?? null,
    automaticUpdatesEvidence: auto?.evidence ?? null,
    updatesPausedUntil: auto?.pausedUntil ?? null,
    securityUpdateDeferralDays: auto?.securityDeferralDays ?? null,
    featureUpdateDeferralDays: auto?.featureDeferralDays ?? null,
  };
  if (!found.ok) for (const f of Object.keys(facts)) unknown[f] = found.reason;
  else {
    // Windows alone pauses and defers updates.
    const windowsOnly = auto?.securityDeferralDays === undefined ? REASON.notOnThisOs : null;
    if (facts.updatesPausedUntil === null)
      unknown.updatesPausedUntil = windowsOnly ?? notOnThisPc('updates are not paused');
    if (windowsOnly) unknown.securityUpdateDeferralDays = unknown.featureUpdateDeferralDays = windowsOnly;
  }
  return facts;
}

function pendingUpdateFacts(found: Answer<PendingSecurityUpdates>, unknown: Record<string, string>) {
  const pending = found.ok ? found.value : null;
  const facts = {
    overdueSecurityUpdates: pending?.overdue ?? null,
    oldestPendingSecurityUpdate: pending?.oldest ?? null,
    pendingUpdatesEvidence: pending?.evidence ?? null,
  };
  if (!found.ok) for (const f of Object.keys(facts)) unknown[f] = found.reason;
  else if (facts.oldestPendingSecurityUpdate === null)
    unknown.oldestPendingSecurityUpdate = notOnThisPc('no security update is waiting');
  return facts;
}

/** The reason for a release the table does not know: never a guess, always unknown. */
export const notInTable = (what: string) =>
  `${what} is not in shop-audit's end-of-life table (as of ${EOL_TABLE_AS_OF}): its support status is not known`;
