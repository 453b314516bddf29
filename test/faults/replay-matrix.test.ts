import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../../src/host/live.js';
import { createRecordingHost, createReplayHost, type Bundle } from '../../src/host/bundle.js';
import type { CommandArg, ExecResult, FileResult, Host } from '../../src/host/types.js';
import { ScanFailedError } from '../../src/errors.js';
import { PROBES, redactSecrets } from '../../src/probes/index.js';
import { runProbes } from '../../src/scan.js';
import { XPROTECT_VERSION_FILES } from '../../src/probes/anti_malware/macos.js';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { exited as macExited, macBundle, sample as macSample, SAMPLED_MAC } from '../helpers/macos-samples.js';
import {
  parseManageBde,
  parseNetShare,
  parseNetUser,
  parseRegQuery,
  parseSystemInfo,
  sample as windowsSample,
  windowsBundle,
  winlogonFromSample,
} from '../helpers/windows-samples.js';
import { bundledRules, scanWith, statuses } from '../helpers/scan.js';
import {
  absent,
  exited as windowsExited,
  NOT_FOUND,
  noPowerShellPc,
  reg,
  wineOutput,
} from '../helpers/windows-fallback.js';

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

/** For folder listings and file status. */
const PATH_FAULTS = { missing: { status: 'missing' }, unreadable: { status: 'denied' } } as const;

/** A Windows PC as its one PowerShell run would describe it, from the real samples. */
function windowsFromSamples(): Bundle {
  const system = parseSystemInfo(windowsSample('systeminfo__zh-CN-server2012r2-workgroup.txt'));
  const volumes = parseManageBde(windowsSample('manage-bde-status__zh-CN-all-decrypted.txt'));
  const shares = parseNetShare(windowsSample('net-share__zh-CN-users-folder-shared.txt'));
  const guest = parseNetUser(windowsSample('net-user-domain__en-guest-inactive-80col-wrap.txt'));
  return windowsBundle({
    computerName: 'TILL-PC',
    uiLanguage: 'zh-CN',
    osVersion: system,
    localUsers: [
      {
        name: guest.name,
        enabled: guest.enabled,
        passwordRequired: false,
        passwordLastSet: null,
        sid: 'S-1-5-21-1-2-3-501',
      },
    ],
    winlogon: winlogonFromSample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt'),
    screenSaverUser: null,
    screenSaverPolicy: null,
    machineInactivity: null,
    systemDrive: 'C:',
    bitLockerShell: null,
    bitLockerVolumes: volumes.map((v) => ({
      deviceId: null,
      driveLetter: v.driveLetter,
      volumeType: v.osVolume ? 0 : 1,
      protectionStatus: v.protectionStatus,
      conversionStatus: v.conversionStatus,
      encryptionMethod: null,
    })),
    shares: shares.map((x) => ({
      name: x.name,
      path: x.path,
      description: null,
      special: /^(ADMIN|IPC|[A-Z])\$$/.test(x.name),
      shareType: x.name === 'IPC$' ? 'Special' : 'FileSystemDirectory',
    })),
    terminalServer: parseRegQuery(windowsSample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt')),
    rdpTcp: null,
    terminalServicesPolicy: null,
  });
}

const fixture = (folder: string, name: string) =>
  readFileSync(path.join(REPO, 'test', 'fixtures', folder, name), 'utf8');

/**
 * A Linux PC whatever this machine has installed: the Debian 12 files captured for the firewall,
 * password-policy, anti-malware and os_support tests (their SOURCES.md) in a temporary root,
 * recorded while a scan reads them, so each of those files and commands is broken in turn.
 * ufw on with its package defaults (ufw.service enabled), pam_pwquality and faillock's defaults, ClamAV with today's definitions.
 */
async function linuxFromFixtures(): Promise<Bundle> {
  const root = await makeRoot({
    '/etc/os-release': fixture('os_support', 'os-release__this-debian12-etc.txt'),
    '/etc/passwd': readFileSync('/etc/passwd', 'utf8'),
    '/etc/login.defs': fixture('password_policy', 'login.defs__this-debian12-default.txt'),
    '/etc/pam.d/common-auth': fixture('password_policy', 'common-auth__this-debian12-default.txt'),
    '/etc/pam.d/common-password': fixture(
      'password_policy',
      'common-password__this-debian12-pam-auth-update-with-pwquality.txt',
    ),
    '/etc/security/pwquality.conf': fixture(
      'password_policy',
      'pwquality.conf__this-debian12-libpam-pwquality-1.4.5-default.conf',
    ),
    '/etc/security/faillock.conf': fixture(
      'password_policy',
      'faillock.conf__this-debian12-libpam-modules-1.5.2-default.conf',
    ),
    '/usr/sbin/ufw': '',
    // ufw.service enabled as the ufw package's postinst does: ufw.conf counts only with it.
    '/usr/lib/systemd/system/ufw.service': fixture('firewall', 'ufw.service__this-debian12-ufw-0.36.2-package.service'),
    '/etc/systemd/system/multi-user.target.wants/ufw.service': { link: '/usr/lib/systemd/system/ufw.service' },
    '/etc/ufw/ufw.conf': fixture('firewall', 'ufw.conf__this-debian12-ufw-0.36.2-after-ufw-enable.txt'),
    '/etc/default/ufw': fixture('firewall', 'default-ufw__this-debian12-ufw-0.36.2-package-default.txt'),
    // ufw's rule files as its postinst copies them from the package (they decide before the default policy).
    ...Object.fromEntries(
      ['before', 'user', 'after', 'before6', 'user6', 'after6'].map((name) => [
        `/etc/ufw/${name}.rules`,
        fixture('firewall', `${name}.rules__debian12-ufw-0.36.2-package-template.txt`),
      ]),
    ),
    '/proc/sys/net/ipv6/conf/all/disable_ipv6': readFileSync('/proc/sys/net/ipv6/conf/all/disable_ipv6', 'utf8'),
    '/usr/bin/clamscan': '',
    '/etc/clamav/freshclam.conf': fixture(
      'anti_malware',
      'freshclam-conf__this-debian12-clamav-1.4.6-package-default.conf',
    ),
    '/var/lib/clamav/daily.cld': '',
    '/var/lib/apt/lists/lock': '',
    // The last package upgrade: this machine's own apt history.
    '/var/log/apt/history.log': readFileSync('/var/log/apt/history.log', 'utf8'),
  });
  const recording = createRecordingHost(await rootHost(root), redactSecrets);
  await scanWith(recording.host, { replayed: false });
  return recording.finish();
}

const FIREWALL_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall';

/**
 * The PC without PowerShell, with what the fallback also asks for the firewall, the edition and
 * AutoRun: `netsh advfirewall show allprofiles` as a Chinese Windows 7 printed it (all profiles
 * on), no firewall or AutoRun policy keys, ProductOptions as captured under Wine (a workstation).
 */
function windowsWithoutPowerShell(): Bundle {
  const bundle = noPowerShellPc(null);
  bundle.commands.push(
    {
      command: 'C:\\Windows\\System32\\netsh.exe',
      args: ['advfirewall', 'show', 'allprofiles'],
      result: windowsExited(
        fixture('firewall', 'netsh-advfirewall-show-allprofiles__zh-CN-win7-lab-all-on-state-dakai.txt'),
      ),
    },
    ...['DomainProfile', 'PrivateProfile', 'PublicProfile', 'StandardProfile'].map((p) =>
      reg(`${FIREWALL_POLICY}\\${p}`, NOT_FOUND),
    ),
    ...absent(FIREWALL_POLICY),
    reg(
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions',
      windowsExited(wineOutput('reg-query-productoptions__this-debian12-wine-8-exit0.txt')),
    ),
    // Its parent, ...\Policies, is listed (without it) by noPowerShellPc already.
    reg('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer', NOT_FOUND),
    ...absent('HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer'),
    ...absent('HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\AutoplayHandlers'),
  );
  return bundle;
}

/**
 * The Mac of the samples, with what the firewall, anti-malware, password-policy and os_support
 * probes read: socketfilterfw-getglobalstate__enabled.txt and the sourced fixtures of
 * test/fixtures/{firewall,anti_malware,password_policy,os_support} (stealth on, Gatekeeper on,
 * Apple's stock password policy, XProtect 2081 where macOS 10.13 keeps it, an install history).
 */
function macFromSamples(): Bundle {
  const bundle = macBundle({
    ...SAMPLED_MAC,
    '/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate': macExited(
      macSample('socketfilterfw-getglobalstate__enabled.txt'),
    ),
    '/usr/libexec/ApplicationFirewall/socketfilterfw --getstealthmode': macExited(
      fixture('firewall', 'socketfilterfw-getstealthmode__as-quoted-in-public-tests-macos-26-on.txt'),
    ),
    '/usr/sbin/spctl --status': macExited(
      fixture('anti_malware', 'spctl-status__macos-2020-elastic-detection-rules-420-enabled.txt'),
    ),
    '/usr/bin/pwpolicy -getaccountpolicies': macExited(
      fixture('password_policy', 'pwpolicy-getaccountpolicies__public-capture-macos26.2-stock-fde-4-chars-en-only.txt'),
    ),
  });
  const coreTypesXProtect = XPROTECT_VERSION_FILES.at(-1)!.path;
  bundle.files = {
    [coreTypesXProtect]: {
      status: 'ok',
      text: fixture('anti_malware', 'xprotect-meta-plist__knightsc-mirror-version-2081.plist'),
    },
    '/Library/Receipts/InstallHistory.plist': {
      status: 'ok',
      text: fixture('os_support', 'InstallHistory.plist__os-x-10.9-plaso-test-data.xml'),
    },
  };
  return bundle;
}

/** What a probe asked the host for, as `command ["cmd", ...args]`, `file PATH`, `dir PATH` or `stat PATH`. */
type Item = string;
const commandItem = (command: string, args: readonly CommandArg[]): Item =>
  `command ${JSON.stringify([command, ...args.map((a) => (typeof a === 'string' ? a : a.path))])}`;

/** `host`, telling `note` of every command, file, folder listing and file status it is asked for. */
function traced(host: Host, note: (item: Item) => void): Host {
  return {
    ...host,
    exec: (command, args, options) => {
      note(commandItem(command, args));
      return host.exec(command, args, options);
    },
    readFile: (p) => {
      note(`file ${p}`);
      return host.readFile(p);
    },
    listDir: (p) => {
      note(`dir ${p}`);
      return host.listDir(p);
    },
    stat: (p) => {
      note(`stat ${p}`);
      return host.stat(p);
    },
  };
}

/**
 * Bundles to break: one recorded from this machine now, a Linux PC recorded from captured files,
 * Windows PCs and a Mac built from the real samples.
 */
async function bundles(): Promise<{ name: string; bundle: Bundle; answers?: string[]; readInDerive?: Set<Item> }[]> {
  // What the live host is asked while a derived result is computed (the personal-data search, dpkg's lists):
  // recorded, but a replay answers with the derived result and never asks for it.
  const recording = createRecordingHost(await createLiveHost(), redactSecrets);
  const recorder = recording.host;
  const deriving = new AsyncLocalStorage<true>();
  const readInDerive = new Set<Item>();
  const host = traced(recorder, (item) => {
    if (deriving.getStore()) readInDerive.add(item);
  });
  await scanWith(
    { ...host, derive: (key, compute) => recorder.derive(key, () => deriving.run(true, compute)) },
    { replayed: false },
  );
  // While an AsyncLocalStorage is enabled, Node 20 and 22 run hooks on every promise of this worker, for the
  // files run after this one too (the workers share one process): off once its work is done.
  deriving.disable();
  return [
    { name: 'this machine (recorded now)', bundle: recording.finish(), readInDerive },
    {
      name: 'Linux PC (captured Debian 12 files in a temporary root: ufw, PAM, ClamAV, os-release)',
      bundle: await linuxFromFixtures(),
      answers: [
        'firewall.enabled',
        'firewall.blocks-unrequested-inbound',
        'anti-malware.linux-scanner',
        'os.supported',
        'os.updates-recent',
        'password-policy.min-length',
        'password-policy.lockout',
        'login.no-extra-root-accounts',
      ],
    },
    { name: 'Windows PC (answers built from test/fixtures/samples/windows)', bundle: windowsFromSamples() },
    {
      name: 'Windows PC without PowerShell (reg.exe, net, netsh, manage-bde print test/fixtures/samples/windows and captured outputs)',
      bundle: windowsWithoutPowerShell(),
      answers: [
        'firewall.blocks-unrequested-inbound',
        'autorun.disabled',
        'password-policy.min-length',
        'password-policy.lockout',
      ],
    },
    {
      name: 'Mac (built from test/fixtures/samples/macos and sourced fixtures)',
      bundle: macFromSamples(),
      answers: [
        'firewall.enabled',
        'anti-malware.macos-protections',
        'os.supported',
        'password-policy.min-length',
        'password-policy.lockout',
      ],
    },
  ];
}

/**
 * Which probes ask for each command, file, folder listing and file status of the bundle, in one scan of it: each
 * probe's collector runs in its own async context, so whatever it asks the host for, even through a promise
 * another probe started, is set down to the probe that started it.
 */
async function readersOf(bundle: Bundle): Promise<Map<Item, Set<string>>> {
  const replay = createReplayHost(bundle);
  const running = new AsyncLocalStorage<string>();
  const readers = new Map<Item, Set<string>>();
  const host = traced(replay, (item) => {
    const id = running.getStore() ?? 'no probe';
    readers.set(item, (readers.get(item) ?? new Set()).add(id));
  });
  const inOwnContext = PROBES.map((probe) => {
    const collect = probe.collect[host.os];
    if (!collect) return probe;
    const inContext: typeof collect = (h, options) => running.run(probe.id, () => collect(h, options));
    return { ...probe, collect: { [host.os]: inContext } };
  });
  await runProbes(inOwnContext, host, 8000);
  running.disable();
  return readers;
}

/**
 * The statuses of a scan of the bundle. With `probes`, only the rules of those probes are run (the system probe
 * always is): a rule is judged from its own probe's facts alone, so a fault in what only these probes read can
 * change no other rule's status, and scanning the rest again would only repeat the baseline.
 */
async function scanBundle(
  bundle: Bundle,
  probes?: ReadonlySet<string>,
): Promise<Record<string, string> | 'scan could not run'> {
  try {
    const all = await bundledRules();
    const set = probes ? { ...all, rules: all.rules.filter((r) => probes.has(r.probe)) } : all;
    const report = await scanWith(createReplayHost(bundle), {}, set);
    // Not one check answered: the CLI exits 3 ("could not run") with this report.
    if (report.score.coverage === 0) return 'scan could not run';
    for (const r of report.results) {
      if (r.status === 'unknown' || r.status === 'error')
        expect(r.reasons.length, `${r.id} says why it is ${r.status}`).toBeGreaterThan(0);
    }
    return statuses(report);
  } catch (error) {
    if (error instanceof ScanFailedError) return 'scan could not run';
    throw error;
  }
}

describe('fault matrix (replay host)', async () => {
  for (const { name, bundle, answers = [], readInDerive } of await bundles()) {
    describe(name, () => {
      const baseline = scanBundle(bundle);
      const readers = readersOf(bundle);
      it('answers, before it is broken, the rules whose commands and files it is here to break', async () => {
        const before = await baseline;
        // A fault is scanned again only for the probes that asked for what it breaks: each item of a recording
        // has one, unless it was read to compute a derived result.
        if (readInDerive) {
          const asked = await readers;
          const items = [
            ...bundle.commands.map((c) => commandItem(c.command, c.args)),
            ...Object.keys(bundle.files).map((p) => `file ${p}`),
            ...Object.keys(bundle.dirs).map((p) => `dir ${p}`),
            ...Object.keys(bundle.stats).map((p) => `stat ${p}`),
          ];
          expect(items.filter((item) => !asked.has(item) && !readInDerive.has(item))).toEqual([]);
        }
        expect(before).not.toBe('scan could not run');
        for (const id of answers) expect(['pass', 'fail'], id).toContain((before as Record<string, string>)[id]);
      });
      // A fault that is what the bundle holds already (a path that is missing anyway) is the baseline scan again.
      // Whether scanning only these probes' rules gives the whole scan's statuses for them. It does not when a
      // probe shares a command with probes left out (one systemctl asked for every probe's units): that command
      // then is another, not in the bundle. Such a fault is scanned whole.
      const faithful = new Map<string, Promise<boolean>>();
      const scannedAlone = (probes: ReadonlySet<string>): Promise<boolean> => {
        const key = [...probes].sort().join();
        if (!faithful.has(key))
          faithful.set(
            key,
            Promise.all([baseline, scanBundle(bundle, probes)]).then(
              ([whole, alone]) =>
                whole !== 'scan could not run' &&
                alone !== 'scan could not run' &&
                Object.entries(alone).every(([id, status]) => whole[id] === status),
            ),
          );
        return faithful.get(key)!;
      };
      // A fault in what no probe asks for changes nothing.
      const check = async (fault: string, item: Item, broken: Bundle, recorded: unknown, result: unknown) => {
        if (isDeepStrictEqual(recorded, result)) return;
        const probes = (await readers).get(item);
        if (!probes) return;
        const before = await baseline;
        const after = await scanBundle(broken, (await scannedAlone(probes)) ? probes : undefined);
        if (after === 'scan could not run' || before === 'scan could not run') return;
        for (const [id, status] of Object.entries(after)) {
          // A missing tool or file may honestly mean "not installed"; any other fault must never pass a rule that did not pass.
          if (fault !== 'missing' && status === 'pass')
            expect(before[id], `${id} turned into pass (${fault})`).toBe('pass');
        }
      };
      it('every command: missing, timeout, non-zero, no output, garbage, invalid UTF-8, over the cap', async () => {
        expect(bundle.commands.length).toBeGreaterThan(0);
        for (let i = 0; i < bundle.commands.length; i++) {
          for (const [fault, result] of Object.entries(COMMAND_FAULTS)) {
            const commands = bundle.commands.map((c, j) => (j === i ? { ...c, result } : c));
            const { command, args, result: recorded } = bundle.commands[i]!;
            await check(fault, commandItem(command, args), { ...bundle, commands }, recorded, result);
          }
        }
      });
      // A whole scan per file and fault: the time grows with every file the probes read (issue 19 added /proc/net's four).
      it('every file: missing, unreadable, garbage, invalid UTF-8', { timeout: 120_000 }, async () => {
        // The names of running processes (over 100 while the tests run) that only remote_access reads, to
        // match against its catalog: each is the same case, and three stand for the rest. A process another
        // probe asks about (smbd's pid file, a listening socket's owner) is broken like any other file.
        const asked = await readers;
        const onlyProcessName = (f: string) =>
          /^\/proc\/\d+\/comm$/.test(f) && [...(asked.get(`file ${f}`) ?? [])].join() === 'remote_access';
        const processNames = Object.keys(bundle.files).filter(onlyProcessName);
        const files = [...Object.keys(bundle.files).filter((f) => !onlyProcessName(f)), ...processNames.slice(0, 3)];
        for (const file of files) {
          for (const [fault, result] of Object.entries(FILE_FAULTS))
            await check(
              fault,
              `file ${file}`,
              { ...bundle, files: { ...bundle.files, [file]: result } },
              bundle.files[file],
              result,
            );
        }
      });
      it('every folder listing and file status: missing, unreadable', { timeout: 120_000 }, async () => {
        for (const [dir, recorded] of Object.entries(bundle.dirs))
          for (const [fault, result] of Object.entries(PATH_FAULTS))
            await check(fault, `dir ${dir}`, { ...bundle, dirs: { ...bundle.dirs, [dir]: result } }, recorded, result);
        for (const [p, recorded] of Object.entries(bundle.stats))
          for (const [fault, result] of Object.entries(PATH_FAULTS))
            await check(fault, `stat ${p}`, { ...bundle, stats: { ...bundle.stats, [p]: result } }, recorded, result);
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
