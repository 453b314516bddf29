import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestHotfix } from '../../../src/probes/os_support/parse.js';
import {
  builtinByComment,
  parseManageBdeStatus,
  parseNetShare,
  parseNetUser,
  parseNetUserList,
  parseNetstatAno,
  parseRegQuery,
  parseSchtasksCsv,
  parseScQuery,
  parseTasklistCsv,
  parseTasklistPids,
  parseWmicTable,
  redactNetUserOutput,
  redactRegQueryOutput,
  redactSchtasksCsv,
  redactWevtutilEvent,
  wevtutilEventTime,
} from '../../../src/probes/windows/fallback-parse.js';
import { hashMachineId } from '../../../src/probes/tools.js';
import { REPO } from '../../helpers/host.js';
import { wineOutput } from '../../helpers/windows-fallback.js';
import { sample } from '../../helpers/windows-samples.js';

// The parsers the Windows fallback reads reg.exe, net share and manage-bde with, on the real outputs
// in test/fixtures/samples/windows (MANIFEST.md gives each one's ground truth).

const CANARY = 'CANARY-winlogon-7f3a';
/** The real auto-logon sample, with a canary where its (already REDACTED) DefaultPassword was. */
const winlogonWithCanary = () =>
  sample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt').replace('REDACTED', CANARY);
describe('parseNetShare: the last line', () => {
  it('net-share__zh-CN-users-folder-shared.txt without its closing line (output cut short): the last share is kept', () => {
    const full = sample('net-share__zh-CN-users-folder-shared.txt');
    const cut = full.slice(0, full.indexOf('命令成功完成'));
    const names = (text: string) => parseNetShare(text)?.map((s) => s.name);
    expect(names(full)).toEqual(names(cut));
    expect(names(cut)?.at(-1)).toBe(names(full)?.at(-1));
    // In any language the closing line is dropped, never read as a share.
    expect(names(full.replace('命令成功完成。', 'Die Kommando wurde erfolgreich ausgeführt.'))).toEqual(names(full));
  });
});

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'windows_fallback', name), 'utf8');

describe('parseRegQuery', () => {
  it('reg-query-winlogon__en-win7-autologon-plaintext-password.txt: auto-logon values, empty REG_SZ, subkeys; DefaultPassword only as a name', () => {
    const text = winlogonWithCanary();
    expect(text).toContain(CANARY);
    const [winlogon, ...subkeys] = parseRegQuery(text);
    expect(winlogon!.key).toBe('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\Currentversion\\Winlogon');
    expect(winlogon!.values).toMatchObject({
      AutoAdminLogon: '1',
      DefaultUserName: 'Alfred',
      DefaultDomainName: '',
      LegalNoticeCaption: '',
      AutoRestartShell: 1,
      ShutdownFlags: 0x11,
      PasswordExpiryWarning: 5,
    });
    expect(winlogon!.hidden).toEqual(['DefaultPassword']);
    expect(subkeys.map((b) => [b.key.split('\\').pop(), Object.keys(b.values).length])).toEqual([
      ['GPExtensions', 0],
      ['AutoLogonChecked', 0],
    ]);
    expect(JSON.stringify(parseRegQuery(text))).not.toContain(CANARY);
  });

  it('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt: a DWORD 0x0 is the number 0 (no leading blank line)', () => {
    expect(parseRegQuery(sample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt'))).toEqual([
      {
        key: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server',
        values: { fDenyTSConnections: 0 },
        hidden: [],
      },
    ]);
  });

  it('reg-query-hkcu-desktop__en-screensaverissecure-0.txt: a REG_SZ "0" stays text', () => {
    expect(parseRegQuery(sample('reg-query-hkcu-desktop__en-screensaverissecure-0.txt'))[0]!.values).toEqual({
      ScreenSaverIsSecure: '0',
    });
  });

  it("reg-query-lsa-multi-sz__this-debian12-wine-8-exit0.txt: a REG_MULTI_SZ keeps reg.exe's literal \\0 separators; subkeys follow", () => {
    const [lsa, ...subkeys] = parseRegQuery(fixture('reg-query-lsa-multi-sz__this-debian12-wine-8-exit0.txt'));
    expect(lsa!.values).toEqual({ 'Security Packages': 'kerberos\\0schannel' });
    expect(subkeys.map((b) => b.key.split('\\').pop())).toEqual(['Kerberos', 'MSV1_0']);
  });

  it('prints that are not reg.exe output give no key', () => {
    expect(parseRegQuery('')).toEqual([]);
    expect(parseRegQuery(sample('net-share__zh-CN-users-folder-shared.txt'))).toEqual([]);
  });
});

describe('redactRegQueryOutput (what a --record bundle keeps of reg.exe output)', () => {
  it('reg-query-winlogon__en-win7-autologon-plaintext-password.txt: the DefaultPassword data goes, every other line stays as printed', () => {
    const text = winlogonWithCanary();
    const redacted = redactRegQueryOutput(text);
    expect(redacted).not.toContain(CANARY);
    expect(redacted).toMatch(/^ {4}DefaultPassword {4}REG_SZ {4}\(redacted\)$/m);
    expect(redacted.split('\n').filter((l) => !l.includes('DefaultPassword'))).toEqual(
      text.split('\n').filter((l) => !l.includes('DefaultPassword')),
    );
    expect(parseRegQuery(redacted)[0]!.hidden).toEqual(['DefaultPassword']);
  });

  it('reg-query-run__handwritten-documented-format.txt: a Run-key command keeps only its program', () => {
    const redacted = redactRegQueryOutput(fixture('reg-query-run__handwritten-documented-format.txt'));
    expect(redacted).not.toContain('RUNKEY-SECRET-ARG');
    expect(parseRegQuery(redacted)[0]!.values).toEqual({
      OneDrive: '"C:\\Users\\shop\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe"',
      tvnserver: 'C:\\Program Files\\TightVNC\\tvnserver.exe',
    });
    expect(redacted).toContain('\r\n');
  });
});

describe('parseNetShare (Chinese headers and footer; English ones by the same columns)', () => {
  it('net-share__zh-CN-default-admin-shares.txt: only the default shares, IPC$ without a folder', () => {
    expect(parseNetShare(sample('net-share__zh-CN-default-admin-shares.txt'))).toEqual([
      { name: 'C$', path: 'C:\\', remark: '默认共享' },
      { name: 'D$', path: 'D:\\', remark: '默认共享' },
      { name: 'E$', path: 'E:\\', remark: '默认共享' },
      { name: 'F$', path: 'F:\\', remark: '默认共享' },
      { name: 'IPC$', path: null, remark: '远程 IPC' },
      { name: 'ADMIN$', path: 'C:\\Windows', remark: '远程管理' },
    ]);
  });

  it('net-share__zh-CN-print-share-wrapped-remark.txt: a long folder pushes the remark onto the next line', () => {
    const shares = parseNetShare(sample('net-share__zh-CN-print-share-wrapped-remark.txt'));
    expect(shares?.find((s) => s.name === 'print$')).toEqual({
      name: 'print$',
      path: 'C:\\WINDOWS\\system32\\spool\\drivers',
      remark: '打印机驱动程序',
    });
    expect(shares?.map((s) => s.name)).toEqual(['C$', 'IPC$', 'print$', 'ADMIN$', 'Users']);
    expect(shares?.find((s) => s.name === 'Users')).toEqual({ name: 'Users', path: 'C:\\Users', remark: null });
  });

  it('net-share__zh-CN-users-folder-shared.txt: Users shared, the closing 命令成功完成。 is no share', () => {
    const shares = parseNetShare(sample('net-share__zh-CN-users-folder-shared.txt'));
    expect(shares?.map((s) => [s.name, s.path])).toEqual([
      ['C$', 'C:\\'],
      ['D$', 'D:\\'],
      ['E$', 'E:\\'],
      ['IPC$', null],
      ['ADMIN$', 'C:\\Windows'],
      ['Users', 'C:\\Users'],
    ]);
  });

  it('the same table with CRLF line ends reads the same; other text is not a share table', () => {
    const text = sample('net-share__zh-CN-users-folder-shared.txt');
    const crlf = parseNetShare(text.replace(/\n/g, '\r\n'));
    expect(crlf?.map((s) => [s.name, s.path])).toEqual([
      ['C$', 'C:\\'],
      ['D$', 'D:\\'],
      ['E$', 'E:\\'],
      ['IPC$', null],
      ['ADMIN$', 'C:\\Windows'],
      ['Users', 'C:\\Users'],
    ]);
    expect(parseNetShare(sample('reg-query-hkcu-desktop__en-screensaverissecure-0.txt'))).toBeNull();
    expect(parseNetShare('')).toBeNull();
  });
});

describe('parseManageBdeStatus', () => {
  it('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt: C: OS volume, used space encrypted (1), protection on (1)', () => {
    expect(parseManageBdeStatus(sample('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt'))).toEqual([
      {
        driveLetter: 'C:',
        volumeType: 0,
        conversionStatus: 1,
        protectionStatus: 1,
        conversionLabel: 'Used Space Only Encrypted',
        protectionLabel: 'Protection On',
      },
    ]);
  });

  it('manage-bde-status__zh-CN-all-decrypted.txt: D: data volume first, then C: OS volume, both fully decrypted (0), protection off (0)', () => {
    expect(parseManageBdeStatus(sample('manage-bde-status__zh-CN-all-decrypted.txt'))).toEqual([
      {
        driveLetter: 'D:',
        volumeType: 1,
        conversionStatus: 0,
        protectionStatus: 0,
        conversionLabel: '完全解密',
        protectionLabel: '保护关闭',
      },
      {
        driveLetter: 'C:',
        volumeType: 0,
        conversionStatus: 0,
        protectionStatus: 0,
        conversionLabel: '完全解密',
        protectionLabel: '保护关闭',
      },
    ]);
  });

  it('a status label it does not know is null, kept as printed for the reason', () => {
    const text = sample('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt').replace(
      'Used Space Only Encrypted',
      'Something New',
    );
    expect(parseManageBdeStatus(text)[0]).toMatchObject({
      conversionStatus: null,
      conversionLabel: 'Something New',
      protectionStatus: 1,
    });
    expect(parseManageBdeStatus('')).toEqual([]);
  });
});

// Each documented label edited into the real English sample (and the Chinese ones into the Chinese
// sample): encrypted and decrypted must never be confused.
describe('manage-bde labels, each one (edited into the real samples)', () => {
  const EN = sample('manage-bde-status__en-os-used-space-encrypted-decimal-comma.txt');
  const ZH = sample('manage-bde-status__zh-CN-all-decrypted.txt');
  it('every conversion and protection label Microsoft documents, in any case', () => {
    const conversions: [string, number][] = [
      ['Fully Decrypted', 0],
      ['Fully Encrypted', 1],
      ['USED SPACE ONLY ENCRYPTED', 1],
      ['Encryption in Progress', 2],
      ['Decryption in Progress', 3],
      ['Encryption Paused', 4],
      ['Decryption Paused', 5],
    ];
    for (const [label, code] of conversions) {
      expect([
        label,
        parseManageBdeStatus(EN.replace('Used Space Only Encrypted', label))[0]?.conversionStatus,
      ]).toEqual([label, code]);
    }
    for (const [label, code] of [
      ['Protection Off', 0],
      ['Protection On', 1],
      ['Protection Unknown', 2],
      ['Protection', null],
    ] as const) {
      expect([label, parseManageBdeStatus(EN.replace('Protection On', label))[0]?.protectionStatus]).toEqual([
        label,
        code,
      ]);
    }
    expect(
      parseManageBdeStatus(ZH.replaceAll('完全解密', '仅加密了已用空间').replaceAll('保护关闭', '保护已启用')).map(
        (v) => [v.conversionStatus, v.protectionStatus],
      ),
    ).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
  it('the volume kind and letter: OS, data, another kind; a lower-case letter', () => {
    expect(parseManageBdeStatus(EN.replace('[OS Volume]', '[Data Volume]'))[0]?.volumeType).toBe(1);
    expect(parseManageBdeStatus(EN.replace('[OS Volume]', '[Removable Volume]'))[0]?.volumeType).toBeNull();
    expect(parseManageBdeStatus(EN.replace('Volume C:', 'Volume c:'))[0]?.driveLetter).toBe('C:');
    // Without its status lines a volume's state is unknown, not decrypted.
    const bare = parseManageBdeStatus(EN.replace(/^\s+(Conversion|Protection) Status:.*$/gm, ''))[0];
    expect(bare).toMatchObject({
      conversionStatus: null,
      protectionStatus: null,
      conversionLabel: null,
      protectionLabel: null,
    });
  });
});

describe("reg query at its edges (handwritten in reg.exe's documented layout)", () => {
  it('QWORD as a number, other types as text, names with spaces, secrets by name only for text, lines before a key ignored', () => {
    const text = [
      '    Orphan    REG_SZ    x',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Test',
      '    Big    REG_QWORD    0x100',
      '    Display Name    REG_SZ    Shop Till',
      '    Empty    REG_SZ    ',
      '    Path    REG_EXPAND_SZ    %SystemRoot%\\x',
      '    Blob    REG_BINARY    0A0B',
      '    RecoveryKey    REG_SZ    123-456',
      '    LimitBlankPasswordUse    REG_DWORD    0x1',
      '    ClientSecret    REG_BINARY    FF',
      '   ThreeSpaces    REG_SZ    y',
      'HKEY_CURRENT_USER',
      '    A    REG_DWORD    0xffffffff',
    ].join('\r\n');
    expect(parseRegQuery(text)).toEqual([
      {
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Test',
        values: {
          Big: 256,
          'Display Name': 'Shop Till',
          Empty: '',
          Path: '%SystemRoot%\\x',
          Blob: '0A0B',
          LimitBlankPasswordUse: 1,
        },
        hidden: ['RecoveryKey', 'ClientSecret'],
      },
      { key: 'HKEY_CURRENT_USER', values: { A: 4294967295 }, hidden: [] },
    ]);
    expect(parseRegQuery('HKEY_local\\Y\nHKEYS\\Z\n hkey_x\n')).toEqual([]);
  });
  it('redaction: secrets in any key, Run commands only in a Run key, CRLF kept', () => {
    const text =
      'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\r\n    Tool    REG_SZ    "C:\\Tools\\vnc.exe" -password s3cret\r\n    VncPassword    REG_SZ    hunter2\r\n\r\n' +
      'HKEY_CURRENT_USER\\Software\\Other\n    Cmd    REG_SZ    C:\\x.exe -password keep\n    Password    REG_DWORD    0x5\n    Empty    REG_SZ\n';
    expect(redactRegQueryOutput(text)).toBe(
      'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\r\n    Tool    REG_SZ    "C:\\Tools\\vnc.exe"\r\n    VncPassword    REG_SZ    (redacted)\r\n\r\n' +
        'HKEY_CURRENT_USER\\Software\\Other\n    Cmd    REG_SZ    C:\\x.exe -password keep\n    Password    REG_DWORD    0x5\n    Empty    REG_SZ\n',
    );
  });
});

describe("wevtutil qe Security /c:1 /rd:false /f:xml (the Security log's oldest event)", () => {
  const event = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'windows_fallback', name), 'utf8');

  it("the event's time in either quoting, nanoseconds cut to milliseconds; no event is null", () => {
    expect(wevtutilEventTime(event('event-4624__en-powershellish-2014-event-viewer-xml-system-block.xml'))).toBe(
      '2014-12-06T00:01:10.833Z',
    );
    const oneLine = event('wevtutil-qe-security-c1__handwritten-one-line-single-quotes.xml');
    expect(wevtutilEventTime(oneLine)).toBe('2024-05-02T01:12:40.123Z');
    expect(wevtutilEventTime('')).toBeNull();
    expect(wevtutilEventTime("<TimeCreated SystemTime='yesterday'/>")).toBeNull();
  });

  it('a --record bundle keeps the time alone: no account, SID or computer name', () => {
    const oneLine = event('wevtutil-qe-security-c1__handwritten-one-line-single-quotes.xml');
    const kept = redactWevtutilEvent(oneLine);
    expect(kept).toBe("<TimeCreated SystemTime='2024-05-02T01:12:40.1234567Z'/>\r\n");
    expect(wevtutilEventTime(kept)).toBe('2024-05-02T01:12:40.123Z');
    for (const secret of ['CANARY-user', 'S-1-5-21', 'TILL-PC']) expect(kept).not.toContain(secret);
    expect(redactWevtutilEvent('ERROR: access denied')).toBe('');
  });
});

const SC = wineOutput('sc-query__en-server2012r2-running-services-excerpt.txt');
const WMIC_USERS = wineOutput('wmic-useraccount__zh-CN-win10-five-local-accounts.txt');

describe('the widened fallback parsers (services, accounts, updates, processes), on real outputs', () => {
  it('sc-query__en-server2012r2-running-services-excerpt.txt: each service by position, its state by number', () => {
    const services = parseScQuery(SC);
    expect(services.map((s) => s.name)).toEqual([
      'LanmanServer',
      'LanmanWorkstation',
      'lmhosts',
      'LSM',
      'MpsSvc',
      'MSDTC',
      'Spooler',
      'TermService',
    ]);
    expect(services.find((s) => s.name === 'MpsSvc')).toEqual({
      name: 'MpsSvc',
      displayName: 'Windows Firewall',
      state: 'Running',
    });
    // The labels are never read: translated or garbled, the same services and states.
    const relabelled = SC.replace(/SERVICE_NAME/g, '服务名称')
      .replace(/DISPLAY_NAME/g, '显示名称')
      .replace(/STATE/g, '状态')
      .replace(/TYPE/g, '类型');
    expect(parseScQuery(relabelled)).toEqual(services);
    expect(
      parseScQuery(SC.replace(/STATE( +): 4 {2}RUNNING/, 'STATE$1: 1  STOPPED')).find((s) => s.name === 'LanmanServer')
        ?.state,
    ).toBe('Stopped');
  });

  it('wmic-useraccount__zh-CN-win10-five-local-accounts.txt: columns by console width past the Chinese descriptions', () => {
    const rows = parseWmicTable(WMIC_USERS);
    expect(rows.map((r) => [r.Name, r.Disabled, r.PasswordRequired, r.SID])).toEqual([
      ['Administrator', 'TRUE', 'TRUE', 'S-1-5-21-1907407323-3790588764-1508052843-500'],
      ['DefaultAccount', 'TRUE', 'FALSE', 'S-1-5-21-1907407323-3790588764-1508052843-503'],
      ['Guest', 'TRUE', 'FALSE', 'S-1-5-21-1907407323-3790588764-1508052843-501'],
      ['WDAGUtilityAccount', 'TRUE', 'TRUE', 'S-1-5-21-1907407323-3790588764-1508052843-504'],
      ['xt', 'FALSE', 'FALSE', 'S-1-5-21-1907407323-3790588764-1508052843-1000'],
    ]);
    expect(rows[0]!.Description).toBe('管理计算机(域)的内置帐户');
  });

  it('wmic qfe (a real output, with Caption and Description too): HotFixID and InstalledOn by their headers, the newest day', () => {
    const rows = parseWmicTable(
      wineOutput('wmic-qfe-get-caption-description-hotfixid-installedon__en-win-lab-2025-six-updates.txt'),
    );
    expect(rows.map((r) => [r.HotFixID, r.InstalledOn])).toEqual([
      ['KB5050576', '3/4/2025'],
      ['KB5049613', '2/13/2025'],
      ['KB5011048', '2/13/2025'],
      ['KB5015684', '9/8/2022'],
      ['KB5026037', '2/13/2025'],
      ['KB5053606', '3/24/2025'],
    ]);
    expect(newestHotfix(rows.map((r) => r.InstalledOn ?? null))).toEqual({ day: '2025-03-24', unreadable: 0 });
  });

  it('tasklist (en rows with their header; the zh-CN row): image names, the header is no process', () => {
    expect(parseTasklistCsv(wineOutput('tasklist-fo-csv__en-win10-course-notes-first-rows.txt'))).toEqual([
      'System Idle Process',
      'System',
      'Secure System',
      'Registry',
      'smss.exe',
      'csrss.exe',
      'wininit.exe',
      'csrss.exe',
      'winlogon.exe',
      'services.exe',
    ]);
    expect(parseTasklistCsv(wineOutput('tasklist-fo-csv-nh__zh-CN-dev-notes-first-row.txt'))).toEqual([
      'System Idle Process',
    ]);
  });
  it('the lists (en with trailing spaces, zh-CN): the names, never the closing line in English', () => {
    expect(parseNetUserList(wineOutput('net-user__en-cyberlens-lab-six-accounts-trailing-spaces.txt'))).toEqual([
      'admin',
      'Administrator',
      'CyberLens',
      'DefaultAccount',
      'Guest',
      'WDAGUtilityAccount',
    ]);
    expect(parseNetUserList(wineOutput('net-user__en-win-server-hfs-lab-two-accounts.txt'))).toEqual([
      'Administrator',
      'Guest',
    ]);
    // The Chinese closing line is as short as a name: only `net user 命令成功完成。` tells it is none (below).
    expect(parseNetUserList(wineOutput('net-user__zh-CN-ctf-lab-win19-six-accounts.txt'))).toEqual([
      'Administrator',
      'Adrian',
      'DefaultAccount',
      'Guest',
      'mj',
      'WDAGUtilityAccount',
      '命令成功完成。',
    ]);
    expect(parseNetUserList('The syntax of this command is:\r\n\r\nNET USER\r\n')).toBeNull();
  });

  it('each account (en, zh-CN, a domain answer wrapped at 80 columns): name, enabled, password required, comment', () => {
    expect(parseNetUser(wineOutput('net-user-administrator__en-win-server-hfs-lab-builtin-active.txt'))).toEqual({
      name: 'Administrator',
      comment: 'Built-in account for administering the computer/domain',
      enabled: true,
      passwordRequired: true,
    });
    expect(parseNetUser(wineOutput('net-user-administrator__zh-CN-builtin-disabled-iso-dates.txt'))).toEqual({
      name: 'Administrator',
      comment: '管理计算机(域)的内置帐户',
      enabled: false,
      passwordRequired: true,
    });
    expect(parseNetUser(sample('net-user__zh-CN-john-admin-rdp-group-wrapped.txt'))).toEqual({
      name: 'John',
      comment: '',
      enabled: true,
      passwordRequired: true,
    });
    expect(parseNetUser(sample('net-user-domain__en-guest-inactive-80col-wrap.txt'))).toEqual({
      name: 'Guest',
      comment: 'Built-in account for guest access to the computer/domain',
      enabled: false,
      passwordRequired: false,
    });
    // The labels are never read: garbled (a wrong code page), the same answer.
    const garbled = wineOutput('net-user-administrator__zh-CN-builtin-disabled-iso-dates.txt').replace(
      /^[^\x00-\x7f]+(?=\s)/gmu,
      (label) => '?'.repeat(label.length * 2),
    );
    expect(parseNetUser(garbled)?.enabled).toBe(false);
    expect(parseNetUser(sample('net-user__zh-CN-hidden-dollar-user-users-group.txt'))?.name).toBe('test$');
    expect(parseNetUser('The user name could not be found.')).toBeNull();
  });

  it('sc query NAME on zh-CN Windows: the labels stay English, the state is read by its number', () => {
    expect(parseScQuery(wineOutput('sc-query-service__zh-CN-win10-own-service-stopped.txt'))).toEqual([
      { name: 'MywindowsService', displayName: null, state: 'Stopped' },
    ]);
    expect(parseScQuery(wineOutput('sc-query-service__zh-CN-usbhub-driver-stopped.txt'))).toEqual([
      { name: 'usbhub', displayName: null, state: 'Stopped' },
    ]);
  });

  it('manage-bde zh-CN 10.0.18362 (data volume, used space only, protection on) and 10.0.26100 (C: [] decrypted)', () => {
    const read = (name: string) =>
      parseManageBdeStatus(wineOutput(name)).map((v) => [
        v.driveLetter,
        v.volumeType,
        v.conversionStatus,
        v.protectionStatus,
      ]);
    expect(read('manage-bde-status__zh-CN-10.0.18362-data-volume-used-space-only-protection-on.txt')).toEqual([
      ['M:', 1, 1, 1],
    ]);
    expect(read('manage-bde-status__zh-CN-10.0.26100-os-volume-empty-label-decrypted.txt')).toEqual([['C:', 0, 0, 0]]);
  });
});

describe('netstat -ano and tasklist PIDs: edges found by mutation testing', () => {
  const NETSTAT = readFileSync(
    path.join(REPO, 'test/fixtures/network_services/netstat-ano__zh-CN-published-tcp-listening.txt'),
    'utf8',
  );

  it('netstat-ano__zh-CN-published-tcp-listening.txt: every listening TCP port with its PID, past the translated header', () => {
    expect(parseNetstatAno(NETSTAT).map((l) => `${l.protocol} ${l.address}:${l.port} ${l.pid}`)).toEqual([
      'tcp 0.0.0.0:135 1072',
      'tcp 0.0.0.0:443 5184',
      'tcp 0.0.0.0:445 4',
      'tcp 0.0.0.0:808 3704',
      'tcp 0.0.0.0:902 4336',
      'tcp 0.0.0.0:912 4336',
      'tcp 0.0.0.0:1688 3672',
    ]);
  });

  it("handwritten rows in netstat's layout: IPv6 listeners, bound UDP; a connection, a row without a PID or protocol is none", () => {
    const rows = [
      '  TCP    [::]:445               [::]:0                 LISTENING       4',
      '  TCP    [::1]:5939             [::]:0                 LISTENING       3120',
      '  TCP    192.168.1.20:52110     52.1.2.3:443           ESTABLISHED     6100',
      '  TCP    0.0.0.0:3389           0.0.0.0:0              LISTENING       ',
      '  UDP    0.0.0.0:5353           *:*                                    2424',
      '  UDP    [fe80::1%7]:1900       *:*                                    5000',
      '  UDP    0.0.0.0:500            1.2.3.4:500                            9',
      '  ICMP   0.0.0.0:0              0.0.0.0:0              LISTENING       1',
      '  TCP    0.0.0.0:80x            0.0.0.0:0              LISTENING       8',
      '  TCP    0.0.0.0:8080           0.0.0.0:0              LISTENING       77x',
    ].join('\r\n');
    expect(parseNetstatAno(rows)).toEqual([
      { protocol: 'tcp', address: '::', port: 445, pid: 4 },
      { protocol: 'tcp', address: '::1', port: 5939, pid: 3120 },
      { protocol: 'udp', address: '0.0.0.0', port: 5353, pid: 2424 },
      { protocol: 'udp', address: 'fe80::1%7', port: 1900, pid: 5000 },
    ]);
    expect(parseNetstatAno('')).toEqual([]);
  });

  it('tasklist rows (handwritten in its CSV layout): image name by PID, a quote inside doubled; the header is none', () => {
    const pids = parseTasklistPids(
      '"Image Name","PID","Session Name","Session#","Mem Usage"\r\n' +
        '"System","4","Services","0","144 K"\r\n' +
        '"svc ""x"".exe","1072","Services","0","9,876 K"\r\n' +
        'x"notes.exe","12","Console","1","1 K"\r\n',
    );
    expect([...pids]).toEqual([
      [4, 'System'],
      [1072, 'svc "x".exe'],
    ]);
  });
});

describe('net user NAME for a --record bundle (redactNetUserOutput): edges found by mutation testing', () => {
  const ADMIN = wineOutput('net-user-administrator__en-win-server-hfs-lab-builtin-active.txt');
  const GUEST = sample('net-user-domain__en-guest-inactive-80col-wrap.txt');

  it("net-user-domain__en-guest-inactive-80col-wrap.txt: Windows' own comment, wrapped, stays whole; the domain line stays", () => {
    const named = GUEST.replace(/^Full Name$/m, 'Full Name                    Gina Guest').replace(
      /^User's comment$/m,
      "User's comment               gina's note",
    );
    const kept = redactNetUserOutput(named);
    expect(kept).toBe(GUEST);
    expect(parseNetUser(kept)?.comment).toBe('Built-in account for guest access to the computer/domain');
  });

  it('net-user-administrator__en-…-builtin-active.txt with a comment people wrote over two lines (CRLF): emptied, its wrapped line gone (a blank line would end the block), line ends kept', () => {
    const lines = ADMIN.split('\n');
    lines[1] = 'Full Name                    Ann Owner';
    lines.splice(
      2,
      1,
      'Comment                      till of Ann Owner, phone 13800000000 and more words th',
      'at wrap',
    );
    const crlf = lines.join('\r\n');
    const kept = redactNetUserOutput(crlf).split('\r\n');
    expect(kept.slice(0, 5)).toEqual([
      'User name                    Administrator',
      'Full Name',
      'Comment',
      "User's comment",
      'Country/region code          000 (System Default)',
    ]);
    expect(kept.slice(5)).toEqual(crlf.split('\r\n').slice(6));
    expect(parseNetUser(kept.join('\r\n'))).toEqual({ ...parseNetUser(crlf), comment: '' });
  });

  it('text that is not net user NAME stays as it is; the built-in descriptions in English and Chinese, nothing else', () => {
    expect(redactNetUserOutput('The user name could not be found.\r\n')).toBe('The user name could not be found.\r\n');
    expect(builtinByComment('管理计算机(域)的内置帐户')).toBe('admin');
    expect(builtinByComment('Built-in account for guest access to the computer/domain')).toBe('guest');
    expect(builtinByComment('built-in account for administering the computer/domain')).toBeNull();
    expect(builtinByComment('')).toBeNull();
  });
});

describe('schtasks /query /fo csv /v, read by column (the scheduled tasks without PowerShell)', () => {
  it('English and Chinese layouts give the same tasks: \\Microsoft\\ and COM handlers left out, triggers merged', async () => {
    const en = parseSchtasksCsv(wineOutput('schtasks-query-fo-csv-v__handwritten-en-documented-columns.txt'));
    expect(en?.map((t) => [t.path, t.disabled])).toEqual([
      ['\\AnyDesk start', false],
      ['\\CourierSync', false],
      ['\\OldUpdater', true],
      ['\\Microsoft\\Windows\\Defrag\\ScheduledDefrag', false],
    ]);
    const zh = parseSchtasksCsv(wineOutput('schtasks-query-fo-csv-v__handwritten-zh-CN-columns-by-position.txt'));
    expect(zh?.map((t) => [t.path, t.command, t.disabled])).toEqual([
      ['\\ToDesk', '"C:\\Program Files\\ToDesk\\ToDesk.exe" -autostart', false],
      ['\\面单打印助手', 'C:\\PrintHelper\\helper.exe', true],
    ]);
    expect(parseSchtasksCsv('ERROR: Access is denied.\r\n')).toBeNull();
    expect(parseSchtasksCsv('"a","b"\r\n')).toBeNull();
  });

  it('a published schtasks output (resticprofile, English Windows): one task of two triggers, its bundle without arguments', () => {
    const text = wineOutput('schtasks-query-fo-csv-v__en-resticprofile-info-test-one-task-two-triggers.txt');
    const program = 'R:\\Temp\\go-build4112622634\\b001\\exe\\resticprofile.exe';
    expect(parseSchtasksCsv(text)).toEqual([
      {
        path: '\\resticprofile backup\\self backup',
        command: `${program} --no-ansi --config examples\\windows.yaml run-schedule backup@self`,
        disabled: false,
      },
    ]);
    const kept = redactSchtasksCsv(text);
    expect(parseSchtasksCsv(kept)?.map((t) => t.command)).toEqual([program]);
    expect(kept).not.toContain('run-schedule');
    expect(kept).not.toContain('resticprofile backup for profile');
  });
});

describe('more edges found by mutation testing (handwritten in the layouts of the real outputs)', () => {
  it('reg.exe: a key line with trailing blanks; a RunOnce command keeps only its program; a MachineGuid is hashed; a secret without data stays', () => {
    expect(parseRegQuery('HKEY_LOCAL_MACHINE\\SOFTWARE\\Test  \r\n    A    REG_SZ    x\r\n')).toEqual([
      { key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Test', values: { A: 'x' }, hidden: [] },
    ]);
    const guid = '8f1b5a30-2c44-4f7d-9d1e-0c3b2a6e7f19';
    const text =
      'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce  \r\n' +
      '    Setup    REG_SZ    C:\\Setup\\setup.exe /pass s3cret\r\n' +
      '    DefaultPassword    REG_SZ\r\n\r\n' +
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n' +
      `    MachineGuid    REG_SZ    ${guid}\r\n` +
      '    Cmd    REG_SZ    C:\\x.exe /pass keep\r\n';
    expect(redactRegQueryOutput(text)).toBe(
      'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce  \r\n' +
        '    Setup    REG_SZ    C:\\Setup\\setup.exe\r\n' +
        '    DefaultPassword    REG_SZ\r\n\r\n' +
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n' +
        `    MachineGuid    REG_SZ    hashed:${hashMachineId(guid)}\r\n` +
        '    Cmd    REG_SZ    C:\\x.exe /pass keep\r\n',
    );
  });

  it("net share: another tool's table (net user's) is no share table; a wrapped remark as the last line (output cut) is kept", () => {
    expect(parseNetShare(wineOutput('net-user__en-win-server-hfs-lab-two-accounts.txt'))).toBeNull();
    const text = sample('net-share__zh-CN-print-share-wrapped-remark.txt');
    const whole = parseNetShare(text)!;
    const cut = text.replace(/\r?\n[^\n]*命令成功完成[^\n]*\s*$/, '\r\n');
    expect(cut).not.toBe(text);
    expect(parseNetShare(cut)).toEqual(whole);
  });

  it('sc query: a state line without a number is no state; an indented line before any service is passed over', () => {
    const text =
      '    TYPE               : 20  WIN32_SHARE_PROCESS\r\n\r\n' +
      'SERVICE_NAME: Spooler\r\nDISPLAY_NAME: Print Spooler\r\n' +
      '        TYPE               : 110  WIN32_OWN_PROCESS\r\n        STATE              : RUNNING\r\n';
    expect(parseScQuery(text)).toEqual([{ name: 'Spooler', displayName: 'Print Spooler', state: null }]);
  });

  it('WMIC: a byte-order mark and the blank lines WMIC prints between rows change nothing; nothing is no rows', () => {
    const rows = parseWmicTable(WMIC_USERS);
    expect(parseWmicTable(`\uFEFF${WMIC_USERS.replace(/\r?\n/g, '\r\r\n\r\n')}`)).toEqual(rows);
    expect(parseWmicTable('')).toEqual([]);
  });

  it('net user: a rule on the first line, a name of exactly 20 characters; net user NAME cut before its password block or without a padded label is none', () => {
    expect(parseNetUserList(`${'-'.repeat(79)}\r\nTwentyCharacterName1     Guest\r\n`)).toEqual([
      'TwentyCharacterName1',
      'Guest',
    ]);
    const admin = wineOutput('net-user-administrator__en-win-server-hfs-lab-builtin-active.txt');
    expect(parseNetUser(admin.split(/\r?\n\r?\n/)[0]!)).toBeNull();
    expect(parseNetUser(admin.replace(/^User name {20}/, 'User name '))).toBeNull();
  });

  it('schtasks: one row too short among whole ones makes the text none; the bundle keeps header, non-CSV lines and CRLF, drops cut lines', () => {
    const text = wineOutput('schtasks-query-fo-csv-v__handwritten-en-documented-columns.txt');
    const short = '"TILL","\\Cut","N/A","Ready","Interactive only","N/A","1","shop","C:\\x.exe","N/A","c"';
    expect(parseSchtasksCsv(`${text}\r\n${short}\r\n`)).toBeNull();
    const row = (run: string, comment: string) =>
      `"TILL","\\Shop","N/A","Ready","Interactive only","N/A","1","shop","${run}","N/A","${comment}","Enabled"`;
    const header = text.split(/\r?\n/).find((l) => l.trim())!;
    expect(
      redactSchtasksCsv(
        `${header}\r\nINFO: more tasks follow\r\n${row('C:\\t.exe /p s3cret', 'my ""note""')}\r\n"TILL","\\Cu\r\n`,
      ),
    ).toBe(`${header}\r\nINFO: more tasks follow\r\n${row('C:\\t.exe', '')}\r\n\n`);
    // A row of ten fields has no state to keep: it goes.
    const ten = short.slice(0, short.lastIndexOf(','));
    expect(redactSchtasksCsv(`\r\n${header}\r\n${ten}`)).toBe(`\r\n${header}\r\n`);
  });

  it('wevtutil: a time without its zone (Z) is no time', () => {
    expect(wevtutilEventTime("<TimeCreated SystemTime='2024-05-01T08:00:00.0000000'/>")).toBeNull();
    expect(wevtutilEventTime("<TimeCreated SystemTime='2024-05-01T08:00:00.0000000Z'/>")).toBe(
      '2024-05-01T08:00:00.000Z',
    );
  });
});
