// Pure parsers for the password_policy probe: text in, values out.

import { pamArgs, type PamLine } from '../linux/pam.js';

/** The local password policy as `net accounts` prints it. */
export interface NetAccountsPolicy {
  minLength: number;
  /** 0: passwords never expire ("Unlimited"). */
  maxAgeDays: number;
  /** 0: no lockout ("Never"). */
  lockoutThreshold: number;
  /** null when net accounts printed a word instead of a number. */
  lockoutMinutes: number | null;
  /** 0: no history kept ("None"). */
  historyLength: number;
}

// `net accounts` prints its lines in this fixed order in every display language (the English and
// the Chinese samples agree); only the labels are translated. So lines are read by position.
const NET_ACCOUNTS_LINES = [
  'forceLogoff',
  'minAgeDays',
  'maxAgeDays',
  'minLength',
  'historyLength',
  'lockoutThreshold',
  'lockoutMinutes',
] as const;

/**
 * The value of a `net accounts` line: the text after the label's padding (two or more spaces), or
 * after the last colon when a long label leaves a single space. null when the line has no value.
 */
function valueAfterLabel(line: string): string | null {
  const padded = /^.*?\S {2,}(\S.*?)\s*$/.exec(line);
  if (padded) return padded[1]!;
  return /^.*:\s+(\S.*?)\s*$/.exec(line)?.[1] ?? null;
}

/**
 * Parses `net accounts` by position, not by label: labels are localized and may reach us
 * garbled when net.exe's code page is not the one PowerShell decodes with. Numbers are ASCII in
 * every code page; where net.exe prints a word instead of a number ("Never", "None", "Unlimited",
 * "从不"), that word means the same at each position whatever the language: no lockout, no
 * history, no expiry. Returns null when the lines are not that output (too few, or the minimum
 * age and minimum length, which are always numbers, are not).
 */
export function parseNetAccounts(lines: readonly string[]): NetAccountsPolicy | null {
  const values = lines.filter((l) => l.trim() !== '').map(valueAfterLabel);
  if (values.length < NET_ACCOUNTS_LINES.length) return null;
  const at = (name: (typeof NET_ACCOUNTS_LINES)[number]) => values[NET_ACCOUNTS_LINES.indexOf(name)];
  const number = (name: (typeof NET_ACCOUNTS_LINES)[number]) => {
    const value = at(name);
    return value !== null && value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
  };
  const minLength = number('minLength');
  if (number('minAgeDays') === null || minLength === null) return null;
  if ([at('maxAgeDays'), at('historyLength'), at('lockoutThreshold')].some((v) => v === null)) return null;
  return {
    minLength,
    maxAgeDays: number('maxAgeDays') ?? 0,
    lockoutThreshold: number('lockoutThreshold') ?? 0,
    lockoutMinutes: number('lockoutMinutes'),
    historyLength: number('historyLength') ?? 0,
  };
}

/**
 * Settings of a `name = value` file (pwquality.conf, faillock.conf, pwhistory.conf); a bare name
 * (a flag such as `even_deny_root`) gets the value ''. Later lines win.
 */
export function parseNameValueConf(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq < 0) settings.set(line, '');
    else settings.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return settings;
}

/** Settings merged in order, later sources overriding earlier ones. */
export function mergeSettings(...sources: readonly Map<string, string>[]): Map<string, string> {
  return new Map(sources.flatMap((s) => [...s]));
}

function integer(value: string | undefined): number | null {
  return value !== undefined && /^-?\d+$/.test(value.trim()) ? Number(value) : null;
}

// pam_pwquality(8): minlen defaults to 8 and cannot be set below 6.
const PWQUALITY_DEFAULT_MINLEN = 8;
const PWQUALITY_LOWEST_MINLEN = 6;

/**
 * The shortest password pam_pwquality accepts under these settings. minlen counts a "credit" of
 * one extra character for each digit, upper-case, lower-case or other character up to
 * dcredit/ucredit/lcredit/ocredit (0 by default; a negative value is a minimum count, not a credit).
 */
export function pwqualityShortest(settings: Map<string, string>): number {
  const minlen = Math.max(integer(settings.get('minlen')) ?? PWQUALITY_DEFAULT_MINLEN, PWQUALITY_LOWEST_MINLEN);
  const credits = ['dcredit', 'ucredit', 'lcredit', 'ocredit'].reduce(
    (sum, name) => sum + Math.max(integer(settings.get(name)) ?? 0, 0),
    0,
  );
  return minlen - credits;
}

/** pwquality.conf(5): `enforcing = 0` makes pam_pwquality print its warning and accept the password anyway. */
export function pwqualityEnforces(settings: Map<string, string>): boolean {
  return integer(settings.get('enforcing')) !== 0;
}

// pam_unix(8): "minlen=n … The default value is 6."
const PAM_UNIX_DEFAULT_MINLEN = 6;

/** The shortest password pam_unix accepts (checked for everyone but root). */
export function pamUnixShortest(line: PamLine): number {
  return integer(pamArgs(line).get('minlen')) ?? PAM_UNIX_DEFAULT_MINLEN;
}

/**
 * Lockout after failed logins: how many failures lock, and for how many seconds (0: until an administrator
 * unlocks).
 */
export interface Lockout {
  deny: number;
  unlockSeconds: number;
}

// pam_faillock(8) / faillock.conf(5): deny defaults to 3, unlock_time to 600 seconds.
const FAILLOCK_DEFAULTS = new Map([
  ['deny', '3'],
  ['unlock_time', '600'],
]);

/** pam_faillock with its faillock.conf settings and the line's own arguments; `unlock_time=never` is 0. */
export function faillockLockout(conf: Map<string, string>, line: PamLine): Lockout {
  const settings = mergeSettings(FAILLOCK_DEFAULTS, conf, pamArgs(line));
  const unlock = settings.get('unlock_time');
  return { deny: integer(settings.get('deny')) ?? 3, unlockSeconds: unlock === 'never' ? 0 : (integer(unlock) ?? 600) };
}

/**
 * pam_tally2 / pam_tally: only the line's arguments; no deny= means no lockout, no unlock_time= means locked
 * until reset.
 */
export function tallyLockout(line: PamLine): Lockout {
  const args = pamArgs(line);
  return { deny: integer(args.get('deny')) ?? 0, unlockSeconds: integer(args.get('unlock_time')) ?? 0 };
}

// pwhistory.conf(5): remember defaults to 10 when pam_pwhistory is used.
const PWHISTORY_DEFAULT_REMEMBER = 10;

/** How many old passwords pam_pwhistory keeps: the line's remember=, else pwhistory.conf, else 10. */
export function pwhistoryRemember(conf: Map<string, string>, line: PamLine): number {
  return integer(mergeSettings(conf, pamArgs(line)).get('remember')) ?? PWHISTORY_DEFAULT_REMEMBER;
}

/** How many old passwords pam_unix keeps (`remember=N`; none without it). */
export function pamUnixRemember(line: PamLine): number {
  return integer(pamArgs(line).get('remember')) ?? 0;
}
