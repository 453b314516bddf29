import { describeFailure, type Host } from '../../host/types.js';
import type { Answer, Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { expandVariables, regNumber, system32, systemRoot, type AnswerOf } from '../windows/document.js';
import type { ScreenLockFacts } from './facts.js';

const USER_KEY = 'HKCU\\Control Panel\\Desktop';
const POLICY_KEY = 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop';
const MACHINE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System';

type DesktopKey = AnswerOf<'screenSaverUser'>;
type Name = 'ScreenSaveActive' | 'ScreenSaverIsSecure' | 'ScreenSaveTimeOut' | 'SCRNSAVE.EXE';

/** A screen-saver value as Windows applies it: set by policy, it wins over the user's own. */
function pick(user: DesktopKey, policy: DesktopKey, name: Name): { value: string | number | null; from: string } {
  const fromPolicy = policy?.[name] ?? null;
  if (fromPolicy !== null && fromPolicy !== '') return { value: fromPolicy, from: POLICY_KEY };
  return { value: user?.[name] ?? null, from: USER_KEY };
}

/**
 * The screen-saver program that would lock the PC (on, with the password, after some seconds), or null when the
 * settings lock nothing whatever the program: only then does its file need to be there.
 */
export function lockingScreenSaver(user: DesktopKey, policy: DesktopKey): string | null {
  const program = pick(user, policy, 'SCRNSAVE.EXE').value;
  const seconds = regNumber(pick(user, policy, 'ScreenSaveTimeOut').value);
  const locks =
    regNumber(pick(user, policy, 'ScreenSaveActive').value) === 1 &&
    regNumber(pick(user, policy, 'ScreenSaverIsSecure').value) === 1 &&
    seconds !== null &&
    seconds > 0;
  return locks && typeof program === 'string' && program.trim() !== '' ? program.trim() : null;
}

/**
 * Where Windows looks for a screen-saver program: a full path as written (environment variables expanded), a
 * bare file name in System32 (Microsoft's registry reference of SCRNSAVE.EXE). A reason instead where it is not
 * checked: a variable this scan does not know, or a network path (a stat of it could wait on the network).
 */
export function screenSaverFile(value: string, host: Host): { path: string } | { reason: string } {
  const { text, unknown } = expandVariables(value.replace(/^"(.*)"$/, '$1'), (name) =>
    /^(systemroot|windir)$/i.test(name) ? systemRoot(host) : host.env(name),
  );
  if (unknown) return { reason: `the screen saver ${value} names ${unknown}, which this scan cannot expand` };
  if (text.startsWith('\\\\'))
    return { reason: `the screen saver ${value} is on a network share: whether it is there was not checked` };
  // System32 through the folder this process sees as it (system32: not the 32-bit SysWOW64 of a WOW64 process).
  const native = `${systemRoot(host)}\\System32\\`;
  if (!/^[A-Za-z]:\\/.test(text)) return { path: `${system32(host)}\\${text}` };
  const inSystem32 = text.toLowerCase().startsWith(native.toLowerCase());
  return { path: inSystem32 ? `${system32(host)}\\${text.slice(native.length)}` : text };
}

/** The locking screen saver's program file: there, gone, or why not known; null when no program would lock. */
type ProgramFile = { path: string; there: boolean } | { reason: string } | null;

const WINLOGON_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
/** Windows' own grace period when ScreenSaverGracePeriod is unset, which any screen-lock limit already allows. */
const DEFAULT_GRACE_SECONDS = 5;

/**
 * The seconds a password-protected screen saver runs before it asks for the password (Winlogon
 * ScreenSaverGracePeriod: 0 to 2,147,483, 5 when unset; kept as text, decimal or 0x hex, or a DWORD). Only what
 * exceeds Windows' own 5 seconds is added to the lock; a value that is no number is a reason.
 */
export function screenSaverGrace(value: string | number | null | undefined): { seconds: number } | { reason: string } {
  if (value === null || value === undefined || value === '') return { seconds: 0 };
  const text = String(value).trim();
  const seconds = /^0x[\da-f]+$/i.test(text) ? Number.parseInt(text, 16) : regNumber(text);
  if (seconds === null || seconds < 0)
    return {
      reason: `${WINLOGON_KEY} ScreenSaverGracePeriod is ${JSON.stringify(value)}, which is no number of seconds`,
    };
  return { seconds: seconds > DEFAULT_GRACE_SECONDS ? seconds : 0 };
}

/**
 * The settings Windows applies: a screen-saver value set by policy wins over the user's own, and
 * the machine inactivity limit (InactivityTimeoutSecs) locks the PC whatever the screen saver does.
 * The effective idle lock is the shorter of the two that lock with the password. A screen saver
 * whose program is not on the PC does not run ("no screen saver runs"), so it locks nothing.
 */
export function effectiveScreenLock(
  user: DesktopKey,
  policy: DesktopKey,
  machine: AnswerOf<'machineInactivity'>,
  power: PowerLocks,
  programFile: ProgramFile,
  grace: { seconds: number } | { reason: string },
): { facts: Omit<ScreenLockFacts, 'hasDesktop' | 'signInOnWake' | 'signInOnWakeSource'> } | { reason: string } {
  const active = pick(user, policy, 'ScreenSaveActive');
  const secure = pick(user, policy, 'ScreenSaverIsSecure');
  const timeout = pick(user, policy, 'ScreenSaveTimeOut');
  const program = pick(user, policy, 'SCRNSAVE.EXE');
  const gone = programFile && 'there' in programFile && !programFile.there ? programFile.path : null;
  // With no screen-saver program chosen ("(None)"), or its file gone, nothing starts even when ScreenSaveActive is 1.
  const saverOn =
    regNumber(active.value) === 1 && typeof program.value === 'string' && program.value.trim() !== '' && gone === null;
  const saverSecure = regNumber(secure.value) === 1;
  const saverSeconds = regNumber(timeout.value);
  const limit = regNumber(machine?.InactivityTimeoutSecs);
  const locks: { seconds: number; source: string }[] = [];
  const saverLocks = saverOn && saverSecure && saverSeconds !== null && saverSeconds > 0;
  // A screen saver whose file or grace period could not be read may lock sooner than the rest, never later.
  const fileUnknown = programFile && 'reason' in programFile ? programFile.reason : null;
  const saverUnknown = saverLocks ? (fileUnknown ?? ('reason' in grace ? grace.reason : null)) : null;
  if (saverLocks && !fileUnknown && 'seconds' in grace) {
    const sources = [...new Set([active.from, secure.from, timeout.from])].join(' + ');
    const delay = grace.seconds > 0 ? `, the password asked ${grace.seconds} s later (ScreenSaverGracePeriod)` : '';
    locks.push({ seconds: saverSeconds + grace.seconds, source: `screen saver (${sources}${delay})` });
  }
  if (limit !== null && limit > 0)
    locks.push({ seconds: limit, source: `machine inactivity limit (${MACHINE_KEY} InactivityTimeoutSecs)` });
  // Plugged in and on battery each lock at their first lock; the PC is as safe as the later of the two.
  const perSource = (['AC', 'DC'] as const).map((s) => {
    const p = power[s];
    const all = 'seconds' in p ? [...locks, { seconds: p.seconds, source: p.how }] : locks;
    const first = [...all].sort((x, y) => x.seconds - y.seconds)[0];
    return first ?? ('reason' in p ? { reason: p.reason } : null);
  });
  if (perSource.some((x) => x !== null && 'reason' in x)) {
    const unread = perSource.find((x): x is { reason: string } => x !== null && 'reason' in x)!;
    return { reason: unread.reason };
  }
  const worst = (perSource as ({ seconds: number; source: string } | null)[]).reduce<
    { seconds: number; source: string } | null | undefined
  >((w, x) => (w === undefined ? x : w === null || x === null ? null : x.seconds > w.seconds ? x : w), undefined);
  if (worst) {
    const [ac, dc] = perSource as { seconds: number; source: string }[];
    const source = ac!.source === dc!.source ? worst.source : `plugged in: ${ac!.source}; on battery: ${dc!.source}`;
    return { facts: { enabled: true, requiresPassword: true, idleSeconds: worst.seconds, source } };
  }
  if (saverUnknown) return { reason: saverUnknown };
  return {
    facts: {
      enabled: saverOn,
      requiresPassword: saverSecure,
      // Nothing locks the screen with the password by itself (on at least one power source).
      idleSeconds: 0,
      source:
        `screen saver (${[...new Set([active.from, secure.from])].join(' + ')})` +
        (gone ? `: its program ${gone} is not on this PC, so no screen saver runs` : ''),
    },
  };
}

type PowerSettingAnswer = AnswerOf<'wakeSignIn'>['sleep'];
/** How the power plan locks the PC on one power source: after some seconds, never, or not known. */
type PowerLock = { seconds: number; how: string } | { never: true } | { reason: string };
type PowerLocks = Record<'AC' | 'DC', PowerLock>;
const NEVER: PowerLock = { never: true };
const minutes = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`);

/** A power setting's value on one power source: the policy, else the active scheme's own, else its default. */
function powerValue(
  setting: PowerSettingAnswer,
  index: 'ACSettingIndex' | 'DCSettingIndex',
  name: string,
  scheme: string | null,
): { value: number | null; from: string } {
  const policy = regNumber(setting?.policy?.[index]);
  if (policy !== null) return { value: policy, from: `${name} set by policy` };
  const own = regNumber(setting?.scheme?.[index]);
  if (own !== null) return { value: own, from: `${name} of power scheme ${scheme}` };
  return { value: regNumber(setting?.default?.[index]), from: `${name} by default in power scheme ${scheme}` };
}

/**
 * How the power plan locks a PC left alone, per power source (AC plugged in, DC on battery): when it
 * goes to sleep (STANDBYIDLE) and asks for the password on wake (CONSOLELOCK); on a Modern Standby PC
 * (CsEnabled 1) already when the display turns off (VIDEOIDLE), plus the "If you've been away" delay.
 * A PC whose standby mode is not known is judged by its sleep timeout alone (the later one).
 */
export function powerLocks(answer: AnswerOf<'wakeSignIn'>): PowerLocks {
  const scheme = answer.activeScheme;
  const wake = wakeSignIn(answer);
  const modernStandby = regNumber(answer.modernStandby) === 1;
  const delay = regNumber(answer.delayLockInterval);
  const lockFor = (source: 'AC' | 'DC'): PowerLock => {
    const index = source === 'AC' ? 'ACSettingIndex' : 'DCSettingIndex';
    const sleep = powerValue(answer.sleep, index, 'sleep after', scheme);
    const display = powerValue(answer.display, index, 'turn off the display after', scheme);
    const locks: { seconds: number; how: string }[] = [];
    if (sleep.value !== null && sleep.value > 0)
      locks.push({ seconds: sleep.value, how: `when the PC sleeps (${sleep.from}: ${minutes(sleep.value)})` });
    if (modernStandby && display.value !== null && display.value > 0) {
      const extra = delay !== null && delay > 0 && !DELAY_LOCK_NEVER.has(delay) ? delay : 0;
      locks.push({
        seconds: display.value + extra,
        how: `when the screen turns off (Modern Standby; ${display.from}: ${minutes(display.value)})`,
      });
    }
    if ('facts' in wake && wake.facts.signInOnWake === false) return NEVER;
    const first = locks.sort((x, y) => x.seconds - y.seconds)[0];
    if (first) return 'facts' in wake ? first : { reason: wake.reason };
    if (sleep.value === null) return { reason: `the power plan's sleep timeout is not set anywhere (${sleep.from})` };
    return NEVER;
  };
  return { AC: lockFor('AC'), DC: lockFor('DC') };
}

const CONSOLELOCK = '0e796bdb-100d-47d6-a2d5-f7d2daa51f51';
const POWER_POLICY_KEY = `HKLM\\SOFTWARE\\Policies\\Microsoft\\Power\\PowerSettings\\${CONSOLELOCK}`;
const SCHEMES_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power\\User\\PowerSchemes';
// The setting's own definition (no subgroup folder) keeps each scheme's default.
const DEFAULTS_KEY =
  `HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power\\PowerSettings\\${CONSOLELOCK}` + `\\DefaultPowerSchemeValues`;
/**
 * "If you've been away: Never" on Modern Standby PCs is DelayLockInterval 0xFFFFFFFF (as agadiffe/WindowsMize
 * Set-SigninRequiredIfAway sets it); .NET reads that DWORD as -1.
 */
const DELAY_LOCK_NEVER = new Set([-1, 0xffffffff]);

type WakeFacts = Pick<ScreenLockFacts, 'signInOnWake' | 'signInOnWakeSource'>;

/**
 * Whether waking from sleep asks for the password. The power policy wins; otherwise the user's
 * "If you've been away: Never" (Modern Standby PCs keep it in DelayLockInterval) turns it off;
 * otherwise the active power scheme's CONSOLELOCK, or the scheme's default when it was never changed.
 * Plugged in (AC) and on battery (DC) must both ask.
 */
export function wakeSignIn(answer: AnswerOf<'wakeSignIn'>): { facts: WakeFacts } | { reason: string } {
  const scheme = answer.activeScheme;
  const pick = (name: 'ACSettingIndex' | 'DCSettingIndex'): { value: number | null; from: string } => {
    const policy = regNumber(answer.policy?.[name]);
    if (policy !== null) return { value: policy, from: `policy (${POWER_POLICY_KEY} ${name})` };
    const own = regNumber(answer.scheme?.[name]);
    if (own !== null) return { value: own, from: `power scheme ${scheme} (${SCHEMES_KEY}) ${name}` };
    return {
      value: regNumber(answer.default?.[name]),
      from: `Windows default of power scheme ${scheme} (${DEFAULTS_KEY}) ${name}`,
    };
  };
  const ac = pick('ACSettingIndex');
  const dc = pick('DCSettingIndex');
  const byPolicy = ac.from.startsWith('policy') || dc.from.startsWith('policy');
  const delay = regNumber(answer.delayLockInterval);
  if (!byPolicy && delay !== null && DELAY_LOCK_NEVER.has(delay)) {
    return {
      facts: { signInOnWake: false, signInOnWakeSource: `${USER_KEY} DelayLockInterval (If you've been away: Never)` },
    };
  }
  if (!byPolicy && !scheme) return { reason: 'Windows did not say which power scheme is active (ActivePowerScheme)' };
  const off = [ac, dc].find((x) => x.value === 0);
  if (off) return { facts: { signInOnWake: false, signInOnWakeSource: off.from } };
  if (ac.value === 1 && dc.value === 1)
    return { facts: { signInOnWake: true, signInOnWakeSource: [...new Set([ac.from, dc.from])].join(' + ') } };
  return {
    reason: `no usable value for "require a password on wakeup" (CONSOLELOCK): ${[ac, dc]
      .filter((x) => x.value !== 1)
      .map((x) => `${x.from} = ${x.value ?? 'unset'}`)
      .join('; ')}`,
  };
}

/** Whether the screen saver that would lock has its program file on this PC (read only when one would lock). */
async function programFileOf(host: Host, user: Answer<DesktopKey>, policy: Answer<DesktopKey>): Promise<ProgramFile> {
  const program = user.ok && policy.ok ? lockingScreenSaver(user.value, policy.value) : null;
  if (program === null) return null;
  const file = screenSaverFile(program, host);
  if ('reason' in file) return file;
  const stat = await host.stat(file.path);
  if (stat.status === 'ok') return { path: file.path, there: stat.kind !== 'dir' };
  if (stat.status === 'missing') return { path: file.path, there: false };
  return { reason: `whether the screen saver's program ${file.path} is on this PC: ${describeFailure(stat)}` };
}

export const collectWindows: Collector<ScreenLockFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    ['screenSaverUser', 'screenSaverPolicy', 'machineInactivity', 'wakeSignIn', 'winlogon'],
    options,
  );
  const unknown: Record<string, string> = {};
  // Every Windows desktop edition has a screen to lock.
  const facts: ScreenLockFacts = {
    hasDesktop: true,
    enabled: null,
    requiresPassword: null,
    idleSeconds: null,
    source: null,
    signInOnWake: null,
    signInOnWakeSource: null,
  };
  const wake = a.wakeSignIn.ok ? wakeSignIn(a.wakeSignIn.value) : { reason: a.wakeSignIn.reason };
  if ('facts' in wake) Object.assign(facts, wake.facts);
  else unknown.signInOnWake = unknown.signInOnWakeSource = wake.reason;
  const { screenSaverUser: user, screenSaverPolicy: policy, machineInactivity: machine } = a;
  // Without the power plan only the screen saver and the inactivity limit are known to lock.
  const power = a.wakeSignIn.ok ? powerLocks(a.wakeSignIn.value) : { AC: NEVER, DC: NEVER };
  const lock =
    user.ok && policy.ok && machine.ok
      ? effectiveScreenLock(
          user.value,
          policy.value,
          machine.value,
          power,
          await programFileOf(host, user, policy),
          a.winlogon.ok ? screenSaverGrace(a.winlogon.value.ScreenSaverGracePeriod) : { reason: a.winlogon.reason },
        )
      : null;
  if (lock && 'facts' in lock) Object.assign(facts, lock.facts);
  else {
    const reason = lock?.reason ?? [user, policy, machine].flatMap((x) => (x.ok ? [] : [x.reason]))[0]!;
    for (const k of ['enabled', 'requiresPassword', 'idleSeconds', 'source']) unknown[k] = reason;
  }
  return { facts, unknown, readWith: a.readWith };
};
