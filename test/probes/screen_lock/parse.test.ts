import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  gnomeLock,
  kdeLock,
  mergeKConfigGroup,
  parseGsettingsList,
  parseGvariantBoolean,
  parseGvariantUint,
  parseKConfig,
} from '../../../src/probes/screen_lock/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'screen_lock', name), 'utf8');

describe('GNOME (gsettings)', () => {
  it('reads the screensaver schema (gsettings-list-recursively-screensaver__this-debian12-container-defaults.txt)', async () => {
    const values = parseGsettingsList(
      await fixture('gsettings-list-recursively-screensaver__this-debian12-container-defaults.txt'),
    );
    expect(parseGvariantBoolean(values.get('lock-enabled'))).toBe(true);
    expect(parseGvariantBoolean(values.get('idle-activation-enabled'))).toBe(true);
    expect(parseGvariantUint(values.get('lock-delay'))).toBe(0);
    expect(parseGvariantUint(values.get('logout-delay'))).toBe(7200);
    expect(values.get('picture-uri')).toBe("'file:///usr/share/backgrounds/gnome/adwaita-timed.xml'");
  });

  it('reads idle-delay (gsettings-get-session-idle-delay__this-debian12-container-default.txt)', async () => {
    expect(
      parseGvariantUint(await fixture('gsettings-get-session-idle-delay__this-debian12-container-default.txt')),
    ).toBe(300);
    expect(parseGvariantUint('uint32')).toBeNull();
    expect(parseGvariantBoolean("'true'")).toBeNull();
  });

  it('the lock comes idle-delay + lock-delay seconds after the last input; never when blanking or locking is off', () => {
    expect(gnomeLock({ lockEnabled: true, idleActivation: true, idleDelay: 300, lockDelay: 30 })).toEqual({
      enabled: true,
      requiresPassword: true,
      idleSeconds: 330,
    });
    expect(gnomeLock({ lockEnabled: true, idleDelay: 900, lockDelay: 0 })).toEqual({
      enabled: true,
      requiresPassword: true,
      idleSeconds: 900,
    });
    expect(gnomeLock({ lockEnabled: true, idleActivation: true, idleDelay: 0, lockDelay: 0 })).toEqual({
      enabled: false,
      requiresPassword: true,
      idleSeconds: 0,
    });
    expect(gnomeLock({ lockEnabled: false, idleActivation: true, idleDelay: 300, lockDelay: 0 })).toEqual({
      enabled: true,
      requiresPassword: false,
      idleSeconds: 0,
    });
    expect(gnomeLock({ lockEnabled: true, idleActivation: false, idleDelay: 300, lockDelay: 0 })).toEqual({
      enabled: false,
      requiresPassword: true,
      idleSeconds: 0,
    });
  });
});

describe('KDE (kscreenlockerrc)', () => {
  const daemon = async (...names: string[]) =>
    mergeKConfigGroup(await Promise.all(names.map(async (n) => parseKConfig(await fixture(n)))), 'Daemon');

  it('defaults when there is no file: lock after 5 min + 5 s grace', () => {
    expect(kdeLock(new Map())).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 305 });
  });

  it('Timeout in minutes plus LockGrace seconds (kscreenlockerrc__handwritten-kde-timeout-15min-grace-30s.txt)', async () => {
    expect(kdeLock(await daemon('kscreenlockerrc__handwritten-kde-timeout-15min-grace-30s.txt'))).toEqual({
      enabled: true,
      requiresPassword: true,
      idleSeconds: 930,
    });
  });

  it('Autolock=false never locks (kscreenlockerrc__handwritten-kde-autolock-off.txt)', async () => {
    expect(kdeLock(await daemon('kscreenlockerrc__handwritten-kde-autolock-off.txt'))).toEqual({
      enabled: false,
      requiresPassword: true,
      idleSeconds: 0,
    });
  });

  it('the user file overrides /etc/xdg unless the system file is immutable', async () => {
    const userOff = 'kscreenlockerrc__handwritten-kde-autolock-off.txt';
    expect(
      kdeLock(await daemon('kscreenlockerrc__handwritten-etc-xdg-kiosk-whole-file-immutable.txt', userOff)),
    ).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 305 });
    expect(kdeLock(await daemon('kscreenlockerrc__handwritten-etc-xdg-autolock-key-immutable.txt', userOff))).toEqual({
      enabled: true,
      requiresPassword: true,
      idleSeconds: 605,
    });
    expect(
      kdeLock(
        await daemon(
          'kscreenlockerrc__handwritten-etc-xdg-autolock-key-immutable.txt',
          'kscreenlockerrc__handwritten-kde-timeout-15min-grace-30s.txt',
        ),
      ),
    ).toEqual({
      enabled: true,
      requiresPassword: true,
      idleSeconds: 930,
    });
  });

  it('KConfig booleans, translated keys, immutable groups and unreadable numbers', () => {
    const file = parseKConfig('[Daemon][$i]\nAutolock=off\nTimeout[de]=99\n[Daemon][Sub]\nTimeout=1\n');
    expect(file.groups.get('Daemon')?.immutable).toBe(true);
    expect(mergeKConfigGroup([file, parseKConfig('[Daemon]\nAutolock=true\n')], 'Daemon')).toEqual(
      new Map([['Autolock', 'off']]),
    );
    expect(kdeLock(new Map([['Autolock', 'off']]))).toMatchObject({ enabled: false });
    expect(kdeLock(new Map([['RequirePassword', 'false']]))).toEqual({
      enabled: true,
      requiresPassword: false,
      idleSeconds: 0,
    });
    expect(kdeLock(new Map([['Timeout', 'ten']]))).toEqual({ error: 'kscreenlockerrc Timeout is not a number: ten' });
  });

  it('KConfig boolean words, case and all: only false/no/off/0 are false; an empty value is the default (handwritten values)', () => {
    const table: [string, boolean][] = [
      ['false', false],
      ['No', false],
      ['OFF', false],
      ['0', false],
      ['true', true],
      ['yes', true],
      ['1', true],
      ['whatever', true],
    ];
    for (const [word, enabled] of table)
      expect([word, (kdeLock(new Map([['Autolock', word]])) as { enabled: boolean }).enabled]).toEqual([word, enabled]);
    expect(
      kdeLock(
        new Map([
          ['Autolock', ''],
          ['RequirePassword', ''],
          ['Timeout', ''],
          ['LockGrace', ''],
        ]),
      ),
    ).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 305 });
  });

  it('Timeout 0 never locks; fractions of minutes, negative grace and bad grace (handwritten values)', () => {
    expect(kdeLock(new Map([['Timeout', '0']]))).toEqual({ enabled: false, requiresPassword: true, idleSeconds: 0 });
    expect(kdeLock(new Map([['Timeout', '-1']]))).toEqual({ enabled: false, requiresPassword: true, idleSeconds: 0 });
    expect(
      kdeLock(
        new Map([
          ['Timeout', '1'],
          ['LockGrace', '0'],
        ]),
      ),
    ).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 60 });
    expect(
      kdeLock(
        new Map([
          ['Timeout', '0.5'],
          ['LockGrace', '-10'],
        ]),
      ),
    ).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 30 });
    expect(kdeLock(new Map([['LockGrace', '5s']]))).toEqual({ error: 'kscreenlockerrc LockGrace is not a number: 5s' });
    expect(kdeLock(new Map([['Timeout', '5 min']]))).toEqual({
      error: 'kscreenlockerrc Timeout is not a number: 5 min',
    });
    expect(kdeLock(new Map([['Timeout', '1.']]))).toEqual({ error: 'kscreenlockerrc Timeout is not a number: 1.' });
  });

  it('KConfig files: a whole-file [$i] only before any group, comments, [$e] options kept, a group read again (handwritten)', () => {
    const file = parseKConfig(
      '# comment\n[$i]\n[Daemon]\nTimeout[$e]=7\n#Autolock=false\nLockGrace = 9 \n=x\n[Other]\n[$i]\n[Daemon]\nAutolock=false\n',
    );
    expect(file.immutable).toBe(true);
    expect(file.groups.get('Daemon')?.immutable).toBe(false);
    expect([...(file.groups.get('Daemon')?.entries ?? [])]).toEqual([
      ['Timeout', { value: '7', immutable: false }],
      ['LockGrace', { value: '9', immutable: false }],
      ['Autolock', { value: 'false', immutable: false }],
    ]);
    expect(parseKConfig('[Daemon]\n[$i]\n').immutable).toBe(false);
    expect(parseKConfig('Autolock=false\n').groups.size).toBe(0);
    // A key locked with [$i] keeps its value; the later file still sets the keys that are not locked.
    const system = parseKConfig('[Daemon]\nAutolock[$i]=true\nTimeout=10\n');
    expect(system.groups.get('Daemon')?.entries.get('Autolock')).toEqual({ value: 'true', immutable: true });
    expect(mergeKConfigGroup([system, parseKConfig('[Daemon]\nAutolock=false\nTimeout=1\n')], 'Daemon')).toEqual(
      new Map([
        ['Autolock', 'true'],
        ['Timeout', '1'],
      ]),
    );
    // An immutable group ends the cascade even when it does not hold the key.
    expect(
      mergeKConfigGroup([parseKConfig('[Daemon][$i]\n'), parseKConfig('[Daemon]\nAutolock=false\n')], 'Daemon'),
    ).toEqual(new Map());
    expect(
      mergeKConfigGroup(
        [parseKConfig('[Other]\nAutolock=true\n'), parseKConfig('[Daemon]\nAutolock=false\n')],
        'Daemon',
      ),
    ).toEqual(new Map([['Autolock', 'false']]));
  });
});

describe('GVariant values as gsettings prints them (handwritten forms of the documented syntax)', () => {
  it('unsigned numbers with or without their type; anything else is unreadable', () => {
    const table: [string | undefined, number | null][] = [
      ['uint32 300', 300],
      ['uint16 5', 5],
      ['uint64 7', 7],
      [' 300 \n', 300],
      ['0', 0],
      ['int32 300', null],
      ['uint8 3', null],
      ['-5', null],
      ['3.5', null],
      ['300 s', null],
      ['', null],
      [undefined, null],
    ];
    for (const [text, value] of table) expect([text, parseGvariantUint(text)]).toEqual([text, value]);
  });
  it('booleans: true and false only', () => {
    expect([' true\n', 'false', 'True', '1', undefined].map(parseGvariantBoolean)).toEqual([
      true,
      false,
      null,
      null,
      null,
    ]);
  });
  it('list-recursively lines: schema, key, value with spaces; short lines skipped', () => {
    const values = parseGsettingsList(
      "org.gnome.desktop.screensaver lock-delay uint32 30\n  org.x picture-uri  'a b'\nshort line\n\n",
    );
    expect([...values]).toEqual([
      ['lock-delay', 'uint32 30'],
      ['picture-uri', "'a b'"],
    ]);
  });
});

// Each of these kills a mutant the first mutation run left alive (handwritten values as above).
describe('edges found by mutation testing (handwritten)', () => {
  it('gsettings lines with runs of spaces; numbers after two spaces', () => {
    expect([...parseGsettingsList('org.gnome.desktop.session  idle-delay  uint32 300\n')]).toEqual([
      ['idle-delay', 'uint32 300'],
    ]);
    expect(parseGvariantUint('uint32  300')).toBe(300);
  });
  it('KConfig: indented lines, a group name with brackets inside, a [ in a key name', () => {
    const file = parseKConfig('  [Daemon]\n  Timeout=7\n[Daemon][Sub]\nAuto[lock=false\n');
    expect([...file.groups.keys()]).toEqual(['Daemon', 'Daemon][Sub']);
    expect([...(file.groups.get('Daemon')?.entries ?? [])]).toEqual([['Timeout', { value: '7', immutable: false }]]);
    expect([...(file.groups.get('Daemon][Sub')?.entries ?? [])]).toEqual([]);
  });
  it('KDE numbers: text before the digits is no number; fractions with several digits are', () => {
    expect(kdeLock(new Map([['Timeout', 'x5']]))).toEqual({ error: 'kscreenlockerrc Timeout is not a number: x5' });
    expect(
      kdeLock(
        new Map([
          ['Timeout', '0.25'],
          ['LockGrace', '0'],
        ]),
      ),
    ).toEqual({ enabled: true, requiresPassword: true, idleSeconds: 15 });
  });
});
