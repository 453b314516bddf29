import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../src/host/bundle.js';
import { redactSecrets } from '../../src/probes/index.js';
import { remoteAccess } from '../../src/probes/remote_access/index.js';
import { REASON } from '../../src/probes/types.js';
import { renderText } from '../../src/report/text.js';
import { REPO } from '../helpers/host.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { exited, noPowerShellPc } from '../helpers/windows-fallback.js';
import { parseRegQuery, sample, windowsHost } from '../helpers/windows-samples.js';

// Who is connected right now (quser), replayed through the script's JSON contract and through the
// fallback without PowerShell, on the real outputs: the shared English sample and the zh-CN
// fixtures of test/fixtures/remote_access (SOURCES.md).

const RULE = 'remote-access.no-remote-session-now';
const lines = (text: string) => text.split(/\r?\n/);
const fixture = (name: string) => lines(readFileSync(path.join(REPO, 'test/fixtures/remote_access', name), 'utf8'));
// reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt: Remote Desktop is on.
const RDP_ON = {
  terminalServer: parseRegQuery(sample('reg-query-fdenytsconnections__en-win11-rdp-enabled-0x0.txt')),
  rdpTcp: null,
  terminalServicesPolicy: null,
};
const quser = (text: string[], exitCode = 0, inSession: boolean | null = true) => ({
  quser: { exitCode, lines: text, inSession },
});

async function sessionsOf(facts: Record<string, unknown>, options: Parameters<typeof windowsHost>[1] = {}) {
  const out = await remoteAccess.collect.windows(windowsHost(facts, options));
  remoteAccess.facts.parse(out.facts);
  return { sessions: out.facts.rdp.sessions, reason: out.unknown['rdp.sessions'] };
}
const ruleOf = async (facts: Record<string, unknown>) => statuses(await scanWith(windowsHost(facts)))[RULE];

describe('remote-access.no-remote-session-now, through the PowerShell document', () => {
  it('quser__en-server2008r2-rdp-no-header-plus-idle.txt: three people connected over Remote Desktop while Remote Desktop is on: fail, and no user name reaches the report', async () => {
    const facts = { ...RDP_ON, ...quser(lines(sample('quser__en-server2008r2-rdp-no-header-plus-idle.txt'))) };
    const { sessions } = await sessionsOf(facts);
    expect(sessions).toEqual(['30', '42', '55'].map((id) => ({ id, connection: 'remote-desktop', current: false })));
    const report = await scanWith(windowsHost(facts));
    expect(statuses(report)[RULE]).toBe('fail');
    expect(JSON.stringify(report) + renderText(report, { color: false })).not.toMatch(/user[123]/);
  });

  it('quser__zh-CN-ctf-writeup-console-plus-rdp-current.txt: the only remote session is the one running the scan: pass', async () => {
    const facts = { ...RDP_ON, ...quser(fixture('quser__zh-CN-ctf-writeup-console-plus-rdp-current.txt')) };
    expect((await sessionsOf(facts)).sessions).toEqual([
      { id: '1', connection: 'console', current: false },
      { id: '2', connection: 'remote-desktop', current: true },
    ]);
    expect(await ruleOf(facts)).toBe('pass');
  });

  it('quser__zh-CN-blog-2015-three-disconnected-one-rdp-current.txt: disconnected sessions are nobody connected: pass', async () => {
    expect(
      await ruleOf({ ...RDP_ON, ...quser(fixture('quser__zh-CN-blog-2015-three-disconnected-one-rdp-current.txt')) }),
    ).toBe('pass');
  });

  it('quser__zh-CN-as-system-exit-1-console-only.txt: a scheduled scan as SYSTEM (exit code 1, list intact) reads the console session: pass', async () => {
    const facts = { ...RDP_ON, ...quser(fixture('quser__zh-CN-as-system-exit-1-console-only.txt'), 1, false) };
    expect((await sessionsOf(facts)).sessions).toEqual([{ id: '1', connection: 'console', current: false }]);
    expect(await ruleOf(facts)).toBe('pass');
  });

  it('nobody signed in (exit 1, no lines) passes for a scan outside any session, and is unknown with the reason inside one', async () => {
    expect(await ruleOf({ ...RDP_ON, ...quser([], 1, false) })).toBe('pass');
    const inside = { ...RDP_ON, ...quser([], 1, true) };
    expect((await sessionsOf(inside)).reason).toBe(
      'quser exited with code 1 and listed no session, not even the one this scan runs in',
    );
    expect(await ruleOf(inside)).toBe('unknown');
  });

  it('Remote Desktop off: not applicable, whoever is listed', async () => {
    const facts = {
      terminalServer: { fDenyTSConnections: 1 },
      rdpTcp: null,
      terminalServicesPolicy: null,
      ...quser(lines(sample('quser__en-server2008r2-rdp-no-header-plus-idle.txt'))),
    };
    expect(await ruleOf(facts)).toBe('not_applicable');
  });

  it('no quser.exe (a Home edition) or a malformed answer: only the sessions are unknown, with the reason', async () => {
    const failed = {
      quser: {
        type: 'System.Management.Automation.CommandNotFoundException',
        message: 'quser.exe is not on this edition of Windows',
      },
    };
    const missing = await sessionsOf(RDP_ON, { failed });
    expect(missing).toEqual({
      sessions: null,
      reason: `${REASON.notSupported} (quser.exe is not on this edition of Windows)`,
    });
    expect((await sessionsOf({ ...RDP_ON, quser: { exitCode: 0, lines: 'not a list of lines' } })).reason).toMatch(
      /^PowerShell's answer for quser has an unexpected form/,
    );
  });
});

describe('remote-access.no-remote-session-now, through the fallback without PowerShell', () => {
  const pcWithQuser = (result: ReturnType<typeof exited>, env: Record<string, string> = {}) => {
    const bundle = noPowerShellPc(null);
    bundle.env = { ...bundle.env, ...env };
    bundle.commands.push({ command: 'C:\\Windows\\System32\\quser.exe', args: [], result });
    return createReplayHost(bundle);
  };

  it('quser__en-server2008r2-rdp-no-header-plus-idle.txt printed by quser.exe itself: fail, as through PowerShell', async () => {
    const report = await scanWith(pcWithQuser(exited(sample('quser__en-server2008r2-rdp-no-header-plus-idle.txt'))));
    expect(report.machine.windowsFactsFrom).toBe('fallback');
    expect(statuses(report)[RULE]).toBe('fail');
  });

  it('people named like a secret (Secretary) connected over Remote Desktop: fail, and the same from a --record bundle', async () => {
    // The bundle masks what follows a word like "secret" on a line: here a row of quser's table.
    const text = sample('quser__en-server2008r2-rdp-no-header-plus-idle.txt')
      .replace(' user1    ', ' Secretary')
      .replace(' user2   ', ' pskadmin')
      .replace(' user3    ', ' Passwords');
    const recording = createRecordingHost(pcWithQuser(exited(text)), redactSecrets);
    const live = await scanWith(recording.host);
    expect(statuses(live)[RULE]).toBe('fail');
    const replayed = await scanWith(createReplayHost(recording.finish()));
    expect(statuses(replayed)[RULE]).toBe('fail');
    expect(replayed.results.find((r) => r.id === RULE)?.found).toBe(live.results.find((r) => r.id === RULE)?.found);
  });

  it('exit 1 with nothing listed: unknown, as without PowerShell it cannot be told whether the scan runs in a session (SESSIONNAME says only that it does)', async () => {
    const nobody = exited('', 1, 'No User exists for *\r\n');
    const envs: Record<string, string>[] = [{}, { SESSIONNAME: 'Console' }];
    for (const env of envs) expect(statuses(await scanWith(pcWithQuser(nobody, env)))[RULE]).toBe('unknown');
  });

  it('no quser.exe: unknown, not supported', async () => {
    const out = await remoteAccess.collect.windows(createReplayHost(noPowerShellPc(null)));
    expect(out.unknown['rdp.sessions']).toMatch(
      /^not supported on this system \(quser\.exe is not on this edition of Windows\)/,
    );
  });
});
