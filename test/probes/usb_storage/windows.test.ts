import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usbStorage } from '../../../src/probes/usb_storage/index.js';
import { REPO } from '../../helpers/host.js';
import { scanWith, statuses } from '../../helpers/scan.js';
import { parseFormatList, windowsHost } from '../../helpers/windows-samples.js';

// Whether files on a USB stick are checked as they are opened, from Security Center's real list
// (test/fixtures/anti_malware/SOURCES.md): a registration left behind by an uninstalled antivirus keeps its last
// state "on" (issue 14), so it checks nothing unless the PC shows the product is there.

const RULE = 'usb-storage.restricted-or-scanned';
const NO_POLICY = {
  removableStorageMachine: null,
  removableStorageUser: null,
  removableDisksMachine: null,
  removableDisksUser: null,
  usbStorDriver: { Start: 3 },
  bitLockerRemovablePolicy: null,
  usbStorageDevices: [],
};

/** The script's answer for the real list (Bitdefender on, Windows Defender off), its Bitdefender file there or gone. */
const registered = (bitdefenderThere: boolean) =>
  parseFormatList(
    readFileSync(
      path.join(
        REPO,
        'test/fixtures/anti_malware/get-ciminstance-antivirusproduct__en-thm-vm-bitdefender-on-defender-off.txt',
      ),
      'utf8',
    ),
  ).map((p) => ({
    displayName: p.displayName,
    productState: Number(p.productState),
    exe: p.pathToSignedProductExe,
    exeExists: /^[A-Za-z]:\\/.test(p.pathToSignedProductExe ?? '') ? bitdefenderThere : null,
  }));

describe('USB sticks checked by a Security Center antivirus only while it is on this PC', () => {
  const pc = (bitdefenderThere: boolean) => ({
    ...NO_POLICY,
    productType: 1,
    antivirusProducts: registered(bitdefenderThere),
    processes: ['explorer', 'svchost'],
    services: [],
  });

  it('Bitdefender registered on, its program gone and not running: nothing checks the stick, the rule fails', async () => {
    const out = await usbStorage.collect.windows!(windowsHost(pc(false)));
    expect(out.facts.scanned).toBe(false);
    expect(statuses(await scanWith(windowsHost(pc(false))))[RULE]).toBe('fail');
  });

  it('the same registration with its program there: it checks the stick, the rule passes', async () => {
    expect((await usbStorage.collect.windows!(windowsHost(pc(true)))).facts.scanned).toBe(true);
    expect(statuses(await scanWith(windowsHost(pc(true))))[RULE]).toBe('pass');
  });

  it('its program file not checkable and the running programs unread: unknown, not a pass', async () => {
    const unread = registered(true).map((p) => ({ ...p, exeExists: null }));
    const host = windowsHost(
      { ...pc(true), antivirusProducts: unread, processes: undefined },
      { failed: { processes: { type: 'System.Exception', message: 'Get-Process failed' } } },
    );
    const out = await usbStorage.collect.windows!(host);
    expect(out.facts.scanned).toBeNull();
    expect(out.unknown.scanned).toMatch(/nothing on this PC shows it is installed/);
  });
});

describe('without Security Center (Windows Server), Defender checks the stick only when it is the antivirus', () => {
  // The 2024 Get-MpComputerStatus example of Microsoft's documentation (test/fixtures/anti_malware), Normal mode; the
  // other AMRunningMode values Microsoft documents for a Defender standing down (passive beside another antivirus,
  // SxS Passive Mode, EDR Block Mode) written into it by hand: real-time protection may still read True then.
  const [normal] = parseFormatList(
    readFileSync(
      path.join(REPO, 'test/fixtures/anti_malware/get-mpcomputerstatus__en-ms-docs-2024-defender-normal-age-1.txt'),
      'utf8',
    ),
  );
  const defender = (mode: string) => ({
    AMServiceEnabled: normal!.AMServiceEnabled === 'True',
    AMRunningMode: mode,
    AntivirusEnabled: normal!.AntivirusEnabled === 'True',
    RealTimeProtectionEnabled: normal!.RealTimeProtectionEnabled === 'True',
    AntivirusSignatureAge: Number(normal!.AntivirusSignatureAge),
    AntivirusSignatureLastUpdated: '2024-01-01T00:00:00.000Z',
    DefenderSignaturesOutOfDate: false,
  });
  const server = (mode: string) =>
    windowsHost(
      { ...NO_POLICY, productType: 3, defenderStatus: defender(mode), processes: [], services: [] },
      { failed: { antivirusProducts: { type: 'CimException', message: 'Invalid namespace ' } } },
    );

  it('Normal: checked; Passive, SxS Passive, EDR Block or not running: not checked, as anti-malware.active says', async () => {
    expect((await usbStorage.collect.windows!(server(normal!.AMRunningMode!))).facts.scanned).toBe(true);
    for (const mode of ['Passive Mode', 'SxS Passive Mode', 'EDR Block Mode', 'Not running'])
      expect((await usbStorage.collect.windows!(server(mode))).facts.scanned, mode).toBe(false);
  });
});
