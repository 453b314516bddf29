import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../../src/host/bundle.js';
import type { StatResult } from '../../../src/host/types.js';
import { screenLock } from '../../../src/probes/screen_lock/index.js';
import { REPO } from '../../helpers/host.js';
import { scanWith, statuses } from '../../helpers/scan.js';
import { parseRegQuery, windowsBundle } from '../../helpers/windows-samples.js';

// Windows runs the screen saver SCRNSAVE.EXE names only when that program is there ("If the specified screen saver
// is not installed on the computer, no screen saver runs": test/fixtures/screen_lock/SOURCES.md). A screen-saver app
// uninstalled leaves the value behind, and the PC never locks by it.

const RULE = 'screen-lock.idle-timeout';
const desktop = parseRegQuery(
  readFileSync(
    path.join(
      REPO,
      'test/fixtures/screen_lock/reg-query-hkcu-desktop__handwritten-per-user-app-screensaver-5min-secure.txt',
    ),
    'utf8',
  ),
);
const SCR = desktop['SCRNSAVE.EXE'] as string;
const unset = { scheme: null, default: null, policy: null };
/** No auto-logon, and no screen saver grace period set (Windows' own 5 seconds). */
const WINLOGON = {
  AutoAdminLogon: '0',
  DefaultUserName: null,
  DefaultDomainName: null,
  ScreenSaverGracePeriod: null,
  DefaultPasswordExists: false,
};
/** A power plan that never asks for the password on wake: the screen saver is the only lock. */
const facts = (saver: Record<string, unknown> = desktop) => ({
  screenSaverUser: { ScreenSaveActive: null, ScreenSaverIsSecure: null, ScreenSaveTimeOut: null, ...saver },
  screenSaverPolicy: null,
  machineInactivity: null,
  winlogon: WINLOGON,
  wakeSignIn: {
    activeScheme: '381b4222-f694-41f0-9685-ff5bb260df2e',
    scheme: { ACSettingIndex: 0, DCSettingIndex: 0 },
    default: null,
    policy: null,
    delayLockInterval: null,
    sleep: { ...unset, scheme: { ACSettingIndex: 0, DCSettingIndex: 0 } },
    display: unset,
    modernStandby: null,
  },
});
const FILE: StatResult = { status: 'ok', kind: 'file', size: 1_024_000, mtimeMs: 0, mode: 0o666 };
const hostWith = (stats: Record<string, StatResult>, answers: Record<string, unknown> = facts()) =>
  createReplayHost({ ...windowsBundle(answers), stats });

describe('the screen saver grace period (Winlogon ScreenSaverGracePeriod) delays the password', () => {
  // Microsoft's registry reference: 0 to 2,147,483 seconds, 5 when unset; set as text (decimal, or 0x hex), as
  // testers found it must be (test/fixtures/screen_lock/SOURCES.md). Handwritten values.
  const graced = (grace: string | number | null) => ({
    ...facts(),
    winlogon: { ...WINLOGON, ScreenSaverGracePeriod: grace },
  });
  const idle = async (grace: string | number | null) =>
    (await screenLock.collect.windows(hostWith({ [SCR]: FILE }, graced(grace)))).facts.idleSeconds;

  it('a day of grace: the password is asked only a day after the screen saver starts, the rule fails', async () => {
    expect(await idle('86400')).toBe(300 + 86400);
    expect(await idle('0x15180')).toBe(300 + 86400);
    expect(await idle(86400)).toBe(300 + 86400);
    expect(statuses(await scanWith(hostWith({ [SCR]: FILE }, graced('86400'))))[RULE]).toBe('fail');
  });

  it("Windows' own 5 seconds, or less, change nothing", async () => {
    for (const grace of [null, '5', '0', 3]) expect(await idle(grace), String(grace)).toBe(300);
  });

  it('a value that is no number: unknown, not a pass', async () => {
    const out = await screenLock.collect.windows(hostWith({ [SCR]: FILE }, graced('a day')));
    expect(out.facts.idleSeconds).toBeNull();
    expect(out.unknown.idleSeconds).toMatch(/ScreenSaverGracePeriod/);
  });
});

describe('the screen saver locks only when its program is on the PC', () => {
  it('its program there: locks after 5 minutes with the password, the rule passes', async () => {
    const host = hostWith({ [SCR]: FILE });
    expect((await screenLock.collect.windows(host)).facts).toMatchObject({
      enabled: true,
      requiresPassword: true,
      idleSeconds: 300,
    });
    expect(statuses(await scanWith(hostWith({ [SCR]: FILE })))[RULE]).toBe('pass');
  });

  it('its program gone (the app uninstalled): no screen saver runs, nothing locks, the rule fails', async () => {
    const out = await screenLock.collect.windows(hostWith({ [SCR]: { status: 'missing' } }));
    expect(out.facts).toMatchObject({ enabled: false, idleSeconds: 0 });
    expect(out.facts.source).toContain(SCR);
    expect(statuses(await scanWith(hostWith({ [SCR]: { status: 'missing' } })))[RULE]).toBe('fail');
  });

  it('its program not checkable: unknown, not a pass; unless something else locks (the screen saver is never later)', async () => {
    const out = await screenLock.collect.windows(hostWith({ [SCR]: { status: 'denied' } }));
    expect(out.facts.idleSeconds).toBeNull();
    expect(out.unknown.idleSeconds).toContain(SCR);
    const limit = { ...facts(), machineInactivity: { InactivityTimeoutSecs: 600 } };
    const locked = await screenLock.collect.windows(hostWith({ [SCR]: { status: 'denied' } }, limit));
    expect(locked.facts).toMatchObject({ enabled: true, requiresPassword: true, idleSeconds: 600 });
  });

  it('a 32-bit shop-audit on 64-bit Windows looks in the native System32 (Sysnative), not the 32-bit SysWOW64', async () => {
    const answers = facts({ ...desktop, 'SCRNSAVE.EXE': 'C:\\WINDOWS\\system32\\scrnsave.scr' });
    const bundle = { ...windowsBundle(answers), stats: { 'C:\\Windows\\Sysnative\\scrnsave.scr': FILE } };
    bundle.env = { ...bundle.env, PROCESSOR_ARCHITEW6432: 'AMD64' };
    bundle.commands = bundle.commands.map((c) => ({ ...c, command: c.command.replace('System32', 'Sysnative') }));
    expect((await screenLock.collect.windows(createReplayHost(bundle))).facts.idleSeconds).toBe(300);
  });

  it('a bare file name is in System32, and %SystemRoot% is expanded, as Windows reads them', async () => {
    const system32 = 'C:\\Windows\\System32\\scrnsave.scr';
    for (const name of ['scrnsave.scr', '%SystemRoot%\\System32\\scrnsave.scr']) {
      const answers = facts({ ...desktop, 'SCRNSAVE.EXE': name });
      const there = await screenLock.collect.windows(hostWith({ [system32]: FILE }, answers));
      expect(there.facts.idleSeconds, name).toBe(300);
      const gone = await screenLock.collect.windows(hostWith({}, answers));
      expect(gone.facts.idleSeconds, name).toBe(0);
    }
  });
});
