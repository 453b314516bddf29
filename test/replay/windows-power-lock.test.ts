import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import { screenLock } from '../../src/probes/screen_lock/index.js';
import { REPO } from '../helpers/host.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { parseRegQuery, sample, windowsBundle, windowsHost } from '../helpers/windows-samples.js';

// A default Windows 10/11 has no screen saver, yet it locks: it sleeps after N minutes and asks for the
// password on wake (Modern Standby PCs: already when the screen turns off). The power plan's values
// come from the real powercfg-q__en-balanced-derived-consolelock-sleep-excerpt.txt (read by GUID and
// position); the screen saver from reg-query-hkcu-desktop__en-screensaverissecure-0.txt.

const BALANCED = '381b4222-f694-41f0-9685-ff5bb260df2e';
const POWERCFG = readFileSync(
  path.join(REPO, 'test/fixtures/screen_lock/powercfg-q__en-balanced-derived-consolelock-sleep-excerpt.txt'),
  'utf8',
);

/** `powercfg /q`: a setting's AC and DC index, the two hex values after its GUID line (labels are translated). */
function indexes(text: string, guid: string): { ACSettingIndex: number; DCSettingIndex: number } {
  const block = text.slice(text.indexOf(`GUID: ${guid}`)).split(/\n\s*\n/)[0]!;
  // The last two hex values of the setting's block: Current AC, then Current DC (in any language).
  const [ac, dc] = [...block.matchAll(/: 0x([0-9a-f]{8})\s*$/gm)].slice(-2);
  return { ACSettingIndex: Number.parseInt(ac![1]!, 16), DCSettingIndex: Number.parseInt(dc![1]!, 16) };
}
const CONSOLELOCK = indexes(POWERCFG, '0e796bdb-100d-47d6-a2d5-f7d2daa51f51');
const SLEEP = indexes(POWERCFG, '29f6c1db-86da-48c5-9fdb-f2b67b1f44da');
const unset = { scheme: null, default: null, policy: null };

const desktop = parseRegQuery(sample('reg-query-hkcu-desktop__en-screensaverissecure-0.txt'));
/** No screen saver chosen (the default): ScreenSaverIsSecure 0 as the sample shows, no program. */
const NO_SAVER = {
  screenSaverUser: {
    ScreenSaveActive: null,
    ScreenSaverIsSecure: desktop.ScreenSaverIsSecure!,
    ScreenSaveTimeOut: null,
    'SCRNSAVE.EXE': null,
  },
  screenSaverPolicy: null,
  machineInactivity: null,
};

const pc = (wake: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...NO_SAVER,
  ...extra,
  wakeSignIn: {
    activeScheme: BALANCED,
    scheme: null,
    default: CONSOLELOCK,
    policy: null,
    delayLockInterval: null,
    sleep: { ...unset, default: SLEEP },
    display: unset,
    modernStandby: null,
    ...wake,
  },
});
const collect = async (facts: Record<string, unknown>) => {
  const out = await screenLock.collect.windows(windowsHost(facts));
  screenLock.facts.parse(out.facts);
  return out;
};
const idleRule = async (facts: Record<string, unknown>) =>
  statuses(await scanWith(windowsHost(facts)))['screen-lock.idle-timeout'];

describe('screen lock on a default Windows 10/11: the power plan locks it', () => {
  it('the real Balanced values read by GUID: password on wake 1/1, sleep after 1800 s / 900 s', () => {
    expect(CONSOLELOCK).toEqual({ ACSettingIndex: 1, DCSettingIndex: 1 });
    expect(SLEEP).toEqual({ ACSettingIndex: 1800, DCSettingIndex: 900 });
  });

  it('no screen saver, Balanced plan: locks after 30 minutes, when the PC sleeps; not "never"; too slow for the 10-minute rule', async () => {
    const out = await collect(pc({}));
    expect(out.facts).toMatchObject({ enabled: true, requiresPassword: true, idleSeconds: 1800 });
    expect(out.facts.source).toBe(
      `plugged in: when the PC sleeps (sleep after by default in power scheme ${BALANCED}: 30 minutes); on battery: when the PC sleeps (sleep after by default in power scheme ${BALANCED}: 15 minutes)`,
    );
    expect(await idleRule(pc({}))).toBe('fail');
  });

  it('sleep after 10 minutes set by policy on both sources: locks after 10 minutes, the rule passes', async () => {
    const facts = pc({ sleep: { ...unset, default: SLEEP, policy: { ACSettingIndex: 600, DCSettingIndex: 600 } } });
    const out = await collect(facts);
    expect(out.facts).toMatchObject({
      idleSeconds: 600,
      source: 'when the PC sleeps (sleep after set by policy: 10 minutes)',
    });
    expect(await idleRule(facts)).toBe('pass');
  });

  it('Modern Standby (CsEnabled 1): it locks when the screen turns off, before it would sleep (display values hand-written: 5 minutes)', async () => {
    const facts = pc({
      modernStandby: 1,
      display: { ...unset, default: { ACSettingIndex: 300, DCSettingIndex: 300 } },
    });
    const out = await collect(facts);
    expect(out.facts.idleSeconds).toBe(300);
    expect(out.facts.source).toMatch(
      /^when the screen turns off \(Modern Standby; turn off the display after by default/,
    );
    expect(await idleRule(facts)).toBe('pass');
  });

  it('truly never: no password on wake, or a plan that never sleeps; only then "never" (0)', async () => {
    for (const wake of [
      { scheme: { ACSettingIndex: 0, DCSettingIndex: 0 } },
      { sleep: { ...unset, default: { ACSettingIndex: 0, DCSettingIndex: 0 } } },
    ]) {
      expect((await collect(pc(wake))).facts).toMatchObject({ enabled: false, idleSeconds: 0 });
    }
  });

  it('a screen saver with password at 5 minutes is sooner than sleep: it decides', async () => {
    const saver = {
      // No grace period set (Windows' own 5 seconds).
      winlogon: {
        AutoAdminLogon: '0',
        DefaultUserName: null,
        DefaultDomainName: null,
        ScreenSaverGracePeriod: null,
        DefaultPasswordExists: false,
      },
      screenSaverUser: {
        ScreenSaveActive: '1',
        ScreenSaverIsSecure: '1',
        ScreenSaveTimeOut: '300',
        'SCRNSAVE.EXE': 'scrnsave.scr',
      },
    };
    // Blank, Windows' own screen saver, in System32 (a bare name is looked for there).
    const blank = {
      'C:\\Windows\\System32\\scrnsave.scr': {
        status: 'ok' as const,
        kind: 'file' as const,
        size: 11776,
        mtimeMs: 0,
        mode: 0,
      },
    };
    const host = createReplayHost({ ...windowsBundle(pc({}, saver)), stats: blank });
    const out = await screenLock.collect.windows(host);
    expect(out.facts).toMatchObject({ idleSeconds: 300, source: 'screen saver (HKCU\\Control Panel\\Desktop)' });
  });

  it('the sleep timeout not set anywhere: unknown with the reason, never a guess', async () => {
    const facts = pc({ sleep: unset });
    const out = await collect(facts);
    expect(out.facts.idleSeconds).toBeNull();
    expect(out.unknown.idleSeconds).toMatch(/sleep timeout is not set anywhere/);
    expect(await idleRule(facts)).toBe('unknown');
  });
});
