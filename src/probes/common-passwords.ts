// The commonest passwords in China (common-passwords.json, with its source) that shop-audit checks accounts
// for, and how many logon tries an account may get: shared by the login_password probe and the Windows script.
import list from './common-passwords.json' with { type: 'json' };

/** The passwords of the list (not the account's name), in the order they are tried. */
export const COMMON_PASSWORDS: readonly string[] = list.passwords;

/** The candidates for one account, in the order they are tried: the list, then the account's own name. */
export function candidatesFor(name: string): string[] {
  return list.passwords.includes(name) ? [...list.passwords] : [...list.passwords, name];
}

/**
 * Failed logons that must stay left before an account's lockout threshold after shop-audit's tries
 * (threshold − failures already counted − tries ≥ this), so the shop's own next typos never lock it.
 */
export const LOCKOUT_MARGIN = 3;

/**
 * How many candidates may be tried on an account: all when no lockout is set (threshold 0), none when
 * the count of failures already made is not known, else as many as leave LOCKOUT_MARGIN failures.
 */
export function allowedTries(threshold: number, failed: number | null, candidates: number): number {
  if (threshold === 0) return candidates;
  if (failed === null) return 0;
  return Math.max(0, Math.min(candidates, threshold - failed - LOCKOUT_MARGIN));
}
