import { describe, expect, it } from 'vitest';
import { screenLock } from '../../src/probes/screen_lock/index.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { parseRegQuery, sample, windowsHost } from '../helpers/windows-samples.js';

// "Require a password on wakeup" (CONSOLELOCK 0e796bdb-100d-47d6-a2d5-f7d2daa51f51 in SUB_NONE) as
// the script reports it. No real registry output of these keys exists in test/fixtures/samples, so the
// answers follow the documented layout (__documented-format): the active scheme's ACSettingIndex /
// DCSettingIndex under HKLM\SYSTEM\CurrentControlSet\Control\Power\User\PowerSchemes\<scheme>\
// <SUB_NONE>\<CONSOLELOCK>, the scheme's default under ...\Power\PowerSettings\<CONSOLELOCK>\DefaultPowerSchemeValues,
// the Group Policy values under HKLM\SOFTWARE\Policies\Microsoft\Power\PowerSettings\<CONSOLELOCK>
// (STIG WN10-CC-000145/150), and on Modern Standby PCs "If you've been away" in HKCU\Control Panel\
// Desktop DelayLockInterval (0xFFFFFFFF = Never; agadiffe/WindowsMize, Set-SigninRequiredIfAway).
// The screen-saver answers come from the real reg-query-hkcu-desktop__en-screensaverissecure-0.txt.

const BALANCED = '381b4222-f694-41f0-9685-ff5bb260df2e';
const both = (value: number | null) => ({ ACSettingIndex: value, DCSettingIndex: value });
const reg = parseRegQuery(sample('reg-query-hkcu-desktop__en-screensaverissecure-0.txt'));
const SCREEN_SAVER = {
  screenSaverUser: {
    ScreenSaveActive: null,
    ScreenSaverIsSecure: reg.ScreenSaverIsSecure!,
    ScreenSaveTimeOut: null,
    'SCRNSAVE.EXE': null,
  },
  screenSaverPolicy: null,
  machineInactivity: null,
};
type Wake = {
  activeScheme?: string | null;
  scheme?: unknown;
  default?: unknown;
  policy?: unknown;
  delayLockInterval?: number | null;
};
/** A PC that never sleeps (sleep after 0): only the wake setting is tested here (windows-power-lock.test.ts: the sleep). */
const NEVER_SLEEPS = { scheme: null, default: both(0), policy: null };
const answers = (wake: Wake) => ({
  ...SCREEN_SAVER,
  wakeSignIn: {
    activeScheme: BALANCED,
    scheme: null,
    default: both(1),
    policy: null,
    delayLockInterval: null,
    sleep: NEVER_SLEEPS,
    ...wake,
  },
});

const collect = async (wake: Wake) => {
  const out = await screenLock.collect.windows(windowsHost(answers(wake)));
  screenLock.facts.parse(out.facts);
  return out;
};
const wakeRule = async (wake: Wake) =>
  statuses(await scanWith(windowsHost(answers(wake))))['screen-lock.sign-in-on-wake'];

describe('screen_lock on Windows: sign-in required on wake (__documented-format answers)', () => {
  it('never changed: the scheme default (1) asks for the password, and the rule passes', async () => {
    const out = await collect({});
    expect(out.facts.signInOnWake).toBe(true);
    expect(out.facts.signInOnWakeSource).toContain(`Windows default of power scheme ${BALANCED}`);
    expect(await wakeRule({})).toBe('pass');
  });

  it('"Require sign-in: Never" on a classic-sleep PC (the scheme says 0) fails, naming the scheme', async () => {
    const out = await collect({ scheme: both(0) });
    expect(out.facts).toMatchObject({ signInOnWake: false });
    expect(out.facts.signInOnWakeSource).toBe(
      `power scheme ${BALANCED} (HKLM\\SYSTEM\\CurrentControlSet\\Control\\Power\\User\\PowerSchemes) ACSettingIndex`,
    );
    expect(await wakeRule({ scheme: both(0) })).toBe('fail');
  });

  it('only on battery off (DC 0) is still off', async () => {
    expect((await collect({ scheme: { ACSettingIndex: 1, DCSettingIndex: 0 } })).facts.signInOnWake).toBe(false);
  });

  it('"If you\'ve been away: Never" on a Modern Standby PC (DelayLockInterval 0xFFFFFFFF, read by .NET as -1) fails; a delay of 15 minutes does not', async () => {
    for (const never of [-1, 0xffffffff]) {
      const out = await collect({ delayLockInterval: never });
      expect(out.facts).toMatchObject({
        signInOnWake: false,
        signInOnWakeSource: "HKCU\\Control Panel\\Desktop DelayLockInterval (If you've been away: Never)",
      });
    }
    expect(await wakeRule({ delayLockInterval: -1 })).toBe('fail');
    expect((await collect({ delayLockInterval: 900 })).facts.signInOnWake).toBe(true);
  });

  it('the power policy wins over the scheme and over the user setting', async () => {
    const out = await collect({ policy: both(1), scheme: both(0), delayLockInterval: -1 });
    expect(out.facts.signInOnWake).toBe(true);
    expect(out.facts.signInOnWakeSource).toMatch(
      /^policy \(HKLM\\SOFTWARE\\Policies\\Microsoft\\Power\\PowerSettings\\0e796bdb-100d-47d6-a2d5-f7d2daa51f51 ACSettingIndex\)/,
    );
    expect((await collect({ policy: both(0) })).facts.signInOnWake).toBe(false);
  });

  it('no value anywhere, or no active scheme: unknown with the reason, never a guess', async () => {
    const none = await collect({ default: null });
    expect(none.facts.signInOnWake).toBeNull();
    expect(none.unknown.signInOnWake).toMatch(/no usable value for "require a password on wakeup" \(CONSOLELOCK\)/);
    expect(await wakeRule({ default: null })).toBe('unknown');
    const noScheme = await collect({ activeScheme: null, default: null });
    expect(noScheme.unknown.signInOnWake).toMatch(/which power scheme is active/);
  });

  it('the idle lock keeps its own seconds and source: the wake setting changes neither', async () => {
    const on = await collect({ scheme: both(1) });
    const off = await collect({ scheme: both(0) });
    expect(on.facts).toMatchObject({
      requiresPassword: false,
      idleSeconds: 0,
      source: 'screen saver (HKCU\\Control Panel\\Desktop)',
    });
    const { signInOnWake: _on, signInOnWakeSource: _onSource, ...idleOn } = on.facts;
    const { signInOnWake: _off, signInOnWakeSource: _offSource, ...idleOff } = off.facts;
    expect(idleOff).toEqual(idleOn);
    expect(statuses(await scanWith(windowsHost(answers({ scheme: both(1) }))))['screen-lock.idle-timeout']).toBe(
      'fail',
    );
  });

  it('the wake query failing leaves the idle-lock facts read', async () => {
    const failed = {
      wakeSignIn: { type: 'System.Security.SecurityException', message: 'Requested registry access is not allowed.' },
    };
    const out = await screenLock.collect.windows(windowsHost({ ...SCREEN_SAVER, wakeSignIn: null }, { failed }));
    expect(out.facts).toMatchObject({ signInOnWake: null, signInOnWakeSource: null, requiresPassword: false });
    expect(out.unknown.signInOnWake).toMatch(/Requested registry access is not allowed/);
    expect(out.unknown.requiresPassword).toBeUndefined();
  });
});
