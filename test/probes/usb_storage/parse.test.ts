import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cmdlineBlacklist,
  devicesSeen,
  modprobeSays,
  modulesNeeding,
  USB_STORAGE,
  usbguardSetting,
  usbstorDeviceName,
} from '../../../src/probes/usb_storage/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'usb_storage', name), 'utf8');

describe('usb_storage parsers', () => {
  it('modprobe.d: install …/true or /bin/false, and blacklist, in either spelling; other files say nothing', () => {
    expect(modprobeSays(fixture('modprobe-systemd.conf__this-debian12-systemd-252.conf'), USB_STORAGE)).toEqual({
      install: null,
      blacklisted: false,
    });
    expect(modprobeSays('install usb-storage /bin/true\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('install usb_storage /usr/bin/false # no sticks\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('blacklist usb_storage\n', USB_STORAGE)).toEqual({ install: null, blacklisted: true });
    expect(
      modprobeSays(
        '# blacklist usb-storage\ninstall usb-storage /sbin/modprobe --ignore-install usb-storage\n',
        USB_STORAGE,
      ),
    ).toEqual({ install: 'other', blacklisted: false });
    expect(modprobeSays('blacklist usb-storage-extra\n', USB_STORAGE).blacklisted).toBe(false);
    // The first install line for the module is the one kmod runs; globs match as fnmatch does.
    expect(
      modprobeSays('install usb-storage /bin/sh -c true\ninstall usb-storage /bin/true\n', USB_STORAGE).install,
    ).toBe('other');
    expect(modprobeSays('install usb[_-]stor* /bin/true\n', USB_STORAGE).install).toBe('nothing');
    expect(
      modprobeSays('install usb-storage-extra /bin/true\ninstall uas /bin/true\n', USB_STORAGE).install,
    ).toBeNull();
  });
  it('the kernel command line: modprobe.blacklist with usb_storage among others', () => {
    expect(
      cmdlineBlacklist('BOOT_IMAGE=/vmlinuz ro modprobe.blacklist=nouveau,usb_storage quiet').has(USB_STORAGE),
    ).toBe(true);
    expect(cmdlineBlacklist('BOOT_IMAGE=/vmlinuz ro modprobe.blacklist=nouveau quiet').has(USB_STORAGE)).toBe(false);
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

describe('edges found by mutation testing (handwritten lines in the documented layouts)', () => {
  it('modprobe.d: only a do-nothing program blocks; a glob character of the pattern is not a regex one', () => {
    expect(modprobeSays('install usb-storage\n', USB_STORAGE).install).toBe('other');
    expect(modprobeSays('install usb-storage /bin/truex\n', USB_STORAGE).install).toBe('other');
    expect(modprobeSays('install usb-storage bin/true\n', USB_STORAGE).install).toBe('other');
    expect(modprobeSays('install usb-storage /usr/sbin/true\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('install usb-storage /sbin/false\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('install usb.storage /bin/true\n', USB_STORAGE).install).toBeNull();
    expect(modprobeSays('install usb+storage /bin/true\n', USB_STORAGE).install).toBeNull();
    expect(modprobeSays('install usb?storage /bin/true\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('install usb[!x]storage /bin/true\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('install usb[!_]storage /bin/true\n', USB_STORAGE).install).toBeNull();
    expect(modprobeSays('install usb** /bin/true\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('install usb[ /bin/true\n', USB_STORAGE).install).toBeNull();
    expect(modprobeSays('install *usb /bin/true\n', USB_STORAGE).install).toBeNull();
  });
  it('modprobe.d: CRLF lines, a comment after the module, a blacklist with no module', () => {
    expect(modprobeSays('blacklist\r\nblacklist usb-storage # sticks\r\n', USB_STORAGE)).toEqual({
      install: null,
      blacklisted: true,
    });
    expect(modprobeSays('install usb-storage /bin/true\r\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('# install usb-storage /bin/true\n', USB_STORAGE).install).toBeNull();
    expect(modprobeSays('options usb-storage quirks=1\n', USB_STORAGE)).toEqual({ install: null, blacklisted: false });
  });
  it('the kernel command line: the dash spelling; the key exactly; a key with no value', () => {
    expect(cmdlineBlacklist('ro modprobe.blacklist=usb-storage').has(USB_STORAGE)).toBe(true);
    expect(cmdlineBlacklist('ro xmodprobe.blacklist=usb_storage').has(USB_STORAGE)).toBe(false);
    expect(cmdlineBlacklist('ro modprobe.blacklist').has(USB_STORAGE)).toBe(false);
    expect(cmdlineBlacklist('ro modprobe.blacklist=usb_storage_x,uas').has(USB_STORAGE)).toBe(false);
  });
  it('usbguard-daemon.conf: comments, spaces around =, a longer key, an empty key', () => {
    expect(usbguardSetting('ImplicitPolicyTarget=block\n#ImplicitPolicyTarget=allow\n', 'ImplicitPolicyTarget')).toBe(
      'block',
    );
    expect(usbguardSetting('  ImplicitPolicyTarget = allow  \r\n', 'ImplicitPolicyTarget')).toBe('allow');
    expect(usbguardSetting('ImplicitPolicyTargetX=allow\n=allow\n', 'ImplicitPolicyTarget')).toBeNull();
  });
  it('USBSTOR subkeys: any case, an empty vendor, underscores as one space', () => {
    expect(usbstorDeviceName('disk&ven_&prod_Cruzer__Blade_&rev_1.00')).toBe('Cruzer Blade');
    expect(usbstorDeviceName('Disk&Ven_SanDisk&Rev_1.00')).toBe('SanDisk');
  });

  it('modprobe.d: a pattern character that is special in a regex; blanks between words; an install with no module', () => {
    expect(modprobeSays('install usb_stor.age /bin/true\n', USB_STORAGE).install).toBeNull();
    expect(modprobeSays('install  usb-storage\t/bin/true\n', USB_STORAGE).install).toBe('nothing');
    expect(modprobeSays('install\n', USB_STORAGE)).toEqual({ install: null, blacklisted: false });
    expect(modprobeSays('options usb-storage quirks=1\nblacklist usb-storage\n', USB_STORAGE).blacklisted).toBe(true);
  });
  it('usbguard-daemon.conf: a line with no = is no setting', () => {
    expect(usbguardSetting('ImplicitPolicyTargetX\n', 'ImplicitPolicyTarget')).toBeNull();
    expect(usbguardSetting('  #ImplicitPolicyTarget=allow\n', 'ImplicitPolicyTarget')).toBeNull();
  });

  it('devicesSeen: the first spelling of a name stays; dates compared both ways round', () => {
    const kinds = ['Disk&Ven_SanDisk&Prod_Cruzer&Rev_1.00', 'DISK&VEN_SANDISK&PROD_CRUZER&REV_2.00'];
    const a = { kind: kinds[0]!, firstInstall: '2024-01-02T00:00:00Z', lastArrival: '2024-03-01T00:00:00Z' };
    const b = { kind: kinds[1]!, firstInstall: '2024-01-01T00:00:00Z', lastArrival: '2024-02-01T00:00:00Z' };
    const expected = [
      { name: 'SanDisk Cruzer', firstConnected: '2024-01-01T00:00:00Z', lastConnected: '2024-03-01T00:00:00Z' },
    ];
    expect(devicesSeen(kinds, [a, b])).toEqual(expected);
    expect(devicesSeen(kinds, [b, a])).toEqual(expected);
  });
});

describe('which modules load usb-storage as one they need (modules.dep)', () => {
  const dep = fixture('modules.dep__debian12-linux-image-6.1.0-57-amd64-depmod-usb-storage-lines.txt');

  it("Debian 12's kernel: uas and the ums-* card-reader drivers need usb-storage", () => {
    expect(modulesNeeding(dep, USB_STORAGE)).toEqual([
      'uas',
      'ums_alauda',
      'ums_cypress',
      'ums_datafab',
      'ums_eneub6250',
      'ums_freecom',
      'ums_isd200',
      'ums_jumpshot',
      'ums_karma',
      'ums_onetouch',
      'ums_realtek',
      'ums_sddr09',
      'ums_sddr55',
      'ums_usbat',
    ]);
    // Compressed modules (Ubuntu's .ko.zst) are named the same.
    expect(modulesNeeding('kernel/x/uas.ko.zst: kernel/x/usb-storage.ko.zst\n', USB_STORAGE)).toEqual(['uas']);
    expect(modulesNeeding('', USB_STORAGE)).toEqual([]);
  });

  it('the real modprobe agrees: for an ordinary stick a blacklist of usb-storage alone loads it through uas', () => {
    // modprobe -n -v -b (udev's way: blacklist applied) for a USB stick's modalias, on the same kernel's modules.
    const stick = (config: string) => fixture(`modprobe-n-v-b-stick-alias__debian12-kmod-30-${config}.txt`);
    expect(stick('blacklist-usb-storage')).toMatch(/^insmod \S+\/usb-storage\.ko $/m);
    expect(stick('blacklist-usb-storage-and-uas')).toBe('');
    expect(stick('install-usb-storage-bin-true')).not.toMatch(/usb-storage\.ko/);
  });
});
