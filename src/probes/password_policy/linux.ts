import type { Host } from '../../host/types.js';
import { loginDefsNumber } from '../linux/parse.js';
import { readFiles, unreadable } from '../tools.js';
import { notOnThisPc, type ProbeOutput } from '../types.js';
import type { PasswordPolicyFacts } from './facts.js';
import {
  faillockLockout,
  mergeSettings,
  pamArgs,
  pamUnixRemember,
  pamUnixShortest,
  parseNameValueConf,
  parsePamFile,
  pwhistoryRemember,
  pwqualityShortest,
  tallyLockout,
  type Lockout,
  type PamLine,
} from './parse.js';

// The PAM stacks that passwd and the login programs use: Debian/Ubuntu/SUSE include common-*,
// Red Hat/Fedora/Arch include system-auth and password-auth.
const PAM_FILES = ['/etc/pam.d/common-password', '/etc/pam.d/common-auth', '/etc/pam.d/system-auth', '/etc/pam.d/password-auth'];
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
  if (listing.status !== 'ok' && listing.status !== 'missing') return { ok: false, reason: unreadable(host, PWQUALITY_DIR, listing) };
  const dropIns = listing.status === 'ok' ? listing.entries.filter((e) => e.endsWith('.conf')).sort().map((e) => `${PWQUALITY_DIR}/${e}`) : [];
  const confs = await Promise.all([...dropIns, '/etc/security/pwquality.conf'].map((path) => readConf(host, path)));
  const failed = confs.find((c) => !c.ok);
  return failed ?? { ok: true, settings: mergeSettings(...confs.map((c) => (c.ok ? c.settings : new Map<string, string>()))) };
}

/** The weakest of several lockout lines: the most failures allowed (0, never locked, is the most), the shortest lock (0, until unlocked, is the longest). */
function weakest(lockouts: Lockout[]): Lockout {
  const deny = lockouts.some((l) => l.deny === 0) ? 0 : Math.max(...lockouts.map((l) => l.deny));
  const timed = lockouts.map((l) => l.unlockSeconds).filter((s) => s > 0);
  return { deny, unlockSeconds: timed.length > 0 ? Math.min(...timed) : 0 };
}

export async function collectLinux(host: Host): Promise<ProbeOutput<PasswordPolicyFacts>> {
  const [pam, loginDefs, pwquality, faillock, pwhistory] = await Promise.all([
    readFiles(host, PAM_FILES),
    host.readFile('/etc/login.defs'),
    readPwqualityConf(host),
    readConf(host, '/etc/security/faillock.conf'),
    readConf(host, '/etc/security/pwhistory.conf'),
  ]);
  const unknown: Record<string, string> = {};
  const facts: PasswordPolicyFacts = { minLength: null, maxAgeDays: null, lockoutThreshold: null, lockoutMinutes: null, historyLength: null };

  // PASS_MAX_DAYS unset means -1: no expiry (login.defs(5)). PASS_MIN_LEN is not read: PAM replaced it.
  if (loginDefs.status === 'ok') facts.maxAgeDays = Math.max(loginDefsNumber(loginDefs.text, 'PASS_MAX_DAYS') ?? 0, 0);
  else unknown.maxAgeDays = unreadable(host, '/etc/login.defs', loginDefs);

  const pamFacts = ['minLength', 'lockoutThreshold', 'lockoutMinutes', 'historyLength'] as const;
  const pamProblem = pam.failures.length > 0 ? `cannot read ${pam.failures.join(', ')}` : pam.files.length === 0 ? `no PAM configuration found (${PAM_FILES.join(', ')})` : null;
  if (pamProblem) {
    for (const fact of pamFacts) unknown[fact] = pamProblem;
    return { facts, unknown };
  }
  const lines = pam.files.flatMap((f) => parsePamFile(f.text));
  const withModule = (type: string, ...modules: string[]) => lines.filter((l) => l.type === type && modules.includes(l.module));

  collectMinLength(withModule('password', 'pam_pwquality.so', 'pam_cracklib.so', 'pam_unix.so'), pwquality, facts, unknown);
  collectLockout(withModule('auth', 'pam_faillock.so', 'pam_tally2.so', 'pam_tally.so'), faillock, facts, unknown);

  const history = withModule('password', 'pam_pwhistory.so', 'pam_unix.so');
  if (!pwhistory.ok && history.some((l) => l.module === 'pam_pwhistory.so')) unknown.historyLength = pwhistory.reason;
  else facts.historyLength = Math.max(0, ...history.map((l) => (l.module === 'pam_unix.so' ? pamUnixRemember(l) : pwhistoryRemember(pwhistory.ok ? pwhistory.settings : new Map(), l))));
  return { facts, unknown };
}

/** Every module in the password stack must accept a new password, so the strictest minimum holds. */
function collectMinLength(lines: PamLine[], pwquality: Conf, facts: PasswordPolicyFacts, unknown: Record<string, string>): void {
  if (lines.some((l) => l.module === 'pam_cracklib.so')) {
    unknown.minLength = 'pam_cracklib checks passwords here, and shop-audit does not read its settings';
    return;
  }
  if (lines.length === 0) {
    unknown.minLength = 'no pam_pwquality or pam_unix line in the PAM password stack';
    return;
  }
  if (!pwquality.ok && lines.some((l) => l.module === 'pam_pwquality.so')) {
    unknown.minLength = pwquality.reason;
    return;
  }
  const settings = pwquality.ok ? pwquality.settings : new Map<string, string>();
  facts.minLength = Math.max(...lines.map((l) => (l.module === 'pam_unix.so' ? pamUnixShortest(l) : pwqualityShortest(mergeSettings(settings, pamArgs(l))))));
}

const NO_LOCKOUT = notOnThisPc('no account lockout, so no lockout duration: no pam_faillock, or pam_tally2 with deny=, in the PAM auth stack');

function collectLockout(lines: PamLine[], faillock: Conf, facts: PasswordPolicyFacts, unknown: Record<string, string>): void {
  if (!faillock.ok && lines.some((l) => l.module === 'pam_faillock.so')) {
    unknown.lockoutThreshold = unknown.lockoutMinutes = faillock.reason;
    return;
  }
  const conf = faillock.ok ? faillock.settings : new Map<string, string>();
  const lockout = lines.length === 0 ? { deny: 0, unlockSeconds: 0 } : weakest(lines.map((l) => (l.module === 'pam_faillock.so' ? faillockLockout(conf, l) : tallyLockout(l))));
  facts.lockoutThreshold = lockout.deny;
  if (lockout.deny === 0) {
    unknown.lockoutMinutes = NO_LOCKOUT;
    return;
  }
  // Rounded down, so 29.5 minutes never passes for 30.
  facts.lockoutMinutes = Math.floor(lockout.unlockSeconds / 60);
}
