import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProbe, PROBES } from '../../src/probes/index.js';
import { REASON } from '../../src/probes/types.js';
import { windowsProductName } from '../../src/probes/system/windows.js';
import { ANSWER_MARKER } from '../../src/probes/windows/script.js';
import { runProbe } from '../../src/scan.js';
import { runCli } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';
import { expectHonest } from '../helpers/honesty.js';
import { scanWith, statuses } from '../helpers/scan.js';
import {
  firewallProfilesFromNetsh,
  parseFormatList,
  parseFormatTable,
  parseManageBde,
  parseNetShare,
  parseNetUser,
  parseRegQuery,
  parseSystemInfo,
  sample,
  windowsBundle,
  windowsHost,
} from '../helpers/windows-samples.js';

// Facts are checked against the probe's schema here; the assertions below read them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: these tests read the facts of any probe by name
type LooseOutput = { facts: Record<string, any>; unknown: Record<string, string> };
const collect = async (
  probe: string,
  facts: Record<string, unknown>,
  options: Parameters<typeof windowsHost>[1] = {},
): Promise<LooseOutput> => {
  const out = await findProbe(probe)!.collect.windows!(windowsHost(facts, options));
  findProbe(probe)!.facts.parse(out.facts);
  return out as LooseOutput;
};
const scanOf = async (facts: Record<string, unknown>) => statuses(await scanWith(windowsHost(facts)));

// Answers of a PC where the setting is simply absent, as the script reports an unset key.
const UNSET = { screenSaverPolicy: null, machineInactivity: null, rdpTcp: null, terminalServicesPolicy: null };

const winlogonFrom = (name: string) => {
  const reg = parseRegQuery(sample(name));
  return {
    AutoAdminLogon: reg.AutoAdminLogon ?? null,
    DefaultUserName: reg.DefaultUserName ?? null,
    DefaultDomainName: reg.DefaultDomainName ?? null,
    ScreenSaverGracePeriod: reg.ScreenSaverGracePeriod ?? null,
    DefaultPasswordExists: 'DefaultPassword' in reg,
  };
};

/** Get-SmbShare's table; Special is what Get-SmbShare sets on the default admin shares the MANIFEST names. */
const sharesFromSmbShare = (name: string) =>
  parseFormatTable(sample(name)).map((r) => ({
    name: r.Name!,
    path: r.Path || null,
    description: r.Description || null,
    special: /^(ADMIN|IPC|[A-Z])\$$/.test(r.Name!),
    shareType: r.Name === 'IPC$' ? 'Special' : 'FileSystemDirectory',
  }));
const sharesFromNetShare = (name: string) =>
  parseNetShare(sample(name)).map((s) => ({
    name: s.name,
    path: s.path,
    description: null,
    special: /^(ADMIN|IPC|[A-Z])\$$/.test(s.name),
    shareType: s.name === 'IPC$' ? 'Special' : 'FileSystemDirectory',
  }));

const bitLockerFromManageBde = (name: string) =>
  parseManageBde(sample(name)).map((v) => ({
    deviceId: null,
    driveLetter: v.driveLetter,
    volumeType: v.osVolume ? 0 : 1,
    protectionStatus: v.protectionStatus,
    conversionStatus: v.conversionStatus,
    encryptionMethod: null,
  }));

describe('Windows probes on answers built from the real samples (MANIFEST ground truth)', () => {
  it('reg-query-winlogon__en-win7-autologon-plaintext-password.txt: auto-logon on as Alfred with a stored password, the password never reaches the report', async () => {
    const winlogon = winlogonFrom('reg-query-winlogon__en-win7-autologon-plaintext-password.txt');
    const out = await collect('login_password', { winlogon });
    expect(out.facts.autoLogin).toEqual({
      enabled: true,
      user: 'Alfred',
      source: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon AutoAdminLogon',
      passwordStored: true,
    });
    expect((await scanOf({ winlogon }))['login.no-auto-login']).toBe('fail');
    expect(JSON.stringify(await scanWith(windowsHost({ winlogon })))).not.toContain('REDACTED');
  });

  it('reg-query-hkcu-desktop__en-screensaverissecure-0.txt: the screen saver asks no password, so the idle-lock rule fails', async () => {
    const reg = parseRegQuery(sample('reg-query-hkcu-desktop__en-screensaverissecure-0.txt'));
    const screenSaverUser = {
      ScreenSaveActive: null,
      ScreenSaverIsSecure: reg.ScreenSaverIsSecure!,
      ScreenSaveTimeOut: null,
      'SCRNSAVE.EXE': null,
    };
    const facts = { ...UNSET, screenSaverUser };
    const out = await collect('screen_lock', facts);
    expect(out.facts).toMatchObject({ hasDesktop: true, requiresPassword: false, idleSeconds: 0 });
    expect((await scanOf(facts))['screen-lock.idle-timeout']).toBe('fail');
  });

  it('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt: Remote Desktop is enabled, so the remote-desktop rule fails', async () => {
    const facts = {
      ...UNSET,
      terminalServer: parseRegQuery(sample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt')),
    };
    const out = await collect('remote_access', facts);
    expect(out.facts.rdp.enabled).toBe(true);
    expect(out.facts.tools.find((t: { id: string }) => t.id === 'rdp')).toMatchObject({
      kind: 'remote-desktop-server',
      startsAtBoot: true,
    });
    expect((await scanOf(facts))['remote-access.no-remote-desktop-server']).toBe('fail');
  });

  it('get-localuser-format-list__en-new-localuser-passwordrequired-false.txt: PasswordRequired False is not an empty password: unknown, never fail or pass', async () => {
    const [u] = parseFormatList(sample('get-localuser-format-list__en-new-localuser-passwordrequired-false.txt'));
    const localUsers = [
      {
        name: u!.Name!,
        sid: u!.SID!,
        enabled: u!.Enabled === 'True',
        passwordRequired: u!.PasswordRequired === 'True',
        passwordLastSet: null,
      },
    ];
    const out = await collect('login_password', { localUsers });
    expect(out.facts.accounts).toEqual([{ name: 'Test1', builtin: 'none', password: null }]);
    expect(out.unknown['accounts[Test1].password']).toMatch(/does not show whether a password is empty/);
    expect((await scanOf({ localUsers }))['login.no-empty-password']).toBe('unknown');
  });

  it('get-bitlockervolume-format-list__en-os-fullyencrypted-protection-off-tpm.txt: encrypted but protection off is suspended and fails', async () => {
    const [v] = parseFormatList(sample('get-bitlockervolume-format-list__en-os-fullyencrypted-protection-off-tpm.txt'));
    // Get-BitLockerVolume shows Win32_EncryptableVolume's codes by name: FullyEncrypted = 1, Off = 0, OperatingSystem = 0.
    const volume = {
      deviceId: null,
      driveLetter: v!.MountPoint!,
      volumeType: v!.VolumeType === 'OperatingSystem' ? 0 : 1,
      conversionStatus: v!.VolumeStatus === 'FullyEncrypted' ? 1 : null,
      protectionStatus: v!.ProtectionStatus === 'Off' ? 0 : null,
      encryptionMethod: 6,
    };
    const facts = {
      systemDrive: 'C:',
      bitLockerVolumes: [volume],
      bitLockerShell: null,
      pageFiles: ['C:\\pagefile.sys'],
    };
    const out = await collect('disk_encryption', facts);
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: true,
      method: 'bitlocker',
      protectionState: 'suspended',
      swapEncrypted: true,
    });
    expect((await scanOf(facts))['disk-encryption.system-drive']).toBe('fail');
  });

  it('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt: C: encrypted and protected passes', async () => {
    const facts = {
      systemDrive: 'C:',
      bitLockerVolumes: bitLockerFromManageBde('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt'),
      bitLockerShell: null,
      pageFiles: [],
    };
    const out = await collect('disk_encryption', facts);
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: true,
      protectionState: 'on',
      volumes: [{ mountPoint: 'C:', encrypted: true, method: 'bitlocker' }],
    });
    expect((await scanOf(facts))['disk-encryption.system-drive']).toBe('pass');
  });

  it('manage-bde-status__zh-CN-all-decrypted.txt: C: and D: decrypted fail, D: listed first does not confuse the system drive', async () => {
    const facts = {
      systemDrive: 'C:',
      bitLockerVolumes: bitLockerFromManageBde('manage-bde-status__zh-CN-all-decrypted.txt'),
      bitLockerShell: null,
      pageFiles: [],
    };
    const out = await collect('disk_encryption', facts);
    expect(out.facts).toMatchObject({ systemDriveEncrypted: false, method: 'none', protectionState: 'off' });
    expect(
      out.facts.volumes?.map((v: { mountPoint: string; encrypted: boolean }) => [v.mountPoint, v.encrypted]),
    ).toEqual([
      ['D:', false],
      ['C:', false],
    ]);
    expect((await scanOf(facts))['disk-encryption.system-drive']).toBe('fail');
  });

  it('without administrator the shell property decides: 1 on, 2 off, 5 suspended, anything else unknown', async () => {
    const denied = {
      bitLockerVolumes: { type: 'Microsoft.Management.Infrastructure.CimException', message: 'Access denied' },
    };
    for (const [value, state] of [
      [1, 'on'],
      [2, 'off'],
      [5, 'suspended'],
      [3, null],
    ] as const) {
      const out = await collect(
        'disk_encryption',
        { systemDrive: 'C:', bitLockerVolumes: null, bitLockerShell: value, pageFiles: [] },
        { elevated: false, failed: denied },
      );
      expect(out.facts.protectionState).toBe(state);
      expect(out.unknown.volumes).toBe(REASON.needsAdmin);
    }
  });

  it('get-smbshare__en-win11-default-admin-shares-only.txt and net-share__zh-CN-default-admin-shares.txt: only admin shares, listed apart; English and Chinese give the same shares', async () => {
    const common = {
      services: [{ name: 'LanmanServer', displayName: 'Server', state: 'Running', startMode: 'Auto' }],
      shareAccess: [],
      smbServer: { EnableSMB1Protocol: false },
      lanmanServer: null,
      lsa: null,
      localUsers: [],
    };
    const en = await collect('open_shares', {
      ...common,
      shares: sharesFromSmbShare('get-smbshare__en-win11-default-admin-shares-only.txt'),
    });
    const zh = await collect('open_shares', {
      ...common,
      shares: sharesFromNetShare('net-share__zh-CN-default-admin-shares.txt'),
    });
    expect(en.facts.shares).toEqual([]);
    expect(zh.facts.shares).toEqual(en.facts.shares);
    expect(en.facts.adminShares).toEqual(['ADMIN$', 'C$', 'IPC$']);
    expect(zh.facts.adminShares).toEqual(['C$', 'D$', 'E$', 'F$', 'IPC$', 'ADMIN$']);
  });

  it('get-smbshare__en-user-share-exfil-trailing-spaces.txt: Exfil shared Everyone Full is guest-writable when the Guest account is on, not when it is off', async () => {
    const shares = sharesFromSmbShare('get-smbshare__en-user-share-exfil-trailing-spaces.txt');
    // The MANIFEST's preceding command: New-SmbShare -Name "Exfil" -FullAccess "Everyone".
    const shareAccess = [{ share: 'Exfil', sid: 'S-1-1-0', right: 'Full', control: 'Allow' }];
    const guest = (enabled: boolean) => [
      { name: 'Guest', sid: 'S-1-5-21-1-2-3-501', enabled, passwordRequired: false, passwordLastSet: null },
    ];
    const base = {
      services: [{ name: 'LanmanServer', displayName: 'Server', state: 'Running', startMode: 'Auto' }],
      shares,
      shareAccess,
      smbServer: { EnableSMB1Protocol: false },
      lanmanServer: null,
      lsa: null,
    };
    const open = await collect('open_shares', { ...base, localUsers: guest(true) });
    expect(open.facts.shares).toEqual([
      {
        name: 'Exfil',
        path: 'C:\\Users\\Public\\Documents',
        guestAccess: true,
        writable: true,
        allowedUsers: [],
        printer: false,
        browseable: true,
      },
    ]);
    expect((await scanOf({ ...base, localUsers: guest(true) }))['open-shares.no-guest-writable-share']).toBe('fail');
    expect((await scanOf({ ...base, localUsers: guest(false) }))['open-shares.no-guest-writable-share']).toBe('pass');
  });

  it('get-smbshare__en-user-share-exfil-trailing-spaces.txt plus a second share naming an account Windows cannot resolve: only that share loses who may use it', async () => {
    const exfil = sharesFromSmbShare('get-smbshare__en-user-share-exfil-trailing-spaces.txt').find(
      (x) => x.name === 'Exfil',
    );
    const shares = [exfil!, { ...exfil!, name: 'Orders', path: 'D:\\Orders' }];
    const shareAccess = [
      { share: 'Exfil', sid: 'S-1-1-0', right: 'Full', control: 'Allow' },
      { share: 'Orders', sid: null, right: 'Change', control: 'Allow' },
      { share: 'Orders', sid: 'S-1-5-32-544', right: 'Full', control: 'Allow' },
    ];
    const guest = [
      { name: 'Guest', sid: 'S-1-5-21-1-2-3-501', enabled: true, passwordRequired: false, passwordLastSet: null },
    ];
    const out = await collect('open_shares', {
      services: [{ name: 'LanmanServer', displayName: 'Server', state: 'Running', startMode: 'Auto' }],
      shares,
      shareAccess,
      smbServer: { EnableSMB1Protocol: false },
      lanmanServer: null,
      lsa: null,
      localUsers: guest,
    });
    expect(out.facts.shares).toMatchObject([
      { name: 'Exfil', guestAccess: true, writable: true, allowedUsers: [] },
      { name: 'Orders', guestAccess: false, writable: true, allowedUsers: null },
    ]);
    expect(out.unknown['shares[Orders].allowedUsers']).toBe(
      'its permissions name an account Windows could not resolve',
    );
    expect(out.unknown['shares[Exfil].allowedUsers']).toBeUndefined();
  });

  it('net-share__zh-CN-print-share-wrapped-remark.txt and net-share__zh-CN-users-folder-shared.txt: print$ and Users are user shares, paths kept', async () => {
    const common = { services: [], shareAccess: null, smbServer: null, lanmanServer: null, lsa: null, localUsers: [] };
    const denied = { shareAccess: { type: 'System.UnauthorizedAccessException', message: '拒绝访问。' } };
    const printer = await collect(
      'open_shares',
      { ...common, shares: sharesFromNetShare('net-share__zh-CN-print-share-wrapped-remark.txt') },
      { elevated: false, failed: denied },
    );
    expect(printer.facts.shares?.map((s: { name: string; path: string }) => [s.name, s.path])).toEqual([
      ['print$', 'C:\\WINDOWS\\system32\\spool\\drivers'],
      ['Users', 'C:\\Users'],
    ]);
    expect(printer.unknown['shares[Users].guestAccess']).toBe(REASON.needsAdmin);
    const users = await collect('open_shares', {
      ...common,
      shares: sharesFromNetShare('net-share__zh-CN-users-folder-shared.txt'),
    });
    expect(users.facts.shares?.map((s: { name: string; path: string }) => [s.name, s.path])).toEqual([
      ['Users', 'C:\\Users'],
    ]);
  });

  it('net-user-domain__en-guest-inactive-80col-wrap.txt, net-user__zh-CN-*.txt: the Guest (RID 501) is off; active accounts are read alike in English and Chinese', async () => {
    const guest = parseNetUser(sample('net-user-domain__en-guest-inactive-80col-wrap.txt'));
    const john = parseNetUser(sample('net-user__zh-CN-john-admin-rdp-group-wrapped.txt'));
    const hidden = parseNetUser(sample('net-user__zh-CN-hidden-dollar-user-users-group.txt'));
    expect([guest, john, hidden]).toEqual([
      { name: 'Guest', enabled: false },
      { name: 'John', enabled: true },
      { name: 'test$', enabled: true },
    ]);
    // net user shows no SID; these RIDs are the well-known Guest (501) and ordinary accounts (1000+).
    const localUsers = [guest, john, hidden].map((u, i) => ({
      ...u,
      sid: `S-1-5-21-1-2-3-${i === 0 ? 501 : 1000 + i}`,
      passwordRequired: true,
      passwordLastSet: null,
    }));
    const out = await collect('login_password', { localUsers });
    expect(out.facts.guestEnabled).toBe(false);
    expect(
      out.facts.accounts?.map((a: { name: string; builtin: string; password: string }) => [
        a.name,
        a.builtin,
        a.password,
      ]),
    ).toEqual([
      ['Guest', 'guest', 'locked'],
      ['John', 'none', null],
      ['test$', 'none', null],
    ]);
  });

  it('systeminfo__en-win10-20H2-domain-member.txt, systeminfo__en-win7-sp1-crlf.txt, systeminfo__zh-CN-server2012r2-workgroup.txt: product and build', async () => {
    const names = [
      'systeminfo__en-win10-20H2-domain-member.txt',
      'systeminfo__en-win7-sp1-crlf.txt',
      'systeminfo__zh-CN-server2012r2-workgroup.txt',
    ];
    const read = await Promise.all(
      names.map(
        async (n) =>
          (
            await collect('system', {
              computerName: 'SHOP-PC',
              uiLanguage: n.includes('zh-CN') ? 'zh-CN' : 'en-US',
              osVersion: {
                ...parseSystemInfo(sample(n)),
                EditionID: null,
                DisplayVersion: null,
                ReleaseId: null,
                UBR: null,
              },
            })
          ).facts,
      ),
    );
    expect(read.map((f) => [f.osName, f.osVersion, f.kernel, f.displayLanguage])).toEqual([
      ['Windows 10 Enterprise', 'build 19042', '10.0.19042', 'en-US'],
      ['Windows 7 Professional', 'build 7601', '6.1.7601', 'en-US'],
      ['Windows Server 2012 R2 Standard', 'build 9600', '6.3.9600', 'zh-CN'],
    ]);
    // Windows 11 keeps "Windows 10" in ProductName; the build tells.
    expect(windowsProductName('Windows 10 Pro', 22621)).toBe('Windows 11 Pro');
    expect(windowsProductName('Windows 10 Pro', 19045)).toBe('Windows 10 Pro');
  });
});

describe('a broken or partial PowerShell answer', () => {
  it('not JSON, cut short, or another contract: every probe is an error or has every fact unknown with the reason; nothing is answered, so the policy fails', async () => {
    const marked = (line: string) => `${ANSWER_MARKER}${line}\r\n`;
    for (const stdout of [
      '',
      'Get-LocalUser : The term is not recognized',
      '{"contract":1,"facts":{"computerName":"A"',
      '{"contract":2,"facts":{},"failed":{}}',
      // Another version's answer, and a first line cut short by a kill.
      marked('{"contract":1}') + marked('{"q":"computerName","value":"A"}') + marked('{"done":true}'),
      marked('{"contract":2'),
    ]) {
      // Every probe, the ones added later included, but personal_data: it reads documents, not PowerShell.
      for (const probe of PROBES.filter((p) => p.id !== 'personal_data')) {
        const outcome = await runProbe(probe, windowsHost({}, { stdout }), 5000);
        expect(['error', 'partial'], `${probe.id} on ${JSON.stringify(stdout)}`).toContain(outcome.run.status);
        expect(Object.values(outcome.run.unknown).join(' ')).toMatch(/PowerShell/);
      }
      const report = await scanWith(windowsHost({}, { stdout }));
      expect(report.results.filter((r) => r.status === 'pass' || r.status === 'fail')).toEqual([]);
      expect(report.score.coverage).toBe(0);
      expect(report.policy).toMatchObject({ passed: false, reasons: ['no check could be answered'] });
    }
  });

  it('one failed or malformed answer makes only its facts unknown, with a reason; every null fact has one', async () => {
    const failed = {
      localUsers: {
        type: 'System.Management.Automation.CommandNotFoundException',
        message: "The term 'Get-LocalUser' is not recognized",
      },
    };
    const facts = {
      computerName: 'SHOP-PC',
      uiLanguage: 'zh-CN',
      osVersion: 42,
      winlogon: winlogonFrom('reg-query-winlogon__en-win7-autologon-plaintext-password.txt'),
    };
    const system = await collect('system', facts, { failed });
    expect(system.facts).toMatchObject({ hostname: 'SHOP-PC', displayLanguage: 'zh-CN', osName: null });
    expect(system.unknown.osName).toMatch(/unexpected form/);
    const login = await collect('login_password', facts, { failed });
    expect(login.facts.accounts).toBeNull();
    expect(login.unknown.accounts).toMatch(/^not supported on this system \(The term 'Get-LocalUser'/);
    expect(login.facts.autoLogin.enabled).toBe(true);
    for (const out of [system, login]) expectHonest(out as never);
  });

  it('a whole scan of an empty answer still runs: every rule unknown, none passes, the policy fails', async () => {
    const report = await scanWith(windowsHost({ computerName: 'SHOP-PC' }));
    expect(report.results.filter((r) => r.status === 'pass')).toEqual([]);
    expect(report.policy.passed).toBe(false);
  });

  it('the CLI replays a bundle built from the samples and exits 1 on the failed auto-logon rule', async () => {
    const dir = await makeRoot({});
    const file = path.join(dir, 'reg-query-winlogon__en-win7-autologon-plaintext-password.bundle.json');
    writeFileSync(
      file,
      JSON.stringify(
        windowsBundle({
          computerName: 'SHOP-PC',
          winlogon: winlogonFrom('reg-query-winlogon__en-win7-autologon-plaintext-password.txt'),
        }),
      ),
    );
    const run = runCli(['scan', '--replay', file, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      machine: { os: string; hostname: string };
      results: { id: string; status: string }[];
    };
    expect(report.machine).toMatchObject({ os: 'windows', hostname: 'SHOP-PC' });
    expect(report.results.find((r) => r.id === 'login.no-auto-login')?.status).toBe('fail');
  });
});

describe('remote-access.rdp-requires-nla', () => {
  const TERMINAL_SERVER = parseRegQuery(sample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt'));
  it('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt: Remote Desktop on, NLA off by policy fails; on passes; unset is unknown', async () => {
    const withNla = (value: number | null) => ({
      terminalServer: TERMINAL_SERVER,
      rdpTcp: null,
      terminalServicesPolicy: { fDenyTSConnections: null, UserAuthentication: value },
    });
    expect((await scanOf(withNla(0)))['remote-access.rdp-requires-nla']).toBe('fail');
    expect((await scanOf(withNla(1)))['remote-access.rdp-requires-nla']).toBe('pass');
    expect((await scanOf(withNla(null)))['remote-access.rdp-requires-nla']).toBe('unknown');
  });
  it('Remote Desktop off (fDenyTSConnections 1): not applicable', async () => {
    expect(
      (await scanOf({ terminalServer: { fDenyTSConnections: 1 }, rdpTcp: null, terminalServicesPolicy: null }))[
        'remote-access.rdp-requires-nla'
      ],
    ).toBe('not_applicable');
  });
});

describe('Windows firewall on answers built from the real samples', () => {
  const NO_POLICY = { DomainProfile: null, PrivateProfile: null, PublicProfile: null, StandardProfile: null };
  const running = [{ name: 'MpsSvc', displayName: 'Windows Defender Firewall', state: 'Running', startMode: 'Auto' }];
  // A client edition whose Security Center lists no third-party firewall.
  const NO_THIRD_PARTY = { productType: 1, firewallProducts: [] };

  it('netsh-advfirewall-show__en-currentprofile-domain-off.txt: the Domain profile is off, so the firewall rule fails', async () => {
    const facts = {
      firewallProfiles: firewallProfilesFromNetsh(sample('netsh-advfirewall-show__en-currentprofile-domain-off.txt')),
      firewallPolicy: NO_POLICY,
      services: running,
      ...NO_THIRD_PARTY,
    };
    const out = await collect('firewall', facts);
    expect(out.facts.enabled).toBe(false);
    expect(out.facts.profiles[0]).toEqual({ name: 'Domain', enabled: false, blocksInbound: true, setByPolicy: false });
    // The sample shows the current profile only: the other two stay unknown, with a reason.
    expect(out.facts.profiles[1]).toEqual({ name: 'Private', enabled: null, blocksInbound: null, setByPolicy: false });
    expect(out.unknown['profiles[Private].enabled']).toBeTruthy();
    expectHonest(out, { profiles: 'name' });
    const results = await scanOf(facts);
    expect(results['firewall.enabled']).toBe('fail');
    expect(results['firewall.blocks-unrequested-inbound']).toBe('not_applicable');
  });

  it('the same PC with Group Policy switching the Domain profile on (EnableFirewall 1) and all three blocking: both rules pass', async () => {
    const domain = firewallProfilesFromNetsh(sample('netsh-advfirewall-show__en-currentprofile-domain-off.txt'))[0]!;
    const firewallProfiles = [
      domain,
      { ...domain, name: 'Private', enabled: 1 },
      { ...domain, name: 'Public', enabled: 1 },
    ];
    const firewallPolicy = { ...NO_POLICY, DomainProfile: { EnableFirewall: 1, DefaultInboundAction: null } };
    const facts = { firewallProfiles, firewallPolicy, services: running, ...NO_THIRD_PARTY };
    const out = await collect('firewall', facts);
    expect(out.facts).toMatchObject({ enabled: true, blocksInbound: true, manager: 'windows-firewall' });
    expect(out.facts.profiles.map((p: { setByPolicy: boolean }) => p.setByPolicy)).toEqual([true, false, false]);
    const results = await scanOf(facts);
    expect([results['firewall.enabled'], results['firewall.blocks-unrequested-inbound']]).toEqual(['pass', 'pass']);
    // With the firewall service stopped no profile filters anything.
    const stopped = await collect('firewall', { ...facts, services: [{ ...running[0], state: 'Stopped' }] });
    expect(stopped.facts).toMatchObject({ enabled: false, manager: 'none' });
  });

  // Group Policy's "Windows Defender Firewall with Advanced Security" keeps the Private profile in PrivateProfile
  // (CIS 9.2.1; Microsoft's KB 2586744 lists DomainProfile, PrivateProfile, PublicProfile and the legacy
  // StandardProfile); "optimising" batch files of Chinese PCs write EnableFirewall 0 there. Handwritten policy values.
  it('the same PC with Group Policy switching the Private profile off (PrivateProfile EnableFirewall 0): fails', async () => {
    const domain = firewallProfilesFromNetsh(sample('netsh-advfirewall-show__en-currentprofile-domain-off.txt'))[0]!;
    const firewallProfiles = ['Domain', 'Private', 'Public'].map((name) => ({ ...domain, name, enabled: 1 }));
    const off = { EnableFirewall: 0, DefaultInboundAction: null };
    for (const firewallPolicy of [
      { ...NO_POLICY, PrivateProfile: off },
      // The legacy Standard profile (Windows Firewall's administrative template) applies to Private and Public.
      { ...NO_POLICY, StandardProfile: off },
    ]) {
      const facts = { firewallProfiles, firewallPolicy, services: running, ...NO_THIRD_PARTY };
      const out = await collect('firewall', facts);
      expect(out.facts.profiles[1]).toMatchObject({ name: 'Private', enabled: false, setByPolicy: true });
      expect((await scanOf(facts))['firewall.enabled']).toBe('fail');
    }
    // The Public profile's own policy key, and the legacy one, reach the Public profile.
    const allowsPublic = { ...NO_POLICY, PublicProfile: { EnableFirewall: 1, DefaultInboundAction: 0 } };
    const out = await collect('firewall', { firewallProfiles, firewallPolicy: allowsPublic, services: running });
    expect(out.facts.profiles[2]).toMatchObject({ name: 'Public', enabled: true, blocksInbound: false });
  });

  it('the policy keys unreadable: nothing is claimed, the rule is unknown', async () => {
    const facts = { firewallProfiles: [], services: running };
    const out = await collect('firewall', facts, {
      failed: {
        firewallPolicy: {
          type: 'System.Security.SecurityException',
          message: 'Requested registry access is not allowed.',
        },
      },
      elevated: false,
    });
    expect(out.facts.enabled).toBeNull();
    expect(out.unknown.enabled).toBe(REASON.needsAdmin);
    expect((await scanOf(facts))['firewall.enabled']).toBe('unknown');
  });
});
