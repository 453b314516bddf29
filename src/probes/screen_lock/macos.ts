import type { Host } from '../../host/types.js';
import { exists, MACOS_TOOL, readDefault, refused, run } from '../macos/commands.js';
import { parseDefaultsRead } from '../macos/parse.js';
import { underSudo } from '../tools.js';
import { REASON, type Answer, type Collector } from '../types.js';
import type { ScreenLockFacts } from './facts.js';
import {
  parseIdleTime,
  parsePmsetCustomDisplaySleep,
  parsePmsetDisplaySleep,
  parseScreenLockStatus,
} from './macos-parse.js';

const SCREENLOCK_ARGS = ['-screenLock', 'status'];
const IDLE_ARGS = ['-currentHost', 'read', 'com.apple.screensaver', 'idleTime'];
const SOURCE =
  'sysadminctl -screenLock, screen saver idleTime (a device-management profile first), ' +
  'pmset displaysleep (longest of the power sources)';

/** Seconds until the password is asked after the screen saver or display sleep starts; null = never asked. */
async function passwordDelay(host: Host): Promise<Answer<number | null>> {
  const r = await run(host, MACOS_TOOL.sysadminctl, SCREENLOCK_ARGS);
  // sysadminctl arrived in macOS 10.13; -screenLock status in a later release.
  if (!r.ok) return { ok: false, reason: `${r.reason} (macOS before 10.13 has no sysadminctl -screenLock)` };
  const parsed = parseScreenLockStatus(r.value.stderr + r.value.stdout);
  return parsed
    ? { ok: true, value: parsed.passwordAfterSeconds }
    : { ok: false, reason: refused(MACOS_TOOL.sysadminctl, SCREENLOCK_ARGS, r.value) };
}

/**
 * The screen saver settings a device-management (MDM) profile puts in place, the user's own before the Mac's;
 * they beat what the user set (usnistgov/macos_security#163: a profile's askForPasswordDelay is the delay in force).
 */
const managedDomains = (host: Host) => [
  `/Library/Managed Preferences/${host.user.name}/com.apple.screensaver`,
  '/Library/Managed Preferences/com.apple.screensaver',
];

/** A whole number a profile sets for a screen saver key (seconds, or 0/1 for a switch); null when none does. */
async function managedNumber(host: Host, key: string): Promise<Answer<number | null>> {
  for (const domain of managedDomains(host)) {
    // Most Macs have no profile: defaults runs only where its plist is.
    const present = await exists(host, `${domain}.plist`);
    if (!present.ok) return present;
    if (!present.value) continue;
    const read = await readDefault(host, domain, key);
    if (!read.ok) return read;
    if (read.value === null) continue;
    const value = parseIdleTime(read.value);
    return value === null
      ? { ok: false, reason: `${domain} ${key} is "${read.value}", not a whole number` }
      : { ok: true, value };
  }
  return { ok: true, value: null };
}

/**
 * The password delay in force: a profile that switches the password off wins, and of the user's delay and a
 * profile's the longer counts (a profile may not take over a setting the user changed: openradar 35462422).
 */
async function effectiveDelay(host: Host): Promise<Answer<number | null>> {
  const [own, ask, managed] = await Promise.all([
    passwordDelay(host),
    managedNumber(host, 'askForPassword'),
    managedNumber(host, 'askForPasswordDelay'),
  ]);
  if (!ask.ok) return ask;
  if (ask.value === 0) return { ok: true, value: null };
  if (!own.ok || own.value === null) return own;
  if (!managed.ok) return managed;
  return { ok: true, value: Math.max(own.value, managed.value ?? 0) };
}

/**
 * Seconds until the screen saver starts (0 = never): a profile's, else the user's; null when neither set it
 * (the system default applies).
 */
async function screenSaverIdle(host: Host): Promise<Answer<number | null>> {
  const managed = await managedNumber(host, 'idleTime');
  if (!managed.ok || managed.value !== null) return managed;
  const r = await run(host, MACOS_TOOL.defaults, IDLE_ARGS);
  if (!r.ok) return r;
  const read = parseDefaultsRead(r.value.exitCode, r.value.stdout, r.value.stderr);
  if (!read) return { ok: false, reason: refused(MACOS_TOOL.defaults, IDLE_ARGS, r.value) };
  if (!read.set) return { ok: true, value: null };
  const seconds = parseIdleTime(read.value);
  return seconds === null
    ? { ok: false, reason: `screen saver idleTime is "${read.value}", not a number` }
    : { ok: true, value: seconds };
}

/**
 * Seconds until the display sleeps (0 = never) on the power source where it stays on longest, and the
 * programs that keep it on whatever the setting says.
 */
async function displaySleep(host: Host): Promise<Answer<{ seconds: number; heldOnBy: string[] }>> {
  const [r, custom] = await Promise.all([
    run(host, MACOS_TOOL.pmset, ['-g']),
    run(host, MACOS_TOOL.pmset, ['-g', 'custom']),
  ]);
  if (!r.ok) return r;
  const display = r.value.exitCode === 0 ? parsePmsetDisplaySleep(r.value.stdout) : null;
  if (display === null) return { ok: false, reason: refused(MACOS_TOOL.pmset, ['-g'], r.value) };
  // Without the per-source settings, the one in use is all there is to go on.
  const sources =
    (custom.ok && custom.value.exitCode === 0 ? parsePmsetCustomDisplaySleep(custom.value.stdout) : null) ?? [];
  const minutes = [display.minutes, ...sources];
  const longest = minutes.includes(0) ? 0 : Math.max(...minutes);
  return { ok: true, value: { seconds: longest * 60, heldOnBy: display.heldOnBy } };
}

export const collectMacos: Collector<ScreenLockFacts> = async (host) => {
  // Every Mac has a desktop (the login window and the screen saver belong to macOS itself).
  const facts: ScreenLockFacts = {
    hasDesktop: true,
    enabled: null,
    requiresPassword: null,
    idleSeconds: null,
    source: null,
  };
  const unknown: Record<string, string> = {};
  // The password setting and the screen saver are the console user's; under sudo they would be root's.
  if (underSudo(host)) {
    for (const key of ['enabled', 'requiresPassword', 'idleSeconds', 'source']) unknown[key] = REASON.underSudo;
    return { facts, unknown };
  }
  const [delay, idle, display] = await Promise.all([effectiveDelay(host), screenSaverIdle(host), displaySleep(host)]);
  facts.source = SOURCE;

  if (delay.ok) facts.requiresPassword = delay.value !== null;
  else unknown.requiresPassword = delay.reason;

  // The screen goes dark at the first of the screen saver and display sleep that is on (> 0). A program
  // holding the display on stops display sleep (not the screen saver) for as long as it runs.
  const heldOn = display.ok && display.value.heldOnBy.length > 0;
  if (heldOn) facts.source = `${SOURCE}; display sleep held off by ${display.value.heldOnBy.join(', ')}`;
  const displaySeconds = display.ok ? (heldOn ? 0 : display.value.seconds) : undefined;
  const timers = [idle.ok ? idle.value : undefined, displaySeconds];
  const known = timers.filter((t): t is number => typeof t === 'number');
  const darkAfter = known.filter((t) => t > 0);
  const idleUnsure = !idle.ok || idle.value === null;
  if (darkAfter.length > 0) facts.enabled = true;
  else if (known.length === 2) facts.enabled = false;
  else
    unknown.enabled = !display.ok
      ? display.reason
      : !idle.ok
        ? idle.reason
        : 'the screen saver start time is the system default, which this Mac does not state' +
          (heldOn ? `, and display sleep is held off by ${display.value.heldOnBy.join(', ')}` : '');

  if (delay.ok && delay.value === null) facts.idleSeconds = 0;
  else if (facts.enabled === false) facts.idleSeconds = 0;
  else if (delay.ok && darkAfter.length > 0 && (!idleUnsure || (display.ok && !heldOn))) {
    // With the screen saver start unknown, display sleep is the latest the screen can stay unlocked.
    facts.idleSeconds = Math.min(...darkAfter) + (delay.value ?? 0);
  } else
    unknown.idleSeconds = !delay.ok
      ? delay.reason
      : (unknown.enabled ?? 'neither the screen saver nor display sleep could be read');
  return { facts, unknown };
};
