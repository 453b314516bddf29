import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../../src/host/live.js';
import { createRecordingHost, createReplayHost, type Bundle } from '../../src/host/bundle.js';
import type { ExecResult, FileResult } from '../../src/host/types.js';
import { ScanFailedError } from '../../src/errors.js';
import { redactSecrets } from '../../src/probes/index.js';
import { macBundle, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { parseManageBde, parseNetShare, parseNetUser, parseRegQuery, parseSystemInfo, sample as windowsSample, windowsBundle } from '../helpers/windows-samples.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { noPowerShellPc } from '../helpers/windows-fallback.js';

// The fault matrix through the replay host: starting from a bundle of a real scan, every command
// the scan ran and every file it read is broken in turn, and the scan run again. It must finish
// (or end as "scan could not run", exit 3), and no rule may turn into a pass because of the fault.

const GARBAGE = 'Ω\u0000\u001b[31m{{{ not what this tool prints ]]]\n\t:::\n';
const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]).toString('utf8');
const COMMAND_FAULTS: Record<string, ExecResult> = {
  missing: { status: 'missing' },
  timeout: { status: 'timeout' },
  'non-zero exit': { status: 'exited', exitCode: 1, stdout: '', stderr: 'error: something went wrong\n' },
  'no output': { status: 'exited', exitCode: 0, stdout: '', stderr: '' },
  garbage: { status: 'exited', exitCode: 0, stdout: GARBAGE, stderr: GARBAGE },
  'invalid UTF-8': { status: 'exited', exitCode: 0, stdout: INVALID_UTF8, stderr: '' },
  'output over the cap': { status: 'failed', message: 'output larger than 4194304 bytes' },
};
const FILE_FAULTS: Record<string, FileResult> = {
  missing: { status: 'missing' },
  unreadable: { status: 'denied' },
  garbage: { status: 'ok', text: GARBAGE },
  'invalid UTF-8': { status: 'ok', text: INVALID_UTF8 },
};

/** A Windows PC as its one PowerShell run would describe it, from the real samples. */
function windowsFromSamples(): Bundle {
  const winlogon = parseRegQuery(windowsSample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt'));
  const system = parseSystemInfo(windowsSample('systeminfo__zh-CN-server2012r2-workgroup.txt'));
  const volumes = parseManageBde(windowsSample('manage-bde-status__zh-CN-all-decrypted.txt'));
  const shares = parseNetShare(windowsSample('net-share__zh-CN-users-folder-shared.txt'));
  const guest = parseNetUser(windowsSample('net-user-domain__en-guest-inactive-80col-wrap.txt'));
  return windowsBundle({
    computerName: 'TILL-PC',
    uiLanguage: 'zh-CN',
    osVersion: system,
    localUsers: [{ name: guest.name, enabled: guest.enabled, passwordRequired: false, passwordLastSet: null, sid: 'S-1-5-21-1-2-3-501' }],
    winlogon: { AutoAdminLogon: winlogon.AutoAdminLogon ?? null, DefaultUserName: winlogon.DefaultUserName ?? null, DefaultDomainName: null, DefaultPasswordExists: 'DefaultPassword' in winlogon },
    screenSaverUser: null,
    screenSaverPolicy: null,
    machineInactivity: null,
    systemDrive: 'C:',
    bitLockerShell: null,
    bitLockerVolumes: volumes.map((v) => ({ deviceId: null, driveLetter: v.driveLetter, volumeType: v.osVolume ? 0 : 1, protectionStatus: v.protectionStatus, conversionStatus: v.conversionStatus, encryptionMethod: null })),
    shares: shares.map((x) => ({ name: x.name, path: x.path, description: null, special: /^(ADMIN|IPC|[A-Z])\$$/.test(x.name), shareType: x.name === 'IPC$' ? 'Special' : 'FileSystemDirectory' })),
    terminalServer: parseRegQuery(windowsSample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt')),
    rdpTcp: null,
    terminalServicesPolicy: null,
  });
}

/** Bundles to break: one recorded from this machine now, a Windows PC and a Mac built from the real samples. */
async function bundles(): Promise<{ name: string; bundle: Bundle }[]> {
  const recording = createRecordingHost(await createLiveHost(), redactSecrets);
  await scanWith(recording.host, { replayed: false });
  return [
    { name: 'this machine (recorded now)', bundle: recording.finish() },
    { name: 'Windows PC (answers built from ../shared/samples/windows)', bundle: windowsFromSamples() },
    { name: 'Windows PC without PowerShell (reg.exe, net share, manage-bde print ../shared/samples/windows)', bundle: noPowerShellPc(null) },
    { name: 'Mac (built from ../shared/samples/macos)', bundle: macBundle(SAMPLED_MAC) },
  ];
}

async function scanBundle(bundle: Bundle): Promise<Record<string, string> | 'scan could not run'> {
  try {
    const report = await scanWith(createReplayHost(bundle));
    // Not one check answered: the CLI exits 3 ("could not run") with this report.
    if (report.score.coverage === 0) return 'scan could not run';
    for (const r of report.results) {
      if (r.status === 'unknown' || r.status === 'error') expect(r.reasons.length, `${r.id} says why it is ${r.status}`).toBeGreaterThan(0);
    }
    return statuses(report);
  } catch (error) {
    if (error instanceof ScanFailedError) return 'scan could not run';
    throw error;
  }
}

describe('fault matrix (replay host)', async () => {
  for (const { name, bundle } of await bundles()) {
    describe(name, () => {
      const baseline = scanBundle(bundle);
      const check = async (fault: string, broken: Bundle) => {
        const before = await baseline;
        const after = await scanBundle(broken);
        if (after === 'scan could not run' || before === 'scan could not run') return;
        for (const [id, status] of Object.entries(after)) {
          // A missing tool or file may honestly mean "not installed"; any other fault must never pass a rule that did not pass.
          if (fault !== 'missing' && status === 'pass') expect(before[id], `${id} turned into pass (${fault})`).toBe('pass');
        }
      };
      it('every command: missing, timeout, non-zero, no output, garbage, invalid UTF-8, over the cap', async () => {
        expect(bundle.commands.length).toBeGreaterThan(0);
        for (let i = 0; i < bundle.commands.length; i++) {
          for (const [fault, result] of Object.entries(COMMAND_FAULTS)) {
            const commands = bundle.commands.map((c, j) => (j === i ? { ...c, result } : c));
            await check(fault, { ...bundle, commands });
          }
        }
      });
      it('every file: missing, unreadable, garbage, invalid UTF-8', async () => {
        const files = Object.keys(bundle.files);
        for (const file of files) {
          for (const [fault, result] of Object.entries(FILE_FAULTS)) await check(fault, { ...bundle, files: { ...bundle.files, [file]: result } });
        }
      });
      it('every folder listing and file status: missing, unreadable', async () => {
        for (const dir of Object.keys(bundle.dirs)) {
          await check('missing', { ...bundle, dirs: { ...bundle.dirs, [dir]: { status: 'missing' } } });
          await check('unreadable', { ...bundle, dirs: { ...bundle.dirs, [dir]: { status: 'denied' } } });
        }
        for (const p of Object.keys(bundle.stats)) {
          await check('missing', { ...bundle, stats: { ...bundle.stats, [p]: { status: 'missing' } } });
          await check('unreadable', { ...bundle, stats: { ...bundle.stats, [p]: { status: 'denied' } } });
        }
      });
      it('everything at once: every command times out and every file is unreadable', async () => {
        const broken: Bundle = {
          ...bundle,
          commands: bundle.commands.map((c) => ({ ...c, result: { status: 'timeout' } })),
          files: Object.fromEntries(Object.keys(bundle.files).map((f) => [f, { status: 'denied' }])),
        };
        const after = await scanBundle(broken);
        expect(after).toBe('scan could not run');
      });
    });
  }
});
