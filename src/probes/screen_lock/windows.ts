import type { Collector } from '../types.js';
import { regNumber, windowsAnswers, type AnswerOf } from '../windows/document.js';
import type { ScreenLockFacts } from './index.js';

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

export const collectWindows: Collector<ScreenLockFacts> = async (host) => {
  const a = await windowsAnswers(host, ['screenSaverUser', 'screenSaverPolicy', 'machineInactivity']);
  const unknown: Record<string, string> = {};
  // Every Windows desktop edition has a screen to lock.
  const facts: ScreenLockFacts = { hasDesktop: true, enabled: null, requiresPassword: null, idleSeconds: null, source: null };
  const { screenSaverUser: user, screenSaverPolicy: policy, machineInactivity: machine } = a;
  if (user.ok && policy.ok && machine.ok) Object.assign(facts, effectiveScreenLock(user.value, policy.value, machine.value));
  else {
    const reason = [user, policy, machine].flatMap((x) => (x.ok ? [] : [x.reason]))[0]!;
    for (const k of ['enabled', 'requiresPassword', 'idleSeconds', 'source']) unknown[k] = reason;
  }
  return { facts, unknown };
};
