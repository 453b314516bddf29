import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecResult, Host } from '../../src/host/types.js';
import { findProbe, PROBES } from '../../src/probes/index.js';
import { REASON } from '../../src/probes/types.js';
import { runCli } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';
import { renderText } from '../../src/report/text.js';
import { createRecordingHost, createReplayHost } from '../../src/host/bundle.js';
import { redactSecrets } from '../../src/probes/index.js';
import { hashMachineId } from '../../src/probes/tools.js';
import {
  ARM64,
  AUTOLOGIN,
  CONSOLE_OWNER,
  exited,
  FDESETUP,
  fixture,
  IOREG_PLATFORM,
  IOREG_PLATFORM_FIXTURE,
  macBundle,
  macHost,
  OVERRIDES,
  PMSET,
  PMSET_CUSTOM,
  PRINT_SCREENSHARING,
  PRINT_SSHD,
  SAMPLED_MAC,
  SAMPLED_MAC_SERIAL,
  SAMPLED_MAC_UUID,
  sample,
  SCREENLOCK,
  SHARING,
  SMB_GUEST,
  type Answers,
} from '../helpers/macos-samples.js';
import { expectHonest } from '../helpers/honesty.js';
import { scanWith, statuses } from '../helpers/scan.js';

// Replayed macOS scans built from the real samples in test/fixtures/samples/macos (MANIFEST.md gives
// the ground truth) and the sourced fixtures in test/fixtures/macos. Whatever a bundle does not
// hold answers "missing", as a tool that is not there would.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: these tests read the facts of any probe by name
type LooseOutput = { facts: Record<string, any>; unknown: Record<string, string> };
async function collect(
  probe: string,
  answers: Answers,
  options?: Parameters<typeof macBundle>[1],
): Promise<LooseOutput> {
  const p = findProbe(probe)!;
  const out = await p.collect.macos!(macHost(answers, options));
  p.facts.parse(out.facts);
  return out as LooseOutput;
}

describe('macOS probes on the real samples (MANIFEST ground truth)', () => {
  it('sw_vers__macos-10.13-no-patch-tabs.txt: Mac OS X 10.13, build 17A405, no patch number added', async () => {
    const out = await collect('system', SAMPLED_MAC);
    expect(out.facts).toMatchObject({ osName: 'Mac OS X 10.13', osVersion: '10.13 (build 17A405)', osId: 'macos' });
    expect(out.unknown.kernel).toMatch(/uname -r: not found/);
    expectHonest(out);
  });

  it('sysctl-hw.optional.arm64__…apple-silicon, stat-f-u-dev-console__…uid-501, id__…admin…: arm64, an administrator at the screen, shown in the report', async () => {
    const out = await collect('system', SAMPLED_MAC);
    expect(out.facts).toMatchObject({ architecture: 'arm64', consoleUser: 'REDACTED', consoleUserAdmin: true });
    const report = await scanWith(macHost(SAMPLED_MAC));
    expect(report.machine).toMatchObject({ architecture: 'arm64', consoleUser: 'REDACTED', consoleUserAdmin: true });
    const text = renderText(report, { color: false });
    expect(text).toContain('(Mac OS X 10.13 (build 17A405), arm64)');
    expect(text).toContain('Signed in at the screen: REDACTED (administrator)');
  });

  it('sysctl-hw.optional.arm64-stderr__…intel-mac-unknown-oid.txt: x86_64; the login window at the screen (uid 0) is nobody signed in', async () => {
    const answers = {
      ...SAMPLED_MAC,
      [ARM64]: exited('', fixture('sysctl-hw.optional.arm64-stderr__flutter-verbose-log-intel-mac-unknown-oid.txt'), 1),
      [CONSOLE_OWNER]: exited('0\n'),
    };
    const out = await collect('system', answers);
    expect(out.facts).toMatchObject({ architecture: 'x86_64', consoleUser: null, consoleUserAdmin: null });
    expect(out.unknown.consoleUser).toMatch(/nobody is signed in/);
    expectHonest(out);
    expect(renderText(await scanWith(macHost(answers)), { color: false })).not.toContain('Signed in at the screen');
  });

  it(`${IOREG_PLATFORM_FIXTURE}: the hardware UUID identifies the Mac, and the report and a recorded bundle hold only its hash`, async () => {
    const expected = hashMachineId(SAMPLED_MAC_UUID);
    expect(expected).toMatch(/^[0-9a-f]{24}$/);
    const out = await collect('system', SAMPLED_MAC);
    expect(out.facts.machineIdHash).toBe(expected);
    expect(out.unknown.machineIdHash).toBeUndefined();

    const recording = createRecordingHost(macHost(SAMPLED_MAC), redactSecrets);
    const report = await scanWith(recording.host);
    expect(report.machine.idHash).toBe(expected);
    const bundle = JSON.stringify(recording.finish());
    const shown = [renderText(report, { color: false }), JSON.stringify(report), bundle].join('\n').toUpperCase();
    for (const secret of [SAMPLED_MAC_UUID, SAMPLED_MAC_SERIAL, SAMPLED_MAC_UUID.replace(/-/g, '')])
      expect(shown).not.toContain(secret);
    // Replaying the recorded bundle names the same Mac.
    const replayed = await scanWith(createReplayHost(JSON.parse(bundle)));
    expect(replayed.machine.idHash).toBe(expected);
  });

  it('ioreg missing, refusing, printing no UUID or an all-zero one: the machine id is unknown and says why', async () => {
    const without = await collect(
      'system',
      Object.fromEntries(Object.entries(SAMPLED_MAC).filter(([line]) => line !== IOREG_PLATFORM)),
    );
    expect(without.facts.machineIdHash).toBeNull();
    expect(without.unknown.machineIdHash).toMatch(/ioreg -rd1 -c IOPlatformExpertDevice: /);
    const refused = await collect('system', {
      ...SAMPLED_MAC,
      [IOREG_PLATFORM]: exited('', 'ioreg: no such class\n', 1),
    });
    expect(refused.unknown.machineIdHash).toMatch(/exit code 1: ioreg: no such class/);
    const noLine = await collect('system', {
      ...SAMPLED_MAC,
      [IOREG_PLATFORM]: exited('+-o J293AP  <class IOPlatformExpertDevice>\n'),
    });
    expect(noLine.unknown.machineIdHash).toBe('ioreg printed no IOPlatformUUID line');
    const zeros = fixture(IOREG_PLATFORM_FIXTURE).replace(SAMPLED_MAC_UUID, '00000000-0000-0000-0000-000000000000');
    const zero = await collect('system', { ...SAMPLED_MAC, [IOREG_PLATFORM]: exited(zeros) });
    expect(zero.facts.machineIdHash).toBeNull();
    expect(zero.unknown.machineIdHash).toMatch(/all zeros/);
    for (const out of [without, refused, noLine, zero]) expectHonest(out);
  });

  it('sharing-l__as-quoted-in-a-puppet-provider-comment-os-x-groups-afp-ftp-smb.txt: /Groups is shared without guest access, the guest-share rules pass', async () => {
    const bundle = macBundle(SAMPLED_MAC);
    bundle.stats['/usr/sbin/smbd'] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o755 };
    const out = (await findProbe('open_shares')!.collect.macos!(createReplayHost(bundle))) as LooseOutput;
    expect(out.facts.shares).toEqual([
      {
        name: 'Groups',
        path: '/Groups',
        guestAccess: false,
        writable: null,
        allowedUsers: null,
        printer: false,
        browseable: null,
      },
    ]);
    expect(out.unknown['shares[Groups].writable']).toMatch(/folder's permissions/);
    expectHonest(out, { shares: 'name' });
    expect(statuses(await scanWith(createReplayHost(bundle)))).toMatchObject({
      'open-shares.no-guest-share': 'pass',
      'open-shares.no-guest-writable-share': 'pass',
    });
  });

  it('handwritten sharing -l with guest access on SMB (see SOURCES.md): with guests allowed server-wide the share is open and the rule fails; with File Sharing off nothing is offered', async () => {
    const guestShare =
      '\t\tList of Share Points\nname:\t\tOrders\npath:\t\t/Users/shop/Orders\n\tsmb:\t{\n\t\tname:\tOrders\n\t\tshared:\t1\n\t\tguest access:\t1\n\t}\n';
    const open = macBundle({ ...SAMPLED_MAC, [SHARING]: exited(guestShare), [SMB_GUEST]: exited('1\n') });
    open.stats['/usr/sbin/smbd'] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o755 };
    const out = (await findProbe('open_shares')!.collect.macos!(createReplayHost(open))) as LooseOutput;
    expect(out.facts.shares).toMatchObject([{ name: 'Orders', path: '/Users/shop/Orders', guestAccess: true }]);
    expect(statuses(await scanWith(createReplayHost(open)))).toMatchObject({
      'open-shares.no-guest-share': 'fail',
      'open-shares.no-guest-writable-share': 'unknown',
    });

    const guestsRefused = macBundle({ ...SAMPLED_MAC, [SHARING]: exited(guestShare), [SMB_GUEST]: exited('0\n') });
    const noGuests = (await findProbe('open_shares')!.collect.macos!(createReplayHost(guestsRefused))) as LooseOutput;
    expect(noGuests.facts.shares).toMatchObject([{ name: 'Orders', guestAccess: false }]);
    const off = macBundle({
      ...SAMPLED_MAC,
      [SHARING]: exited(guestShare),
      [SMB_GUEST]: exited('1\n'),
      '/bin/ps -A -o comm=': exited('/sbin/launchd\n'),
    });
    expect(
      ((await findProbe('open_shares')!.collect.macos!(createReplayHost(off))) as LooseOutput).facts,
    ).toMatchObject({ smbServerRunning: false, shares: [] });

    // macOS 26 switches File Sharing on through smd, without an override, and no smbd runs until someone
    // connects; launchd has the job loaded (handwritten in the layout of the macOS 26.5.1 captures of
    // `launchctl print system/com.openssh.sshd`, see SOURCES.md).
    const on26 = macBundle({
      ...SAMPLED_MAC,
      [SHARING]: exited(guestShare),
      [SMB_GUEST]: exited('1\n'),
      '/bin/ps -A -o comm=': exited('/sbin/launchd\n'),
      '/bin/launchctl print system/com.apple.smbd': exited(
        'system/com.apple.smbd = {\n    active count = 0\n    path = (submitted by smd[541])\n    type = Submitted\n}\n',
      ),
    });
    on26.stats['/usr/sbin/smbd'] = open.stats['/usr/sbin/smbd'];
    expect(
      ((await findProbe('open_shares')!.collect.macos!(createReplayHost(on26))) as LooseOutput).facts,
    ).toMatchObject({ smbServerRunning: true, shares: [{ name: 'Orders', guestAccess: true }] });
    expect(statuses(await scanWith(createReplayHost(on26)))['open-shares.no-guest-share']).toBe('fail');
  });

  it("handwritten sharing -l with guest access over AFP only (older macOS): AFP's own guest switch decides, and it is read only then", async () => {
    const afpGuest =
      '\t\tList of Share Points\nname:\t\tPublic\npath:\t\t/Users/shop/Public\n\tafp:\t{\n\t\tname:\tPublic\n\t\tshared:\t1\n\t\tguest access:\t1\n\t}\n\tsmb:\t{\n\t\tname:\tPublic\n\t\tshared:\t1\n\t\tguest access:\t0\n\t}\n';
    const AFP_GUEST = '/usr/bin/defaults read /Library/Preferences/com.apple.AppleFileServer guestAccess';
    const open = await collect('open_shares', {
      ...SAMPLED_MAC,
      [SHARING]: exited(afpGuest),
      [AFP_GUEST]: exited('1\n'),
    });
    expect(open.facts.shares).toMatchObject([{ name: 'Public', guestAccess: true }]);
    const unread = await collect('open_shares', { ...SAMPLED_MAC, [SHARING]: exited(afpGuest) });
    expect(unread.facts.shares).toMatchObject([{ name: 'Public', guestAccess: null }]);
    expect(unread.unknown['shares[Public].guestAccess']).toMatch(
      /defaults read \/Library\/Preferences\/com.apple.AppleFileServer guestAccess: not found/,
    );
  });

  it('fdesetup-status__on-master-keychain.txt: FileVault on, the system-drive rule passes', async () => {
    const out = await collect('disk_encryption', SAMPLED_MAC);
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: true,
      method: 'filevault',
      protectionState: 'on',
      swapEncrypted: true,
    });
    expectHonest(out, { volumes: 'mountPoint', swap: 'path' });
    expect(statuses(await scanWith(macHost(SAMPLED_MAC)))['disk-encryption.system-drive']).toBe('pass');
  });

  it('sysadminctl-screenlock-status__immediate.txt: password asked at once; with display sleep at 20 minutes (pmset-g__imac20.1-ventura-displaysleep-20.txt) the idle rule fails', async () => {
    const out = await collect('screen_lock', SAMPLED_MAC);
    expect(out.facts).toMatchObject({ hasDesktop: true, enabled: true, requiresPassword: true, idleSeconds: 1200 });
    expectHonest(out);
    expect(statuses(await scanWith(macHost(SAMPLED_MAC)))['screen-lock.idle-timeout']).toBe('fail');
  });

  it('sysadminctl-screenlock-status__5-seconds.txt: the 5-second grace is added to the time until the screen locks', async () => {
    const out = await collect('screen_lock', {
      ...SAMPLED_MAC,
      [SCREENLOCK]: exited('', sample('sysadminctl-screenlock-status__5-seconds.txt')),
    });
    expect(out.facts).toMatchObject({ requiresPassword: true, idleSeconds: 1205 });
  });

  it('sysadminctl-screenlock-status__5-seconds.txt with display sleep at 10 minutes and the screen saver at 5 (handwritten timers): the idle rule passes', async () => {
    const answers = {
      ...SAMPLED_MAC,
      [SCREENLOCK]: exited('', sample('sysadminctl-screenlock-status__5-seconds.txt')),
      [PMSET]: exited(
        fixture('pmset-g__imac20.1-ventura-displaysleep-20.txt').replace(
          'displaysleep         20',
          'displaysleep         10',
        ),
      ),
      '/usr/bin/defaults -currentHost read com.apple.screensaver idleTime': exited('300\n'),
    };
    expect((await collect('screen_lock', answers)).facts.idleSeconds).toBe(305);
    expect(statuses(await scanWith(macHost(answers)))['screen-lock.idle-timeout']).toBe('pass');
  });

  it('pmset-g__published-mac-mini-…-prevented-by-uuremoteserver.txt: display sleep held off by a remote-control app does not lock the screen', async () => {
    // Display sleep is set to 10 minutes but UURemoteServer keeps the display on: only the screen saver can lock.
    const heldOn = {
      ...SAMPLED_MAC,
      [PMSET]: exited(fixture('pmset-g__published-mac-mini-displaysleep-10-prevented-by-uuremoteserver.txt')),
    };
    const idle = '/usr/bin/defaults -currentHost read com.apple.screensaver idleTime';
    const notSet = exited('', `The domain/default pair of (com.apple.screensaver, idleTime) does not exist\n`, 1);
    const unset = { ...heldOn, [idle]: notSet };
    const out = await collect('screen_lock', unset);
    expect(out.facts).toMatchObject({ requiresPassword: true, enabled: null, idleSeconds: null });
    expect(out.unknown.enabled).toMatch(/UURemoteServer/);
    expectHonest(out);
    expect(statuses(await scanWith(macHost(unset)))['screen-lock.idle-timeout']).toBe('unknown');

    const never = { ...heldOn, [idle]: exited('0\n') };
    expect((await collect('screen_lock', never)).facts).toMatchObject({ enabled: false, idleSeconds: 0 });
    expect(statuses(await scanWith(macHost(never)))['screen-lock.idle-timeout']).toBe('fail');

    const saver = { ...heldOn, [idle]: exited('300\n') };
    expect((await collect('screen_lock', saver)).facts).toMatchObject({ enabled: true, idleSeconds: 300 });
    expect(statuses(await scanWith(macHost(saver)))['screen-lock.idle-timeout']).toBe('pass');
  });

  it('pmset-g-custom__published-macbook-zh-battery-displaysleep-2-ac-30.txt: scanned on battery (2 minutes in use), the display stays on 30 minutes on the adapter: the longest counts', async () => {
    const onBattery = {
      ...SAMPLED_MAC,
      // `pmset -g` on battery shows the battery's setting (handwritten: the iMac capture with that value).
      [PMSET]: exited(
        fixture('pmset-g__imac20.1-ventura-displaysleep-20.txt').replace(
          'displaysleep         20',
          'displaysleep         2',
        ),
      ),
      [PMSET_CUSTOM]: exited(fixture('pmset-g-custom__published-macbook-zh-battery-displaysleep-2-ac-30.txt')),
    };
    expect((await collect('screen_lock', onBattery)).facts).toMatchObject({ enabled: true, idleSeconds: 1800 });
    expect(statuses(await scanWith(macHost(onBattery)))['screen-lock.idle-timeout']).toBe('fail');
    // A Mac where `pmset -g custom` does not answer keeps the setting in use, as before.
    const { [PMSET_CUSTOM]: _, ...liveOnly } = onBattery;
    expect((await collect('screen_lock', liveOnly)).facts.idleSeconds).toBe(120);
  });

  it("handwritten device-management values (/Library/Managed Preferences): a profile's screen saver time and password delay beat the user's own", async () => {
    const managed = '/Library/Managed Preferences/com.apple.screensaver';
    const notSet = (key: string) => exited('', `The domain/default pair of (${managed}, ${key}) does not exist\n`, 1);
    // The user's screen saver starts after 5 minutes; the display sleeps after 20 (pmset-g__imac20.1…).
    const user = {
      ...SAMPLED_MAC,
      '/usr/bin/defaults -currentHost read com.apple.screensaver idleTime': exited('300\n'),
    };
    // A profile's plist and what `defaults read` answers for its keys (the domain's path has a space).
    const withProfile = (values: Record<string, ExecResult>) => {
      const bundle = macBundle(user);
      bundle.stats[`${managed}.plist`] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o644 };
      for (const key of ['idleTime', 'askForPassword', 'askForPasswordDelay'])
        bundle.commands.push({
          command: '/usr/bin/defaults',
          args: ['read', managed, key],
          result: values[key] ?? notSet(key),
        });
      return createReplayHost(bundle);
    };
    const screenLock = async (host: Host) =>
      ((await findProbe('screen_lock')!.collect.macos!(host)) as LooseOutput).facts;

    const longer = withProfile({ idleTime: exited('1200\n') });
    expect(await screenLock(longer)).toMatchObject({ enabled: true, requiresPassword: true, idleSeconds: 1200 });
    expect(statuses(await scanWith(longer))['screen-lock.idle-timeout']).toBe('fail');
    // Without the profile's plist the user's 5 minutes hold.
    expect((await screenLock(macHost(user))).idleSeconds).toBe(300);
    // A profile's longer password delay counts; one that switches the password off wins.
    expect((await screenLock(withProfile({ askForPasswordDelay: exited('300\n') }))).idleSeconds).toBe(600);
    expect(await screenLock(withProfile({ askForPassword: exited('0\n') }))).toMatchObject({
      requiresPassword: false,
      idleSeconds: 0,
    });
  });

  it('sysadminctl-screenlock-status-stderr__macos-26.6.2-off.txt: no password, so the screen never locks and the rule fails', async () => {
    const answers = {
      ...SAMPLED_MAC,
      [SCREENLOCK]: exited('', fixture('sysadminctl-screenlock-status-stderr__macos-26.6.2-off.txt')),
    };
    expect((await collect('screen_lock', answers)).facts).toMatchObject({ requiresPassword: false, idleSeconds: 0 });
    expect(statuses(await scanWith(macHost(answers)))['screen-lock.idle-timeout']).toBe('fail');
  });

  it('fdesetup-status__as-quoted-in-public-tests-encrypting/decrypting/off: a conversion under way or FileVault off fails', async () => {
    for (const [file, state] of [
      ['fdesetup-status__as-quoted-in-public-tests-encrypting.txt', 'encrypting'],
      ['fdesetup-status__as-quoted-in-public-tests-on-restart-to-finish.txt', 'encrypting'],
      ['fdesetup-status__as-quoted-in-public-tests-decrypting.txt', 'decrypting'],
      ['fdesetup-status__as-quoted-in-public-tests-off.txt', 'off'],
    ] as const) {
      const answers = { ...SAMPLED_MAC, [FDESETUP]: exited(fixture(file)) };
      expect((await collect('disk_encryption', answers)).facts).toMatchObject({
        systemDriveEncrypted: false,
        protectionState: state,
      });
      expect(statuses(await scanWith(macHost(answers)))['disk-encryption.system-drive'], file).toBe('fail');
    }
  });

  it('defaults-read-stderr__as-quoted-in-public-tests-autologinuser-does-not-exist.txt: no auto-login, the rule passes; a set autoLoginUser with /etc/kcpassword fails', async () => {
    const off = await collect('login_password', SAMPLED_MAC);
    expect(off.facts.autoLogin).toEqual({ enabled: false, user: null, source: null, passwordStored: false });
    expect(off.facts.accounts).toBeNull();
    expect(off.unknown.accounts).toMatch(/empty/);
    expect(statuses(await scanWith(macHost(SAMPLED_MAC)))).toMatchObject({
      'login.no-auto-login': 'pass',
      'login.no-empty-password': 'unknown',
    });

    const bundle = macBundle({ ...SAMPLED_MAC, [AUTOLOGIN]: exited('shop\n') });
    bundle.stats['/etc/kcpassword'] = { status: 'ok', kind: 'file', size: 12, mtimeMs: 0, mode: 0o600 };
    const on = await findProbe('login_password')!.collect.macos!(createReplayHost(bundle));
    expect(on.facts.autoLogin).toEqual({
      enabled: true,
      user: 'shop',
      source: '/Library/Preferences/com.apple.loginwindow autoLoginUser',
      passwordStored: true,
    });
    expect(statuses(await scanWith(createReplayHost(bundle)))['login.no-auto-login']).toBe('fail');
  });

  it("launchctl-print-disabled-user-501__macos-2021-true-false-sunlogin-agent.txt as the system overrides: Remote Login and Screen Sharing are not switched on; Sunlogin's agent still starts (a system override stops daemons only)", async () => {
    const bundle = macBundle(SAMPLED_MAC);
    bundle.dirs['/Library/LaunchAgents'] = { status: 'ok', entries: ['com.oray.sunlogin.desktopagent.plist'] };
    bundle.dirs['/Library/LaunchDaemons'] = { status: 'ok', entries: [] };
    const out = (await findProbe('remote_access')!.collect.macos!(createReplayHost(bundle))) as LooseOutput;
    expect(out.facts.ssh).toMatchObject({ installed: false, running: false, startsAtBoot: false });
    const tool = (id: string) => (out.facts.tools as { id: string }[]).find((t) => t.id === id);
    expect(tool('screen-sharing')).toMatchObject({
      kind: 'remote-desktop-server',
      running: false,
      startsAtBoot: false,
    });
    // The agent starts in each user's own launchd domain: an override in the system domain does not stop it.
    expect(tool('sunlogin')).toMatchObject({ installed: true, startsAtBoot: true, running: null });
    expect(out.unknown['tools[sunlogin].running']).toMatch(/ps -A -o comm=: not found/);

    // The same label as a daemon (handwritten: its plist in /Library/LaunchDaemons): the system override stops it.
    bundle.dirs['/Library/LaunchAgents'] = { status: 'ok', entries: [] };
    bundle.dirs['/Library/LaunchDaemons'] = { status: 'ok', entries: ['com.oray.sunlogin.desktopagent.plist'] };
    const daemon = (await findProbe('remote_access')!.collect.macos!(createReplayHost(bundle))) as LooseOutput;
    const sunlogin = (daemon.facts.tools as { id: string }[]).find((t) => t.id === 'sunlogin');
    expect(sunlogin).toMatchObject({ installed: true, startsAtBoot: false });
  });

  it("ToDesk's launchd jobs (labels as Homebrew's todesk cask removes them) and ARD's RemoteManagement.launchd: installed and starting at boot, both rules fail", async () => {
    const bundle = macBundle(SAMPLED_MAC);
    bundle.dirs['/Library/LaunchDaemons'] = { status: 'ok', entries: ['com.youqu.todesk.service.plist'] };
    bundle.dirs['/Library/LaunchAgents'] = { status: 'ok', entries: ['com.youqu.todesk.desktop.plist'] };
    bundle.stats['/Library/Application Support/Apple/Remote Desktop/RemoteManagement.launchd'] = {
      status: 'ok',
      kind: 'file',
      size: 1,
      mtimeMs: 0,
      mode: 0o644,
    };
    const out = (await findProbe('remote_access')!.collect.macos!(createReplayHost(bundle))) as LooseOutput;
    const tool = (id: string) => (out.facts.tools as { id: string }[]).find((t) => t.id === id);
    expect(tool('todesk')).toMatchObject({ installed: true, startsAtBoot: true, running: null });
    expect(tool('remote-management')).toMatchObject({ kind: 'remote-desktop-server', startsAtBoot: true });
    expect(tool('anydesk')).toMatchObject({ installed: false, startsAtBoot: false });
    expect(statuses(await scanWith(createReplayHost(bundle)))).toMatchObject({
      'remote-access.remote-support-apps-reviewed': 'fail',
      'remote-access.no-remote-desktop-server': 'fail',
    });
  });

  it('handwritten macOS 13+ overrides (usnistgov/macos_security#167 spelling): Remote Login and Screen Sharing on fail their rules', async () => {
    const answers = {
      ...SAMPLED_MAC,
      [OVERRIDES]: exited(
        'disabled services = {\n\t"com.openssh.sshd" => enabled\n\t"com.apple.screensharing" => enabled\n}\n',
      ),
    };
    const bundle = macBundle(answers);
    bundle.stats['/usr/sbin/sshd'] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o755 };
    const result = statuses(await scanWith(createReplayHost(bundle)));
    expect(result).toMatchObject({
      'remote-access.ssh-server-off': 'fail',
      'remote-access.no-remote-desktop-server': 'fail',
    });
  });

  it('launchctl-print-system-…__macos26.5.1-…-submitted-by-smd: Remote Login and Screen Sharing switched on in macOS 26 leave no override, yet launchd has them loaded: both rules fail', async () => {
    // The overrides list neither job (as on the macOS 26.5.1 Mac of these captures).
    const on = {
      ...SAMPLED_MAC,
      [PRINT_SSHD]: exited(
        fixture('launchctl-print-system-com.openssh.sshd__macos26.5.1-remote-login-on-submitted-by-smd-cut.txt'),
      ),
      [PRINT_SCREENSHARING]: exited(
        fixture(
          'launchctl-print-system-com.apple.screensharing__macos26.5.1-screen-sharing-on-submitted-by-smd-cut.txt',
        ),
      ),
    };
    const bundle = macBundle(on);
    bundle.stats['/usr/sbin/sshd'] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o755 };
    const out = (await findProbe('remote_access')!.collect.macos!(createReplayHost(bundle))) as LooseOutput;
    expect(out.facts.ssh).toMatchObject({ installed: true, running: true, startsAtBoot: true });
    const tool = (id: string) => (out.facts.tools as { id: string }[]).find((t) => t.id === id);
    expect(tool('screen-sharing')).toMatchObject({ running: true, startsAtBoot: true });
    expect(statuses(await scanWith(createReplayHost(bundle)))).toMatchObject({
      'remote-access.ssh-server-off': 'fail',
      'remote-access.no-remote-desktop-server': 'fail',
    });

    // Switched off: launchctl cannot find either job (exit 113), and the Remote Login rule passes.
    const off = macBundle(SAMPLED_MAC);
    off.stats['/usr/sbin/sshd'] = bundle.stats['/usr/sbin/sshd'];
    const offOut = (await findProbe('remote_access')!.collect.macos!(createReplayHost(off))) as LooseOutput;
    expect(offOut.facts.ssh).toMatchObject({ installed: true, running: false, startsAtBoot: false });
    const offTool = (offOut.facts.tools as { id: string }[]).find((t) => t.id === 'screen-sharing');
    expect(offTool).toMatchObject({ running: false, startsAtBoot: false });
    expect(statuses(await scanWith(createReplayHost(off)))['remote-access.ssh-server-off']).toBe('pass');

    // A launchctl print that does not answer leaves a switch without an override unknown, never off.
    const unread = { ...SAMPLED_MAC, [PRINT_SSHD]: exited('', 'Operation not permitted\n', 1) };
    const remote = await collect('remote_access', unread);
    expect(remote.facts.ssh.running).toBeNull();
    expect(remote.unknown['ssh.running']).toMatch(
      /print system\/com.openssh.sshd: exit code 1: Operation not permitted/,
    );
  });

  it('the CLI replays a bundle named for its samples and prints the same statuses', async () => {
    const dir = await makeRoot({});
    const file = path.join(
      dir,
      'sw_vers-10.13__fdesetup-on-master-keychain__sysadminctl-immediate__pmset-displaysleep-20.bundle.json',
    );
    writeFileSync(file, JSON.stringify(macBundle(SAMPLED_MAC)));
    const run = runCli(['scan', '--replay', file, '--format', 'json']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(run.stdout) as { machine: { os: string }; results: { id: string; status: string }[] };
    expect(report.machine.os).toBe('macos');
    const status = Object.fromEntries(report.results.map((r) => [r.id, r.status]));
    expect(status).toMatchObject({
      'disk-encryption.system-drive': 'pass',
      'screen-lock.idle-timeout': 'fail',
      'login.no-auto-login': 'pass',
    });
    expect(run.code).toBe(1);
  });
});

describe('macOS faults through the replay host: unknown with a reason, never a crash', () => {
  it('nothing answers (every tool missing): every probe runs, every unknown fact says why', async () => {
    for (const probe of PROBES) {
      const out = await probe.collect.macos!(macHost({}));
      probe.facts.parse(out.facts);
      expectHonest(out as LooseOutput);
    }
  });

  it('sysadminctl missing (macOS before 10.13): the password setting is unknown and says so', async () => {
    const { [SCREENLOCK]: _, ...answers } = SAMPLED_MAC;
    const out = await collect('screen_lock', answers);
    expect(out.facts.requiresPassword).toBeNull();
    expect(out.unknown.requiresPassword).toMatch(/sysadminctl -screenLock status: not found.*10\.13/);
    expect(statuses(await scanWith(macHost(answers)))['screen-lock.idle-timeout']).toBe('unknown');
  });

  it('fdesetup times out, launchctl exits non-zero, pmset fails: each fact names the command and what happened', async () => {
    const answers = {
      ...SAMPLED_MAC,
      [FDESETUP]: { status: 'timeout' } as const,
      [OVERRIDES]: exited('', 'Could not print disabled services: 113: Could not find specified service\n', 113),
      [PRINT_SSHD]: { status: 'timeout' } as const,
      [PMSET]: { status: 'failed', message: 'killed by signal SIGKILL' } as const,
    };
    const disk = await collect('disk_encryption', answers);
    expect(disk.unknown.protectionState).toBe('/usr/bin/fdesetup status: command timed out');
    const remote = await collect('remote_access', answers);
    expect(remote.unknown['ssh.running']).toBe('/bin/launchctl print system/com.openssh.sshd: command timed out');
    const lock = await collect('screen_lock', answers);
    expect(lock.facts.requiresPassword).toBe(true);
    expect(lock.unknown.idleSeconds).toMatch(/pmset -g: killed by signal SIGKILL/);
    const result = statuses(await scanWith(macHost(answers)));
    expect(result).toMatchObject({ 'disk-encryption.system-drive': 'unknown', 'screen-lock.idle-timeout': 'unknown' });
  });

  it('sharing -l exits non-zero without admin (handwritten failure: what it prints then is not published): the share list is unknown and says to try sudo', async () => {
    const out = await collect('open_shares', {
      ...SAMPLED_MAC,
      [SHARING]: exited('', 'sharing: must be run as root\n', 1),
    });
    expect(out.facts.shares).toBeNull();
    expect(out.unknown.shares).toBe(
      '/usr/sbin/sharing -l: exit code 1: sharing: must be run as root (it may need admin: run again with sudo)',
    );
  });

  it("under sudo the console user's screen lock is unknown, not pass (and is not even asked)", async () => {
    const out = await collect('screen_lock', SAMPLED_MAC, { elevated: true, env: { SUDO_USER: 'shop' } });
    expect(out.facts).toMatchObject({ hasDesktop: true, requiresPassword: null, idleSeconds: null });
    expect(out.unknown.requiresPassword).toBe(REASON.underSudo);
  });
});

describe('macOS commands a scan starts', () => {
  it('runs each command line once per scan, however many probes ask (sw_vers, launchctl, ps)', async () => {
    const inner = macHost(SAMPLED_MAC);
    const started: string[] = [];
    const counting: Host = {
      ...inner,
      exec: (command, args, options) => {
        started.push([command, ...args.map((a) => (typeof a === 'string' ? a : a.path))].join(' '));
        return inner.exec(command, args, options);
      },
    };
    await scanWith(counting);
    expect(started).toContain('/usr/bin/sw_vers');
    expect(started).toContain('/bin/launchctl print-disabled system');
    expect(started.length).toBe(new Set(started).size);
  });
});
