import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import type { Host } from '../../src/host/types.js';
// @ts-expect-error a plain JavaScript script shared with the benchmark
import { testCorpus } from '../../scripts/make-pii-corpus.mjs';
import { withDocuments } from '../helpers/documents.js';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { exited, FDESETUP, fixture as macFixture, macBundle, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { parseManageBde, sample, SHOP_FOLDERS_AT_DEFAULT, windowsBundle } from '../helpers/windows-samples.js';

// Whole scans of PCs with customer files (made up by scripts/make-pii-corpus.mjs: valid check
// digits, no real person) on an encrypted or a plain disk, and of PCs with look-alikes only, on
// each OS (the parity check of issue #20). The documents are generated into a temporary folder and
// read for real; whether their disk is encrypted comes from the PC's own answers: mountinfo and
// device-mapper on Linux, BitLocker (manage-bde samples) on Windows, FileVault (fdesetup) on macOS.

type Report = Awaited<ReturnType<typeof scanWith>>;
const statusOf = (report: Report) => ({
  files: report.results.find((r) => r.id === 'personal-data.no-customer-files')!.status,
  encrypted: report.results.find((r) => r.id === 'personal-data.customer-files-encrypted')!.status,
});
const corpus = testCorpus(0) as Record<string, Buffer>;
/** A customer list: 12 made-up customers' resident ID and mobile numbers in a spreadsheet. */
const CUSTOMERS = { 'Desktop/waybills.xlsx': corpus['customer/waybills.xlsx']! };
/** The corpus's look-alikes only (order numbers, IDs with a wrong check digit, …): no customer file. */
const LOOKALIKES = Object.fromEntries(
  Object.entries(corpus)
    .filter(([name]) => !name.startsWith('customer/'))
    .map(([name, bytes]) => [`Documents/${name}`, bytes]),
);
if (Object.keys(LOOKALIKES).length < 3)
  throw new Error('the generated corpus has no look-alikes: the "no customer files" cases would prove nothing');

/** The generated documents as a user's home folder on this machine. */
const documents = async (files: Record<string, Buffer>) => rootHost(await makeRoot(files));

describe('personal-data rules on Linux, whole scans (temporary root)', () => {
  const OS_RELEASE = readFileSync(
    path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt'),
    'utf8',
  );
  const pc = async (files: Parameters<typeof makeRoot>[0], home: Record<string, Buffer>) => {
    const inHome = Object.fromEntries(Object.entries(home).map(([name, bytes]) => [`/home/tester/${name}`, bytes]));
    return rootHost(await makeRoot({ '/etc/os-release': OS_RELEASE, ...files, ...inHome }));
  };
  // Handwritten in the kernel's layouts: / on a LUKS mapping, as cryptsetup and udev make it
  // (the /dev/mapper link to dm-0, the dm uuid "CRYPT-LUKS2-<uuid>-<name>").
  const LUKS_ROOT = {
    '/proc/self/mountinfo': '22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/cryptroot rw\n',
    '/dev/mapper/cryptroot': { link: '../dm-0' },
    '/sys/class/block/dm-0/dm/uuid': 'CRYPT-LUKS2-b34b2289b25c4aaa979f4471116ce28e-cryptroot\n',
  };
  // This container's own mountinfo: / on the plain virtio disk /dev/vda.
  const PLAIN_ROOT = {
    '/proc/self/mountinfo': readFileSync(
      path.join(REPO, 'test/fixtures/disk_encryption/mountinfo__this-debian12-container-vda-root.txt'),
      'utf8',
    ),
  };

  it('a customer list on the desktop of a LUKS-encrypted root: files fail, encryption passes', async () => {
    expect(statusOf(await scanWith(await pc(LUKS_ROOT, CUSTOMERS), { replayed: false }))).toEqual({
      files: 'fail',
      encrypted: 'pass',
    });
  });

  it('the same list on a plain (unencrypted) root: both rules fail', async () => {
    expect(statusOf(await scanWith(await pc(PLAIN_ROOT, CUSTOMERS), { replayed: false }))).toEqual({
      files: 'fail',
      encrypted: 'fail',
    });
  });
});

describe('personal-data rules on Windows, whole scans (replayed answers, generated documents)', () => {
  /** BitLocker's volumes from a real manage-bde sample, as the script's bitLockerVolumes answer. */
  const bitLocker = (name: string) =>
    parseManageBde(sample(name)).map((v) => ({
      deviceId: null,
      driveLetter: v.driveLetter,
      volumeType: v.osVolume ? 0 : 1,
      protectionStatus: v.protectionStatus,
      conversionStatus: v.conversionStatus,
      encryptionMethod: null,
    }));
  const pc = async (manageBde: string, home: Record<string, Buffer>): Promise<Host> => {
    const bundle = windowsBundle({
      systemDrive: 'C:',
      bitLockerVolumes: bitLocker(manageBde),
      bitLockerShell: null,
      pageFiles: [],
      ...SHOP_FOLDERS_AT_DEFAULT,
    });
    bundle.dirs['C:\\Users'] = { status: 'ok', entries: ['shop', 'Public'] };
    return withDocuments(createReplayHost(bundle), 'C:\\Users\\shop', await documents(home));
  };

  // manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt
  it('a customer list on the desktop, C: encrypted and protected: files fail, encryption passes', async () => {
    const report = await scanWith(
      await pc('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt', CUSTOMERS),
    );
    expect(statusOf(report)).toEqual({ files: 'fail', encrypted: 'pass' });
    expect(JSON.stringify(report.results.find((r) => r.id === 'personal-data.no-customer-files')!.evidence)).toContain(
      'C:\\\\Users\\\\shop\\\\Desktop\\\\waybills.xlsx',
    );
  });

  it('the same list with C: decrypted (manage-bde-status__zh-CN-all-decrypted.txt): both rules fail', async () => {
    expect(statusOf(await scanWith(await pc('manage-bde-status__zh-CN-all-decrypted.txt', CUSTOMERS)))).toEqual({
      files: 'fail',
      encrypted: 'fail',
    });
  });

  it('only look-alikes in Documents: no customer files passes, encryption does not apply', async () => {
    expect(statusOf(await scanWith(await pc('manage-bde-status__zh-CN-all-decrypted.txt', LOOKALIKES)))).toEqual({
      files: 'pass',
      encrypted: 'not_applicable',
    });
  });
});

describe('personal-data rules on macOS, whole scans (replayed answers, generated documents)', () => {
  const pc = async (fdesetup: string, home: Record<string, Buffer>): Promise<Host> =>
    withDocuments(
      createReplayHost(macBundle({ ...SAMPLED_MAC, [FDESETUP]: exited(fdesetup) })),
      '/Users/shop',
      await documents(home),
    );
  const FILEVAULT_ON = readFileSync(
    path.join(REPO, 'test/fixtures/samples/macos/fdesetup-status__on-master-keychain.txt'),
    'utf8',
  );
  const FILEVAULT_OFF = macFixture('fdesetup-status__as-quoted-in-public-tests-off.txt');

  it('a customer list on the desktop with FileVault on: files fail, encryption passes', async () => {
    expect(statusOf(await scanWith(await pc(FILEVAULT_ON, CUSTOMERS)))).toEqual({ files: 'fail', encrypted: 'pass' });
  });

  it('the same list with FileVault off: both rules fail', async () => {
    expect(statusOf(await scanWith(await pc(FILEVAULT_OFF, CUSTOMERS)))).toEqual({ files: 'fail', encrypted: 'fail' });
  });

  it('only look-alikes in Documents: no customer files passes, encryption does not apply', async () => {
    expect(statusOf(await scanWith(await pc(FILEVAULT_ON, LOOKALIKES)))).toEqual({
      files: 'pass',
      encrypted: 'not_applicable',
    });
  });
});
