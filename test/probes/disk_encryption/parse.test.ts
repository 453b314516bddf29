import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chainsForDevicePath,
  chainsForMount,
  cryptKnames,
  encryptionOf,
  type DmUuids,
} from '../../../src/probes/disk_encryption/layers.js';
import { parseMountInfo } from '../../../src/probes/linux/parse.js';
import {
  cryptMethodFromDmUuid,
  parseLsblkJson,
  parseLsblkTree,
  parseProcSwaps,
  type BlockDevice,
} from '../../../src/probes/disk_encryption/parse.js';
import { REPO, SAMPLES } from '../../helpers/host.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'disk_encryption', name), 'utf8');
const sample = (name: string) => readFile(path.join(SAMPLES, 'linux', name), 'utf8');
const noUuids: DmUuids = new Map();

describe('parseLsblkTree', () => {
  it('reads the LUKS + LVM tree of lsblk-f__debian-luks-lvm-root-comma-decimal.txt (UTF-8 glyphs, decimal commas, trailing spaces)', async () => {
    const tree = parseLsblkTree(await sample('lsblk-f__debian-luks-lvm-root-comma-decimal.txt'))!;
    expect(tree.map((d) => d.name)).toEqual(['sda', 'nvme0n1']);
    const nvme = tree[1]!;
    expect(nvme.children.map((d) => [d.name, d.fstype, d.mountpoints])).toEqual([
      ['nvme0n1p1', 'vfat', ['/boot/efi']],
      ['nvme0n1p2', 'ext2', ['/boot']],
      ['nvme0n1p3', 'crypto_LUKS', []],
    ]);
    const crypt = nvme.children[2]!.children[0]!;
    expect([crypt.name, crypt.fstype]).toEqual(['nvme0n1p3_crypt', 'LVM2_member']);
    expect(crypt.children.map((d) => [d.name, d.fstype, d.mountpoints, d.type])).toEqual([
      ['student--vg-root', 'ext4', ['/'], null],
      ['student--vg-swap_1', 'swap', ['[SWAP]'], null],
      ['student--vg-home', 'ext4', ['/home'], null],
    ]);
    expect(tree[0]!.fstype).toBe('vfat');
  });

  it('finds root and /home of that sample encrypted by LUKS, and /boot not', async () => {
    const tree = parseLsblkTree(await sample('lsblk-f__debian-luks-lvm-root-comma-decimal.txt'))!;
    expect(encryptionOf(chainsForMount(tree, '/', null), noUuids)).toEqual({ encrypted: true, method: 'luks' });
    expect(encryptionOf(chainsForMount(tree, '/home', null), noUuids)).toEqual({ encrypted: true, method: 'luks' });
    // lsblk -f has no TYPE column, so an unencrypted partition cannot be told from one under plain dm-crypt.
    const boot = encryptionOf(chainsForMount(tree, '/boot', null), noUuids);
    expect(boot.encrypted).toBeNull();
    expect(boot.reason).toMatch(/device types/);
  });

  it("reads this container's LC_ALL=C text table with TYPE (lsblk-text__this-debian12-container-plain-vda-root-zram.txt)", async () => {
    const tree = parseLsblkTree(await fixture('lsblk-text__this-debian12-container-plain-vda-root-zram.txt'))!;
    expect(tree).toEqual([
      { name: 'zram0', kname: 'zram0', type: 'disk', fstype: null, mountpoints: [], children: [] },
      { name: 'vda', kname: 'vda', type: 'disk', fstype: null, mountpoints: ['/'], children: [] },
    ]);
    expect(encryptionOf(chainsForMount(tree, '/', null), noUuids)).toEqual({ encrypted: false, method: 'none' });
  });

  it('rejects text that is not an lsblk table', () => {
    expect(parseLsblkTree('lsblk: failed to access sysfs directory: /sys/dev/block\n')).toBeNull();
  });
});

describe('parseLsblkJson', () => {
  it('reads MOUNTPOINTS arrays with null entries (lsblk-json-mountpoints__this-debian12-container-plain-vda-root-zram.json)', async () => {
    const tree = parseLsblkJson(
      await fixture('lsblk-json-mountpoints__this-debian12-container-plain-vda-root-zram.json'),
    )!;
    expect(tree.map((d) => [d.name, d.kname, d.type, d.fstype, d.mountpoints])).toEqual([
      ['zram0', 'zram0', 'disk', null, []],
      ['vda', 'vda', 'disk', null, ['/']],
    ]);
    expect(encryptionOf(chainsForMount(tree, '/', '/dev/vda'), noUuids)).toEqual({ encrypted: false, method: 'none' });
  });

  it('reads the single MOUNTPOINT of older util-linux (lsblk-json-mountpoint__this-debian12-container-plain-vda-root-zram.json)', async () => {
    const tree = parseLsblkJson(
      await fixture('lsblk-json-mountpoint__this-debian12-container-plain-vda-root-zram.json'),
    )!;
    expect(tree[1]!.mountpoints).toEqual(['/']);
    expect(tree[0]!.mountpoints).toEqual([]);
  });

  it('finds LUKS inside LVM and the btrfs root by its mount source (lsblk-J-b__public-nixos-luks-in-lvm-crypt-swap-btrfs.json)', async () => {
    const tree = parseLsblkJson(await fixture('lsblk-J-b__public-nixos-luks-in-lvm-crypt-swap-btrfs.json'))!;
    // lsblk printed only one of cryptroot's mount points, so "/" is found from mountinfo's source.
    expect(chainsForMount(tree, '/', null)).toEqual([]);
    const root = chainsForMount(tree, '/', '/dev/mapper/cryptroot');
    expect(root.map((c) => c.map((d) => d.name))).toEqual([['nvme0n1', 'nvme0n1p2', 'tokyonightvg-root', 'cryptroot']]);
    expect(encryptionOf(root, noUuids)).toEqual({ encrypted: true, method: 'luks' });
    expect(encryptionOf(chainsForMount(tree, '/boot', null), noUuids)).toEqual({ encrypted: false, method: 'none' });
    // The swap crypt device has no LUKS parent and the output has no KNAME to look its kind up by.
    const swap = encryptionOf(chainsForDevicePath(tree, '/dev/mapper/dev-tokyonightvg-swap'), noUuids);
    expect(swap.encrypted).toBeNull();
    expect(swap.reason).toMatch(/no kernel name/);
  });

  it('rejects output that is not lsblk JSON', () => {
    expect(parseLsblkJson('')).toBeNull();
    expect(parseLsblkJson('{"devices": []}')).toBeNull();
  });
});

describe('crypt devices without a crypto_LUKS parent (handwritten trees: this container has no device-mapper)', () => {
  // The shape lsblk prints when udev cannot tell filesystem types: the LUKS partition shows no fstype.
  const tree: BlockDevice[] = [
    {
      name: 'sda',
      kname: 'sda',
      type: 'disk',
      fstype: null,
      mountpoints: [],
      children: [
        {
          name: 'sda1',
          kname: 'sda1',
          type: 'part',
          fstype: null,
          mountpoints: [],
          children: [{ name: 'root', kname: 'dm-0', type: 'crypt', fstype: null, mountpoints: ['/'], children: [] }],
        },
        {
          name: 'sda2',
          kname: 'sda2',
          type: 'part',
          fstype: null,
          mountpoints: [],
          children: [{ name: 'usr', kname: 'dm-1', type: 'crypt', fstype: null, mountpoints: ['/usr'], children: [] }],
        },
      ],
    },
  ];

  it('lists the crypt devices whose dm uuid must be read', () => {
    expect(cryptKnames(tree)).toEqual(['dm-0', 'dm-1']);
  });

  it('takes the method from the dm uuid, and does not count dm-verity as encryption', () => {
    const uuids: DmUuids = new Map([
      ['dm-0', { uuid: 'CRYPT-PLAIN-root\n' }],
      ['dm-1', { uuid: 'CRYPT-VERITY-5a1c9b2d-usr\n' }],
    ]);
    expect(encryptionOf(chainsForMount(tree, '/', null), uuids)).toEqual({ encrypted: true, method: 'dm-crypt-plain' });
    expect(encryptionOf(chainsForMount(tree, '/usr', null), uuids)).toEqual({ encrypted: false, method: 'none' });
  });

  it('says unknown when the dm uuid cannot be read', () => {
    const result = encryptionOf(chainsForMount(tree, '/', null), new Map([['dm-0', { reason: 'permission denied' }]]));
    expect(result.encrypted).toBeNull();
    expect(result.reason).toMatch(/permission denied/);
  });

  it('classifies dm uuids', () => {
    expect(cryptMethodFromDmUuid('CRYPT-LUKS2-b34b2289b25c4aaa979f4471116ce28e-luks-b34b2289')).toBe('luks');
    expect(cryptMethodFromDmUuid('CRYPT-LUKS1-0c1d-name')).toBe('luks');
    expect(cryptMethodFromDmUuid('CRYPT-TCRYPT-vc')).toBe('dm-crypt');
    expect(cryptMethodFromDmUuid('CRYPT-INTEGRITY-x')).toBeNull();
    expect(cryptMethodFromDmUuid('LVM-abc')).toBeNull();
  });
});

describe('parseMountInfo', () => {
  it('reads the root mount of this container (mountinfo__this-debian12-container-vda-root.txt)', async () => {
    const mounts = parseMountInfo(await fixture('mountinfo__this-debian12-container-vda-root.txt'));
    expect(mounts.find((m) => m.mountPoint === '/')).toEqual({ mountPoint: '/', fsType: 'ext4', source: '/dev/vda' });
    expect(mounts.find((m) => m.mountPoint === '/proc')?.fsType).toBe('proc');
  });

  it('keeps optional fields apart from the filesystem type and unescapes spaces (handwritten lines in the kernel format)', () => {
    const mounts = parseMountInfo(
      '36 35 98:0 / /mnt/my\\040disk rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue\n',
    );
    expect(mounts).toEqual([{ mountPoint: '/mnt/my disk', fsType: 'ext3', source: '/dev/root' }]);
  });
});

describe('parseProcSwaps', () => {
  it('reads the empty list of this container (proc-swaps__this-debian12-container-no-swap.txt)', async () => {
    expect(parseProcSwaps(await fixture('proc-swaps__this-debian12-container-no-swap.txt'))).toEqual([]);
  });

  it('reads partitions, files, escaped and deleted names (handwritten in the kernel format)', () => {
    const text =
      'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' +
      '/dev/dm-1                               partition\t8388604\t\t0\t\t-2\n' +
      '/swap\\040file                           file\t\t1048572\t\t0\t\t-3\n' +
      '/old\\040(deleted)                       file\t\t4092\t\t0\t\t-4\n' +
      '/dev/zram0                              partition\t4194300\t\t0\t\t100\n';
    expect(parseProcSwaps(text)).toEqual([
      { path: '/dev/dm-1', type: 'partition' },
      { path: '/swap file', type: 'file' },
      { path: '/old', type: 'file' },
      { path: '/dev/zram0', type: 'partition' },
    ]);
  });
});

// Handwritten trees in lsblk's shape, each at an edge of the judgement "is this mount encrypted".
describe('encryption layers: every path must be encrypted (handwritten trees)', () => {
  const dev = (
    name: string,
    type: string | null,
    fstype: string | null,
    children: BlockDevice[] = [],
    mountpoints: string[] = [],
    kname: string | null = name,
  ): BlockDevice => ({
    name,
    kname,
    type,
    fstype,
    mountpoints,
    children,
  });
  const luksRoot = dev('sda1', 'part', 'crypto_LUKS', [dev('cryptroot', 'crypt', 'ext4', [], ['/'], 'dm-0')]);

  it('a RAID over one encrypted and one plain disk is not encrypted; two different methods are dm-crypt', () => {
    const md = dev('md0', 'raid1', 'ext4', [], ['/srv']);
    const tree = [
      dev('sda', 'disk', null, [
        dev('sda1', 'part', 'crypto_LUKS', [dev('c1', 'crypt', 'linux_raid_member', [md], [], 'dm-0')]),
      ]),
      dev('sdb', 'disk', 'linux_raid_member', [md]),
    ];
    expect(encryptionOf(chainsForMount(tree, '/srv', null), noUuids)).toEqual({ encrypted: false, method: 'none' });
    const both = [
      dev('sda', 'disk', null, [
        dev('sda1', 'part', 'crypto_LUKS', [dev('c1', 'crypt', 'linux_raid_member', [md], [], 'dm-0')]),
      ]),
      dev('sdb', 'disk', null, [dev('c2', 'crypt', 'linux_raid_member', [md], [], 'dm-1')]),
    ];
    expect(encryptionOf(chainsForMount(both, '/srv', null), new Map([['dm-1', { uuid: 'CRYPT-PLAIN-c2' }]]))).toEqual({
      encrypted: true,
      method: 'dm-crypt',
    });
    const twice = [dev('sda', 'disk', null, [luksRoot]), dev('sdb', 'disk', null, [luksRoot])];
    expect(encryptionOf(chainsForMount(twice, '/', null), noUuids)).toEqual({ encrypted: true, method: 'luks' });
  });

  it('unknown, never encrypted nor plain, when a type is missing, a crypt device has no kernel name, or the mount is not listed', () => {
    expect(
      encryptionOf(
        chainsForMount([dev('sda', null, null, [dev('sda1', null, 'ext4', [], ['/'])])], '/', null),
        noUuids,
      ),
    ).toEqual({
      encrypted: null,
      method: null,
      reason: 'lsblk did not say the device types, so an encryption layer could be missed',
    });
    expect(
      encryptionOf(
        chainsForMount([dev('sda', 'disk', null, [dev('root', 'crypt', 'ext4', [], ['/'], null)])], '/', null),
        noUuids,
      ),
    ).toEqual({
      encrypted: null,
      method: null,
      reason: 'cannot tell whether root encrypts or only checks integrity: lsblk gave no kernel name',
    });
    expect(
      encryptionOf(
        chainsForMount([dev('sda', 'disk', null, [dev('root', 'crypt', 'ext4', [], ['/'], 'dm-0')])], '/', null),
        noUuids,
      ).encrypted,
    ).toBeNull();
    expect(encryptionOf([], noUuids)).toEqual({
      encrypted: null,
      method: null,
      reason: 'the device is not in the list lsblk printed',
    });
    // A plain path decides before an unknown one.
    const mixed = [
      dev('sda', null, null, [dev('x', 'raid1', 'ext4', [], ['/'])]),
      dev('sdb', 'disk', null, [dev('x', 'raid1', 'ext4', [], ['/'])]),
    ];
    expect(encryptionOf(chainsForMount(mixed, '/', null), noUuids)).toEqual({ encrypted: false, method: 'none' });
  });

  it('an integrity layer under LUKS does not hide the LUKS; a LUKS parent counts only directly above', () => {
    const tree = [
      dev('sda', 'disk', null, [
        dev('sda1', 'part', 'crypto_LUKS', [
          dev('luks', 'crypt', null, [dev('vg-root', 'lvm', 'ext4', [], ['/'], 'dm-2')], [], 'dm-1'),
        ]),
      ]),
    ];
    expect(
      encryptionOf(chainsForMount(tree, '/', null), new Map([['dm-1', { uuid: 'CRYPT-LUKS2-abc-luks' }]])),
    ).toEqual({ encrypted: true, method: 'luks' });
    const verity = [dev('sda', 'disk', null, [dev('v', 'crypt', 'ext4', [], ['/usr'], 'dm-3')])];
    expect(
      encryptionOf(chainsForMount(verity, '/usr', null), new Map([['dm-3', { uuid: 'CRYPT-INTEGRITY-v' }]])),
    ).toEqual({ encrypted: false, method: 'none' });
    // crypto_LUKS on the mounted device itself (not opened) says nothing about what is mounted.
    expect(encryptionOf(chainsForMount([dev('sda', 'disk', 'crypto_LUKS', [], ['/'])], '/', null), noUuids)).toEqual({
      encrypted: false,
      method: 'none',
    });
  });

  it('finds a device by its mount source: /dev/mapper/NAME by name (also as mapper/NAME), /dev/KNAME, /dev/NAME', () => {
    const tree = [
      dev('sda', 'disk', null, [
        dev('sda2', 'part', 'crypto_LUKS', [
          dev('vg-root', 'crypt', 'btrfs', [], ['/home'], 'dm-0'),
          dev('mapper/vg-swap', 'lvm', 'swap', [], [], 'dm-5'),
        ]),
      ]),
    ];
    const last = (chains: BlockDevice[][]) => chains.map((c) => c.at(-1)!.name);
    expect(last(chainsForDevicePath(tree, '/dev/mapper/vg-root'))).toEqual(['vg-root']);
    expect(last(chainsForDevicePath(tree, '/dev/mapper/vg-swap'))).toEqual(['mapper/vg-swap']);
    expect(last(chainsForDevicePath(tree, '/dev/dm-0'))).toEqual(['vg-root']);
    expect(last(chainsForDevicePath(tree, '/dev/sda2'))).toEqual(['sda2']);
    expect(last(chainsForDevicePath(tree, '/dev/mapper/dm-0'))).toEqual([]);
    // By mount point first; the source only when lsblk lists no device with that mount point.
    expect(last(chainsForMount(tree, '/', '/dev/dm-0'))).toEqual(['vg-root']);
    expect(last(chainsForMount(tree, '/home', '/dev/sda2'))).toEqual(['vg-root']);
    expect(last(chainsForMount(tree, '/', 'tmpfs'))).toEqual([]);
    expect(last(chainsForMount(tree, '/', null))).toEqual([]);
    expect(cryptKnames([...tree, dev('x', 'crypt', null, [], [], null)])).toEqual(['dm-0']);
  });
});

describe("lsblk text and JSON at their edges (handwritten in lsblk's layout)", () => {
  it('a second mount point on a line of its own; a tree drawn with ASCII glyphs; no KNAME or TYPE column', () => {
    const text =
      'NAME        FSTYPE MOUNTPOINTS\nsda\n|-sda1      vfat   /boot/efi\n`-sda2      btrfs  /\n                   /home\nsdb         ext4   /srv\n';
    expect(parseLsblkTree(text)).toEqual([
      {
        name: 'sda',
        kname: null,
        type: null,
        fstype: null,
        mountpoints: [],
        children: [
          { name: 'sda1', kname: null, type: null, fstype: 'vfat', mountpoints: ['/boot/efi'], children: [] },
          { name: 'sda2', kname: null, type: null, fstype: 'btrfs', mountpoints: ['/', '/home'], children: [] },
        ],
      },
      { name: 'sdb', kname: null, type: null, fstype: 'ext4', mountpoints: ['/srv'], children: [] },
    ]);
    expect(parseLsblkTree('NAME KNAME TYPE MOUNTPOINT\nloop0 loop0 loop /snap/a b\n')).toEqual([
      { name: 'loop0', kname: 'loop0', type: 'loop', fstype: null, mountpoints: ['/snap/a b'], children: [] },
    ]);
    expect(parseLsblkTree('')).toBeNull();
    expect(parseLsblkTree(' NAME FSTYPE\n')).toBeNull();
  });

  it('JSON: unnamed devices dropped, empty strings are no value, MOUNTPOINT or MOUNTPOINTS', () => {
    const json = JSON.stringify({
      blockdevices: [
        {
          name: 'sda',
          kname: '',
          type: 'disk',
          fstype: null,
          mountpoint: null,
          children: [
            { name: '', type: 'part' },
            { name: 'sda1', type: 'part', fstype: 'ext4', mountpoint: '/' },
          ],
        },
        { kname: 'sdb' },
        { name: 'sdc', type: 'disk', mountpoints: [null, '', '/a', '/b'], children: 'x' },
      ],
    });
    expect(parseLsblkJson(json)).toEqual([
      {
        name: 'sda',
        kname: null,
        type: 'disk',
        fstype: null,
        mountpoints: [],
        children: [{ name: 'sda1', kname: null, type: 'part', fstype: 'ext4', mountpoints: ['/'], children: [] }],
      },
      { name: 'sdc', kname: null, type: 'disk', fstype: null, mountpoints: ['/a', '/b'], children: [] },
    ]);
    expect(parseLsblkJson('null')).toBeNull();
    expect(parseLsblkJson('{"blockdevices": {}}')).toBeNull();
  });

  it('mountinfo lines too short or without their separator are skipped; swaps lines not in the format too', () => {
    expect(
      parseMountInfo(
        '36 35 98:0 / /mnt rw - ext4\n36 35 98:0 / /mnt rw shared:1 ext4 /dev/sda1 rw\n1 2 3:4 / / rw - ext4 /dev/vda rw\n',
      ),
    ).toEqual([{ mountPoint: '/', fsType: 'ext4', source: '/dev/vda' }]);
    expect(
      parseProcSwaps(
        'Filename Type Size Used Priority\n/dev/sda3 partition 100 0 -2\n/dev/sda4 disk 100 0 -2\n/swap file 100 0\n',
      ),
    ).toEqual([{ path: '/dev/sda3', type: 'partition' }]);
    expect(parseProcSwaps('/dev/sda3 partition 100 0 -2\n')).toEqual([]);
  });
});

// Each of these kills a mutant the first mutation run left alive (handwritten in the same layouts).
describe('edges found by mutation testing (handwritten)', () => {
  const dev = (
    name: string,
    type: string | null,
    fstype: string | null,
    children: BlockDevice[] = [],
    mountpoints: string[] = [],
    kname: string | null = name,
  ): BlockDevice => ({
    name,
    kname,
    type,
    fstype,
    mountpoints,
    children,
  });
  it('lsblk text: a blank line before the header, a NAME column alone (with its padding), a continuation before any device or without a mount, an indented first device', () => {
    expect(parseLsblkTree('   \nNAME FSTYPE\nsda  ext4\n')?.map((d) => d.name)).toEqual(['sda']);
    expect(parseLsblkTree('NAME \nsda\n')).toEqual([
      { name: 'sda', kname: null, type: null, fstype: null, mountpoints: [], children: [] },
    ]);
    expect(parseLsblkTree('NAME\nsda\n')).toBeNull();
    expect(parseLsblkTree('NAME FSTYPE MOUNTPOINT\n     ext4   /orphan\nsda  ext4   /\n     vfat\n')).toEqual([
      { name: 'sda', kname: null, type: null, fstype: 'ext4', mountpoints: ['/'], children: [] },
    ]);
    expect(parseLsblkTree('NAME   FSTYPE\n└─sda1 ext4\n')?.map((d) => d.name)).toEqual(['sda1']);
  });
  it('mountinfo and swaps: a leading space, trailing words, a used count of two digits, trailing blanks, "(deleted)" inside a name', () => {
    expect(parseMountInfo(' 1 2 3:4 / /x rw - ext4 /dev/vda rw\n')).toEqual([
      { mountPoint: '/x', fsType: 'ext4', source: '/dev/vda' },
    ]);
    const swaps =
      'Filename Type Size Used Priority\n/dev/sda3 partition 100 0 -2 extra\n/dev/sda4 partition 100 12 -2\n/swapfile file 100 0 -3 \t\n/a\\040(deleted)x file 100 0 -4\n';
    expect(parseProcSwaps(swaps)).toEqual([
      { path: '/dev/sda4', type: 'partition' },
      { path: '/swapfile', type: 'file' },
      { path: '/a (deleted)x', type: 'file' },
    ]);
  });
  it('dm uuids: CRYPT- only at the start, surrounding blanks ignored', () => {
    expect(cryptMethodFromDmUuid('LVM-CRYPT-LUKS2-x')).toBeNull();
    expect(cryptMethodFromDmUuid('  CRYPT-LUKS2-abc-name\n')).toBe('luks');
  });
  it('the top device of a path counts too: its missing type, or its being the crypt device', () => {
    expect(
      encryptionOf(
        chainsForMount([dev('sda', null, null, [dev('sda1', 'part', 'ext4', [], ['/'])])], '/', null),
        noUuids,
      ).encrypted,
    ).toBeNull();
    expect(
      encryptionOf(
        chainsForMount([dev('root', 'crypt', 'ext4', [], ['/'], 'dm-0')], '/', null),
        new Map([['dm-0', { uuid: 'CRYPT-LUKS2-a-root' }]]),
      ),
    ).toEqual({ encrypted: true, method: 'luks' });
  });
  it('a device path found by name when lsblk printed no kernel names', () => {
    const tree = [dev('nvme0n1', 'disk', null, [dev('nvme0n1p2', 'part', 'ext4', [], ['/'], null)], [], null)];
    expect(chainsForDevicePath(tree, '/dev/nvme0n1p2').map((c) => c.at(-1)!.name)).toEqual(['nvme0n1p2']);
  });
});
