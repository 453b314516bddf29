import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autorun } from '../../../src/probes/autorun/index.js';
import { REASON } from '../../../src/probes/types.js';
import { runProbe } from '../../../src/scan.js';
import { expectHonest } from '../../helpers/honesty.js';
import { makeRoot, rootHost } from '../../helpers/host.js';
import { scanWith, statuses } from '../../helpers/scan.js';
import { windowsHost } from '../../helpers/windows-samples.js';

// No real output of these registry keys exists in test/fixtures/samples, so the answers are what the
// script reports for documented settings (__documented-format): NoDriveTypeAutoRun and NoAutorun
// under ...\Policies\Explorer of HKLM and HKCU (Microsoft TechNet cc938275 / cc959387: when a value
// is in HKLM, the HKCU one is ignored; unset behaves as 0x91 since Windows XP, KB967715), NoAutorun
// 1 = "Do not execute any autorun commands" (admx.help, AutoPlay policies), and the user's AutoPlay
// switch AutoplayHandlers DisableAutoplay = 1. A key that does not exist is null.

const UNSET = { autorunMachine: null, autorunUser: null, autoplayHandlers: null };
const explorer = (NoDriveTypeAutoRun: number | null, NoAutorun: number | null = null) => ({
  NoDriveTypeAutoRun,
  NoAutorun,
});

const collect = async (answers: Record<string, unknown>, options: Parameters<typeof windowsHost>[1] = {}) => {
  const out = await autorun.collect.windows(windowsHost({ ...UNSET, ...answers }, options));
  autorun.facts.parse(out.facts);
  expectHonest(out);
  return out;
};
const ruleStatus = async (answers: Record<string, unknown>) =>
  statuses(await scanWith(windowsHost({ ...UNSET, ...answers })))['autorun.disabled'];

describe('autorun probe on Windows (__documented-format answers)', () => {
  it('nothing set: the Windows default 0x91 leaves AutoRun and AutoPlay on for USB sticks and discs, and the rule fails', async () => {
    const out = await collect({});
    expect(out.facts).toEqual({
      autorunOff: false,
      autorunSource:
        'Windows default NoDriveTypeAutoRun 0x91 (no policy); HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer NoAutorun = unset',
      autoplayOff: false,
      autoplaySource:
        'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers DisableAutoplay = unset',
      noDriveTypeAutoRun: 0x91,
    });
    expect(await ruleStatus({})).toBe('fail');
  });

  it('"Turn off AutoPlay: All drives" (HKLM NoDriveTypeAutoRun 0xFF) switches both off and the rule passes', async () => {
    const answers = { autorunMachine: explorer(0xff) };
    const out = await collect(answers);
    expect(out.facts).toMatchObject({ autorunOff: true, autoplayOff: true, noDriveTypeAutoRun: 0xff });
    expect(out.facts.autorunSource).toBe(
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer NoDriveTypeAutoRun = 0xFF',
    );
    expect(await ruleStatus(answers)).toBe('pass');
  });

  it('machine before user: a machine value wins over the user one; the user value counts only when the machine has none', async () => {
    const machineWins = await collect({ autorunMachine: explorer(0x91, 2), autorunUser: explorer(0xff, 1) });
    expect(machineWins.facts).toMatchObject({ autorunOff: false, autoplayOff: false, noDriveTypeAutoRun: 0x91 });
    expect(machineWins.facts.autorunSource).toContain(
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer NoAutorun = 2',
    );
    const userOnly = await collect({ autorunMachine: explorer(null), autorunUser: explorer(0xff) });
    expect(userOnly.facts).toMatchObject({
      autorunOff: true,
      autoplayOff: true,
      autorunSource: 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer NoDriveTypeAutoRun = 0xFF',
    });
  });

  it('a mask that leaves a drive type out (0xB5: CD and removable, not fixed USB disks) is not "off"', async () => {
    const out = await collect({ autorunMachine: explorer(0xb5) });
    expect(out.facts).toMatchObject({ autorunOff: false, autoplayOff: false, noDriveTypeAutoRun: 0xb5 });
  });

  it('NoAutorun 1 and the AutoPlay switch off together pass; the switch alone leaves AutoRun on', async () => {
    const both = { autorunMachine: explorer(null, 1), autoplayHandlers: { DisableAutoplay: 1 } };
    const out = await collect(both);
    expect(out.facts).toMatchObject({
      autorunOff: true,
      autorunSource: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer NoAutorun = 1',
      autoplayOff: true,
      autoplaySource:
        'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers DisableAutoplay = 1',
      noDriveTypeAutoRun: 0x91,
    });
    expect(await ruleStatus(both)).toBe('pass');
    const switchOnly = { autoplayHandlers: { DisableAutoplay: 1 } };
    expect((await collect(switchOnly)).facts).toMatchObject({ autorunOff: false, autoplayOff: true });
    expect(await ruleStatus(switchOnly)).toBe('fail');
  });

  it('a key that cannot be read makes every fact unknown with the reason, and the rule unknown', async () => {
    const failed = {
      autorunUser: { type: 'System.Security.SecurityException', message: 'Requested registry access is not allowed.' },
    };
    const out = await collect({ autorunUser: null }, { elevated: false, failed });
    expect(out.facts.autorunOff).toBeNull();
    expect(out.unknown.autorunOff).toBe(REASON.needsAdmin);
    expect(
      statuses(await scanWith(windowsHost({ ...UNSET, autorunUser: null }, { elevated: false, failed })))[
        'autorun.disabled'
      ],
    ).toBe('unknown');
  });

  it('on Linux there is no AutoRun: every fact says so, the probe is no error, and the rule does not apply', async () => {
    const host = await rootHost(await makeRoot({ '/etc/os-release': readFileSync('/etc/os-release') }));
    const out = await autorun.collect.linux(host);
    expectHonest(out);
    expect(Object.values(out.unknown)).toEqual(Array(5).fill(REASON.notOnThisOs));
    expect((await runProbe(autorun, host, 8000)).run.status).toBe('ok');
    expect(statuses(await scanWith(host, { replayed: false }))['autorun.disabled']).toBe('not_applicable');
  });
});
