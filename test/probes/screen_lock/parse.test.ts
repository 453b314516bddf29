import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gnomeLock, kdeLock, mergeKConfigGroup, parseGsettingsList, parseGvariantBoolean, parseGvariantUint, parseKConfig } from '../../../src/probes/screen_lock/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'screen_lock', name), 'utf8');

describe('GNOME (gsettings)', () => {
  it('reads the screensaver schema (gsettings-list-recursively-screensaver__this-debian12-container-defaults.txt)', async () => {
    const values = parseGsettingsList(await fixture('gsettings-list-recursively-screensaver__this-debian12-container-defaults.txt'));
    expect(parseGvariantBoolean(values.get('lock-enabled'))).toBe(true);
    expect(parseGvariantBoolean(values.get('idle-activation-enabled'))).toBe(true);
    expect(parseGvariantUint(values.get('lock-delay'))).toBe(0);
    expect(parseGvariantUint(values.get('logout-delay'))).toBe(7200);
    expect(values.get('picture-uri')).toBe("'file:///usr/share/backgrounds/gnome/adwaita-timed.xml'");
  });

  it('reads idle-delay (gsettings-get-session-idle-delay__this-debian12-container-default.txt)', async () => {
    expect(parseGvariantUint(await fixture('gsettings-get-session-idle-delay__this-debian12-container-default.txt'))).toBe(300);
    expect(parseGvariantUint('uint32')).toBeNull();
    expect(parseGvariantBoolean("'true'")).toBeNull();
  });

  it('the lock comes idle-delay + lock-delay seconds after the last input; never when blanking or locking is off', () => {
    expect(gnomeLock({ lockEnabled: true, idleActivation: true, idleDelay: 300, lockDelay: 30 })).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 330 });
    expect(gnomeLock({ lockEnabled: true, idleDelay: 900, lockDelay: 0 })).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 900 });
    expect(gnomeLock({ lockEnabled: true, idleActivation: true, idleDelay: 0, lockDelay: 0 })).toEqual({ enabled: false, requiresPassword: true, idleSeconds: 0 });
    expect(gnomeLock({ lockEnabled: false, idleActivation: true, idleDelay: 300, lockDelay: 0 })).toEqual({ enabled: true, requiresPassword: false, idleSeconds: 0 });
    expect(gnomeLock({ lockEnabled: true, idleActivation: false, idleDelay: 300, lockDelay: 0 })).toEqual({ enabled: false, requiresPassword: true, idleSeconds: 0 });
  });
});

describe('KDE (kscreenlockerrc)', () => {
  const daemon = async (...names: string[]) => mergeKConfigGroup(await Promise.all(names.map(async (n) => parseKConfig(await fixture(n)))), 'Daemon');

  it('defaults when there is no file: lock after 5 min + 5 s grace', () => {
    expect(kdeLock(new Map())).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 305 });
  });

  it('Timeout in minutes plus LockGrace seconds (kscreenlockerrc__handwritten-kde-timeout-15min-grace-30s.txt)', async () => {
    expect(kdeLock(await daemon('kscreenlockerrc__handwritten-kde-timeout-15min-grace-30s.txt'))).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 930 });
  });

  it('Autolock=false never locks (kscreenlockerrc__handwritten-kde-autolock-off.txt)', async () => {
    expect(kdeLock(await daemon('kscreenlockerrc__handwritten-kde-autolock-off.txt'))).toEqual({ enabled: false, requiresPassword: true, idleSeconds: 0 });
  });

  it('the user file overrides /etc/xdg unless the system file is immutable', async () => {
    const userOff = 'kscreenlockerrc__handwritten-kde-autolock-off.txt';
    expect(kdeLock(await daemon('kscreenlockerrc__handwritten-etc-xdg-kiosk-whole-file-immutable.txt', userOff))).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 305 });
    expect(kdeLock(await daemon('kscreenlockerrc__handwritten-etc-xdg-autolock-key-immutable.txt', userOff))).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 605 });
    expect(kdeLock(await daemon('kscreenlockerrc__handwritten-etc-xdg-autolock-key-immutable.txt', 'kscreenlockerrc__handwritten-kde-timeout-15min-grace-30s.txt'))).toEqual({
      enabled: true,
      requiresPassword: true,
      idleSeconds: 930,
    });
  });

  it('KConfig booleans, translated keys, immutable groups and unreadable numbers', () => {
    const file = parseKConfig('[Daemon][$i]\nAutolock=off\nTimeout[de]=99\n[Daemon][Sub]\nTimeout=1\n');
    expect(file.groups.get('Daemon')?.immutable).toBe(true);
    expect(mergeKConfigGroup([file, parseKConfig('[Daemon]\nAutolock=true\n')], 'Daemon')).toEqual(new Map([['Autolock', 'off']]));
    expect(kdeLock(new Map([['Autolock', 'off']]))).toMatchObject({ enabled: false });
    expect(kdeLock(new Map([['RequirePassword', 'false']]))).toEqual({ enabled: true, requiresPassword: false, idleSeconds: 0 });
    expect(kdeLock(new Map([['Timeout', 'ten']]))).toEqual({ error: 'kscreenlockerrc Timeout is not a number: ten' });
  });
});
