import { describeFailure, type Host } from '../../host/types.js';
import { allowedTries, candidatesFor, COMMON_PASSWORDS, LOCKOUT_MARGIN } from '../common-passwords.js';
import { MACOS_TOOL, readDefault, refused, run } from '../macos/commands.js';
import { parsePwpolicyAccountPolicies } from '../macos/parse.js';
import { REASON, type Answer, type Collector } from '../types.js';
import { lockoutWords, triedAnswer } from './common-password.js';
import type { LoginPasswordFacts } from './facts.js';
import { authonlyOutcome, isMacPersonAccount, parseDsclUniqueIds, parseFailedLoginCount } from './parse.js';

const LOGINWINDOW = '/Library/Preferences/com.apple.loginwindow';
/** Holds the auto-login password, obfuscated: only whether it exists is read, never its content. */
const KCPASSWORD = '/etc/kcpassword';

/** Why the common passwords are not known on macOS without --deep. */
export const COMMON_PASSWORD_NEEDS_DEEP_MAC =
  `macOS does not show whether a password is a common one without trying to log in with it: ${REASON.needsDeep} ` +
  `(up to ${COMMON_PASSWORDS.length + 1} of the commonest passwords per account, and only while the account's ` +
  `lockout policy leaves room for ${LOCKOUT_MARGIN} more failed logins)`;

type CommonPasswords = NonNullable<LoginPasswordFacts['commonPasswords']>;
type Checked = { accounts: CommonPasswords; unknown: Record<string, string> };

// Names dscl's interactive mode reads as one word (it splits its command lines at blanks and quotes).
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * --deep: `dscl . authonly` with the common passwords on each account a person logs in with, within the
 * lockout margin (pwpolicy's threshold, the account's failedLoginCount). The password goes to dscl's
 * interactive mode on standard input, never on its command line: a command line is visible to every
 * user of the Mac in `ps`, and is what --debug and --record show. Computed on the PC only: a --record
 * bundle keeps the outcome (see `derive`), since the commands differ only in what they read from stdin.
 */
async function commonPasswordsByDscl(host: Host): Promise<Answer<Checked>> {
  const listArgs = ['.', '-list', '/Users', 'UniqueID'];
  const [list, policyRun] = await Promise.all([
    run(host, MACOS_TOOL.dscl, listArgs),
    run(host, MACOS_TOOL.pwpolicy, ['-getaccountpolicies']),
  ]);
  if (!list.ok) return list;
  const users = list.value.exitCode === 0 ? parseDsclUniqueIds(list.value.stdout) : null;
  if (!users) return { ok: false, reason: refused(MACOS_TOOL.dscl, listArgs, list.value) };
  const policy =
    policyRun.ok && policyRun.value.exitCode === 0 ? parsePwpolicyAccountPolicies(policyRun.value.stdout) : null;
  const threshold = policy?.lockoutThreshold ?? null;
  const checked = await host.derive('login_password.macosCommonPasswords', async (): Promise<Checked> => {
    const out: Checked = { accounts: [], unknown: {} };
    for (const { name } of users.filter(isMacPersonAccount)) {
      const key = `commonPasswords[${name}].common`;
      if (!PLAIN_NAME.test(name)) {
        out.unknown[key] = "the account's name has characters dscl's interactive mode would split, so it was not tried";
        out.accounts.push({ name, common: null, tries: 0 });
        continue;
      }
      const failed = threshold ? await failedLogins(host, name) : null;
      const candidates = candidatesFor(name);
      const allowed = threshold === null ? 0 : allowedTries(threshold, failed, candidates.length);
      let tries = 0;
      let outcome: ReturnType<typeof authonlyOutcome> = 'wrong';
      while (tries < allowed && outcome === 'wrong') {
        const input = `authonly ${name} ${candidates[tries]}\nread /Users/${name} RecordName\nquit\n`;
        const r = await host.exec(MACOS_TOOL.dscl, ['-q', '.'], { input });
        tries++;
        outcome = r.status === 'exited' ? authonlyOutcome(r.stdout, r.stderr, name) : { other: describeFailure(r) };
      }
      const answer =
        typeof outcome === 'object'
          ? { ok: false as const, reason: `dscl authonly answered: ${outcome.other}, which does not tell` }
          : triedAnswer(tries, candidates.length, outcome === 'match', lockoutWords(threshold, failed));
      if (!answer.ok) out.unknown[key] = answer.reason;
      out.accounts.push({ name, common: answer.ok ? answer.value : null, tries });
    }
    return out;
  });
  return { ok: true, value: checked };
}

/** The account's failed logins so far (accountPolicyData), or null when dscl does not say. */
async function failedLogins(host: Host, name: string): Promise<number | null> {
  const r = await run(host, MACOS_TOOL.dscl, [
    '.',
    '-readpl',
    `/Users/${name}`,
    'accountPolicyData',
    'failedLoginCount',
  ]);
  return r.ok && r.value.exitCode === 0 ? parseFailedLoginCount(r.value.stdout) : null;
}

export const collectMacos: Collector<LoginPasswordFacts> = async (host, options) => {
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
  if (options?.deep) {
    const common = await commonPasswordsByDscl(host);
    if (common.ok) {
      facts.commonPasswords = common.value.accounts;
      Object.assign(unknown, common.value.unknown);
    } else unknown.commonPasswords = common.reason;
  } else unknown.commonPasswords = COMMON_PASSWORD_NEEDS_DEEP_MAC;

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
