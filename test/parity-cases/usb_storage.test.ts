import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';
import { needsTool } from '../helpers/tools.js';
import { windowsHost } from '../helpers/windows-samples.js';

// Whole scans where usb-storage.restricted-or-scanned passes and fails on each OS it applies to.

const RULE = 'usb-storage.restricted-or-scanned';
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', name), 'utf8');
const statusOf = (report: Awaited<ReturnType<typeof scanWith>>) => report.results.find((r) => r.id === RULE)!;
/** Security Center's productState of Defender on (0x61100) and off (0x60100): productstate__handwritten-documented-format-values.json. */
const states = JSON.parse(fixture('anti_malware/productstate__handwritten-documented-format-values.json')).states as {
  productState: number;
  realTime: boolean | null;
  microsoft: boolean;
}[];
// Microsoft's own entry (Defender), which needs no sign that it is installed (a third-party one does).
const ON = states.find((s) => s.realTime === true && s.microsoft)!.productState;
const OFF = states.find((s) => s.realTime === false && s.microsoft)!.productState;

/** This machine's /etc/os-release (test/fixtures/os_support), so the system probe reads something. */
const OS_RELEASE = { '/etc/os-release': fixture('os_support/os-release__this-debian12-etc.txt') };

/** A Windows PC with no Removable Storage Access policy, BitLocker To Go not required, and these answers. */
const windows = (answers: Record<string, unknown>) =>
  windowsHost({
    removableStorageMachine: null,
    removableStorageUser: null,
    removableDisksMachine: null,
    removableDisksUser: null,
    usbStorDriver: { Start: 3 },
    bitLockerRemovablePolicy: null,
    usbStorageDevices: ['Disk&Ven_GENERIC&Prod_FLASH_DISK&Rev_8.07'],
    ...answers,
  });

describe(`${RULE} in whole scans`, () => {
  it('Windows: passes with an antivirus on, fails with it off, passes again with the USBSTOR driver disabled', async () => {
    const scannedReport = await scanWith(
      windows({ antivirusProducts: [{ displayName: 'Windows Defender', productState: ON }] }),
    );
    expect(statusOf(scannedReport).status).toBe('pass');
    const off = [{ displayName: 'Windows Defender', productState: OFF }];
    const failed = statusOf(await scanWith(windows({ antivirusProducts: off })));
    expect(failed.status).toBe('fail');
    expect(statusOf(await scanWith(windows({ antivirusProducts: off, usbStorDriver: { Start: 4 } }))).status).toBe(
      'pass',
    );
    expect(
      statusOf(await scanWith(windows({ antivirusProducts: off, removableDisksMachine: { Deny_Execute: 1 } }))).status,
    ).toBe('pass');
  });

  it('Windows: unknown, never pass, when a policy key could not be read and nothing is scanned', async () => {
    const host = windowsHost(
      { antivirusProducts: [{ displayName: 'Windows Defender', productState: OFF }] },
      {
        failed: {
          usbStorDriver: {
            type: 'System.Security.SecurityException',
            message: 'Requested registry access is not allowed.',
          },
        },
      },
    );
    expect(statusOf(await scanWith(host)).status).toBe('unknown');
  });

  needsTool('systemctl', 'systemd').it(
    'Linux: fails on a stock PC, passes with usb-storage kept from loading',
    async () => {
      const stock = await makeRoot({
        ...OS_RELEASE,
        '/lib/modprobe.d/systemd.conf': fixture('usb_storage/modprobe-systemd.conf__this-debian12-systemd-252.conf'),
      });
      expect(statusOf(await scanWith(await rootHost(stock), { only: [RULE], replayed: false })).status).toBe('fail');
      // A kernel whose modules.builtin (SOURCES.md) does not name usb-storage: modprobe.d decides.
      const blocked = await makeRoot({
        ...OS_RELEASE,
        '/proc/sys/kernel/osrelease': '6.1.0-53-cloud-amd64\n',
        '/lib/modules/6.1.0-53-cloud-amd64/modules.builtin': fixture(
          'usb_storage/modules.builtin__debian12-linux-image-6.1.0-53-cloud-amd64.txt',
        ),
        '/etc/modprobe.d/no-usb.conf': 'install usb-storage /bin/true\n',
      });
      expect(statusOf(await scanWith(await rootHost(blocked), { only: [RULE], replayed: false })).status).toBe('pass');
    },
  );

  it('usb-storage.seen (Windows): the sticks seen are listed with their first and last days; none seen passes', async () => {
    const history = [
      // Two sticks of one kind (the Plug and Play manager spells it in capitals): the earliest and the latest day.
      { kind: 'DISK&VEN_GENERIC&PROD_FLASH_DISK&REV_8.07', firstInstall: '2024-03-01T02:00:00Z', lastArrival: null },
      {
        kind: 'DISK&VEN_GENERIC&PROD_FLASH_DISK&REV_8.07',
        firstInstall: '2024-05-01T02:00:00Z',
        lastArrival: '2024-06-02T09:00:00Z',
      },
    ];
    const seen = (await scanWith(windows({ usbStorageHistory: history }))).results.find(
      (r) => r.id === 'usb-storage.seen',
    )!;
    expect([seen.status, seen.found]).toEqual([
      'fail',
      'GENERIC FLASH DISK (2024-03-01 – 2024-06-02) (first – last connected, UTC)',
    ]);
    const none = await scanWith(windows({ usbStorageDevices: [], usbStorageHistory: [] }));
    expect(none.results.find((r) => r.id === 'usb-storage.seen')!.status).toBe('pass');
    // Without the dates (Get-PnpDevice failed) the sticks are still listed.
    const undated = await scanWith(windows({}));
    expect(undated.results.find((r) => r.id === 'usb-storage.seen')!.found).toBe(
      'GENERIC FLASH DISK (first – last connected, UTC)',
    );
  });
});
