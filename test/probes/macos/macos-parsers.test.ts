import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSwapUsage } from '../../../src/probes/disk_encryption/macos-parse.js';
import {
  parseDefaultsRead,
  parseFdesetupStatus,
  parseLaunchctlPrintJob,
  parseLaunchdOverrides,
  parseProcessCommands,
  parseSwVers,
} from '../../../src/probes/macos/parse.js';
import { parseSharingList } from '../../../src/probes/open_shares/macos-parse.js';
import {
  parseIdleTime,
  parsePmsetCustomDisplaySleep,
  parsePmsetDisplaySleep,
  parseScreenLockStatus,
} from '../../../src/probes/screen_lock/macos-parse.js';
import {
  parseAppleLanguages,
  parseArm64Capability,
  parseConsoleOwnerUid,
  parseIdOutput,
  parseIoregPlatformUuid,
  redactIoregPlatformDevice,
} from '../../../src/probes/system/macos-parse.js';
import { hashMachineId } from '../../../src/probes/tools.js';
import { REPO, SAMPLES } from '../../helpers/host.js';

const sample = (name: string) => readFileSync(path.join(SAMPLES, 'macos', name), 'utf8');
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'macos', name), 'utf8');

describe('sw_vers', () => {
  it('sw_vers__macos-10.13-no-patch-tabs.txt: Mac OS X, 10.13 with no patch number, build 17A405', () => {
    const fields = parseSwVers(sample('sw_vers__macos-10.13-no-patch-tabs.txt'));
    expect(Object.fromEntries(fields)).toEqual({
      ProductName: 'Mac OS X',
      ProductVersion: '10.13',
      BuildVersion: '17A405',
    });
  });
});

describe('ioreg -rd1 -c IOPlatformExpertDevice', () => {
  const IOREG = 'ioreg-rd1-c-IOPlatformExpertDevice__otel-dotnet-contrib-macbookpro17.1-ids-made-up.txt';
  const UUID = '5E7A91C3-2B4F-4D68-9A0E-3C71F2B8D640';

  it(`${IOREG}: the IOPlatformUUID line, among property lines cut at the terminal's width`, () => {
    expect(parseIoregPlatformUuid(fixture(IOREG))).toBe(UUID);
  });

  it('no IOPlatformUUID line, or the key only inside another value, is no answer', () => {
    const withoutUuid = fixture(IOREG)
      .split('\n')
      .filter((line) => !line.includes('"IOPlatformUUID"'))
      .join('\n');
    expect(parseIoregPlatformUuid(withoutUuid)).toBeNull();
    expect(parseIoregPlatformUuid('')).toBeNull();
    expect(parseIoregPlatformUuid('      "model-config" = <"IOPlatformUUID" = "1-2">\n')).toBeNull();
  });

  it(`${IOREG} redacted for a bundle: the UUID hashed, the serial numbers and other properties gone; it hashes to the same id`, () => {
    const redacted = redactIoregPlatformDevice(fixture(IOREG));
    expect(redacted).not.toContain(UUID);
    expect(redacted).not.toContain('X0MADEUP1234');
    expect(redacted).not.toContain('58304d41444555');
    expect(redacted).not.toMatch(/serial|model-config/);
    expect(redacted).toContain('+-o J293AP  <class IOPlatformExpertDevice');
    const kept = parseIoregPlatformUuid(redacted);
    expect(kept).toBe(`hashed:${hashMachineId(UUID)}`);
    expect(hashMachineId(kept!)).toBe(hashMachineId(UUID));
    expect(redactIoregPlatformDevice('ioreg: error\n')).toBe('ioreg: error\n');
  });
});

describe('AppleLanguages', () => {
  it('handwritten old-style plist arrays: the first entry, without the script subtag', () => {
    expect(parseAppleLanguages('(\n    "zh-Hans-CN",\n    en\n)\n')).toBe('zh-CN');
    expect(parseAppleLanguages('(\n    "en-GB"\n)\n')).toBe('en-GB');
    expect(parseAppleLanguages('(\n)\n')).toBeNull();
    expect(
      parseAppleLanguages('The domain/default pair of (kCFPreferencesAnyApplication, AppleLanguages) does not exist\n'),
    ).toBeNull();
  });
});

describe('fdesetup status', () => {
  it('fdesetup-status__on-master-keychain.txt: FileVault on; the master-keychain line does not change it', () => {
    expect(parseFdesetupStatus(sample('fdesetup-status__on-master-keychain.txt'))).toBe('on');
  });
  it('fdesetup-status__as-quoted-in-public-tests-{off,encrypting,decrypting}.txt: off, and a conversion under way is not "on"', () => {
    expect(parseFdesetupStatus(fixture('fdesetup-status__as-quoted-in-public-tests-off.txt'))).toBe('off');
    // Switched on, but the conversion waits for a restart: nothing is encrypted yet.
    expect(parseFdesetupStatus(fixture('fdesetup-status__as-quoted-in-public-tests-on-restart-to-finish.txt'))).toBe(
      'encrypting',
    );
    expect(parseFdesetupStatus(fixture('fdesetup-status__as-quoted-in-public-tests-encrypting.txt'))).toBe(
      'encrypting',
    );
    expect(parseFdesetupStatus(fixture('fdesetup-status__as-quoted-in-public-tests-decrypting.txt'))).toBe(
      'decrypting',
    );
  });
  it('text that is no FileVault state is not an answer', () => {
    expect(parseFdesetupStatus('')).toBeNull();
    expect(parseFdesetupStatus('Error: This command must be run as root.\n')).toBeNull();
  });
});

describe('sysctl vm.swapusage', () => {
  it('sysctl-vm.swapusage__published-report-1024M-encrypted.txt: 1024 MB of swap, encrypted', () => {
    expect(parseSwapUsage(fixture('sysctl-vm.swapusage__published-report-1024M-encrypted.txt'))).toEqual({
      totalMb: 1024,
      encrypted: true,
    });
  });
  it('without "(encrypted)" the swap is not reported encrypted; other text is no answer', () => {
    expect(parseSwapUsage('vm.swapusage: total = 2048.00M  used = 606.00M  free = 1442.00M\n')).toEqual({
      totalMb: 2048,
      encrypted: false,
    });
    expect(parseSwapUsage('sysctl: unknown oid')).toBeNull();
  });
});

describe('sysadminctl -screenLock status (stderr, NSLog prefix)', () => {
  it('sysadminctl-screenlock-status__immediate.txt: password asked at once', () => {
    expect(parseScreenLockStatus(sample('sysadminctl-screenlock-status__immediate.txt'))).toEqual({
      passwordAfterSeconds: 0,
    });
  });
  it('sysadminctl-screenlock-status__5-seconds.txt: password asked 5 seconds after the screen saver starts', () => {
    expect(parseScreenLockStatus(sample('sysadminctl-screenlock-status__5-seconds.txt'))).toEqual({
      passwordAfterSeconds: 5,
    });
  });
  it('sysadminctl-screenlock-status-stderr__macos-26.6.2-off.txt: no password asked', () => {
    expect(parseScreenLockStatus(fixture('sysadminctl-screenlock-status-stderr__macos-26.6.2-off.txt'))).toEqual({
      passwordAfterSeconds: null,
    });
  });
  it('a negative delay means off; other text (a password prompt, an error) is no answer', () => {
    expect(
      parseScreenLockStatus('2026-01-01 00:00:00.000 sysadminctl[1:2] screenLock delay is -1.000000 seconds\n'),
    ).toEqual({ passwordAfterSeconds: null });
    expect(parseScreenLockStatus('Password:')).toBeUndefined();
    expect(parseScreenLockStatus('')).toBeUndefined();
  });
});

describe('pmset -g and the screen saver idleTime', () => {
  it('pmset-g__imac20.1-ventura-displaysleep-20.txt: display sleeps after 20 minutes (not disksleep 10)', () => {
    expect(parsePmsetDisplaySleep(fixture('pmset-g__imac20.1-ventura-displaysleep-20.txt'))).toEqual({
      minutes: 20,
      heldOnBy: [],
    });
  });
  it('pmset-g__published-mac-mini-…-prevented-by-uuremoteserver.txt: set to 10 minutes, held on by UURemoteServer', () => {
    // pmset names the programs holding a PreventUserIdleDisplaySleep assertion after the value; while one
    // runs, the display never sleeps (the "sleep … prevented by" line is system sleep, not the display).
    expect(
      parsePmsetDisplaySleep(fixture('pmset-g__published-mac-mini-displaysleep-10-prevented-by-uuremoteserver.txt')),
    ).toEqual({ minutes: 10, heldOnBy: ['UURemoteServer'] });
    expect(parsePmsetDisplaySleep(' displaysleep\t\t10 (display sleep prevented by Tally, caffeinate)')).toEqual({
      minutes: 10,
      heldOnBy: ['Tally', 'caffeinate'],
    });
  });
  it('pmset-g-custom__published-macbook-zh-…: display sleep per power source, battery 2 and adapter 30 minutes', () => {
    expect(
      parsePmsetCustomDisplaySleep(fixture('pmset-g-custom__published-macbook-zh-battery-displaysleep-2-ac-30.txt')),
    ).toEqual([2, 30]);
    // A desktop has one section; the live output (no sections) and a section without the line say nothing.
    expect(parsePmsetCustomDisplaySleep('AC Power:\n sleep                0\n displaysleep         0\n')).toEqual([0]);
    expect(parsePmsetCustomDisplaySleep(fixture('pmset-g__imac20.1-ventura-displaysleep-20.txt'))).toBeNull();
    expect(parsePmsetCustomDisplaySleep('AC Power:\n sleep                0\n')).toBeNull();
  });
  it('no displaysleep line is no answer; idleTime is whole seconds only', () => {
    expect(parsePmsetDisplaySleep(' disksleep 10\n')).toBeNull();
    expect(parseIdleTime('300\n')).toBe(300);
    expect(parseIdleTime('0')).toBe(0);
    expect(parseIdleTime('five')).toBeNull();
  });
});

describe('launchctl print system/LABEL', () => {
  it('launchctl-print-system-…__macos26.5.1-…: loaded (exit 0) when switched on, "Could not find service" (exit 113) when off', () => {
    const sshOn = fixture(
      'launchctl-print-system-com.openssh.sshd__macos26.5.1-remote-login-on-submitted-by-smd-cut.txt',
    );
    const sshOff = fixture('launchctl-print-system-com.openssh.sshd-stderr__macos26.5.1-remote-login-off-exit-113.txt');
    const vncOn = fixture(
      'launchctl-print-system-com.apple.screensharing__macos26.5.1-screen-sharing-on-submitted-by-smd-cut.txt',
    );
    const vncOff = fixture(
      'launchctl-print-system-com.apple.screensharing-stderr__macos26.5.1-screen-sharing-off-exit-113.txt',
    );
    expect(parseLaunchctlPrintJob('com.openssh.sshd', 0, sshOn, '')).toBe(true);
    expect(parseLaunchctlPrintJob('com.openssh.sshd', 113, '', sshOff)).toBe(false);
    expect(parseLaunchctlPrintJob('com.apple.screensharing', 0, vncOn, '')).toBe(true);
    expect(parseLaunchctlPrintJob('com.apple.screensharing', 113, '', vncOff)).toBe(false);
    // Another job's block, another job's "not found", another exit code: no answer.
    expect(parseLaunchctlPrintJob('com.apple.screensharing', 0, sshOn, '')).toBeNull();
    expect(parseLaunchctlPrintJob('com.openssh.sshd', 113, '', vncOff)).toBeNull();
    expect(parseLaunchctlPrintJob('com.openssh.sshd', 1, '', sshOff)).toBeNull();
    expect(parseLaunchctlPrintJob('com.openssh.sshd', 0, '', '')).toBeNull();
  });
});

describe('launchctl print-disabled', () => {
  it('an all-zero IOPlatformUUID names no Mac: it stays as printed', () => {
    const zero = '      "IOPlatformUUID" = "00000000-0000-0000-0000-000000000000"\n';
    expect(redactIoregPlatformDevice(zero)).toBe(zero);
  });

  it('launchctl-print-disabled-user-501__macos-2021-true-false-sunlogin-agent.txt: true = disabled, false = enabled; login item associations are not overrides', () => {
    const overrides = parseLaunchdOverrides(
      fixture('launchctl-print-disabled-user-501__macos-2021-true-false-sunlogin-agent.txt'),
    )!;
    expect(overrides.get('com.oray.sunlogin.desktopagent')).toBe(true);
    expect(overrides.get('com.docker.helper')).toBe(false);
    expect(overrides.size).toBe(15);
    expect(overrides.has('version.com.docker.helper')).toBe(false);
  });
  it('handwritten in the macOS 13+ spelling documented in usnistgov/macos_security#167: disabled / enabled', () => {
    const overrides = parseLaunchdOverrides(
      'disabled services = {\n\t"com.openssh.sshd" => enabled\n\t"com.apple.screensharing" => disabled\n}\n',
    )!;
    expect(Object.fromEntries(overrides)).toEqual({ 'com.openssh.sshd': false, 'com.apple.screensharing': true });
  });
  it('output without the overrides block is no answer', () => {
    expect(parseLaunchdOverrides('Unrecognized subcommand: print-disabled\n')).toBeNull();
  });
});

describe('defaults read', () => {
  it('defaults-read-stderr__as-quoted-in-public-tests-autologinuser-does-not-exist.txt with exit 1: the key is not set', () => {
    expect(
      parseDefaultsRead(
        1,
        '',
        fixture('defaults-read-stderr__as-quoted-in-public-tests-autologinuser-does-not-exist.txt'),
      ),
    ).toEqual({ set: false });
  });
  it('exit 0 is the value; another failure is no answer', () => {
    expect(parseDefaultsRead(0, 'shop\n', '')).toEqual({ set: true, value: 'shop' });
    expect(parseDefaultsRead(1, '', 'Could not read domain /Library/Preferences/com.apple.loginwindow\n')).toBeNull();
  });
});

describe('ps -A -o comm=', () => {
  it('handwritten lines in the macOS layout: full paths and bare names both match', () => {
    const names = parseProcessCommands('/sbin/launchd\n/Applications/ToDesk.app/Contents/MacOS/ToDesk\n  smbd\n\n');
    expect(names.has('ToDesk')).toBe(true);
    expect(names.has('smbd')).toBe(true);
    expect(names.has('launchd')).toBe(true);
    expect(names.has('AnyDesk')).toBe(false);
  });
});

describe('sysctl hw.optional.arm64', () => {
  it('sysctl-hw.optional.arm64__flutter-verbose-log-macos-15.6.1-apple-silicon.txt: Apple silicon', () => {
    expect(
      parseArm64Capability(
        0,
        fixture('sysctl-hw.optional.arm64__flutter-verbose-log-macos-15.6.1-apple-silicon.txt'),
        '',
      ),
    ).toBe('arm64');
  });
  it('sysctl-hw.optional.arm64-stderr__flutter-verbose-log-intel-mac-unknown-oid.txt with exit 1: an Intel Mac', () => {
    expect(
      parseArm64Capability(
        1,
        '',
        fixture('sysctl-hw.optional.arm64-stderr__flutter-verbose-log-intel-mac-unknown-oid.txt'),
      ),
    ).toBe('x86_64');
  });
  it('handwritten: 0 is no arm64; another failure or other text is no answer', () => {
    expect(parseArm64Capability(0, 'hw.optional.arm64: 0\n', '')).toBe('x86_64');
    expect(parseArm64Capability(1, '', 'sysctl: permission denied\n')).toBeNull();
    expect(parseArm64Capability(0, 'hw.optional.arm64: maybe\n', '')).toBeNull();
    expect(parseArm64Capability(0, '', '')).toBeNull();
  });
});

describe('the console user: stat -f %u /dev/console and id', () => {
  it('stat-f-u-dev-console__airbnb-puppet-munki-pr5-uid-501.txt: uid 501; other text is no answer', () => {
    expect(parseConsoleOwnerUid(fixture('stat-f-u-dev-console__airbnb-puppet-munki-pr5-uid-501.txt'))).toBe(501);
    expect(parseConsoleOwnerUid('stat: /dev/console: stat: No such file or directory\n')).toBeNull();
  });
  it('id__airbnb-puppet-munki-pr5-admin-user-name-redacted.txt: the account, in group 80 (admin)', () => {
    expect(parseIdOutput(fixture('id__airbnb-puppet-munki-pr5-admin-user-name-redacted.txt'))).toEqual({
      uid: 501,
      name: 'REDACTED',
      admin: true,
    });
  });
  it('the same line with 80(admin) left out (handwritten): a standard account; other text is no answer', () => {
    const standard = fixture('id__airbnb-puppet-munki-pr5-admin-user-name-redacted.txt').replace('80(admin),', '');
    expect(parseIdOutput(standard)).toEqual({ uid: 501, name: 'REDACTED', admin: false });
    expect(parseIdOutput('id: 502: no such user\n')).toBeNull();
  });
});

describe('sharing -l', () => {
  it('sharing-l__as-quoted-in-a-puppet-provider-comment-os-x-groups-afp-ftp-smb.txt: one share point, /Groups, over AFP and SMB, no guests', () => {
    const points = parseSharingList(
      fixture('sharing-l__as-quoted-in-a-puppet-provider-comment-os-x-groups-afp-ftp-smb.txt'),
    )!;
    expect(points.map((p) => [p.name, p.path, [...p.protocols.keys()]])).toEqual([
      ['Groups', '/Groups', ['afp', 'ftp', 'smb']],
    ]);
    const groups = points[0]!.protocols;
    expect(Object.fromEntries(groups.get('smb')!)).toEqual({ name: 'Groups', shared: '1', 'guest access': '0' });
    expect(groups.get('afp')!.get('inherit perms')).toBe('0');
    expect(groups.get('ftp')!.get('shared')).toBe('0');
  });
  it('handwritten, tab-separated as the tool prints (see SOURCES.md): a colon in a name, two share points, the newer read-only key', () => {
    const text =
      '\t\tList of Share Points\nname:\t\tShop: orders\npath:\t\t/Users/shop/Orders\n\tsmb:\t{\n\t\tname:\tOrders\n\t\tshared:\t1\n\t\tguest access:\t1\n\t\tread-only:\t0\n\t}\nname:\t\tPublic\npath:\t\t/Users/shop/Public\n\tsmb:\t{\n\t\tname:\tPublic\n\t\tshared:\t0\n\t}\n';
    const points = parseSharingList(text)!;
    expect(points.map((p) => [p.name, p.path, p.protocols.get('smb')!.get('guest access') ?? null])).toEqual([
      ['Shop: orders', '/Users/shop/Orders', '1'],
      ['Public', '/Users/shop/Public', null],
    ]);
  });
  it('no share point is an empty list; no header, an unclosed block or a stray line is no answer', () => {
    expect(parseSharingList('\t\tList of Share Points\n')).toEqual([]);
    expect(parseSharingList('')).toBeNull();
    expect(parseSharingList('sharing: must be run as root\n')).toBeNull();
    expect(parseSharingList('List of Share Points\nname:\tA\n\tsmb:\t{\n\t\tshared:\t1\n')).toBeNull();
    expect(parseSharingList('List of Share Points\nname:\tA\nsomething else\n')).toBeNull();
  });
});

describe('edges found by mutation testing', () => {
  const IOREG = 'ioreg-rd1-c-IOPlatformExpertDevice__otel-dotnet-contrib-macbookpro17.1-ids-made-up.txt';

  it(`${IOREG} redacted: exactly the header, the braces and the hashed UUID line stay`, () => {
    const uuid = '5E7A91C3-2B4F-4D68-9A0E-3C71F2B8D640';
    expect(redactIoregPlatformDevice(fixture(IOREG))).toBe(
      '+-o J293AP  <class IOPlatformExpertDevice, id 0x100000227, registered, matched,$\n' +
        '    {\n' +
        `      "IOPlatformUUID" = "hashed:${hashMachineId(uuid)}"\n` +
        '    }\n',
    );
  });

  it('launchctl-print-disabled-user-501__…: a block after the overrides is not read, even with lines like theirs (handwritten)', () => {
    const text = fixture('launchctl-print-disabled-user-501__macos-2021-true-false-sunlogin-agent.txt');
    const more = `${text}other = {\n\t"com.oray.sunlogin.desktopagent" => false\n\t"com.example.new" => true\n}\n`;
    const overrides = parseLaunchdOverrides(more)!;
    expect(overrides.get('com.oray.sunlogin.desktopagent')).toBe(true);
    expect(overrides.has('com.example.new')).toBe(false);
    // Output cut before its closing brace keeps what it listed.
    expect(Object.fromEntries(parseLaunchdOverrides('disabled services = {\n\t"com.openssh.sshd" => true')!)).toEqual({
      'com.openssh.sshd': true,
    });
  });

  it('defaults read: "does not exist" with another exit code is no answer; sw_vers: a key without a value is not kept', () => {
    expect(
      parseDefaultsRead(2, '', 'The domain/default pair of (com.apple.loginwindow, x) does not exist\n'),
    ).toBeNull();
    expect(Object.fromEntries(parseSwVers('ProductName:\tmacOS\nBuildVersion:\t'))).toEqual({ ProductName: 'macOS' });
  });

  it('sysadminctl: a delay of several digits, of one second, or of 0 seconds (a password at once)', () => {
    const nslog = '2026-06-12 20:21:23.188 sysadminctl[47579:299483] ';
    expect(parseScreenLockStatus(`${nslog}screenLock delay is 300 seconds\n`)).toEqual({ passwordAfterSeconds: 300 });
    expect(parseScreenLockStatus(`${nslog}screenLock delay is 1 second\n`)).toEqual({ passwordAfterSeconds: 1 });
    expect(parseScreenLockStatus(`${nslog}screenLock delay is 0 seconds\n`)).toEqual({ passwordAfterSeconds: 0 });
  });

  it('idleTime: a negative number or a fraction (defaults write -float) is no whole number of seconds', () => {
    expect(parseIdleTime('-1\n')).toBeNull();
    expect(parseIdleTime('300.5\n')).toBeNull();
    expect(parseIdleTime(' 600 \n')).toBe(600);
  });

  it('AppleLanguages: a script subtag with no region after it goes too (zh-Hans -> zh)', () => {
    expect(parseAppleLanguages('(\n    "zh-Hans",\n    "en-CN"\n)\n')).toBe('zh');
  });

  it('sysctl hw.optional.arm64: the value counts only with exit 0, "unknown oid" only with a failure', () => {
    expect(parseArm64Capability(1, 'hw.optional.arm64: 1\n', '')).toBeNull();
    expect(parseArm64Capability(0, '', "sysctl: unknown oid 'hw.optional.arm64'\n")).toBeNull();
  });

  it('stat: text around the uid is no uid; id: a group with no name (id prints its number alone) is passed over', () => {
    expect(parseConsoleOwnerUid('501x\n')).toBeNull();
    expect(parseConsoleOwnerUid('x501\n')).toBeNull();
    expect(parseIdOutput('uid=501(shop) gid=20(staff) groups=20(staff),1234,80(admin)\n')).toEqual({
      uid: 501,
      name: 'shop',
      admin: true,
    });
    expect(parseIdOutput('uid=502(till) gid=20(staff) groups=20(staff),80,12(everyone)\n')).toEqual({
      uid: 502,
      name: 'till',
      admin: false,
    });
  });
});
