import type { Host } from '../../host/types.js';
import { loginDefsNumber } from '../linux/parse.js';
import { unreadable } from '../tools.js';
import { notOnThisPc, type ProbeOutput, unreadFacts } from '../types.js';
import { type PasswordPolicyFacts, facts as schema } from './facts.js';
import {
  LOGIN_SERVICES,
  pamArgs,
  type PamResult,
  type PamStack,
  type PamStackLine,
  pamStacks,
  runPamStack,
} from '../linux/pam.js';
import {
  faillockLockout,
  mergeSettings,
  pamUnixRemember,
  pamUnixShortest,
  parseNameValueConf,
  pwhistoryRemember,
  pwqualityEnforces,
  pwqualityShortest,
  tallyLockout,
  type Lockout,
} from './parse.js';

const PWQUALITY_DIR = '/etc/security/pwquality.conf.d';

type Settings = Map<string, string>;
/** A config file's settings, or why it could not be read (a missing file sets nothing). */
type Conf = { ok: true; settings: Settings } | { ok: false; reason: string };

async function readConf(host: Host, path: string): Promise<Conf> {
  const file = await host.readFile(path);
  if (file.status === 'ok') return { ok: true, settings: parseNameValueConf(file.text) };
  if (file.status === 'missing') return { ok: true, settings: new Map() };
  return { ok: false, reason: unreadable(host, path, file) };
}

/** pwquality.conf.d/*.conf in name order, then pwquality.conf, each overriding the last (pwquality.conf(5)). */
async function readPwqualityConf(host: Host): Promise<Conf> {
  const listing = await host.listDir(PWQUALITY_DIR);
  if (listing.status !== 'ok' && listing.status !== 'missing')
    return { ok: false, reason: unreadable(host, PWQUALITY_DIR, listing) };
  const dropIns =
    listing.status === 'ok'
      ? listing.entries
          .filter((e) => e.endsWith('.conf'))
          .sort()
          .map((e) => `${PWQUALITY_DIR}/${e}`)
      : [];
  const confs = await Promise.all([...dropIns, '/etc/security/pwquality.conf'].map((path) => readConf(host, path)));
  const failed = confs.find((c) => !c.ok);
  return (
    failed ?? {
      ok: true,
      settings: mergeSettings(...confs.map((c) => (c.ok ? c.settings : new Map<string, string>()))),
    }
  );
}

/**
 * The weakest of several lockout lines: the most failures allowed (0, never locked, is the most), the
 * shortest lock (0, until unlocked, is the longest).
 */
function weakest(lockouts: Lockout[]): Lockout {
  const deny = lockouts.some((l) => l.deny === 0) ? 0 : Math.max(...lockouts.map((l) => l.deny));
  const timed = lockouts.map((l) => l.unlockSeconds).filter((s) => s > 0);
  return { deny, unlockSeconds: timed.length > 0 ? Math.min(...timed) : 0 };
}

// The services whose PAM stacks matter: passwd sets passwords; LOGIN_SERVICES log people in. A service file
// that exists is run from its own file, includes and all; without any, the shared stacks are run.
const PASSWORD_SERVICES = ['passwd'];

export async function collectLinux(host: Host): Promise<ProbeOutput<PasswordPolicyFacts>> {
  const [passwordStacks, authStacks, loginDefs, pwquality, faillock, pwhistory] = await Promise.all([
    pamStacks(host, 'password', PASSWORD_SERVICES, ['common-password', 'system-auth']),
    pamStacks(host, 'auth', LOGIN_SERVICES, ['common-auth', 'system-auth', 'password-auth']),
    host.readFile('/etc/login.defs'),
    readPwqualityConf(host),
    readConf(host, '/etc/security/faillock.conf'),
    readConf(host, '/etc/security/pwhistory.conf'),
  ]);
  const unknown: Record<string, string> = {};
  const facts: PasswordPolicyFacts = unreadFacts(schema);

  // PASS_MAX_DAYS unset means -1: no expiry (login.defs(5)). PASS_MIN_LEN is not read: PAM replaced it.
  if (loginDefs.status === 'ok') facts.maxAgeDays = Math.max(loginDefsNumber(loginDefs.text, 'PASS_MAX_DAYS') ?? 0, 0);
  else unknown.maxAgeDays = unreadable(host, '/etc/login.defs', loginDefs);

  if (!passwordStacks.ok) unknown.minLength = unknown.historyLength = passwordStacks.reason;
  else {
    collectMinLength(passwordStacks.stacks, pwquality, facts, unknown);
    const history = passwordStacks.stacks.map((stack) =>
      enforcingLines(stack.lines, ['pam_pwhistory.so', 'pam_unix.so'], 'authtok_err').map((l) =>
        l.module === 'pam_unix.so'
          ? pamUnixRemember(l)
          : pwhistory.ok
            ? pwhistoryRemember(pwhistory.settings, l)
            : null,
      ),
    );
    if (history.flat().includes(null) && !pwhistory.ok) unknown.historyLength = pwhistory.reason;
    else facts.historyLength = Math.min(...history.map((kept) => Math.max(0, ...(kept as number[]))));
  }
  if (!authStacks.ok) unknown.lockoutThreshold = unknown.lockoutMinutes = authStacks.reason;
  else collectLockout(authStacks.stacks, faillock, facts, unknown);
  return { facts, unknown };
}

// Modules that check the password typed at a login; they succeed when it is right.
const PASSWORD_CHECKERS = new Set(['pam_unix.so', 'pam_unix2.so']);

/**
 * The lines of `modules` whose refusal the stack cannot get past: a run where that line fails
 * (and every other module but pam_deny succeeds) must fail. A line skipped by a jump or after a
 * `sufficient` success enforces nothing, nor does an `optional` one, unless a later module takes the
 * new password from it (`use_authtok`): a refused password is never handed on, so that module fails.
 */
function enforcingLines(
  lines: readonly PamStackLine[],
  modules: readonly string[],
  failure: PamResult,
): PamStackLine[] {
  return lines.filter((line, index) => {
    if (!modules.includes(line.module)) return false;
    const fails = (l: PamStackLine, i: number) =>
      i === index || l.module === 'pam_deny.so' || (i > index && l.args.includes('use_authtok'));
    const run = runPamStack(lines, (l, i) => (fails(l, i) ? failure : 'success'));
    return run.ran.includes(index) && !run.success;
  });
}

/** The shortest new password each stack takes is the strictest of its enforcing checks; the weakest stack counts. */
function collectMinLength(
  stacks: readonly PamStack[],
  pwquality: Conf,
  facts: PasswordPolicyFacts,
  unknown: Record<string, string>,
): void {
  const shortest: number[] = [];
  for (const { lines } of stacks) {
    const enforcing = enforcingLines(lines, ['pam_pwquality.so', 'pam_cracklib.so', 'pam_unix.so'], 'authtok_err');
    if (enforcing.some((l) => l.module === 'pam_cracklib.so')) {
      unknown.minLength = 'pam_cracklib checks passwords here, and shop-audit does not read its settings';
      return;
    }
    if (!pwquality.ok && enforcing.some((l) => l.module === 'pam_pwquality.so')) {
      unknown.minLength = pwquality.reason;
      return;
    }
    const settings = pwquality.ok ? pwquality.settings : new Map<string, string>();
    const pwqualityOf = (l: PamStackLine) => mergeSettings(settings, pamArgs(l));
    // Nothing in the stack refuses a short password: one character is enough (PAM refuses an empty one).
    shortest.push(
      Math.max(
        1,
        ...enforcing.flatMap((l) => {
          if (l.module === 'pam_unix.so') return [pamUnixShortest(l)];
          // pwquality.conf(5) `enforcing = 0`: pam_pwquality only warns and refuses nothing.
          return pwqualityEnforces(pwqualityOf(l)) ? [pwqualityShortest(pwqualityOf(l))] : [];
        }),
      ),
    );
  }
  facts.minLength = Math.min(...shortest);
}

const NO_LOCKOUT = notOnThisPc(
  'no account lockout, so no lockout duration: no pam_faillock, or pam_tally2 with deny=, that the PAM auth stacks run',
);
const LOCKOUT_MODULES = ['pam_faillock.so', 'pam_tally2.so', 'pam_tally.so'];

/**
 * A lockout works in a login stack when both runs say so: with a wrong password a line that counts
 * failures runs (faillock `authfail`, or pam_tally), and with the right password for a locked account
 * the stack fails (every faillock/tally line then refuses). The weakest login stack counts.
 */
function collectLockout(
  stacks: readonly PamStack[],
  faillock: Conf,
  facts: PasswordPolicyFacts,
  unknown: Record<string, string>,
): void {
  const perStack: Lockout[] = [];
  for (const { lines } of stacks) {
    const lockLines = lines.filter((l) => LOCKOUT_MODULES.includes(l.module));
    if (lockLines.some((l) => l.module === 'pam_faillock.so') && !faillock.ok) {
      unknown.lockoutThreshold = unknown.lockoutMinutes = faillock.reason;
      return;
    }
    const conf = faillock.ok ? faillock.settings : new Map<string, string>();
    const counts = (l: PamStackLine) => l.module !== 'pam_faillock.so' || l.args.includes('authfail');
    const wrong = runPamStack(lines, (l) =>
      PASSWORD_CHECKERS.has(l.module) || l.module === 'pam_deny.so'
        ? 'auth_err'
        : l.module === 'pam_faillock.so' && l.args.includes('authfail')
          ? 'ignore'
          : 'success',
    );
    const counted = lines.filter((l, i) => LOCKOUT_MODULES.includes(l.module) && counts(l) && wrong.ran.includes(i));
    const locked = runPamStack(lines, (l) =>
      LOCKOUT_MODULES.includes(l.module) || l.module === 'pam_deny.so' ? 'auth_err' : 'success',
    );
    if (counted.length === 0 || locked.success) {
      perStack.push({ deny: 0, unlockSeconds: 0 });
      continue;
    }
    const refusing = lines.filter((l, i) => LOCKOUT_MODULES.includes(l.module) && locked.ran.includes(i));
    perStack.push(
      weakest(
        [...counted, ...refusing].map((l) =>
          l.module === 'pam_faillock.so' ? faillockLockout(conf, l) : tallyLockout(l),
        ),
      ),
    );
  }
  const lockout = weakest(perStack);
  facts.lockoutThreshold = lockout.deny;
  if (lockout.deny === 0) {
    unknown.lockoutMinutes = NO_LOCKOUT;
    return;
  }
  // Rounded down, so 29.5 minutes never passes for 30.
  facts.lockoutMinutes = Math.floor(lockout.unlockSeconds / 60);
}
