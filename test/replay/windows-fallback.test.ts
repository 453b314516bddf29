import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import type { ExecResult, Host } from '../../src/host/types.js';
import { findProbe } from '../../src/probes/index.js';
import { REASON } from '../../src/probes/types.js';
import { windowsAnswers } from '../../src/probes/windows/answers.js';
import { WindowsTools } from '../../src/probes/windows/fallback.js';
import { RENDERERS } from '../../src/report/index.js';
import { REPO } from '../helpers/host.js';
import { everyOutput, scanWith, statuses } from '../helpers/scan.js';
import {
  absent,
  CANARY,
  exited,
  keyWithValue,
  NOT_FOUND,
  noPowerShellPc,
  POWERSHELL_FAILURES,
  reg,
  wineOutput,
} from '../helpers/windows-fallback.js';
import { sample, windowsBundle } from '../helpers/windows-samples.js';

// A Windows PC where PowerShell cannot run: the scan falls back to reg.exe, net share and
// manage-bde, which answer here with the real outputs of test/fixtures/samples/windows, and must give
// the statuses MANIFEST.md states as ground truth for them.

describe('Windows without PowerShell: reg.exe, net, netsh and manage-bde answer (MANIFEST ground truth)', () => {
  for (const [how, powershell] of Object.entries(POWERSHELL_FAILURES)) {
    it(`PowerShell ${how}: auto-logon, screen saver without password and Remote Desktop fail; the encrypted C: passes`, async () => {
      const report = await scanWith(createReplayHost(noPowerShellPc(powershell)));
      expect(report.machine).toMatchObject({ hostname: 'TILL-PC', windowsFactsFrom: 'fallback' });
      // reg-query-winlogon__…: AutoAdminLogon 1 → FAIL; reg-query-hkcu-desktop__…: ScreenSaverIsSecure 0; reg-query-fdenytsconnections__…: RDP on;
      // manage-bde-status__en-…: C: used space encrypted, protection on.
      expect(statuses(report)).toMatchObject({
        'login.no-auto-login': 'fail',
        'screen-lock.idle-timeout': 'fail',
        'remote-access.no-remote-desktop-server': 'fail',
        'remote-access.rdp-requires-nla': 'unknown',
        'disk-encryption.system-drive': 'pass',
        // net-accounts__zh-CN-default-minlen-0.txt: no minimum password length.
        'password-policy.min-length': 'fail',
        // Local accounts come from PowerShell, WMIC or net user, which this PC lacks: unknown, and the reason says why.
        'login.no-empty-password': 'unknown',
        // Security Center has no tool of its own.
        'anti-malware.active': 'unknown',
      });
      const reasons = report.results.find((r) => r.id === 'login.no-empty-password')!.reasons.join(' ');
      expect(reasons).toBe(
        'accounts: WMIC is not on this PC (removed from Windows 11 24H2 and later); net user: not found ' +
          '(PowerShell could not run)',
      );
      const antiMalware = report.results.find((r) => r.id === 'anti-malware.active')!.reasons.join(' ');
      expect(antiMalware).toMatch(/needs PowerShell, which could not run \(PowerShell.*\)/);
    });
  }

  it('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt: the page file Session Manager lists lies on the encrypted C:', async () => {
    const out = await findProbe('disk_encryption')!.collect.windows!(createReplayHost(noPowerShellPc(null)));
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: true,
      protectionState: 'on',
      swap: [{ path: 'C:\\pagefile.sys', onDisk: true, encrypted: true }],
      swapEncrypted: true,
    });
  });

  it('manage-bde-status__zh-CN-all-decrypted.txt: C: not encrypted fails, read from the Chinese labels', async () => {
    const report = await scanWith(
      createReplayHost(noPowerShellPc(null, { bde: 'manage-bde-status__zh-CN-all-decrypted.txt' })),
    );
    expect(statuses(report)['disk-encryption.system-drive']).toBe('fail');
  });

  it('manage-bde-status__zh-CN-all-decrypted.txt (printed for every volume): with no SystemDrive it asks for every volume, and the OS volume decides, not D: listed first', async () => {
    const bundle = noPowerShellPc(null, { bde: 'manage-bde-status__zh-CN-all-decrypted.txt' });
    delete bundle.env.SystemDrive;
    bundle.commands = bundle.commands.map((c) =>
      c.command.endsWith('manage-bde.exe') ? { ...c, args: ['-status'] } : c,
    );
    const out = await findProbe('disk_encryption')!.collect.windows!(createReplayHost(bundle));
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: false,
      protectionState: 'off',
      volumes: [
        { mountPoint: 'D:', encrypted: false },
        { mountPoint: 'C:', encrypted: false },
      ],
    });
  });

  it("netsh-advfirewall-show-allprofiles__zh-CN-win7-lab-all-on-state-dakai.txt (the firewall probe's fixture): all three profiles on and blocking, read from the Chinese netsh text", async () => {
    const bundle = noPowerShellPc(null);
    const netsh = readFileSync(
      path.join(
        REPO,
        'test',
        'fixtures',
        'firewall',
        'netsh-advfirewall-show-allprofiles__zh-CN-win7-lab-all-on-state-dakai.txt',
      ),
      'utf8',
    );
    bundle.commands.push(
      {
        command: 'C:\\Windows\\System32\\netsh.exe',
        args: ['advfirewall', 'show', 'allprofiles'],
        result: exited(netsh),
      },
      ...['DomainProfile', 'PrivateProfile', 'PublicProfile', 'StandardProfile'].flatMap((p) =>
        absent(`HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\${p}`),
      ),
    );
    const out = await findProbe('firewall')!.collect.windows!(createReplayHost(bundle));
    expect(out.facts.profiles).toEqual(
      ['Domain', 'Private', 'Public'].map((name) => ({ name, enabled: true, blocksInbound: true, setByPolicy: false })),
    );
    expect(out.facts.blocksInbound).toBe(true);
    // The facts name what they were read from: not the CIM classes the script would have used.
    expect(out.facts.source).toMatch(
      /^netsh advfirewall show allprofiles and the Group Policy keys .* read with reg\.exe/,
    );
    // Whether the firewall service runs comes from PowerShell's service list or sc.exe, missing here.
    expect(out.facts.enabled).toBeNull();
    expect(out.unknown.enabled).toBe('sc query: not found (PowerShell could not run)');
  });

  it('a manage-bde label it does not know, or none, leaves the encryption unknown with the label in the reason, never a guess', async () => {
    const english = sample('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt');
    for (const [text, reason] of [
      [english.replace('Used Space Only Encrypted', 'Something New'), 'Something New / Protection On'],
      [english.replace(/^ +Protection Status:.*$/m, ''), 'Used Space Only Encrypted / (none)'],
    ] as const) {
      const bundle = noPowerShellPc(null);
      bundle.commands = bundle.commands.map((c) =>
        c.command.endsWith('manage-bde.exe') ? { ...c, result: exited(text) } : c,
      );
      const out = await findProbe('disk_encryption')!.collect.windows!(createReplayHost(bundle));
      expect(out.facts.systemDriveEncrypted).toBeNull();
      expect(out.facts.volumes).toEqual([{ mountPoint: 'C:', device: null, encrypted: null, method: null }]);
      expect(out.unknown['volumes[C:].encrypted']).toBe(
        `manage-bde printed a state of C: shop-audit does not know: ${reason}`,
      );
      expect(out.unknown.systemDriveEncrypted).toBe(out.unknown['volumes[C:].encrypted']);
    }
  });

  it('manage-bde-status__zh-CN-all-decrypted.txt with a label it does not know on D: only: D: is unknown, C: still fails', async () => {
    const text = sample('manage-bde-status__zh-CN-all-decrypted.txt').replace('完全解密', '某个新状态');
    expect(text.indexOf('某个新状态')).toBeLessThan(text.indexOf('卷 C:'));
    const bundle = noPowerShellPc(null, { bde: 'manage-bde-status__zh-CN-all-decrypted.txt' });
    bundle.commands = bundle.commands.map((c) =>
      c.command.endsWith('manage-bde.exe') ? { ...c, result: exited(text) } : c,
    );
    const out = await findProbe('disk_encryption')!.collect.windows!(createReplayHost(bundle));
    expect(out.facts).toMatchObject({
      systemDriveEncrypted: false,
      volumes: [
        { mountPoint: 'D:', encrypted: null },
        { mountPoint: 'C:', encrypted: false },
      ],
    });
    expect(out.unknown['volumes[D:].encrypted']).toBe(
      'manage-bde printed a state of D: shop-audit does not know: 某个新状态 / 保护关闭',
    );
  });

  it('manage-bde lists no system drive: the reason names manage-bde, not a CIM class that was never asked', async () => {
    // The real zh-CN sample up to its C: block: only the data volume D:.
    const zh = sample('manage-bde-status__zh-CN-all-decrypted.txt');
    const bundle = noPowerShellPc(null);
    bundle.commands = bundle.commands.map((c) =>
      c.command.endsWith('manage-bde.exe') ? { ...c, result: exited(zh.slice(0, zh.indexOf('卷 C:'))) } : c,
    );
    const out = await findProbe('disk_encryption')!.collect.windows!(createReplayHost(bundle));
    expect(out.facts.systemDriveEncrypted).toBeNull();
    expect(out.unknown.systemDriveEncrypted).toBe('manage-bde -status lists no C:');
    expect(JSON.stringify(out.unknown)).not.toContain('Win32_EncryptableVolume');
  });

  it('net-share__zh-CN-users-folder-shared.txt: Users is a user share, the default shares are listed apart; who may use it stays unknown', async () => {
    const out = await findProbe('open_shares')!.collect.windows!(createReplayHost(noPowerShellPc(null)));
    expect(out.facts.adminShares).toEqual(['C$', 'D$', 'E$', 'IPC$', 'ADMIN$']);
    expect(out.facts.shares).toMatchObject([{ name: 'Users', path: 'C:\\Users', guestAccess: null, printer: null }]);
    expect(out.unknown['shares[Users].guestAccess']).toMatch(/^needs PowerShell, which could not run/);
  });

  it('without administrator manage-bde is not run: the encryption facts need administrator', async () => {
    const host = createReplayHost(noPowerShellPc(null, { elevated: false }));
    const seen: string[] = [];
    const out = await findProbe('disk_encryption')!.collect.windows!({
      ...host,
      exec: (c, a, o) => {
        seen.push(c);
        return host.exec(c, a, o);
      },
    });
    expect(seen.some((c) => c.endsWith('manage-bde.exe'))).toBe(false);
    expect(out.unknown.volumes).toBe(REASON.needsAdmin);
  });

  it('the report says which path read the facts, in text, JSON and HTML, in English and Chinese', async () => {
    const fallback = await scanWith(createReplayHost(noPowerShellPc(null)));
    expect(RENDERERS.text(fallback, { color: false })).toContain(
      "Facts read with: Windows' own tools (reg.exe, sc, tasklist, WMIC, net, netsh, manage-bde), because PowerShell could not run",
    );
    expect(JSON.parse(RENDERERS.json(fallback)).machine.windowsFactsFrom).toBe('fallback');
    expect(RENDERERS.html({ ...fallback, lang: 'zh-CN' })).toContain(
      'Windows 自带工具（reg.exe、sc、tasklist、WMIC、net、netsh、manage-bde），因为 PowerShell 无法运行',
    );
    const powershell = await scanWith(createReplayHost(windowsBundle({ computerName: 'TILL-PC' })));
    expect(powershell.machine.windowsFactsFrom).toBe('powershell');
    expect(RENDERERS.text(powershell, { color: false })).toContain('Facts read with: PowerShell\n');
  });

  it('a Chinese PC: console output is decoded as the OEM code page says (936: GBK), the display language comes from the registry', async () => {
    const bundle = noPowerShellPc(null);
    bundle.commands.push(
      reg(
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage',
        keyWithValue('HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage', 'OEMCP', 'REG_SZ', '936'),
      ),
      reg(
        'HKCU\\Control Panel\\Desktop\\MuiCached',
        keyWithValue(
          'HKEY_CURRENT_USER\\Control Panel\\Desktop\\MuiCached',
          'MachinePreferredUILanguages',
          'REG_MULTI_SZ',
          'zh-CN\\0en-US',
        ),
      ),
    );
    const replay = createReplayHost(bundle);
    const encodings = new Map<string, string | undefined>();
    const host: Host = {
      ...replay,
      exec: (c, a, o) => {
        encodings.set(`${c.split('\\').pop()} ${a.join(' ')}`, o?.encoding);
        return replay.exec(c, a, o);
      },
    };
    const system = await findProbe('system')!.collect.windows!(host);
    expect(system.facts).toMatchObject({ hostname: 'TILL-PC', displayLanguage: 'zh-CN', windowsFactsFrom: 'fallback' });
    await findProbe('open_shares')!.collect.windows!(host);
    expect(encodings.get('net.exe share')).toBe('gbk');
    expect(encodings.get('reg.exe query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage')).toBe('utf-8');
  });

  it('the auto-logon password never reaches facts, reports, reasons or a --record bundle', async () => {
    const bundle = noPowerShellPc(null);
    expect(JSON.stringify(bundle)).toContain(CANARY);
    const { outputs } = await everyOutput(createReplayHost(bundle));
    expect(outputs.probes).toContain('"passwordStored":true');
    // Only reg.exe's exit code for DefaultPassword is read; a --record bundle masks what it printed.
    expect(outputs.bundle).toContain('DefaultPassword    REG_SZ    (redacted)');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(CANARY);
  });
});

describe('reg.exe: a key that is not there, one that may not be read, and a broken reg.exe', () => {
  // The real Winlogon sample lists its subkeys GPExtensions and AutoLogonChecked.
  const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
  const host = (elevated: boolean, results: ReturnType<typeof reg>[]): Host => {
    const bundle = windowsBundle({}, { elevated });
    bundle.commands = [
      reg(WINLOGON, exited(sample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt'))),
      ...results,
    ];
    return createReplayHost(bundle);
  };

  it('exit 1 for a subkey its parent does not list: not set; for one it lists: cannot be read (needs administrator)', async () => {
    const missing = `${WINLOGON}\\SpecialAccounts`;
    const denied = `${WINLOGON}\\AutoLogonChecked`;
    const accessDenied = exited('', 1, 'ERROR: Access is denied.\r\n');
    expect(await new WindowsTools(host(false, [reg(missing, NOT_FOUND)])).key(missing)).toEqual({
      ok: true,
      value: null,
    });
    expect(await new WindowsTools(host(false, [reg(denied, accessDenied)])).key(denied)).toEqual({
      ok: false,
      reason: REASON.needsAdmin,
    });
    expect(await new WindowsTools(host(true, [reg(denied, accessDenied)])).key(denied)).toEqual({
      ok: false,
      reason: `reg.exe cannot read ${denied}: ERROR: Access is denied.`,
    });
  });

  it('Wine 8 reg.exe captured here: a key without values prints a blank line (no key line); a parent lists only its subkeys, the first one too', async () => {
    const VERSION = 'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion';
    const subkeysOnly = exited(wineOutput('reg-query-subkeys-only__this-debian12-wine-8-exit0.txt'));
    const tools = new WindowsTools(
      host(false, [
        reg(`${VERSION}\\Run`, exited(wineOutput('reg-query-run-no-values__this-debian12-wine-8-exit0.txt'))),
        reg(VERSION, subkeysOnly),
        reg(`${VERSION}\\Explorer`, exited('', 1, 'ERROR: Access is denied.\r\n')),
        reg(`${VERSION}\\Policies`, NOT_FOUND),
      ]),
    );
    expect(await tools.key(`${VERSION}\\Run`)).toEqual({
      ok: true,
      value: { key: `${VERSION}\\Run`, values: {}, hidden: [] },
    });
    expect(await tools.key(`${VERSION}\\Explorer`)).toEqual({ ok: false, reason: REASON.needsAdmin });
    expect(await tools.key(`${VERSION}\\Policies`)).toEqual({ ok: true, value: null });
  });

  it('reg-query-productoptions__this-debian12-wine-8-exit0.txt: ProductType WinNT is a workstation (1, as Win32_OperatingSystem says)', async () => {
    const bundle = noPowerShellPc(null);
    bundle.commands.push(
      reg(
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions',
        exited(wineOutput('reg-query-productoptions__this-debian12-wine-8-exit0.txt')),
      ),
    );
    expect((await windowsAnswers(createReplayHost(bundle), ['productType'], undefined)).productType).toEqual({
      ok: true,
      value: 1,
    });
  });

  it("Wine 8 captures: Backup and Restore's last backup from its 8 bytes (REG_BINARY); a QWORD printed as (null) is no date", async () => {
    const BACKUP = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsBackup';
    const bundle = noPowerShellPc(null);
    bundle.commands.push(
      reg(
        `${BACKUP}\\Status`,
        exited(wineOutput('reg-query-windowsbackup-status-binary__this-debian12-wine-8-exit0.txt')),
      ),
      reg(
        `${BACKUP}\\SystemImageBackup`,
        exited(wineOutput('reg-query-systemimagebackup-qword-null__this-debian12-wine-8-exit0.txt')),
      ),
      ...absent(`${BACKUP}\\ScheduleParams\\TargetDevice`),
    );
    expect((await windowsAnswers(createReplayHost(bundle), ['windowsBackup'], undefined)).windowsBackup).toEqual({
      ok: true,
      // hex(b):704ac9ebcc6dc701 of the published Vista export: 2007-03-24 04:28:49 UTC.
      value: { target: false, lastSuccess: '2007-03-24T04:28:49.994Z', systemImage: null },
    });
  });

  it('Wine 8 capture: USBSTOR lists the kinds of device seen, not their instances (serial numbers)', async () => {
    const USBSTOR = 'HKLM\\SYSTEM\\CurrentControlSet\\Enum\\USBSTOR';
    const bundle = noPowerShellPc(null);
    bundle.commands.push(
      reg(USBSTOR, exited(wineOutput('reg-query-usbstor-two-kinds__this-debian12-wine-8-exit0.txt'))),
    );
    const out = await findProbe('usb_storage')!.collect.windows!(createReplayHost(bundle));
    expect(out.facts.devices).toEqual([
      { name: 'Kingston DataTraveler 3.0', firstConnected: null, lastConnected: null },
      { name: 'SanDisk Cruzer Blade', firstConnected: null, lastConnected: null },
    ]);
    const none = noPowerShellPc(null);
    none.commands.push(...absent(USBSTOR));
    expect((await windowsAnswers(createReplayHost(none), ['usbStorageDevices'], undefined)).usbStorageDevices).toEqual({
      ok: true,
      value: [],
    });
  });

  it("wevtutil (elevated): the Security log's oldest event gives the days the log covers; the bundle keeps its time alone", async () => {
    const bundle = noPowerShellPc(null, { elevated: true });
    const wevtutil = ['qe', 'Security', '/c:1', '/rd:false', '/f:xml'];
    const event = wineOutput('wevtutil-qe-security-c1__handwritten-one-line-single-quotes.xml');
    bundle.commands.push({ command: 'C:\\Windows\\System32\\wevtutil.exe', args: wevtutil, result: exited(event) });
    const host = createReplayHost(bundle);
    const kept = await findProbe('logs_kept')!.collect.windows!(host, {
      deep: false,
      now: new Date('2024-06-01T00:00:00Z'),
    });
    expect([kept.facts.oldestEntry, kept.facts.coveredDays]).toEqual(['2024-05-02T01:12:40.123Z', 29]);
    const { outputs } = await everyOutput(createReplayHost(bundle));
    expect(outputs.bundle).toContain('2024-05-02T01:12:40.1234567Z');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain('CANARY-user');
    // Without administrator wevtutil is not run: the Security log cannot be read.
    const user = await findProbe('logs_kept')!.collect.windows!(
      createReplayHost(noPowerShellPc(null, { elevated: false })),
    );
    expect(user.unknown.oldestEntry).toBe(REASON.needsAdmin);
  });

  it('Wine 8 captures: a search with no match (exit 0) is no programs; net share printing its help is a reason, not shares', async () => {
    const bundle = noPowerShellPc(null);
    const noMatch = exited(wineOutput('reg-query-search-no-match__this-debian12-wine-8-exit0.txt'));
    bundle.commands.push(
      ...['HKLM\\SOFTWARE\\Microsoft', 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft', 'HKCU\\SOFTWARE\\Microsoft'].map(
        (root) => reg(`${root}\\Windows\\CurrentVersion\\Uninstall`, noMatch, ['/s', '/v', 'DisplayName']),
      ),
    );
    bundle.commands = bundle.commands.map((c) =>
      c.command.endsWith('net.exe')
        ? { ...c, result: exited(wineOutput('net-share__this-debian12-wine-8-syntax-help-exit0.txt')) }
        : c,
    );
    const replay = createReplayHost(bundle);
    expect((await windowsAnswers(replay, ['installed'], undefined)).installed).toEqual({ ok: true, value: [] });
    const shares = await findProbe('open_shares')!.collect.windows!(replay);
    expect(shares.facts.shares).toBeNull();
    expect(shares.unknown.shares).toBe('net share: The syntax of this command is: (PowerShell could not run)');
  });

  it('reg.exe missing, timing out, failing everywhere or printing nothing: every registry fact unknown with a reason, no crash, nothing passes', async () => {
    const broken: Record<string, (c: string) => ExecResult> = {
      missing: () => ({ status: 'missing' }),
      timeout: () => ({ status: 'timeout' }),
      'exit 1 everywhere': () => exited('', 1, 'ERROR: Access is denied.\r\n'),
      'exit 0, nothing printed': () => exited(''),
    };
    for (const [fault, result] of Object.entries(broken)) {
      const replay = createReplayHost(noPowerShellPc(null));
      const faulty: Host = {
        ...replay,
        exec: (c, a, o) => (c.endsWith('reg.exe') ? Promise.resolve(result(c)) : replay.exec(c, a, o)),
      };
      const report = await scanWith(faulty);
      const s = statuses(report);
      for (const id of ['login.no-auto-login', 'screen-lock.idle-timeout', 'remote-access.no-remote-desktop-server'])
        expect(s[id], `${id} (${fault})`).toBe('unknown');
      for (const r of report.results.filter((r) => r.status === 'unknown'))
        expect(r.reasons.length, r.id).toBeGreaterThan(0);
      expect(report.results.filter((r) => r.status === 'pass').map((r) => r.id)).toEqual([
        'disk-encryption.system-drive',
      ]);
    }
  });
});
