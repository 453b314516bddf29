import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import { screenLock } from '../../src/probes/screen_lock/index.js';
import { WINDOWS_SCRIPT } from '../../src/probes/windows/script.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { exited, noPowerShellPc, reg, wineOutput } from '../helpers/windows-fallback.js';
import { parseWmicTable } from '../../src/probes/windows/fallback-parse.js';
import { parseRegQuery, sample, SHOP_AT_CONSOLE, windowsHost } from '../helpers/windows-samples.js';

// Whose settings: a technician who elevates with his own administrator account must not have his own
// screen saver and AutoPlay settings reported as the shop's. The script reads the per-user keys from
// HKU\<SID> of the person signed in at the screen; when that person is not known on an elevated scan,
// the per-user facts are unknown. SIDs are the real ones of wmic-useraccount__zh-CN-win10-five-local-accounts.txt.

const [admin, , , , xt] = parseWmicTable(wineOutput('wmic-useraccount__zh-CN-win10-five-local-accounts.txt')).map(
  (r) => r.SID!,
);
const desktop = parseRegQuery(sample('reg-query-hkcu-desktop__en-screensaverissecure-0.txt'));
const SCREEN = {
  screenSaverUser: {
    ScreenSaveActive: null,
    ScreenSaverIsSecure: desktop.ScreenSaverIsSecure!,
    ScreenSaveTimeOut: null,
    'SCRNSAVE.EXE': null,
  },
  screenSaverPolicy: null,
  machineInactivity: null,
};

describe("the script reads per-user settings from the console user's hive", () => {
  it('consoleUser comes before every per-user query, and each of them reads $UserHive, never HKCU itself', () => {
    const at = (name: string) => WINDOWS_SCRIPT.indexOf(`Q '${name}'`);
    for (const name of ['screenSaverUser', 'screenSaverPolicy', 'wakeSignIn', 'autorunUser', 'autoplayHandlers'])
      expect(at('consoleUser')).toBeLessThan(at(name));
    const perUser = WINDOWS_SCRIPT.split('\n').filter((l) =>
      /^Q '(screenSaverUser|screenSaverPolicy|autorunUser|autoplayHandlers)'/.test(l),
    );
    expect(perUser).toHaveLength(4);
    for (const line of perUser) expect(line).toMatch(/"\$UserHive\\/);
    expect(WINDOWS_SCRIPT).toContain('if ($sid -and $sid -ne $me) { $script:UserHive = "HKU\\$sid" }');
    expect(WINDOWS_SCRIPT).not.toMatch(
      /'HKCU\\(Control Panel|Software\\Policies|SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\(Policies|Explorer))/,
    );
  });
});

describe('an elevated scan: whose settings', () => {
  it("a technician (the built-in Administrator, RID 500) elevated while the shop user xt is at the screen: the settings read from xt's hive count", async () => {
    const facts = { ...SCREEN, consoleUser: { scanSid: admin, consoleSid: xt } };
    const out = await screenLock.collect.windows(windowsHost(facts, { elevated: true }));
    expect(out.facts).toMatchObject({ requiresPassword: false });
    expect(statuses(await scanWith(windowsHost(facts, { elevated: true })))['screen-lock.idle-timeout']).toBe('fail');
  });

  it("nobody at the screen, elevated: the screen saver, AutoPlay and wake settings are unknown, never the technician's", async () => {
    const facts = { ...SCREEN, consoleUser: { scanSid: admin, consoleSid: null } };
    const out = await screenLock.collect.windows(windowsHost(facts, { elevated: true }));
    expect(out.facts.requiresPassword).toBeNull();
    expect(out.unknown.requiresPassword).toMatch(
      /^nobody is signed in at the screen, and this elevated scan would read its own account's settings/,
    );
    const s = statuses(await scanWith(windowsHost(facts, { elevated: true })));
    expect(s['screen-lock.idle-timeout']).toBe('unknown');
  });

  it("nobody at the screen but not elevated (the user's own session, e.g. over Remote Desktop): their own settings count", async () => {
    const facts = { ...SCREEN, consoleUser: { scanSid: xt, consoleSid: null } };
    expect((await screenLock.collect.windows(windowsHost(facts, { elevated: false }))).facts.requiresPassword).toBe(
      false,
    );
  });

  it('the console user could not be read on an elevated scan: unknown, with why', async () => {
    const failed = {
      consoleUser: {
        type: 'System.Security.Principal.IdentityNotMappedException',
        message: 'Some or all identity references could not be translated.',
      },
    };
    const out = await screenLock.collect.windows(windowsHost(SCREEN, { elevated: true, failed }));
    expect(out.unknown.requiresPassword).toMatch(
      /^whose settings these are is not known \(consoleUser: Some or all identity references could not be translated\.\)/,
    );
    expect(SHOP_AT_CONSOLE.consoleSid).toBe(xt);
  });
});

describe('without PowerShell, elevated: HKCU counts only when nobody else is signed in', () => {
  it("reg-query-hku__this-debian12-wine-8-exit0.txt lists one user hive: HKCU is that person's (the screen saver fails as read)", async () => {
    expect(statuses(await scanWith(createReplayHost(noPowerShellPc(null))))['screen-lock.idle-timeout']).toBe('fail');
  });

  it('the same listing with a second user hive (a technician beside the shop user): the per-user settings are unknown', async () => {
    const bundle = noPowerShellPc(null);
    const two = wineOutput('reg-query-hku__this-debian12-wine-8-exit0.txt').replace(
      'HKEY_USERS\\S-1-5-21-0-0-0-1000',
      `HKEY_USERS\\S-1-5-21-0-0-0-1000\r\nHKEY_USERS\\${admin}\r\nHKEY_USERS\\${admin}_Classes`,
    );
    bundle.commands = bundle.commands.map((c) => (c.args[1] === 'HKU' ? reg('HKU', exited(two)) : c));
    const out = await screenLock.collect.windows(createReplayHost(bundle));
    expect(out.facts.requiresPassword).toBeNull();
    expect(out.unknown.requiresPassword).toMatch(
      /^2 people are signed in: whose per-user settings are the shop's cannot be told without PowerShell/,
    );
  });
});
