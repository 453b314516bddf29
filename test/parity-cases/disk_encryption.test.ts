import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSchema, createReplayHost } from '../../src/host/bundle.js';
import { REPO } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';

// Whole scans of replayed Linux PCs for the disk-encryption rules (the parity check of issue #20).
// lsblk's answers are the fixtures of test/fixtures/disk_encryption (SOURCES.md); the kernel files
// are written by hand in the kernel's layout, as the probe's own tests do.

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'disk_encryption', name), 'utf8');
const OS_RELEASE = readFileSync(path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt'), 'utf8');
const LSBLK_ARGS = ['-J', '-o', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINTS'];
const SWAPS_HEADER = 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n';
const SWAP_FILE = `${SWAPS_HEADER}/swapfile                               file\t\t1048572\t\t0\t\t-2\n`;

/** A Linux PC whose lsblk prints `lsblk` and whose kernel files are `files`. */
const linuxPc = (lsblk: string, files: Record<string, string>) =>
  createReplayHost(
    bundleSchema.parse({
      kind: 'shop-audit-bundle',
      schemaVersion: 1,
      os: 'linux',
      elevated: false,
      user: { name: 'shop', uid: 1000, home: '/home/shop' },
      commands: [
        {
          command: '/usr/bin/lsblk',
          args: LSBLK_ARGS,
          result: { status: 'exited', exitCode: 0, stdout: lsblk, stderr: '' },
        },
      ],
      files: Object.fromEntries(
        Object.entries({ '/etc/os-release': OS_RELEASE, ...files }).map(([p, text]) => [p, { status: 'ok', text }]),
      ),
    }),
  );
const ruleOf = (report: Awaited<ReturnType<typeof scanWith>>, id: string) => report.results.find((r) => r.id === id)!;

// lsblk-J-b__public-nixos-luks-in-lvm-crypt-swap-btrfs.json: a laptop whose btrfs root is inside LUKS.
// Its mountinfo (handwritten, as in the probe's tests): subvolumes of cryptroot at / and /home.
const LUKS_MOUNTINFO =
  '22 1 0:30 /root / rw,relatime - btrfs /dev/mapper/cryptroot rw,subvol=/root\n' +
  '40 22 259:1 / /boot rw,relatime - vfat /dev/nvme0n1p1 rw\n' +
  '41 22 0:30 /home /home rw,relatime - btrfs /dev/mapper/cryptroot rw,subvol=/home\n';

describe('disk-encryption rules on Linux, whole scans', () => {
  it('LUKS laptop with a swap file on its encrypted btrfs root: the system drive and the swap rules pass', async () => {
    const report = await scanWith(
      linuxPc(fixture('lsblk-J-b__public-nixos-luks-in-lvm-crypt-swap-btrfs.json'), {
        '/proc/self/mountinfo': LUKS_MOUNTINFO,
        '/proc/swaps': SWAP_FILE,
      }),
    );
    const system = ruleOf(report, 'disk-encryption.system-drive');
    expect(system.status).toBe('pass');
    expect(system.evidence).toMatchObject({ systemDriveEncrypted: true, protectionState: 'on' });
    expect(ruleOf(report, 'disk-encryption.swap').status).toBe('pass');
  });

  it('plain ext4 root (lsblk, mountinfo of this container) with a swap file on it: both rules fail', async () => {
    const report = await scanWith(
      linuxPc(fixture('lsblk-json-mountpoints__this-debian12-container-plain-vda-root-zram.json'), {
        '/proc/self/mountinfo': fixture('mountinfo__this-debian12-container-vda-root.txt'),
        '/proc/swaps': SWAP_FILE,
      }),
    );
    expect(ruleOf(report, 'disk-encryption.system-drive').status).toBe('fail');
    const swap = ruleOf(report, 'disk-encryption.swap');
    expect(swap.status).toBe('fail');
    expect(swap.evidence).toMatchObject({ swapEncrypted: false });
  });
});
