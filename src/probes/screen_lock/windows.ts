import type { Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { regNumber, type AnswerOf } from '../windows/document.js';
import type { ScreenLockFacts } from './facts.js';

const USER_KEY = 'HKCU\\Control Panel\\Desktop';
const POLICY_KEY = 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop';
const MACHINE_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System';

type DesktopKey = AnswerOf<'screenSaverUser'>;
type Name = 'ScreenSaveActive' | 'ScreenSaverIsSecure' | 'ScreenSaveTimeOut' | 'SCRNSAVE.EXE';

/**
 * The settings Windows applies: a screen-saver value set by policy wins over the user's own, and
 * the machine inactivity limit (InactivityTimeoutSecs) locks the PC whatever the screen saver does.
 * The effective idle lock is the shorter of the two that lock with the password.
 */
export function effectiveScreenLock(user: DesktopKey, policy: DesktopKey, machine: AnswerOf<'machineInactivity'>): Omit<ScreenLockFacts, 'hasDesktop'> {
  const pick = (name: Name): { value: string | number | null; from: string } => {
    const fromPolicy = policy?.[name] ?? null;
    if (fromPolicy !== null && fromPolicy !== '') return { value: fromPolicy, from: POLICY_KEY };
    return { value: user?.[name] ?? null, from: USER_KEY };
  };
  const active = pick('ScreenSaveActive');
  const secure = pick('ScreenSaverIsSecure');
  const timeout = pick('ScreenSaveTimeOut');
  const program = pick('SCRNSAVE.EXE');
  // With no screen-saver program chosen ("(None)"), nothing starts even when ScreenSaveActive is 1.
  const saverOn = regNumber(active.value) === 1 && typeof program.value === 'string' && program.value.trim() !== '';
  const saverSecure = regNumber(secure.value) === 1;
  const saverSeconds = regNumber(timeout.value);
  const limit = regNumber(machine?.InactivityTimeoutSecs);
  const locks: { seconds: number; source: string }[] = [];
  if (saverOn && saverSecure && saverSeconds !== null && saverSeconds > 0) {
    const sources = [...new Set([active.from, secure.from, timeout.from])].join(' + ');
    locks.push({ seconds: saverSeconds, source: `screen saver (${sources})` });
  }
  if (limit !== null && limit > 0) locks.push({ seconds: limit, source: `machine inactivity limit (${MACHINE_KEY} InactivityTimeoutSecs)` });
  const first = locks.sort((x, y) => x.seconds - y.seconds)[0];
  if (first) return { enabled: true, requiresPassword: true, idleSeconds: first.seconds, source: first.source };
  return {
    enabled: saverOn,
    requiresPassword: saverSecure,
    // Nothing locks the screen with the password by itself.
    idleSeconds: 0,
    source: `screen saver (${[...new Set([active.from, secure.from])].join(' + ')})`,
  };
}

const CONSOLELOCK = '0e796bdb-100d-47d6-a2d5-f7d2daa51f51';
const POWER_POLICY_KEY = `HKLM\\SOFTWARE\\Policies\\Microsoft\\Power\\PowerSettings\\${CONSOLELOCK}`;
const SCHEMES_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power\\User\\PowerSchemes';
// The setting's own definition (no subgroup folder) keeps each scheme's default.
const DEFAULTS_KEY = `HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power\\PowerSettings\\${CONSOLELOCK}\\DefaultPowerSchemeValues`;
/** "If you've been away: Never" on Modern Standby PCs is DelayLockInterval 0xFFFFFFFF (as agadiffe/WindowsMize Set-SigninRequiredIfAway sets it); .NET reads that DWORD as -1. */
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
    return { value: regNumber(answer.default?.[name]), from: `Windows default of power scheme ${scheme} (${DEFAULTS_KEY}) ${name}` };
  };
  const ac = pick('ACSettingIndex');
  const dc = pick('DCSettingIndex');
  const byPolicy = ac.from.startsWith('policy') || dc.from.startsWith('policy');
  const delay = regNumber(answer.delayLockInterval);
  if (!byPolicy && delay !== null && DELAY_LOCK_NEVER.has(delay)) {
    return { facts: { signInOnWake: false, signInOnWakeSource: `${USER_KEY} DelayLockInterval (If you've been away: Never)` } };
  }
  if (!byPolicy && !scheme) return { reason: 'Windows did not say which power scheme is active (ActivePowerScheme)' };
  const off = [ac, dc].find((x) => x.value === 0);
  if (off) return { facts: { signInOnWake: false, signInOnWakeSource: off.from } };
  if (ac.value === 1 && dc.value === 1) return { facts: { signInOnWake: true, signInOnWakeSource: [...new Set([ac.from, dc.from])].join(' + ') } };
  return { reason: `no usable value for "require a password on wakeup" (CONSOLELOCK): ${[ac, dc].filter((x) => x.value !== 1).map((x) => `${x.from} = ${x.value ?? 'unset'}`).join('; ')}` };
}

export const collectWindows: Collector<ScreenLockFacts> = async (host, options) => {
  const a = await windowsAnswers(host, ['screenSaverUser', 'screenSaverPolicy', 'machineInactivity', 'wakeSignIn'], options);
  const unknown: Record<string, string> = {};
  // Every Windows desktop edition has a screen to lock.
  const facts: ScreenLockFacts = { hasDesktop: true, enabled: null, requiresPassword: null, idleSeconds: null, source: null, signInOnWake: null, signInOnWakeSource: null };
  const wake = a.wakeSignIn.ok ? wakeSignIn(a.wakeSignIn.value) : { reason: a.wakeSignIn.reason };
  if ('facts' in wake) Object.assign(facts, wake.facts);
  else unknown.signInOnWake = unknown.signInOnWakeSource = wake.reason;
  const { screenSaverUser: user, screenSaverPolicy: policy, machineInactivity: machine } = a;
  if (user.ok && policy.ok && machine.ok) Object.assign(facts, effectiveScreenLock(user.value, policy.value, machine.value));
  else {
    const reason = [user, policy, machine].flatMap((x) => (x.ok ? [] : [x.reason]))[0]!;
    for (const k of ['enabled', 'requiresPassword', 'idleSeconds', 'source']) unknown[k] = reason;
  }
  return { facts, unknown };
};
