import { describeFailure } from '../../host/types.js';
import { readDefault } from '../macos/commands.js';
import { REASON, type Collector } from '../types.js';
import type { LoginPasswordFacts } from './facts.js';

const LOGINWINDOW = '/Library/Preferences/com.apple.loginwindow';
/** Holds the auto-login password, obfuscated: only whether it exists is read, never its content. */
const KCPASSWORD = '/etc/kcpassword';

export const collectMacos: Collector<LoginPasswordFacts> = async (host) => {
  const [autoUser, guest, kcpassword] = await Promise.all([
    readDefault(host, LOGINWINDOW, 'autoLoginUser'),
    readDefault(host, LOGINWINDOW, 'GuestEnabled'),
    host.stat(KCPASSWORD),
  ]);
  const unknown: Record<string, string> = {
    // Telling an empty password apart needs a login attempt with it, which a read-only scan never makes.
    accounts: 'macOS does not show whether a password is empty without trying to log in with it',
  };
  const facts: LoginPasswordFacts = {
    accounts: null,
    commonPasswords: null,
    autoLogin: { enabled: null, user: null, source: null, passwordStored: null },
    guestEnabled: null,
    builtinAdminEnabled: null,
  };
  // macOS's own administrator is root, which ships disabled; it has no Windows-style built-in Administrator.
  unknown.builtinAdminEnabled = REASON.notOnThisOs;
  unknown.commonPasswords = 'TODO';

  if (autoUser.ok) {
    facts.autoLogin.enabled = autoUser.value !== null;
    if (autoUser.value !== null) {
      facts.autoLogin.user = autoUser.value;
      facts.autoLogin.source = `${LOGINWINDOW} autoLoginUser`;
    }
  } else unknown['autoLogin.enabled'] = unknown['autoLogin.user'] = unknown['autoLogin.source'] = autoUser.reason;

  if (kcpassword.status === 'ok') facts.autoLogin.passwordStored = true;
  else if (kcpassword.status === 'missing') facts.autoLogin.passwordStored = false;
  else unknown['autoLogin.passwordStored'] = `${KCPASSWORD}: ${describeFailure(kcpassword)}`;

  // GuestEnabled is absent until the Guest User is switched on once; macOS ships with it off.
  if (guest.ok) facts.guestEnabled = guest.value !== null && guest.value !== '0';
  else unknown.guestEnabled = guest.reason;
  return { facts, unknown };
};
