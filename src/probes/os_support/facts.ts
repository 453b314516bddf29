import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const facts = z.object({
  /** The release as its vendor names it, e.g. "Windows 10 version 22H2", "Debian 12 bookworm". */
  release: z.string().nullable(),
  /** Whether the vendor still ships security updates for it on the scan's day. */
  supported: z.boolean().nullable(),
  /** The last day of security updates (YYYY-MM-DD); null also when the vendor has announced none yet. */
  supportEnds: day.nullable(),
  /** Days from the scan's day to supportEnds: negative once support has ended. */
  daysUntilSupportEnds: z.number().int().nullable(),
  /** The vendor's lifecycle page the end date comes from. */
  supportSource: z.string().nullable(),
  /** The day updates last arrived: an installed Windows update, a Linux package upgrade (apt's history, dpkg's log). */
  lastUpdate: day.nullable(),
  daysSinceUpdate: z.number().int().nullable(),
  /** What lastUpdate is the date of, e.g. "apt: packages last upgraded (/var/log/apt/history.log)". */
  updateEvidence: z.string().nullable(),
  /**
   * Linux: packages the package manager would upgrade from a security suite (apt: a `-security`
   * origin), counted on package lists refreshed within the last week; 0 means none is waiting.
   */
  packageSecurityUpdatesPending: z.number().int().nullable(),
  /**
   * Security updates waiting that were released more than 14 days before the scan (Cyber Essentials); 0 also
   * when none waits. Windows: Windows Update's own list, each update dated by its release. Linux (apt) and
   * macOS keep no release dates: 0 when none waits at all, otherwise not known.
   */
  overdueSecurityUpdates: z.number().int().nullable(),
  /** Windows: the release day of the oldest security update waiting; null when none waits. */
  oldestPendingSecurityUpdate: day.nullable(),
  /** What overdueSecurityUpdates rests on, e.g. "no security update waiting (Windows Update's list of 2026-12-06)". */
  pendingUpdatesEvidence: z.string().nullable(),
  /**
   * Security updates install by themselves: Windows Update not disabled, paused, turned off by
   * policy or deferred beyond 14 days; Linux unattended-upgrades (apt) or dnf-automatic set to install.
   */
  automaticUpdates: z.boolean().nullable(),
  /** What automaticUpdates rests on, e.g. "updates are paused until 2123-08-22". */
  automaticUpdatesEvidence: z.string().nullable(),
  /** Windows: the last day of a pause of security updates in force (Settings > Windows Update > Pause). */
  updatesPausedUntil: day.nullable(),
  /** Windows: days a policy holds back quality (security) and feature updates after their release. */
  securityUpdateDeferralDays: z.number().int().nullable(),
  featureUpdateDeferralDays: z.number().int().nullable(),
  /**
   * The day shop-audit's end-of-life table was last checked against its sources, and its age on
   * the scan's day; null when no release could be read, so the table was not used.
   */
  eolTableAsOf: day.nullable(),
  eolTableAgeDays: z.number().int().nullable(),
});
export type OsSupportFacts = z.infer<typeof facts>;
