import type { Collector } from '../types.js';
import { windowsAnswers, type AnswerOf } from '../windows/document.js';
import type { LoginPasswordFacts } from './index.js';

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';

/** Windows never shows whether a password is empty; only a logon attempt tells. */
export const BLANK_PASSWORD_UNREADABLE =
  'Windows does not show whether a password is empty without trying to log in with one; confirm it by hand: press Win+L, pick this account and press Enter without typing a password';

/** Built-in accounts by the last part of their SID (RID), never by name: they are renamed and translated. */
export function builtinByRid(sid: string): 'admin' | 'guest' | 'none' {
  if (/-500$/.test(sid)) return 'admin';
  if (/-501$/.test(sid)) return 'guest';
  return 'none';
}

type LocalUsers = AnswerOf<'localUsers'>;

export function accountsFromLocalUsers(users: LocalUsers): { accounts: NonNullable<LoginPasswordFacts['accounts']>; unknown: Record<string, string> } {
  const unknown: Record<string, string> = {};
  const accounts = users.map((u) => {
    // A disabled account cannot log in at all, whatever its password.
    let password: 'locked' | null = null;
    if (u.enabled === false) password = 'locked';
    else unknown[`accounts[${u.name}].password`] = u.enabled === null ? 'Windows did not say whether the account is enabled' : BLANK_PASSWORD_UNREADABLE;
    return { name: u.name, builtin: builtinByRid(u.sid), password };
  });
  return { accounts, unknown };
}

export function autoLoginFromWinlogon(winlogon: AnswerOf<'winlogon'>): LoginPasswordFacts['autoLogin'] {
  // Winlogon logs in by itself only when AutoAdminLogon is exactly "1".
  const enabled = String(winlogon.AutoAdminLogon ?? '').trim() === '1';
  const user = typeof winlogon.DefaultUserName === 'string' && winlogon.DefaultUserName ? winlogon.DefaultUserName : null;
  const domain = typeof winlogon.DefaultDomainName === 'string' && winlogon.DefaultDomainName ? winlogon.DefaultDomainName : null;
  return {
    enabled,
    user: enabled && user ? (domain ? `${domain}\\${user}` : user) : null,
    source: enabled ? `${WINLOGON} AutoAdminLogon` : null,
    passwordStored: winlogon.DefaultPasswordExists,
  };
}

/** Whether the built-in account of this kind (found by RID) is enabled, or why that is not known. */
function builtinEnabled(users: LocalUsers, kind: 'admin' | 'guest'): { ok: true; value: boolean } | { ok: false; reason: string } {
  const account = users.find((u) => builtinByRid(u.sid) === kind);
  const rid = kind === 'admin' ? 'Administrator RID 500' : 'Guest RID 501';
  if (!account) return { ok: false, reason: `no account with the ${rid} was listed` };
  return account.enabled === null ? { ok: false, reason: `Windows did not say whether the account with the ${rid} is enabled` } : { ok: true, value: account.enabled };
}

export const collectWindows: Collector<LoginPasswordFacts> = async (host) => {
  const a = await windowsAnswers(host, ['localUsers', 'winlogon']);
  const unknown: Record<string, string> = {};
  const facts: LoginPasswordFacts = { accounts: null, autoLogin: { enabled: null, user: null, source: null, passwordStored: null }, guestEnabled: null, builtinAdminEnabled: null };
  if (a.localUsers.ok) {
    const read = accountsFromLocalUsers(a.localUsers.value);
    facts.accounts = read.accounts;
    Object.assign(unknown, read.unknown);
    for (const [fact, kind] of [['guestEnabled', 'guest'], ['builtinAdminEnabled', 'admin']] as const) {
      const enabled = builtinEnabled(a.localUsers.value, kind);
      if (enabled.ok) facts[fact] = enabled.value;
      else unknown[fact] = enabled.reason;
    }
  } else {
    unknown.accounts = a.localUsers.reason;
    unknown.guestEnabled = unknown.builtinAdminEnabled = a.localUsers.reason;
  }
  if (a.winlogon.ok) facts.autoLogin = autoLoginFromWinlogon(a.winlogon.value);
  else for (const k of ['enabled', 'user', 'source', 'passwordStored']) unknown[`autoLogin.${k}`] = a.winlogon.reason;
  return { facts, unknown };
};
