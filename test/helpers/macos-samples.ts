import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createReplayHost, type Bundle } from '../../src/host/bundle.js';
import type { ExecResult } from '../../src/host/types.js';
import { REPO, SAMPLES } from './host.js';

// Replay bundles of a Mac, built from the real samples in test/fixtures/samples/macos and the sourced
// fixtures in test/fixtures/macos. Whatever a bundle does not hold answers "missing".

export const sample = (name: string) => readFileSync(path.join(SAMPLES, 'macos', name), 'utf8');
export const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'macos', name), 'utf8');
export const exited = (stdout: string, stderr = '', exitCode = 0): ExecResult => ({
  status: 'exited',
  exitCode,
  stdout,
  stderr,
});

export type Answers = Record<string, ExecResult>;
export const IOREG_PLATFORM_FIXTURE =
  'ioreg-rd1-c-IOPlatformExpertDevice__otel-dotnet-contrib-macbookpro17.1-ids-made-up.txt';
export const SW_VERS = '/usr/bin/sw_vers';
export const FDESETUP = '/usr/bin/fdesetup status';
export const SCREENLOCK = '/usr/sbin/sysadminctl -screenLock status';
export const PMSET = '/usr/bin/pmset -g';
export const PMSET_CUSTOM = '/usr/bin/pmset -g custom';
export const AUTOLOGIN = '/usr/bin/defaults read /Library/Preferences/com.apple.loginwindow autoLoginUser';
const SWAP = '/usr/sbin/sysctl vm.swapusage';
export const OVERRIDES = '/bin/launchctl print-disabled system';
export const PRINT_SSHD = '/bin/launchctl print system/com.openssh.sshd';
export const PRINT_SCREENSHARING = '/bin/launchctl print system/com.apple.screensharing';
export const ARM64 = '/usr/sbin/sysctl hw.optional.arm64';
export const CONSOLE_OWNER = '/usr/bin/stat -f %u /dev/console';
const ID_501 = '/usr/bin/id 501';
export const SHARING = '/usr/sbin/sharing -l';
export const SMB_GUEST =
  '/usr/bin/defaults read /Library/Preferences/SystemConfiguration/com.apple.smb.server AllowGuestAccess';
export const CSRUTIL = '/usr/bin/csrutil status';
export const IOREG_PLATFORM = '/usr/sbin/ioreg -rd1 -c IOPlatformExpertDevice';
/** The made-up hardware UUID and serial number that stand in for the published ones (test/fixtures/macos/SOURCES.md). */
export const SAMPLED_MAC_UUID = '5E7A91C3-2B4F-4D68-9A0E-3C71F2B8D640';
export const SAMPLED_MAC_SERIAL = 'X0MADEUP1234';

export function macBundle(
  answers: Answers,
  options: { elevated?: boolean; env?: Record<string, string> } = {},
): Bundle {
  return {
    kind: 'shop-audit-bundle',
    schemaVersion: 1,
    os: 'macos',
    elevated: options.elevated ?? false,
    user: { name: 'shop', uid: 501, home: '/Users/shop' },
    env: options.env ?? {},
    commands: Object.entries(answers).map(([line, result]) => {
      const [command, ...args] = line.split(' ');
      return { command: command!, args, result };
    }),
    files: {},
    dirs: {},
    stats: {},
    derived: {},
  };
}
export const macHost = (answers: Answers, options?: Parameters<typeof macBundle>[1]) =>
  createReplayHost(macBundle(answers, options));

/**
 * The state the shared samples and fixtures describe: Mac OS X 10.13, FileVault on, password asked
 * at once, Apple silicon, an administrator at the screen, Remote Login and Screen Sharing not loaded in launchd,
 * one share point without guest access,
 * SIP in a custom configuration, a hardware UUID (SAMPLED_MAC_UUID).
 */
export const SAMPLED_MAC: Answers = {
  [SW_VERS]: exited(sample('sw_vers__macos-10.13-no-patch-tabs.txt')),
  [FDESETUP]: exited(sample('fdesetup-status__on-master-keychain.txt')),
  [SCREENLOCK]: exited('', sample('sysadminctl-screenlock-status__immediate.txt')),
  [PMSET]: exited(fixture('pmset-g__imac20.1-ventura-displaysleep-20.txt')),
  [AUTOLOGIN]: exited(
    '',
    fixture('defaults-read-stderr__as-quoted-in-public-tests-autologinuser-does-not-exist.txt'),
    1,
  ),
  [SWAP]: exited(fixture('sysctl-vm.swapusage__published-report-1024M-encrypted.txt')),
  [OVERRIDES]: exited(fixture('launchctl-print-disabled-user-501__macos-2021-true-false-sunlogin-agent.txt')),
  [PRINT_SSHD]: exited(
    '',
    fixture('launchctl-print-system-com.openssh.sshd-stderr__macos26.5.1-remote-login-off-exit-113.txt'),
    113,
  ),
  [PRINT_SCREENSHARING]: exited(
    '',
    fixture('launchctl-print-system-com.apple.screensharing-stderr__macos26.5.1-screen-sharing-off-exit-113.txt'),
    113,
  ),
  [ARM64]: exited(fixture('sysctl-hw.optional.arm64__flutter-verbose-log-macos-15.6.1-apple-silicon.txt')),
  [CONSOLE_OWNER]: exited(fixture('stat-f-u-dev-console__airbnb-puppet-munki-pr5-uid-501.txt')),
  [ID_501]: exited(fixture('id__airbnb-puppet-munki-pr5-admin-user-name-redacted.txt')),
  [SHARING]: exited(fixture('sharing-l__as-quoted-in-a-puppet-provider-comment-os-x-groups-afp-ftp-smb.txt')),
  [CSRUTIL]: exited(sample('csrutil-status__custom-config-macos12-arm-tabs.txt')),
  [IOREG_PLATFORM]: exited(fixture(IOREG_PLATFORM_FIXTURE)),
};
