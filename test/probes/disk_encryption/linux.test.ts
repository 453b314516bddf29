import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSchema, createReplayHost } from '../../../src/host/bundle.js';
import { diskEncryption } from '../../../src/probes/disk_encryption/index.js';
import { parseLsblkJson } from '../../../src/probes/disk_encryption/parse.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { expectHonest } from '../../helpers/honesty.js';
import { needsTool, notApplicable } from '../../helpers/tools.js';

const collect = diskEncryption.collect.linux;
const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'disk_encryption', name), 'utf8');
const LSBLK_ARGS = ['-J', '-o', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINTS'];
const listKeys = { volumes: 'mountPoint', swap: 'path' };
// Handwritten, in the kernel's /proc/swaps layout (this container has no swap and may not turn any on).
const SWAPS_HEADER = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n';

const exited = (stdout: string, exitCode = 0, stderr = '') => ({ status: 'exited' as const, exitCode, stdout, stderr });

function replay(commands: { args: string[]; result: ReturnType<typeof exited> }[], files: Record<string, string>) {
  return createReplayHost(
    bundleSchema.parse({
      kind: 'shop-audit-bundle',
      schemaVersion: 1,
      os: 'linux',
      elevated: false,
      user: { name: 'tester', uid: 1000, home: '/home/tester' },
      commands: commands.map((c) => ({ command: '/usr/bin/lsblk', ...c })),
      files: Object.fromEntries(Object.entries(files).map(([p, text]) => [p, { status: 'ok', text }])),
    }),
  );
}

needsTool('/usr/bin/lsblk', 'util-linux').describe('disk_encryption on this PC (real lsblk)', async () => {
  const host = await rootHost(await makeRoot({}));
  const real = await host.exec('/usr/bin/lsblk', LSBLK_ARGS);
  const tree = real.status === 'exited' ? parseLsblkJson(real.stdout) : null;
  // This container's root is ext4 on a whole virtio disk; elsewhere the layout differs and this scenario does not apply.
  const plainRootDisk = tree?.find((d) => d.mountpoints.includes('/') && d.type === 'disk' && d.children.length === 0);

  // Not a missing tool: on another disk layout the scenario does not apply, and the name says so (CI's check of
  // skipped tests, vitest.config.ts, lets such a test be skipped).
  const onPlainRootDisk = plainRootDisk ? it : notApplicable('the root file system is not on a whole disk');
  onPlainRootDisk('reports an unencrypted root, a swap file on it as unencrypted and zram as in memory', async () => {
    const disk = plainRootDisk!;
    const root = await makeRoot({
      '/proc/self/mountinfo': await readFile('/proc/self/mountinfo', 'utf8'),
      '/proc/swaps': `${SWAPS_HEADER}/swapfile                               file\t\t1048572\t\t0\t\t-2\n/dev/zram0                              partition\t4194300\t\t0\t\t100\n`,
    });
    const out = await collect!(await rootHost(root));
    expect(out.facts.systemDriveEncrypted).toBe(false);
    expect(out.facts.method).toBe('none');
    expect(out.facts.protectionState).toBe('off');
    expect(out.facts.volumes).toEqual([
      { mountPoint: '/', device: `/dev/${disk.kname}`, encrypted: false, method: 'none' },
    ]);
    expect(out.facts.swap).toEqual([
      { path: '/swapfile', kind: 'file', onDisk: true, encrypted: false },
      { path: '/dev/zram0', kind: 'zram', onDisk: false, encrypted: false },
    ]);
    expect(out.facts.swapEncrypted).toBe(false);
    expectHonest(out, listKeys);
  });

  it('says why swap is unknown when /proc/swaps cannot be read, without guessing', async () => {
    const out = await collect!(
      await rootHost(await makeRoot({ '/proc/self/mountinfo': await readFile('/proc/self/mountinfo', 'utf8') })),
    );
    expect(out.facts.swap).toBeNull();
    expect(out.facts.swapEncrypted).toBeNull();
    expect(out.unknown.swapEncrypted).toMatch(/\/proc\/swaps: not found/);
    expectHonest(out, listKeys);
  });
});

describe('disk_encryption from recorded outputs', () => {
  it('finds a LUKS-in-LVM btrfs root and /home by mount source, and cannot tell the kind of a crypt swap without KNAME (lsblk-J-b__public-nixos-…json)', async () => {
    const host = replay(
      [
        {
          args: LSBLK_ARGS,
          result: exited(await fixture('lsblk-J-b__public-nixos-luks-in-lvm-crypt-swap-btrfs.json')),
        },
      ],
      {
        // Handwritten mountinfo for that laptop: btrfs subvolumes of cryptroot at / and /home.
        '/proc/self/mountinfo':
          '22 1 0:30 /root / rw,relatime - btrfs /dev/mapper/cryptroot rw,subvol=/root\n' +
          '40 22 259:1 / /boot rw,relatime - vfat /dev/nvme0n1p1 rw\n' +
          '41 22 0:30 /home /home rw,relatime - btrfs /dev/mapper/cryptroot rw,subvol=/home\n',
        '/proc/swaps': `${SWAPS_HEADER}/dev/mapper/dev-tokyonightvg-swap        partition\t15728636\t0\t\t-2\n`,
      },
    );
    const out = await collect!(host);
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: true,
      method: 'luks',
      protectionState: 'on',
      swapEncrypted: null,
    });
    expect(out.facts.volumes).toEqual([
      { mountPoint: '/', device: '/dev/mapper/cryptroot', encrypted: true, method: 'luks' },
      { mountPoint: '/home', device: '/dev/mapper/cryptroot', encrypted: true, method: 'luks' },
    ]);
    expect(out.facts.swap).toEqual([
      { path: '/dev/mapper/dev-tokyonightvg-swap', kind: 'partition', onDisk: true, encrypted: null },
    ]);
    expect(out.unknown['swap[/dev/mapper/dev-tokyonightvg-swap].encrypted']).toMatch(/integrity/);
    expectHonest(out, listKeys);
  });

  it('says a container root is unknown, not unencrypted (handwritten overlay mountinfo with the public lsblk capture)', async () => {
    const host = replay(
      [
        {
          args: LSBLK_ARGS,
          result: exited(await fixture('lsblk-J-b__public-nixos-luks-in-lvm-crypt-swap-btrfs.json')),
        },
      ],
      {
        '/proc/self/mountinfo':
          '600 500 0:52 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/A,upperdir=/u,workdir=/w\n',
        '/proc/swaps': SWAPS_HEADER,
      },
    );
    const out = await collect!(host);
    expect(out.facts.systemDriveEncrypted).toBeNull();
    expect(out.facts.protectionState).toBeNull();
    expect(out.unknown.systemDriveEncrypted).toMatch(/overlay.*container/);
    expect(out.facts.volumes).toEqual([{ mountPoint: '/', device: 'overlay', encrypted: null, method: null }]);
    expect(out.facts.swapEncrypted).toBe(true);
    expectHonest(out, listKeys);
  });

  it('falls back to older lsblk forms when lsblk rejects a column or -J (real stderr of util-linux 2.38)', async () => {
    const unknownColumn = await fixture('lsblk-stderr-unknown-column__this-debian12-util-linux-2.38.txt');
    const invalidOption = await fixture('lsblk-stderr-invalid-option__this-debian12-util-linux-2.38.txt');
    const host = replay(
      [
        { args: LSBLK_ARGS, result: exited('', 1, unknownColumn) },
        { args: ['-J', '-o', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT'], result: exited('', 1, invalidOption) },
        {
          args: ['-o', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT'],
          result: exited(await fixture('lsblk-text__this-debian12-container-plain-vda-root-zram.txt')),
        },
      ],
      {
        '/proc/self/mountinfo': await fixture('mountinfo__this-debian12-container-vda-root.txt'),
        '/proc/swaps': await fixture('proc-swaps__this-debian12-container-no-swap.txt'),
      },
    );
    const out = await collect!(host);
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: false,
      method: 'none',
      protectionState: 'off',
      swap: [],
      swapEncrypted: true,
    });
    expect(out.facts.volumes).toEqual([{ mountPoint: '/', device: '/dev/vda', encrypted: false, method: 'none' }]);
    expectHonest(out, listKeys);
  });

  it('reports every lsblk fact unknown when lsblk is missing, but zram swap is still known to stay in memory', async () => {
    const host = replay([], {
      '/proc/self/mountinfo': await fixture('mountinfo__this-debian12-container-vda-root.txt'),
      '/proc/swaps': `${SWAPS_HEADER}/dev/zram0                              partition\t4194300\t\t0\t\t100\n`,
    });
    const out = await collect!(host);
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: null,
      method: null,
      protectionState: null,
      swapEncrypted: true,
    });
    expect(out.unknown.systemDriveEncrypted).toBe('lsblk not installed (util-linux)');
    expect(out.facts.volumes).toEqual([{ mountPoint: '/', device: '/dev/vda', encrypted: null, method: null }]);
    expectHonest(out, listKeys);
  });

  it('reports a failing lsblk with its message', async () => {
    const host = replay(
      [
        {
          args: LSBLK_ARGS,
          result: exited(
            '',
            32,
            'lsblk: failed to access sysfs directory: /sys/dev/block: No such file or directory\n',
          ),
        },
      ],
      {},
    );
    const out = await collect!(host);
    expect(out.unknown.systemDriveEncrypted).toMatch(/^lsblk failed: lsblk: failed to access sysfs/);
    expect(out.facts.swap).toBeNull();
    expectHonest(out, listKeys);
  });
});
