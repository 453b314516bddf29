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

export const collectWindows: Collector<LoginPasswordFacts> = async (host) => {
  const a = await windowsAnswers(host, ['localUsers', 'winlogon']);
  const unknown: Record<string, string> = {};
  const facts: LoginPasswordFacts = { accounts: null, autoLogin: { enabled: null, user: null, source: null, passwordStored: null }, guestEnabled: null };
  if (a.localUsers.ok) {
    const read = accountsFromLocalUsers(a.localUsers.value);
    facts.accounts = read.accounts;
    Object.assign(unknown, read.unknown);
    const guest = a.localUsers.value.find((u) => builtinByRid(u.sid) === 'guest');
    if (guest && guest.enabled !== null) facts.guestEnabled = guest.enabled;
    else unknown.guestEnabled = guest ? 'Windows did not say whether the Guest account is enabled' : 'no account with the Guest RID 501 was listed';
  } else {
    unknown.accounts = a.localUsers.reason;
    unknown.guestEnabled = a.localUsers.reason;
  }
  if (a.winlogon.ok) facts.autoLogin = autoLoginFromWinlogon(a.winlogon.value);
  else for (const k of ['enabled', 'user', 'source', 'passwordStored']) unknown[`autoLogin.${k}`] = a.winlogon.reason;
  return { facts, unknown };
};
