import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cmdlineBlacklistsUsbStorage,
  devicesSeen,
  modprobeUsbStorage,
  usbguardSetting,
  usbstorDeviceName,
} from '../../../src/probes/usb_storage/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'usb_storage', name), 'utf8');

describe('usb_storage parsers', () => {
  it('modprobe.d: install …/true or /bin/false, and blacklist, in either spelling; other files say nothing', () => {
    expect(modprobeUsbStorage(fixture('modprobe-systemd.conf__this-debian12-systemd-252.conf'))).toEqual({
      install: null,
      blacklisted: false,
    });
    expect(modprobeUsbStorage('install usb-storage /bin/true\n').install).toBe('nothing');
    expect(modprobeUsbStorage('install usb_storage /usr/bin/false # no sticks\n').install).toBe('nothing');
    expect(modprobeUsbStorage('blacklist usb_storage\n')).toEqual({ install: null, blacklisted: true });
    expect(
      modprobeUsbStorage('# blacklist usb-storage\ninstall usb-storage /sbin/modprobe --ignore-install usb-storage\n'),
    ).toEqual({ install: 'other', blacklisted: false });
    expect(modprobeUsbStorage('blacklist usb-storage-extra\n').blacklisted).toBe(false);
    // The first install line for the module is the one kmod runs; globs match as fnmatch does.
    expect(modprobeUsbStorage('install usb-storage /bin/sh -c true\ninstall usb-storage /bin/true\n').install).toBe(
      'other',
    );
    expect(modprobeUsbStorage('install usb[_-]stor* /bin/true\n').install).toBe('nothing');
    expect(modprobeUsbStorage('install usb-storage-extra /bin/true\ninstall uas /bin/true\n').install).toBeNull();
  });
  it('the kernel command line: modprobe.blacklist with usb_storage among others', () => {
    expect(cmdlineBlacklistsUsbStorage('BOOT_IMAGE=/vmlinuz ro modprobe.blacklist=nouveau,usb_storage quiet')).toBe(
      true,
    );
    expect(cmdlineBlacklistsUsbStorage('BOOT_IMAGE=/vmlinuz ro modprobe.blacklist=nouveau quiet')).toBe(false);
  });
  it("usbguard-daemon.conf: Debian's package blocks what its rules do not allow", () => {
    const conf = fixture('usbguard-daemon.conf__debian12-usbguard-1.1.2-package.conf');
    expect(usbguardSetting(conf, 'ImplicitPolicyTarget')).toBe('block');
    expect(usbguardSetting(`${conf}\nImplicitPolicyTarget=allow\n`, 'ImplicitPolicyTarget')).toBe('allow');
    expect(usbguardSetting(conf, 'NoSuchKey')).toBeNull();
  });
  it('USBSTOR subkeys: vendor and product, never the instance (serial) part', () => {
    const names = fixture('usbstor-instance-paths__ms-docs-device-control-and-qmk-uf2-readme.txt')
      .trim()
      .split('\n')
      .map((p) => usbstorDeviceName(p.split('\\')[1]!));
    expect(names).toEqual(['GENERIC FLASH DISK', 'YDKB UF2 BOOTLOADER']);
    expect(usbstorDeviceName('Other&Thing')).toBe('Other&Thing');
  });

  it('devicesSeen: one entry per name, the earliest first and latest last day of its devices; kinds matched in any case', () => {
    const kinds = ['Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00', 'Disk&Ven_Kingston&Prod_DataTraveler_3.0&Rev_PMAP'];
    const history = [
      { kind: 'DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00', firstInstall: '2024-02-01T00:00:00Z', lastArrival: null },
      {
        kind: 'DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00',
        firstInstall: '2023-12-01T00:00:00Z',
        lastArrival: '2024-04-01T00:00:00Z',
      },
      // A device the registry did not list (removed since) adds nothing.
      {
        kind: 'DISK&VEN_OTHER&PROD_X&REV_1',
        firstInstall: '2020-01-01T00:00:00Z',
        lastArrival: '2020-01-01T00:00:00Z',
      },
    ];
    expect(devicesSeen(kinds, history)).toEqual([
      { name: 'SanDisk Cruzer Blade', firstConnected: '2023-12-01T00:00:00Z', lastConnected: '2024-04-01T00:00:00Z' },
      { name: 'Kingston DataTraveler 3.0', firstConnected: null, lastConnected: null },
    ]);
    expect(devicesSeen(kinds, null).map((d) => d.lastConnected)).toEqual([null, null]);
  });
});
