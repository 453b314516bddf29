import { describe, expect, it } from 'vitest';
import { type Bundle, createReplayHost } from '../../src/host/bundle.js';
import { screenLock } from '../../src/probes/screen_lock/index.js';
import { windowsAnswers } from '../../src/probes/windows/answers.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { exited, noPowerShellPc, reg, wineOutput } from '../helpers/windows-fallback.js';
import { windowsBundle } from '../helpers/windows-samples.js';

// A per-user answer Windows' own tools read (reg.exe, HKCU) is the scanning account's settings. Elevated, that
// may be a technician, an RMM agent running as SYSTEM, or a local administrator beside an Entra ID user: then the
// answer is unknown, never the scanning account's settings taken as the shop's (found by a hostile review: the
// autorun rule passed on a technician's NoDriveTypeAutoRun). Handwritten reg.exe outputs in reg.exe's layout.

const ADMIN = 'S-1-5-21-1-2-3-500';
const SHOP = 'S-1-5-21-9-9-9-1001';
const ENTRA_SHOP = 'S-1-12-1-111-222-333-444';
const FAILED = { type: 'System.Management.Automation.RuntimeException', message: 'the query failed' };
const hives = (...sids: string[]) =>
  reg('HKU', exited(`\r\nHKEY_USERS\\.DEFAULT\r\n${sids.map((s) => `HKEY_USERS\\${s}\r\n`).join('')}\r\n`));
const AUTORUN_OFF_IN_HKCU = [
  reg(
    'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer',
    exited(
      '\r\nHKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\r\n' +
        '    NoDriveTypeAutoRun    REG_DWORD    0xff\r\n\r\n',
    ),
  ),
  reg(
    'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers',
    exited(
      '\r\nHKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers\r\n' +
        '    DisableAutoplay    REG_DWORD    0x1\r\n\r\n',
    ),
  ),
];

/** An elevated scan whose script said who is at the screen, and whose AutoRun queries failed. */
function autorunFailed(scanSid: string, consoleSid: string | null, loaded: string[]): Bundle {
  const bundle = windowsBundle(
    { consoleUser: { scanSid, consoleSid }, autorunMachine: null },
    { elevated: true, failed: { autorunUser: FAILED, autoplayHandlers: FAILED } },
  );
  bundle.commands.push(hives(...loaded), ...AUTORUN_OFF_IN_HKCU);
  return bundle;
}

describe("a failed per-user query read again by reg.exe is the shop's only when the scanning account is at the screen", () => {
  it('nobody at the screen (a technician over remote tools): unknown, not the technician\'s "AutoRun off"', async () => {
    const s = statuses(await scanWith(createReplayHost(autorunFailed(ADMIN, null, [ADMIN, `${ADMIN}_Classes`]))));
    expect(s['autorun.disabled']).toBe('unknown');
  });

  it('a scan as SYSTEM (an RMM agent) with the shop user at the screen: unknown', async () => {
    const s = statuses(await scanWith(createReplayHost(autorunFailed('S-1-5-18', SHOP, ['S-1-5-18', SHOP]))));
    expect(s['autorun.disabled']).toBe('unknown');
  });

  it('the shop user scanning at the screen: the reg.exe answer counts', async () => {
    const s = statuses(await scanWith(createReplayHost(autorunFailed(SHOP, SHOP, [SHOP]))));
    expect(s['autorun.disabled']).toBe('pass');
  });

  it('an Entra ID shop user at the screen beside a local administrator: the screen saver answer is not read', async () => {
    const bundle = windowsBundle(
      { consoleUser: { scanSid: ADMIN, consoleSid: ENTRA_SHOP }, screenSaverPolicy: null, machineInactivity: null },
      { elevated: true, failed: { screenSaverUser: FAILED } },
    );
    bundle.commands.push(
      hives(ADMIN, ENTRA_SHOP),
      reg(
        'HKCU\\Control Panel\\Desktop',
        exited(
          '\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\r\n    ScreenSaveActive    REG_SZ    1\r\n' +
            '    ScreenSaverIsSecure    REG_SZ    1\r\n    ScreenSaveTimeOut    REG_SZ    300\r\n\r\n',
        ),
      ),
    );
    const answers = await windowsAnswers(createReplayHost(bundle), ['screenSaverUser'], undefined);
    expect(answers.screenSaverUser.ok).toBe(false);
    expect(statuses(await scanWith(createReplayHost(bundle)))['screen-lock.idle-timeout']).toBe('unknown');
  });
});

describe('without PowerShell: an Entra ID user hive counts as a person signed in', () => {
  it('a local technician elevated beside an Entra ID shop user: per-user settings unknown', async () => {
    const bundle = noPowerShellPc(null);
    const two = wineOutput('reg-query-hku__this-debian12-wine-8-exit0.txt').replace(
      'HKEY_USERS\\S-1-5-21-0-0-0-1000',
      `HKEY_USERS\\S-1-5-21-0-0-0-1000\r\nHKEY_USERS\\${ENTRA_SHOP}\r\nHKEY_USERS\\${ENTRA_SHOP}_Classes`,
    );
    bundle.commands = bundle.commands.map((c) => (c.args[1] === 'HKU' ? reg('HKU', exited(two)) : c));
    const out = await screenLock.collect.windows!(createReplayHost(bundle));
    expect(out.facts.requiresPassword).toBeNull();
    expect(out.unknown.requiresPassword).toBeTruthy();
  });
});
