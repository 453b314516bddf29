import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainsForDevicePath, chainsForMount, cryptKnames, encryptionOf, type DmUuids } from '../../../src/probes/disk_encryption/layers.js';
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

  it('reads this container\'s LC_ALL=C text table with TYPE (lsblk-text__this-debian12-container-plain-vda-root-zram.txt)', async () => {
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
    const tree = parseLsblkJson(await fixture('lsblk-json-mountpoints__this-debian12-container-plain-vda-root-zram.json'))!;
    expect(tree.map((d) => [d.name, d.kname, d.type, d.fstype, d.mountpoints])).toEqual([
      ['zram0', 'zram0', 'disk', null, []],
      ['vda', 'vda', 'disk', null, ['/']],
    ]);
    expect(encryptionOf(chainsForMount(tree, '/', '/dev/vda'), noUuids)).toEqual({ encrypted: false, method: 'none' });
  });

  it('reads the single MOUNTPOINT of older util-linux (lsblk-json-mountpoint__this-debian12-container-plain-vda-root-zram.json)', async () => {
    const tree = parseLsblkJson(await fixture('lsblk-json-mountpoint__this-debian12-container-plain-vda-root-zram.json'))!;
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
        { name: 'sda1', kname: 'sda1', type: 'part', fstype: null, mountpoints: [], children: [{ name: 'root', kname: 'dm-0', type: 'crypt', fstype: null, mountpoints: ['/'], children: [] }] },
        { name: 'sda2', kname: 'sda2', type: 'part', fstype: null, mountpoints: [], children: [{ name: 'usr', kname: 'dm-1', type: 'crypt', fstype: null, mountpoints: ['/usr'], children: [] }] },
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
    const mounts = parseMountInfo('36 35 98:0 / /mnt/my\\040disk rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue\n');
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
