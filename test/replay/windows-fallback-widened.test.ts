import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../src/host/bundle.js';
import { findProbe } from '../../src/probes/index.js';
import { loginPassword } from '../../src/probes/login_password/index.js';
import { remoteAccess } from '../../src/probes/remote_access/index.js';
import { redactSecrets } from '../../src/probes/index.js';
import { windowsAnswers } from '../../src/probes/windows/answers.js';
import { parseNetUser } from '../../src/probes/windows/fallback-parse.js';
import { REPO } from '../helpers/host.js';
import { sample } from '../helpers/windows-samples.js';
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

const START_TEXT = wineOutput('reg-query-services-start__handwritten-documented-format.txt');
const START_VALUES = exited(START_TEXT);

/** The no-PowerShell PC of the samples, with the widened fallback's tools answering. */
function widenedPc(sc = SC, startValues = START_VALUES) {
  const bundle = noPowerShellPc(null);
  bundle.commands.push(
    { command: `${SYSTEM32}\\sc.exe`, args: ['query', 'type=', 'service', 'state=', 'all'], result: exited(sc) },
    reg('HKLM\\SYSTEM\\CurrentControlSet\\Services', startValues, ['/s', '/v', 'Start']),
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
    ...['DomainProfile', 'PrivateProfile', 'PublicProfile', 'StandardProfile'].flatMap((p) =>
      absent(`HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\${p}`),
    ),
  );
  return bundle;
}

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
      publisher: null,
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

  it('WMIC removed (Windows 11 24H2) and net user refused: the accounts are unknown and the reason says why', async () => {
    const bundle = widenedPc();
    bundle.commands = bundle.commands.filter((c) => !c.command.endsWith('WMIC.exe'));
    bundle.commands.push({ command: NET, args: ['user'], result: exited('', 2, 'System error 5 has occurred.') });
    const login = await findProbe('login_password')!.collect.windows!(createReplayHost(bundle));
    expect(login.facts.accounts).toBeNull();
    expect(login.unknown.accounts).toBe(
      'WMIC is not on this PC (removed from Windows 11 24H2 and later); net user: System error 5 has occurred. ' +
        '(PowerShell could not run)',
    );
  });
});

const NET = `${SYSTEM32}\\net.exe`;
/** `net user NAME` for a name that is no account; exit code 2 and Microsoft's English message, typed by hand. */
const NO_SUCH_USER = exited('', 2, 'The user name could not be found.');

/** The widened PC without WMIC (Windows 11 24H2): `net user` lists the accounts, `net user NAME` describes each. */
function netUserPc(list: string, accounts: Record<string, string>, closing?: string) {
  const bundle = widenedPc();
  bundle.commands = bundle.commands.filter((c) => !c.command.endsWith('WMIC.exe'));
  bundle.commands.push(
    { command: NET, args: ['user'], result: exited(list) },
    ...Object.entries(accounts).map(([name, text]) => ({ command: NET, args: ['user', name], result: exited(text) })),
    ...(closing ? [{ command: NET, args: ['user', closing], result: NO_SUCH_USER }] : []),
  );
  return bundle;
}

describe('net user and net user NAME, read by position (WMIC is gone from Windows 11 24H2)', () => {
  it('en PC: the built-in Administrator (on) and Guest (off) found by their descriptions; the rules answer', async () => {
    const pc = netUserPc(wineOutput('net-user__en-win-server-hfs-lab-two-accounts.txt'), {
      Administrator: wineOutput('net-user-administrator__en-win-server-hfs-lab-builtin-active.txt'),
      Guest: wineOutput('net-user-guest__en-win-server-hfs-lab-builtin-inactive.txt'),
    });
    const a = await windowsAnswers(createReplayHost(pc), ['localUsers'], undefined);
    expect(a.localUsers.ok && a.localUsers.value).toEqual([
      {
        name: 'Administrator',
        sid: null,
        enabled: true,
        passwordRequired: true,
        passwordLastSet: null,
        builtin: 'admin',
      },
      { name: 'Guest', sid: null, enabled: false, passwordRequired: false, passwordLastSet: null, builtin: 'guest' },
    ]);
    const login = await loginPassword.collect.windows(createReplayHost(pc));
    expect(login.facts).toMatchObject({ guestEnabled: false, builtinAdminEnabled: true });
    const s = statuses(await scanWith(createReplayHost(pc)));
    expect(s['login.guest-disabled']).toBe('pass');
    expect(s['login.builtin-administrator-disabled']).toBe('fail');
  });

  it('zh-CN PC: the closing line is no account; an account without a built-in description is not taken for one', async () => {
    const pc = netUserPc(
      wineOutput('net-user__handwritten-zh-CN-list-of-the-real-samples.txt'),
      {
        Administrator: wineOutput('net-user-administrator__zh-CN-builtin-disabled-iso-dates.txt'),
        John: sample('net-user__zh-CN-john-admin-rdp-group-wrapped.txt'),
      },
      '命令成功完成。',
    );
    const login = await loginPassword.collect.windows(createReplayHost(pc));
    expect(login.facts.accounts?.map((x) => [x.name, x.builtin, x.password])).toEqual([
      ['Administrator', 'admin', 'locked'],
      ['John', null, null],
    ]);
    expect(login.facts.builtinAdminEnabled).toBe(false);
    // No account has Windows' description of the Guest: which one is RID 501 is not known, never "no guest".
    expect(login.facts.guestEnabled).toBeNull();
    expect(login.unknown.guestEnabled).toMatch(/^the accounts' numbers \(RID\) cannot be read without PowerShell/);
    const s = statuses(await scanWith(createReplayHost(pc)));
    expect(s['login.builtin-administrator-disabled']).toBe('pass');
    expect(s['login.guest-disabled']).toBe('unknown');
  });

  it('an account net user cannot describe (not the last line) makes the accounts unknown, not shorter', async () => {
    const pc = netUserPc(wineOutput('net-user__en-win-server-hfs-lab-two-accounts.txt'), {
      Guest: wineOutput('net-user-guest__en-win-server-hfs-lab-builtin-inactive.txt'),
    });
    pc.commands.push({ command: NET, args: ['user', 'Administrator'], result: NO_SUCH_USER });
    const a = await windowsAnswers(createReplayHost(pc), ['localUsers'], undefined);
    expect(a.localUsers.ok).toBe(false);
    expect(!a.localUsers.ok && a.localUsers.reason).toMatch(/net user Administrator: The user name could not be found/);
  });
});

describe('installed programs without PowerShell (the Uninstall keys through reg.exe)', () => {
  it('a zh-CN search listing (closing line 搜索结束: 找到 1 匹配。): the display name of each key', async () => {
    const pc = widenedPc();
    const roots = ['HKLM\\SOFTWARE\\Microsoft', 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft', 'HKCU\\SOFTWARE\\Microsoft'];
    const zh = exited(wineOutput('reg-query-uninstall-search__zh-CN-one-match.txt'));
    const none = exited(wineOutput('reg-query-search-no-match__this-debian12-wine-8-exit0.txt'));
    pc.commands.push(
      ...roots.map((root, i) =>
        reg(`${root}\\Windows\\CurrentVersion\\Uninstall`, i === 1 ? zh : none, ['/s', '/v', 'DisplayName']),
      ),
    );
    const a = await windowsAnswers(createReplayHost(pc), ['installed'], undefined);
    expect(a.installed).toEqual({ ok: true, value: ['23e23deeqwddeweqwde'] });
  });
});

describe('net user NAME in a --record bundle', () => {
  const key = (name: string) => `C:\\Windows\\System32\\net.exe user ${name}`;
  it("keeps what the parser reads, drops the full name, the user's comment and a comment people wrote", () => {
    const CANARY = 'CANARY-netuser-3d1e';
    const admin = wineOutput('net-user-administrator__en-win-server-hfs-lab-builtin-active.txt')
      .replace(/^(Full Name {20}).*$/m, `$1${CANARY} Full`)
      .replace(/^(User's comment {15}).*$/m, `$1${CANARY} note`);
    expect(admin.match(new RegExp(CANARY, 'g'))).toHaveLength(2);
    const kept = redactSecrets('command', key('Administrator'), admin);
    expect(kept).not.toContain(CANARY);
    expect(parseNetUser(kept)).toEqual(parseNetUser(admin));
    const john = sample('net-user__zh-CN-john-admin-rdp-group-wrapped.txt').replace(
      /^注释$/m,
      `注释                   ${CANARY}`,
    );
    expect(parseNetUser(john)?.comment).toBe(CANARY);
    const keptJohn = redactSecrets('command', key('john'), john);
    expect(keptJohn).not.toContain(CANARY);
    expect(parseNetUser(keptJohn)).toEqual({ ...parseNetUser(john), comment: '' });
  });
});

describe('net user and net share in a --record bundle: their tables of names are no key = value lines', () => {
  it('a renamed built-in Administrator listed after the account Secretary replays as it was read', async () => {
    // The second line of names starts with a word the bundle's masking looks for ("secret").
    const admin = wineOutput('net-user-administrator__en-win-server-hfs-lab-builtin-active.txt');
    const pc = netUserPc(
      wineOutput('net-user__en-win-server-hfs-lab-two-accounts.txt').replace(
        /^Administrator {12}Guest {20}$/m,
        `Guest${' '.repeat(20)}\nSecretary${' '.repeat(16)}shopadmin${' '.repeat(16)}`,
      ),
      {
        Guest: wineOutput('net-user-guest__en-win-server-hfs-lab-builtin-inactive.txt'),
        Secretary: admin.replace(/Administrator/g, 'Secretary').replace(/^(Comment {22}).*$/m, '$1'),
        // Windows' own description is the built-in's, whatever its name.
        shopadmin: admin.replace(/^(User name {20})Administrator$/m, '$1shopadmin'),
      },
    );
    // With the shared folder named Secret too.
    const share = pc.commands.find((c) => c.args.join(' ') === 'share')!.result as { stdout: string };
    share.stdout = share.stdout.replace('Users        C:\\Users', 'Secret       C:\\Users');
    const recording = createRecordingHost(createReplayHost(pc), redactSecrets);
    const live = await scanWith(recording.host);
    expect(statuses(live)['login.builtin-administrator-disabled']).toBe('fail');
    const bundle = recording.finish();
    const replayed = await scanWith(createReplayHost(bundle));
    expect(statuses(replayed)).toEqual(statuses(live));
    for (const probe of ['login_password', 'open_shares'])
      expect(replayed.probes.find((p) => p.id === probe)).toEqual({
        ...live.probes.find((p) => p.id === probe),
        ms: expect.any(Number),
      });
    expect(replayed.results.map((r) => r.found)).toEqual(live.results.map((r) => r.found));
  });
});

describe('zh-CN sc query and manage-bde -status, real outputs', () => {
  it('the services answer from a zh-CN sc query: the service and its state, no start mode where the registry has none', async () => {
    const a = await windowsAnswers(
      createReplayHost(widenedPc(wineOutput('sc-query-service__zh-CN-win10-own-service-stopped.txt'))),
      ['services'],
      undefined,
    );
    expect(a.services.ok && a.services.value).toEqual([
      {
        name: 'MywindowsService',
        displayName: null,
        publisher: null,
        state: 'Stopped',
        startMode: null,
        command: null,
      },
    ]);
  });
});

describe('a service whose start mode was not read is not a service that does not start by itself', () => {
  it('a stopped OpenSSH server whose Start value reg.exe could not read: ssh-server-off is unknown, not passed', async () => {
    // The real sc listing with its Spooler block as OpenSSH's sshd, stopped; reg.exe refused the Services keys.
    const sshd = SC.replace(
      /SERVICE_NAME: Spooler\nDISPLAY_NAME: Print Spooler\n([^\n]*\n +STATE +): 4 {2}RUNNING/,
      (_, m) => `SERVICE_NAME: sshd\nDISPLAY_NAME: OpenSSH SSH Server\n${m}: 1  STOPPED`,
    );
    expect(sshd).not.toBe(SC);
    const denied = exited('', 1, 'ERROR: Access is denied.\r\n');
    const out = await findProbe('remote_access')!.collect.windows!(createReplayHost(widenedPc(sshd, denied)));
    expect(out.facts.ssh).toMatchObject({ installed: true, running: false, startsAtBoot: null });
    const report = await scanWith(createReplayHost(widenedPc(sshd, denied)));
    expect(statuses(report)['remote-access.ssh-server-off']).toBe('unknown');
    // Read, its Start value 2 (automatic: LanmanServer's key renamed) is an SSH server that starts by itself.
    const auto = START_TEXT.replace(
      /(HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\)LanmanServer/,
      '$1sshd',
    );
    const read = await findProbe('remote_access')!.collect.windows!(createReplayHost(widenedPc(sshd, exited(auto))));
    expect(read.facts.ssh).toMatchObject({ installed: true, running: false, startsAtBoot: true });
  });
});

describe('a service whose state sc.exe gave as a number Windows does not define (handwritten: 8)', () => {
  it('the Server service and Remote Desktop are not "not running" but unknown', async () => {
    const odd = SC.replace(
      /(SERVICE_NAME: (?:LanmanServer|TermService)\n[^\n]*\n[^\n]*\n +STATE +): 4 {2}RUNNING/g,
      '$1: 8  UNKNOWN',
    );
    expect(odd.match(/: 8 {2}UNKNOWN/g)).toHaveLength(2);
    const shares = await findProbe('open_shares')!.collect.windows!(createReplayHost(widenedPc(odd)));
    expect(shares.facts.smbServerRunning).toBeNull();
    expect(shares.unknown.smbServerRunning).toMatch(/no state/);
    const remote = await remoteAccess.collect.windows!(createReplayHost(widenedPc(odd)));
    expect(remote.facts.tools.find((t) => t.id === 'rdp')?.running).toBeNull();
    expect(remote.unknown['tools[rdp].running']).toBeTruthy();
  });
});
