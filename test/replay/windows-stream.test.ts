import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import type { ExecOptions, Host } from '../../src/host/types.js';
import { findProbe } from '../../src/probes/index.js';
import type { Progress } from '../../src/probes/types.js';
import { windowsAnswers } from '../../src/probes/windows/answers.js';
import { POWERSHELL_ARGS } from '../../src/probes/windows/document.js';
import { ANSWER_MARKER, SCRIPT_QUERIES } from '../../src/probes/windows/script.js';
import { noteCommands } from '../helpers/host.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { noPowerShellPc } from '../helpers/windows-fallback.js';
import { parseFormatList, parseRegQuery, sample, scriptOutput, windowsBundle } from '../helpers/windows-samples.js';

// A slow or noisy PowerShell: the script prints one marked line per answer, so lines that are not
// its own (a profile's timing message, a WARNING:) lose nothing, and a run stopped half-way keeps
// what it answered while Windows' own tools read the rest. The answers come from the real samples.

// Real lines Windows PowerShell 5.1 prints on standard output (see test/fixtures/windows_stream/SOURCES.md).
const PROFILE_TIMING = 'Loading personal and system profiles took 1031ms.';
const WARNING =
  "WARNING: The names of some imported commands from the module 'PSReadline' include unapproved verbs that might make them less discoverable. To find the commands with unapproved verbs, run the Import-Module command again with the Verbose parameter. For a list of approved verbs, type Get-Verb.";

const [user] = parseFormatList(sample('get-localuser-format-list__en-new-localuser-passwordrequired-false.txt'));
/** The first answers the script gives (its order), from the real samples. */
const FIRST_ANSWERS = {
  computerName: 'SHOP-PC',
  uiLanguage: 'en-US',
  languageMode: 'FullLanguage',
  osVersion: {
    ProductName: 'Windows 10 Enterprise',
    EditionID: 'Enterprise',
    DisplayVersion: null,
    ReleaseId: '2009',
    CurrentVersion: '6.3',
    CurrentBuild: '19042',
    UBR: null,
  },
  localUsers: [
    {
      name: user!.Name!,
      sid: user!.SID!,
      enabled: user!.Enabled === 'True',
      passwordRequired: user!.PasswordRequired === 'True',
      passwordLastSet: null,
    },
  ],
};

describe('the script answers line by line', () => {
  it('asks its queries in the order the progress names them, and the answers it printed first are the first it asks', () => {
    expect(SCRIPT_QUERIES.slice(0, 5)).toEqual(Object.keys(FIRST_ANSWERS));
  });

  it('a profile timing line before, a WARNING: line between and a blank line after the answers: nothing is lost', async () => {
    const lines = scriptOutput({
      ...FIRST_ANSWERS,
      winlogon: {
        ...parseRegQuery(sample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt')),
        ScreenSaverGracePeriod: null,
        DefaultPasswordExists: true,
      },
    }).split('\r\n');
    lines.splice(3, 0, WARNING);
    const stdout = `${PROFILE_TIMING}\r\n${lines.join('\r\n')}\r\n`;
    const report = await scanWith(createReplayHost(windowsBundle({}, { stdout })));
    expect(report.machine).toMatchObject({
      hostname: 'SHOP-PC',
      osName: 'Windows 10 Enterprise',
      windowsFactsFrom: 'powershell',
    });
    expect(statuses(report)['login.no-auto-login']).toBe('fail');
    expect(report.probes.find((p) => p.id === 'login_password')!.readWith).toBe('powershell');
  });

  it('a line whose JSON was cut, or with the marker but not an answer, is passed over; the document still ends', async () => {
    const stdout =
      scriptOutput(FIRST_ANSWERS).replace(`${ANSWER_MARKER}{"q":"uiLanguage"`, `${ANSWER_MARKER}{"q":"uiLang`) +
      `${ANSWER_MARKER}[1,2]\r\n`;
    const a = await windowsAnswers(
      createReplayHost(windowsBundle({}, { stdout })),
      ['computerName', 'uiLanguage'],
      undefined,
    );
    expect(a.computerName).toEqual({ ok: true, value: 'SHOP-PC' });
    expect(a.uiLanguage).toEqual({ ok: false, reason: 'PowerShell gave no answer for uiLanguage' });
  });
});

describe('PowerShell stopped half-way: what it answered stays, the fallback reads the rest', () => {
  /** The PC of the real samples (noPowerShellPc), whose PowerShell was killed after its first answers. */
  const killedPc = () => {
    const printed = scriptOutput(FIRST_ANSWERS, {}, false) + `${ANSWER_MARKER}{"q":"winlogon","val`;
    return noPowerShellPc({ status: 'timeout', stdout: printed });
  };

  it('the answers printed before the kill come from PowerShell, the others from reg.exe, net and manage-bde', async () => {
    const report = await scanWith(createReplayHost(killedPc()));
    // PowerShell said SHOP-PC; the fallback would have read TILL-PC from the environment.
    expect(report.machine).toMatchObject({
      hostname: 'SHOP-PC',
      osName: 'Windows 10 Enterprise',
      windowsFactsFrom: 'mixed',
    });
    const s = statuses(report);
    // reg-query-winlogon__…: AutoAdminLogon 1, read with reg.exe after the kill; manage-bde-status__en-…: C: encrypted.
    expect(s['login.no-auto-login']).toBe('fail');
    expect(s['disk-encryption.system-drive']).toBe('pass');
    expect(s['password-policy.min-length']).toBe('fail');
    const readWith = Object.fromEntries(report.probes.map((p) => [p.id, p.readWith]));
    // system: its machine id (MachineGuid) is asked after the kill point, so reg.exe answers it.
    expect(readWith).toMatchObject({
      system: 'mixed',
      login_password: 'mixed',
      disk_encryption: 'fallback',
      password_policy: 'fallback',
    });
    // The reason names the stop, not a PowerShell that could not run at all.
    const login = report.probes.find((p) => p.id === 'login_password')!;
    expect(login.unknown['autoLogin.enabled']).toBeUndefined();
    // Security Center has no tool of its own: unknown, and the reason says PowerShell was stopped.
    expect(s['anti-malware.active']).toBe('unknown');
    const reasons = report.results.find((r) => r.id === 'anti-malware.active')!.reasons.join(' ');
    expect(reasons).toContain(
      'needs PowerShell, which could not run (PowerShell did not finish within 60 s and was stopped)',
    );
  });

  it('the fallback asks only for what PowerShell did not answer: no reg.exe for the OS version it gave', async () => {
    const { host, asked } = noteCommands(createReplayHost(killedPc()));
    await scanWith(host);
    expect(asked.filter((c) => c.includes('powershell.exe'))).toHaveLength(1);
    expect(asked.some((c) => c.includes('Windows NT\\CurrentVersion') && !c.includes('Winlogon'))).toBe(false);
    // Winlogon is read one value at a time (DefaultPassword's data never leaves reg.exe).
    const winlogon =
      'C:\\Windows\\System32\\reg.exe query HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon /v';
    expect(asked.some((c) => c.startsWith(winlogon))).toBe(true);
  });

  it('killed before it printed anything: every answer from the fallback, and the reason says it was stopped', async () => {
    const report = await scanWith(createReplayHost(noPowerShellPc({ status: 'timeout' })));
    expect(report.machine.windowsFactsFrom).toBe('fallback');
    const reasons = report.results.find((r) => r.id === 'anti-malware.active')!.reasons.join(' ');
    expect(reasons).toMatch(/PowerShell did not answer within 60 s and was stopped/);
  });
});

describe("a query that failed while the script ran on: Windows' own tools read it again", () => {
  /** The PC of the real samples: PowerShell finished, but its Winlogon and BitLocker queries failed. */
  const failedQueriesPc = () =>
    noPowerShellPc({
      status: 'exited',
      exitCode: 0,
      stderr: '',
      stdout: scriptOutput(FIRST_ANSWERS, {
        winlogon: { type: 'System.Management.Automation.ItemNotFoundException', message: 'registry provider failed' },
        bitLockerVolumes: { type: 'Microsoft.Management.Infrastructure.CimException', message: 'Invalid namespace' },
      }),
    });

  it('answers them with reg.exe and manage-bde, says so, and asks nothing else', async () => {
    const { host, asked } = noteCommands(createReplayHost(failedQueriesPc()));
    const report = await scanWith(host);
    const s = statuses(report);
    // reg-query-winlogon__…: AutoAdminLogon 1; manage-bde-status__en-…: C: encrypted.
    expect(s['login.no-auto-login']).toBe('fail');
    expect(s['disk-encryption.system-drive']).toBe('pass');
    const readWith = Object.fromEntries(report.probes.map((p) => [p.id, p.readWith]));
    // disk_encryption also reads answers PowerShell gave (or said nothing of): mixed.
    expect(readWith).toMatchObject({ login_password: 'mixed', disk_encryption: 'mixed' });
    expect(report.machine.windowsFactsFrom).toBe('mixed');
    // Only for the two failed queries: no net.exe for accounts PowerShell listed, no reg.exe for its OS version.
    expect(asked.filter((c) => c.includes('powershell.exe'))).toHaveLength(1);
    expect(asked.some((c) => /\\net\.exe user/i.test(c))).toBe(false);
    expect(asked.some((c) => c.includes('Windows NT\\CurrentVersion') && !c.includes('Winlogon'))).toBe(false);
  });

  it("a failed query no tool can answer keeps PowerShell's reason, and no tool is started for it", async () => {
    const { host, asked } = noteCommands(
      createReplayHost(
        noPowerShellPc({
          status: 'exited',
          exitCode: 0,
          stderr: '',
          stdout: scriptOutput(FIRST_ANSWERS, {
            antivirusProducts: { type: 'CimException', message: 'Invalid namespace' },
          }),
        }),
      ),
    );
    const report = await scanWith(host);
    expect(asked).toHaveLength(1);
    const reasons = report.results.find((r) => r.id === 'anti-malware.active')!.reasons.join(' ');
    expect(reasons).toContain('Invalid namespace');
  });
});

describe('how PowerShell is started', () => {
  it('without -ExecutionPolicy, its own time budget (default 60 s, --windows-timeout), no inherited PSModulePath, progress as it answers', async () => {
    for (const [budget, expected] of [
      [undefined, 60_000],
      [90_000, 90_000],
    ] as const) {
      const replay = createReplayHost(windowsBundle(FIRST_ANSWERS));
      const calls: ExecOptions[] = [];
      const host: Host = {
        ...replay,
        exec: (c, a, o) => {
          calls.push(o ?? {});
          return replay.exec(c, a, o);
        },
      };
      const progress: Progress[] = [];
      await windowsAnswers(host, ['computerName'], {
        deep: false,
        ...(budget ? { windowsTimeoutMs: budget } : {}),
        onProgress: (p) => progress.push(p),
      });
      expect(POWERSHELL_ARGS).not.toContain('-ExecutionPolicy');
      expect(calls[0]).toMatchObject({ timeoutMs: expected, env: { PSModulePath: null } });
      // What is being checked: the first query, then after each answer the next one, then done.
      expect(progress[0]).toEqual({ done: 0, total: SCRIPT_QUERIES.length, current: 'computerName' });
      expect(progress).toContainEqual({ done: 5, total: SCRIPT_QUERIES.length, current: SCRIPT_QUERIES[5] });
      expect(progress.at(-1)).toEqual({ done: SCRIPT_QUERIES.length, total: SCRIPT_QUERIES.length, current: null });
    }
  });

  it('the system probe alone: still the one script', async () => {
    const out = await findProbe('system')!.collect.windows!(createReplayHost(windowsBundle(FIRST_ANSWERS)));
    expect(out.readWith).toBe('powershell');
  });
});
