import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import { findProbe } from '../../src/probes/index.js';
import { loginPassword } from '../../src/probes/login_password/index.js';
import { windowsAnswers } from '../../src/probes/windows/answers.js';
import { parseScQuery, parseTasklistCsv, parseWmicTable } from '../../src/probes/windows/fallback-parse.js';
import { REPO } from '../helpers/host.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { absent, exited, noPowerShellPc, reg, wineOutput } from '../helpers/windows-fallback.js';

// Without PowerShell the fallback also reads services (sc query + the Services keys), processes
// (tasklist), local accounts and updates (WMIC), each by position or by untranslated names, on the
// real outputs in test/fixtures/windows_fallback (SOURCES.md).

const SYSTEM32 = 'C:\\Windows\\System32';
const SC = wineOutput('sc-query__en-server2012r2-running-services-excerpt.txt');
const WMIC_USERS = wineOutput('wmic-useraccount__zh-CN-win10-five-local-accounts.txt');
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

/** The no-PowerShell PC of the samples, with the widened fallback's tools answering. */
function widenedPc(sc = SC) {
  const bundle = noPowerShellPc(null);
  bundle.commands.push(
    { command: `${SYSTEM32}\\sc.exe`, args: ['query', 'type=', 'service', 'state=', 'all'], result: exited(sc) },
    reg(
      'HKLM\\SYSTEM\\CurrentControlSet\\Services',
      exited(wineOutput('reg-query-services-start__handwritten-documented-format.txt')),
      ['/s', '/v', 'Start'],
    ),
    {
      command: `${SYSTEM32}\\tasklist.exe`,
      args: ['/fo', 'csv', '/nh'],
      result: exited(wineOutput('tasklist-fo-csv__en-win10-course-notes-first-rows.txt')),
    },
    {
      command: `${SYSTEM32}\\wbem\\WMIC.exe`,
      args: ['useraccount', 'where', 'LocalAccount=TRUE', 'get', 'Disabled,Name,PasswordRequired,SID'],
      result: exited(WMIC_USERS),
    },
    { command: `${SYSTEM32}\\netsh.exe`, args: ['advfirewall', 'show', 'allprofiles'], result: exited(netsh) },
    ...['DomainProfile', 'StandardProfile', 'PublicProfile'].flatMap((p) =>
      absent(`HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\${p}`),
    ),
  );
  return bundle;
}

describe('the widened fallback parsers, on real outputs', () => {
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
});

describe('Windows without PowerShell: services, processes, accounts and the firewall still answer', () => {
  it('the answers the script would give: services with start modes, processes without .exe, accounts with SIDs', async () => {
    const a = await windowsAnswers(createReplayHost(widenedPc()), ['services', 'processes', 'localUsers'], undefined);
    expect(a.readWith).toBe('fallback');
    expect(a.services.ok && a.services.value.find((s) => s.name === 'MpsSvc')).toEqual({
      name: 'MpsSvc',
      displayName: 'Windows Firewall',
      state: 'Running',
      startMode: 'Auto',
      command: null,
    });
    // TermService\Parameters' Start is not the service's.
    expect(a.services.ok && a.services.value.find((s) => s.name === 'TermService')?.startMode).toBe('Manual');
    expect(a.services.ok && a.services.value.find((s) => s.name === 'Spooler')?.startMode).toBeNull();
    expect(a.processes.ok && a.processes.value).toEqual(
      [
        'csrss',
        'Registry',
        'Secure System',
        'services',
        'smss',
        'System',
        'System Idle Process',
        'wininit',
        'winlogon',
      ].sort(),
    );
    expect(a.localUsers.ok && a.localUsers.value.map((u) => [u.name, u.enabled, u.passwordRequired])).toEqual([
      ['Administrator', false, true],
      ['DefaultAccount', false, false],
      ['Guest', false, false],
      ['WDAGUtilityAccount', false, true],
      ['xt', true, false],
    ]);
  });

  it('the firewall: MpsSvc running and every profile on (zh-CN netsh) is on; MpsSvc stopped turns Windows Firewall off', async () => {
    const on = await findProbe('firewall')!.collect.windows!(createReplayHost(widenedPc()));
    expect(on.facts).toMatchObject({ enabled: true, blocksInbound: true, manager: 'windows-firewall' });
    expect(on.unknown.enabled).toBeUndefined();
    const stopped = SC.replace(/(SERVICE_NAME: MpsSvc\n[^\n]*\n[^\n]*\n +STATE +): 4 {2}RUNNING/, '$1: 1  STOPPED');
    expect(stopped).not.toBe(SC);
    const off = await findProbe('firewall')!.collect.windows!(createReplayHost(widenedPc(stopped)));
    // Windows Firewall is off; whether a third-party one is on only Security Center (PowerShell) tells.
    expect(off.facts.enabled).toBeNull();
    expect(off.unknown.enabled).toMatch(
      /^Windows Firewall is not on for every network, and whether a third-party firewall is on is unknown/,
    );
  });

  it('the accounts: the built-in Administrator and Guest are found by RID and are off; the rules answer', async () => {
    const login = await loginPassword.collect.windows(createReplayHost(widenedPc()));
    expect(login.facts).toMatchObject({ guestEnabled: false, builtinAdminEnabled: false });
    expect(login.facts.accounts?.map((x) => [x.name, x.builtin, x.password])).toEqual([
      ['Administrator', 'admin', 'locked'],
      ['DefaultAccount', 'none', 'locked'],
      ['Guest', 'guest', 'locked'],
      ['WDAGUtilityAccount', 'none', 'locked'],
      ['xt', 'none', null],
    ]);
    const s = statuses(await scanWith(createReplayHost(widenedPc())));
    expect(s['login.guest-disabled']).toBe('pass');
  });

  it('WMIC removed (Windows 11 24H2): the accounts are unknown and the reason says why', async () => {
    const bundle = widenedPc();
    bundle.commands = bundle.commands.filter((c) => !c.command.endsWith('WMIC.exe'));
    const login = await findProbe('login_password')!.collect.windows!(createReplayHost(bundle));
    expect(login.facts.accounts).toBeNull();
    expect(login.unknown.accounts).toBe(
      'WMIC is not on this PC (removed from Windows 11 24H2 and later) (PowerShell could not run)',
    );
  });
});
