import { allowedTries, candidatesFor, COMMON_PASSWORDS, LOCKOUT_MARGIN } from '../common-passwords.js';
import { REASON, type Answer, type Collector } from '../types.js';
import { builtinOf } from '../windows/accounts.js';
import { windowsAnswers } from '../windows/answers.js';
import type { AnswerOf } from '../windows/document.js';
import { lockoutWords, triedAnswer, type CommonPasswordAnswer } from './common-password.js';
import type { LoginPasswordFacts } from './facts.js';

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';

/** Windows never shows whether a password is empty; only a logon attempt tells. */
export const BLANK_PASSWORD_UNREADABLE =
  `Windows does not show whether a password is empty without trying to log in with one: ${REASON.needsDeep} ` +
  `(an empty password once per account, which Windows logs as a failed logon), or confirm it ` +
  `by hand: press Win+L, pick this account and press Enter without typing a password`;

/** Win32 errors of LogonUser that tell the password apart (winerror.h). */
const ERROR_LOGON_FAILURE = 1326;
const ERROR_ACCOUNT_RESTRICTION = 1327;

/**
 * What LogonUser with an empty password (--deep) says of the password: it logged on (0), or
 * refused only because blank passwords are restricted to the console (1327: LimitBlankPasswordUse),
 * so it is empty; a wrong password (1326) means it has one; any other answer tells nothing.
 */
export function passwordFromEmptyLogon(code: number): { password: 'empty' | 'set' } | { reason: string } {
  if (code === 0 || code === ERROR_ACCOUNT_RESTRICTION) return { password: 'empty' };
  if (code === ERROR_LOGON_FAILURE) return { password: 'set' };
  return {
    reason:
      `the logon try with an empty password (--deep) gave Windows error ${code}, which does not ` +
      `tell whether the password is empty`,
  };
}

type LocalUsers = AnswerOf<'localUsers'>;

/**
 * The accounts and what is known of their passwords. `emptyLogons` is the --deep answer (LogonUser
 * with an empty password per enabled account), or why there is none; without --deep it is undefined.
 */
export function accountsFromLocalUsers(
  users: LocalUsers,
  emptyLogons?: Answer<AnswerOf<'emptyPasswordLogons'>>,
): { accounts: NonNullable<LoginPasswordFacts['accounts']>; unknown: Record<string, string> } {
  const unknown: Record<string, string> = {};
  const accounts = users.map((u) => {
    // A disabled account cannot log in at all, whatever its password.
    let password: 'locked' | 'empty' | 'set' | null = null;
    const key = `accounts[${u.name}].password`;
    if (u.enabled === false) password = 'locked';
    else if (u.enabled === null) unknown[key] = 'Windows did not say whether the account is enabled';
    else if (!emptyLogons) unknown[key] = BLANK_PASSWORD_UNREADABLE;
    else if (!emptyLogons.ok)
      unknown[key] = `the logon try with an empty password (--deep) failed: ${emptyLogons.reason}`;
    else {
      const tried = emptyLogons.value.find((t) => t.sid === u.sid);
      const read = tried
        ? passwordFromEmptyLogon(tried.code)
        : { reason: 'the logon try with an empty password (--deep) did not include this account' };
      if ('password' in read) password = read.password;
      else unknown[key] = read.reason;
    }
    return { name: u.name, builtin: builtinOf(u), password };
  });
  return { accounts, unknown };
}

type CommonPasswords = NonNullable<LoginPasswordFacts['commonPasswords']>;

/** Why the common passwords are not known on Windows without --deep. */
export const COMMON_PASSWORD_NEEDS_DEEP =
  `Windows does not show whether a password is a common one without trying to log in with it: ${REASON.needsDeep} ` +
  `(up to ${COMMON_PASSWORDS.length + 1} of the commonest passwords per account, each a failed logon in the event ` +
  `log, and only while the account's lockout threshold leaves room for ${LOCKOUT_MARGIN} more failed logons)`;

/**
 * What the --deep common-password tries tell of each account. An answer that shows more tries than the
 * lockout margin allowed is not trusted (the script never makes them: a changed script or a tampered bundle).
 */
export function commonPasswordsFromLogons(
  users: LocalUsers,
  emptyLogons: Answer<AnswerOf<'emptyPasswordLogons'>>,
  logons: Answer<AnswerOf<'commonPasswordLogons'>>,
): { commonPasswords: CommonPasswords; unknown: Record<string, string> } {
  const unknown: Record<string, string> = {};
  const commonPasswords = users.map((u) => {
    const key = `commonPasswords[${u.name}].common`;
    const empty = emptyLogons.ok ? emptyLogons.value.find((t) => t.sid === u.sid) : undefined;
    const read = empty ? passwordFromEmptyLogon(empty.code) : null;
    // No password login at all (disabled), or an empty password (the other rule's finding): no common one.
    if (u.enabled === false || (read && 'password' in read && read.password === 'empty'))
      return { name: u.name, common: false, tries: 0 };
    if (!logons.ok) {
      unknown[key] = `the logon tries with common passwords (--deep) failed: ${logons.reason}`;
      return { name: u.name, common: null, tries: null };
    }
    const tried = logons.value.find((t) => t.sid === u.sid);
    if (!tried) {
      unknown[key] = 'the logon tries with common passwords (--deep) did not include this account';
      return { name: u.name, common: null, tries: null };
    }
    const tries = tried.codes.length;
    const candidates = candidatesFor(u.name).length;
    const allowed = tried.threshold === null ? 0 : allowedTries(tried.threshold, tried.failed, candidates);
    const last = tried.codes.at(-1);
    let answer: CommonPasswordAnswer;
    if (tries > allowed)
      answer = {
        ok: false,
        reason:
          `the answer shows ${tries} logon tries where the lockout margin allowed ${allowed}: ` +
          "not the answer of shop-audit's script, so not used",
      };
    else if (last !== undefined && last !== 0 && last !== ERROR_LOGON_FAILURE)
      answer = {
        ok: false,
        reason: `a logon try with a common password gave Windows error ${last}, which does not tell`,
      };
    else answer = triedAnswer(tries, candidates, last === 0, lockoutWords(tried.threshold, tried.failed));
    if (!answer.ok) unknown[key] = answer.reason;
    return { name: u.name, common: answer.ok ? answer.value : null, tries };
  });
  return { commonPasswords, unknown };
}

export function autoLoginFromWinlogon(winlogon: AnswerOf<'winlogon'>): LoginPasswordFacts['autoLogin'] {
  // Winlogon logs in by itself only when AutoAdminLogon is exactly "1".
  const enabled = String(winlogon.AutoAdminLogon ?? '').trim() === '1';
  const user =
    typeof winlogon.DefaultUserName === 'string' && winlogon.DefaultUserName ? winlogon.DefaultUserName : null;
  const domain =
    typeof winlogon.DefaultDomainName === 'string' && winlogon.DefaultDomainName ? winlogon.DefaultDomainName : null;
  return {
    enabled,
    user: enabled && user ? (domain ? `${domain}\\${user}` : user) : null,
    source: enabled ? `${WINLOGON} AutoAdminLogon` : null,
    passwordStored: winlogon.DefaultPasswordExists,
  };
}

/** Whether the built-in account of this kind (found by RID) is enabled, or why that is not known. */
function builtinEnabled(users: LocalUsers, kind: 'admin' | 'guest'): Answer<boolean> {
  const account = users.find((u) => builtinOf(u) === kind);
  const rid = kind === 'admin' ? 'Administrator RID 500' : 'Guest RID 501';
  if (!account && users.some((u) => builtinOf(u) === null))
    return {
      ok: false,
      reason:
        `the accounts' numbers (RID) cannot be read without PowerShell or WMIC, and no account has Windows' own ` +
        `description of the built-in ${kind === 'admin' ? 'Administrator' : 'Guest'}: which one has the ${rid} ` +
        `is not known`,
    };
  if (!account) return { ok: false, reason: `no account with the ${rid} was listed` };
  return account.enabled === null
    ? { ok: false, reason: `Windows did not say whether the account with the ${rid} is enabled` }
    : { ok: true, value: account.enabled };
}

export const collectWindows: Collector<LoginPasswordFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    ['localUsers', 'winlogon', 'emptyPasswordLogons', 'commonPasswordLogons'],
    options,
  );
  const unknown: Record<string, string> = {};
  const facts: LoginPasswordFacts = {
    accounts: null,
    commonPasswords: null,
    autoLogin: { enabled: null, user: null, source: null, passwordStored: null },
    guestEnabled: null,
    builtinAdminEnabled: null,
  };
  if (a.localUsers.ok) {
    const read = accountsFromLocalUsers(a.localUsers.value, options?.deep ? a.emptyPasswordLogons : undefined);
    facts.accounts = read.accounts;
    Object.assign(unknown, read.unknown);
    if (options?.deep) {
      const common = commonPasswordsFromLogons(a.localUsers.value, a.emptyPasswordLogons, a.commonPasswordLogons);
      facts.commonPasswords = common.commonPasswords;
      Object.assign(unknown, common.unknown);
    } else unknown.commonPasswords = COMMON_PASSWORD_NEEDS_DEEP;
    for (const [fact, kind] of [
      ['guestEnabled', 'guest'],
      ['builtinAdminEnabled', 'admin'],
    ] as const) {
      const enabled = builtinEnabled(a.localUsers.value, kind);
      if (enabled.ok) facts[fact] = enabled.value;
      else unknown[fact] = enabled.reason;
    }
  } else {
    unknown.accounts = unknown.commonPasswords = a.localUsers.reason;
    unknown.guestEnabled = unknown.builtinAdminEnabled = a.localUsers.reason;
  }
  if (a.winlogon.ok) facts.autoLogin = autoLoginFromWinlogon(a.winlogon.value);
  else for (const k of ['enabled', 'user', 'source', 'passwordStored']) unknown[`autoLogin.${k}`] = a.winlogon.reason;
  return { facts, unknown, readWith: a.readWith };
};
