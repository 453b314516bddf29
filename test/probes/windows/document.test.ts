import { describe, expect, it } from 'vitest';
import {
  answerFrom,
  answerPath,
  failureReason,
  runWindowsScript,
  scriptPath,
  windowsAnswers,
} from '../../../src/probes/windows/answers.js';
import {
  regFileTime,
  commandProgram,
  decodeDocument,
  expandVariables,
  redactWindowsDocument,
  regNumber,
  systemRoot,
  type ScriptOutcome,
} from '../../../src/probes/windows/document.js';
import { DEFAULT_COLLECT_OPTIONS, type Progress, REASON } from '../../../src/probes/types.js';
import { ANSWER_MARKER, SCRIPT_QUERIES } from '../../../src/probes/windows/script.js';
import { hashMachineId } from '../../../src/probes/tools.js';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { redactSecrets } from '../../../src/probes/index.js';
import { scanWith, statuses } from '../../helpers/scan.js';
import type { ExecResult, Host } from '../../../src/host/types.js';
import { scriptOutput, windowsBundle, windowsHost } from '../../helpers/windows-samples.js';

// The decoder of the Windows script's JSON document (its contract is this project's own, so the
// documents here are handwritten in that contract) and the small pure helpers beside it.
const host = (elevated: boolean, env: Record<string, string> = {}) => {
  const h = windowsHost({}, { elevated });
  return { ...h, env: (name: string) => env[name] };
};

describe('decodeDocument (handwritten answer lines of the contract)', () => {
  const line = (value: unknown) => `${ANSWER_MARKER}${JSON.stringify(value)}`;
  const whole = (...answers: unknown[]) =>
    [line({ contract: 2 }), ...answers.map(line), line({ done: true })].join('\r\n');

  it('a byte-order mark and other lines around are fine; nothing, no answer line, another contract, Constrained Language or no closing line say why', () => {
    const empty = { facts: {}, failed: {} };
    expect(decodeDocument(`\uFEFFWARNING: x\n${whole({ q: 'computerName', value: 'TILL' })}\n`)).toEqual({
      document: { facts: { computerName: 'TILL' }, failed: {} },
      stopped: null,
    });
    expect(decodeDocument('  \n')).toEqual({ document: empty, stopped: 'PowerShell printed nothing' });
    expect(decodeDocument('Access is denied.')).toEqual({
      document: empty,
      stopped: "PowerShell printed no answer of shop-audit's script",
    });
    expect(decodeDocument(line({ contract: 1 }))).toEqual({
      document: empty,
      stopped: "PowerShell's answer is of another version of shop-audit (contract 1)",
    });
    expect(decodeDocument(whole({ q: 'languageMode', value: 'ConstrainedLanguage' }))).toEqual({
      document: empty,
      stopped: 'PowerShell runs in Constrained Language Mode, set by a policy',
    });
    expect(decodeDocument([line({ contract: 2 }), line({ q: 'computerName', value: 'TILL' })].join('\n'))).toEqual({
      document: { facts: { computerName: 'TILL' }, failed: {} },
      stopped: 'PowerShell stopped before it had answered everything',
    });
    // A line cut short or not of the contract is skipped, the others kept.
    expect(
      decodeDocument(`${whole({ q: 'uiLanguage', value: 'en-US' })}\n${ANSWER_MARKER}{"q":"comp`).document.facts,
    ).toEqual({ uiLanguage: 'en-US' });
  });

  it('each answer on its own: a failed query, a missing answer, a malformed one, a good one; the fallback for what the script did not give', () => {
    const outcome = decodeDocument(
      whole(
        { q: 'computerName', value: 'TILL' },
        { q: 'productType', value: 'one' },
        { q: 'systemDrive', value: 'C:' },
        { q: 'shares', failed: { type: 'System.UnauthorizedAccessException', message: 'Access is denied.\r\nmore' } },
      ),
    );
    expect(answerFrom(host(false), outcome, 'computerName')).toEqual({ ok: true, value: 'TILL' });
    expect(answerFrom(host(false), outcome, 'shares')).toEqual({ ok: false, reason: REASON.needsAdmin });
    expect(answerFrom(host(true), outcome, 'shares')).toEqual({ ok: false, reason: 'shares: Access is denied.' });
    expect(answerFrom(host(false), outcome, 'uiLanguage')).toEqual({
      ok: false,
      reason: 'PowerShell gave no answer for uiLanguage',
    });
    expect(answerFrom(host(false), outcome, 'productType')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^PowerShell's answer for productType has an unexpected form: .+/),
    });
    const none: ScriptOutcome = {
      document: { facts: {}, failed: {} },
      stopped: 'PowerShell: not found',
      fallback: { facts: { computerName: 'TILL', productType: 'x' }, reasons: { shares: 'net share: exit code 2' } },
    };
    expect(answerFrom(host(false), none, 'computerName')).toEqual({ ok: true, value: 'TILL' });
    expect(answerFrom(host(false), none, 'productType')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The fallback's answer for productType has an unexpected form/),
    });
    expect(answerFrom(host(false), none, 'shares')).toEqual({ ok: false, reason: 'net share: exit code 2' });
    expect(answerFrom(host(false), none, 'uiLanguage')).toEqual({ ok: false, reason: 'PowerShell: not found' });
    expect(
      answerFrom(host(false), { document: { facts: {}, failed: {} }, stopped: 'no fallback' }, 'computerName'),
    ).toEqual({ ok: false, reason: 'no fallback' });
  });

  it('failure reasons: access denied in its forms only asks for administrator when not elevated; a missing cmdlet is not supported', () => {
    const table: [boolean, string, string, string][] = [
      [false, 'System.Security.SecurityException', 'x', REASON.needsAdmin],
      [false, 'PrivilegeNotHeld', 'x', REASON.needsAdmin],
      [false, 'Other', 'ACCESS DENIED (0x80070005)', REASON.needsAdmin],
      [false, 'Other', 'Access is denied.', REASON.needsAdmin],
      [false, 'Other', 'WMI 0x80041003', REASON.needsAdmin],
      [false, 'Other', '拒绝访问。', REASON.needsAdmin],
      [true, 'UnauthorizedAccess', 'Access is denied.', 'q: Access is denied.'],
      [
        false,
        'CommandNotFoundException',
        'Get-MpComputerStatus: not found\nat line 1',
        `${REASON.notSupported} (Get-MpComputerStatus: not found)`,
      ],
      [false, 'IOException', 'disk\r\nerror', 'q: disk'],
    ];
    for (const [elevated, type, message, reason] of table)
      expect([type, message, failureReason(host(elevated), 'q', { type, message })]).toEqual([type, message, reason]);
  });
});

describe('a --record bundle of the PowerShell answer', () => {
  it('an answer that begins with a byte-order mark replays the same scan (the mark is no line of its own)', async () => {
    const bundle = windowsBundle({
      computerName: 'TILL-PC',
      winlogon: { AutoAdminLogon: '1', DefaultUserName: 'shop' },
    });
    const result = bundle.commands[0]!.result as { stdout: string };
    result.stdout = `\uFEFF${result.stdout}`;
    const recording = createRecordingHost(createReplayHost(bundle), redactSecrets);
    const live = await scanWith(recording.host);
    expect(live.machine.hostname).toBe('TILL-PC');
    const replayed = await scanWith(createReplayHost(recording.finish()));
    expect(replayed.machine.hostname).toBe('TILL-PC');
    expect(statuses(replayed)).toEqual(statuses(live));
  });
});

describe('helpers', () => {
  it('regFileTime: a QWORD number, or 8 bytes as reg.exe prints a REG_BINARY (least significant first); 0 and other text are no date', () => {
    // hex(b):704ac9ebcc6dc701, LastSuccessfulBackupTime of the published Vista export (backups' SOURCES.md).
    expect(regFileTime('704AC9EBCC6DC701')?.toISOString()).toBe('2007-03-24T04:28:49.994Z');
    expect(regFileTime(0x01c76dccebc94a70)?.toISOString()).toBe('2007-03-24T04:28:49.994Z');
    expect(regFileTime(133_485_408_000_000_000)?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    for (const none of [0, '0000000000000000', '(null)', null, Number.NaN]) expect(regFileTime(none)).toBeNull();
  });
  it('regNumber: DWORDs as numbers, REG_SZ digits as text; anything else is null', () => {
    const table: [string | number | null | undefined, number | null][] = [
      [600, 600],
      [1.5, null],
      ['900', 900],
      [' -1 ', -1],
      ['0x10', null],
      ['12a', null],
      ['', null],
      [null, null],
      [undefined, null],
    ];
    for (const [value, n] of table) expect([value, regNumber(value)]).toEqual([value, n]);
  });

  it('systemRoot: an absolute drive path without its trailing backslashes, else C:\\Windows', () => {
    expect(systemRoot(host(false, { SystemRoot: 'D:\\WINDOWS\\\\' }))).toBe('D:\\WINDOWS');
    expect(systemRoot(host(false, { SystemRoot: 'Windows' }))).toBe('C:\\Windows');
    expect(systemRoot(host(false, { SystemRoot: '\\\\server\\share' }))).toBe('C:\\Windows');
    expect(systemRoot(host(false))).toBe('C:\\Windows');
  });

  it('commandProgram: the quoted program, or up to .exe, or the first word', () => {
    const table: [string, string][] = [
      ['"C:\\Program Files\\VNC\\vncserver.exe" -password s3cret', '"C:\\Program Files\\VNC\\vncserver.exe"'],
      ['  C:\\Tools\\tv.EXE /s --pass x', 'C:\\Tools\\tv.EXE'],
      ['C:\\a b\\tool.exe -x', 'C:\\a b\\tool.exe'],
      ['rundll32 shell32.dll,Control_RunDLL', 'rundll32'],
      ['"C:\\unclosed -p x', '"C:\\unclosed -p x'],
      ['', ''],
    ];
    for (const [command, program] of table) expect([command, commandProgram(command)]).toEqual([command, program]);
  });

  it('redactWindowsDocument: secret-named values go at every depth, password facts stay, Run commands keep their program; other lines are left out', () => {
    const doc = {
      contract: 1,
      facts: {
        winlogon: { DefaultPasswordExists: true, DefaultPassword: 'hunter2' },
        localUsers: [{ name: 'a', passwordRequired: true, passwordLastSet: 'x', Secret: 's' }],
        lsa: { LimitBlankPasswordUse: 1 },
        emptyPasswordLogons: [{ sid: 'S-1', code: 1327 }],
        bitLocker: { RecoveryPassword: '123', KeyProtector: 'k', protectorCount: 2 },
        runKeys: [{ key: 'HKLM\\Run', name: 'vnc', command: '"C:\\vnc.exe" -password s3cret' }, { command: 7 }],
        note: 'my password is not a key',
      },
    };
    const redacted = redactWindowsDocument(`${ANSWER_MARKER}${JSON.stringify(doc)}`);
    expect(redacted.startsWith(ANSWER_MARKER)).toBe(true);
    expect(JSON.parse(redacted.slice(ANSWER_MARKER.length))).toEqual({
      contract: 1,
      facts: {
        winlogon: { DefaultPasswordExists: true },
        localUsers: [{ name: 'a', passwordRequired: true, passwordLastSet: 'x' }],
        lsa: { LimitBlankPasswordUse: 1 },
        emptyPasswordLogons: [{ sid: 'S-1', code: 1327 }],
        bitLocker: {},
        runKeys: [{ key: 'HKLM\\Run', name: 'vnc', command: '"C:\\vnc.exe"' }, { command: 7 }],
        note: 'my password is not a key',
      },
    });
    // Lines that are not the script's, and a line cut short, are left out of a bundle.
    expect(redactWindowsDocument('not json {')).toBe("(a line not printed by shop-audit's script, left out)");
    expect(redactWindowsDocument(`${ANSWER_MARKER}{"q":"x`)).toBe('(a line cut short, left out)');
  });
});

describe('answers.ts: edges found by mutation testing (handwritten outcomes in the contract)', () => {
  const ADMIN = 'S-1-5-21-1-2-3-500';
  const SHOP = 'S-1-5-21-9-9-9-1001';
  const AUTORUN_OFF = { NoDriveTypeAutoRun: 255, NoAutorun: null };
  const FAILED = { type: 'System.Management.Automation.RuntimeException', message: 'the query failed\r\nat line 3' };
  /** A per-user answer (AutoRun off) read by the script, or failed there and read by reg.exe (the fallback). */
  const outcome = (consoleUser: unknown, readBy: 'script' | 'fallback', consoleFailed = false): ScriptOutcome => ({
    document: {
      facts: {
        ...(consoleUser === undefined ? {} : { consoleUser }),
        ...(readBy === 'script' ? { autorunUser: AUTORUN_OFF } : {}),
      },
      failed: {
        ...(readBy === 'fallback' ? { autorunUser: FAILED } : {}),
        ...(consoleFailed ? { consoleUser: FAILED } : {}),
      },
    },
    stopped: null,
    ...(readBy === 'fallback' ? { fallback: { facts: { autorunUser: AUTORUN_OFF }, reasons: {} } } : {}),
  });
  const READ = { ok: true, value: AUTORUN_OFF };

  it("a per-user answer of an elevated scan is the shop's only when the person at the screen is known (and, read by reg.exe, is the scanning account)", () => {
    const cases: [string, boolean, ScriptOutcome, unknown][] = [
      ['not elevated: its own settings are the person at the screen', false, outcome(undefined, 'fallback'), READ],
      [
        'the script failed to tell who is at the screen',
        true,
        outcome(undefined, 'script', true),
        {
          ok: false,
          reason:
            'whose settings these are is not known (consoleUser: the query failed): run shop-audit as the person ' +
            'who uses this PC',
        },
      ],
      [
        'its answer on who is at the screen is malformed',
        true,
        outcome({ scanSid: ADMIN }, 'script'),
        { ok: false, reason: 'whose settings these are is not known: run shop-audit as the person who uses this PC' },
      ],
      [
        'nobody at the screen',
        true,
        outcome({ scanSid: ADMIN, consoleSid: null }, 'script'),
        { ok: false, reason: expect.stringMatching(/^nobody is signed in at the screen, and this elevated scan/) },
      ],
      [
        "reg.exe read the technician's own hive",
        true,
        outcome({ scanSid: ADMIN, consoleSid: SHOP }, 'fallback'),
        { ok: false, reason: expect.stringMatching(/^Windows' own tools read the scanning account's settings/) },
      ],
      [
        'reg.exe read the hive of the person at the screen',
        true,
        outcome({ scanSid: SHOP, consoleSid: SHOP }, 'fallback'),
        READ,
      ],
      ["the script read the person's HKU\\<SID>", true, outcome({ scanSid: ADMIN, consoleSid: SHOP }, 'script'), READ],
      // Without the script's word on who is at the screen, the fallback's own hive check has decided (fallback.ts).
      ['reg.exe, the script silent on who is at the screen', true, outcome(undefined, 'fallback'), READ],
    ];
    for (const [what, elevated, o, answer] of cases)
      expect([what, answerFrom(host(elevated), o, 'autorunUser')]).toEqual([what, answer]);
    // A machine-wide answer is read whoever sits at the screen.
    const machine: ScriptOutcome = {
      document: { facts: { consoleUser: { scanSid: ADMIN, consoleSid: null }, computerName: 'TILL' }, failed: {} },
      stopped: null,
    };
    expect(answerFrom(host(true), machine, 'computerName')).toEqual({ ok: true, value: 'TILL' });
  });

  it('a failed query the fallback did not read again keeps its own reason; one it did is decoded', () => {
    const o: ScriptOutcome = {
      document: { facts: {}, failed: { computerName: FAILED, uiLanguage: FAILED } },
      stopped: null,
      fallback: { facts: { computerName: 'TILL' }, reasons: { uiLanguage: 'reg.exe: not found' } },
    };
    expect(answerFrom(host(true), o, 'computerName')).toEqual({ ok: true, value: 'TILL' });
    expect(answerFrom(host(true), o, 'uiLanguage')).toEqual({ ok: false, reason: 'uiLanguage: the query failed' });
  });

  it('answerPath and scriptPath: which path gave the answers', () => {
    const whole: ScriptOutcome = { document: { facts: { computerName: 'A' }, failed: {} }, stopped: null };
    expect(answerPath(whole, ['computerName', 'uiLanguage'])).toBe('powershell');
    expect(scriptPath(whole)).toBe('powershell');
    const refetched: ScriptOutcome = {
      document: { facts: { computerName: 'A' }, failed: { uiLanguage: FAILED } },
      stopped: null,
      fallback: { facts: { uiLanguage: 'en-US' }, reasons: {} },
    };
    expect(answerPath(refetched, ['computerName'])).toBe('powershell');
    expect(answerPath(refetched, ['uiLanguage'])).toBe('fallback');
    expect(answerPath(refetched, ['computerName', 'uiLanguage'])).toBe('mixed');
    expect(scriptPath(refetched)).toBe('mixed');
    const stopped: ScriptOutcome = {
      document: { facts: { computerName: 'A' }, failed: { shares: FAILED } },
      stopped: 'PowerShell stopped before it had answered everything',
      fallback: { facts: {}, reasons: { uiLanguage: 'reg.exe: not found' } },
    };
    expect(answerPath(stopped, ['computerName', 'shares'])).toBe('powershell');
    expect(answerPath(stopped, ['uiLanguage'])).toBe('fallback');
    expect(answerPath(stopped, ['shares', 'uiLanguage'])).toBe('mixed');
    expect(scriptPath(stopped)).toBe('mixed');
    expect(scriptPath({ ...stopped, document: { facts: {}, failed: { shares: FAILED } } })).toBe('mixed');
    expect(scriptPath({ ...stopped, document: { facts: {}, failed: {} } })).toBe('fallback');
  });

  /** A Windows PC whose PowerShell run ended as `result` (no tool of the fallback answers). */
  const pcWhere = (result: ExecResult) => {
    const bundle = windowsBundle({});
    bundle.commands[0]!.result = result;
    return createReplayHost(bundle);
  };
  const exited = (stdout: string, stderr = ''): ExecResult => ({ status: 'exited', exitCode: 0, stdout, stderr });

  it('runWindowsScript: why a run is not whole (its first error line, a timeout with or without answers, no PowerShell)', async () => {
    const stoppedBy = async (result: ExecResult) =>
      (await runWindowsScript(pcWhere(result), { ...DEFAULT_COLLECT_OPTIONS, windowsTimeoutMs: 90_000 })).stopped;
    const half = scriptOutput({ computerName: 'TILL' }, {}, false);
    expect(await stoppedBy(exited(half, '  Out of memory.\r\nat line 9\r\n'))).toBe(
      'PowerShell stopped before it had answered everything: Out of memory.',
    );
    expect(await stoppedBy(exited(half, ' \r\n'))).toBe('PowerShell stopped before it had answered everything');
    expect(await stoppedBy(exited(scriptOutput({ computerName: 'TILL' }), 'a warning\r\n'))).toBeNull();
    expect(await stoppedBy({ status: 'timeout', stdout: half })).toBe(
      'PowerShell did not finish within 90 s and was stopped',
    );
    expect(await stoppedBy({ status: 'timeout' })).toBe('PowerShell did not answer within 90 s and was stopped');
    expect(await stoppedBy({ status: 'missing' })).toBe('PowerShell: not found');
  });

  it('runWindowsScript: a run that timed out keeps what it answered; the fallback reads the failed and the missing ones', async () => {
    const stdout = scriptOutput({ computerName: 'TILL' }, { uiLanguage: FAILED }, false);
    const o = await runWindowsScript(pcWhere({ status: 'timeout', stdout }), DEFAULT_COLLECT_OPTIONS);
    expect(o.document.facts).toEqual({ computerName: 'TILL' });
    expect(Object.keys(o.fallback!.reasons)).toContain('uiLanguage');
    expect(Object.keys(o.fallback!.reasons)).toContain('shares');
    expect(Object.keys(o.fallback!.reasons)).not.toContain('computerName');
    // A whole run with a failed query: only that one is read again.
    const whole = await runWindowsScript(
      pcWhere(exited(scriptOutput({ computerName: 'TILL' }, { uiLanguage: FAILED }))),
      DEFAULT_COLLECT_OPTIONS,
    );
    expect(Object.keys({ ...whole.fallback!.facts, ...whole.fallback!.reasons })).toEqual(['uiLanguage']);
    const clean = await runWindowsScript(
      pcWhere(exited(scriptOutput({ computerName: 'TILL' }))),
      DEFAULT_COLLECT_OPTIONS,
    );
    expect(clean.fallback).toBeUndefined();
  });

  it('runWindowsScript: one run per host, refused with another --deep; progress names each query read', async () => {
    const h = pcWhere(exited(scriptOutput({ computerName: 'TILL', uiLanguage: 'en-US' })));
    const seen: Progress[] = [];
    const first = runWindowsScript(h, { ...DEFAULT_COLLECT_OPTIONS, onProgress: (p) => seen.push(p) });
    expect(runWindowsScript(h, DEFAULT_COLLECT_OPTIONS)).toBe(first);
    expect(() => runWindowsScript(h, { ...DEFAULT_COLLECT_OPTIONS, deep: !DEFAULT_COLLECT_OPTIONS.deep })).toThrow(
      /another --deep setting/,
    );
    await first;
    const at = (q: string) => SCRIPT_QUERIES.indexOf(q) + 1;
    expect(seen).toEqual([
      { done: 0, total: SCRIPT_QUERIES.length, current: SCRIPT_QUERIES[0] },
      { done: at('computerName'), total: SCRIPT_QUERIES.length, current: SCRIPT_QUERIES[at('computerName')] },
      { done: at('uiLanguage'), total: SCRIPT_QUERIES.length, current: SCRIPT_QUERIES[at('uiLanguage')] },
      { done: SCRIPT_QUERIES.length, total: SCRIPT_QUERIES.length, current: null },
    ]);
  });
});

describe('document.ts: edges found by mutation testing', () => {
  const line = (value: unknown) => `${ANSWER_MARKER}${JSON.stringify(value)}`;

  it('decodeDocument: a marked line that is JSON but no answer of the contract is passed over', () => {
    const text = [line({ contract: 2 }), line([1, 2]), line({ q: 7 }), line({ q: 'uiLanguage', value: 'zh-CN' })];
    expect(decodeDocument([...text, line({ done: true })].join('\n'))).toEqual({
      document: { facts: { uiLanguage: 'zh-CN' }, failed: {} },
      stopped: null,
    });
    // Text before the marker on a line (a profile printing without a newline) is not the script's answer.
    expect(decodeDocument(`x${line({ contract: 2 })}\n${line({ done: true })}`).stopped).toBe(
      "PowerShell printed no answer of shop-audit's script",
    );
  });

  it('regNumber and regFileTime: text with a number inside is none; a 17-digit binary and a time before 1970 are no date', () => {
    for (const text of ['x12', '12 x', '1 2']) expect([text, regNumber(text)]).toEqual([text, null]);
    expect(regFileTime('0704AC9EBCC6DC701')).toBeNull();
    expect(regFileTime('704AC9EBCC6DC70')).toBeNull();
    // 1 tick after 1601-01-01 and the Unix epoch itself (116444736000000000) are no real backup time.
    expect(regFileTime(1)).toBeNull();
    expect(regFileTime(116_444_736_000_000_000)).toBeNull();
    expect(regFileTime(116_444_736_000_010_000)?.toISOString()).toBe('1970-01-01T00:00:00.001Z');
  });

  it('commandProgram: ".exe" must end a word; redactWindowsDocument hashes the machine GUID and keeps blank lines', () => {
    expect(commandProgram('C:\\Tools\\a.exefile -p x')).toBe('C:\\Tools\\a.exefile');
    expect(commandProgram('C:\\Tools\\a.exefile\\b.exe -p x')).toBe('C:\\Tools\\a.exefile\\b.exe');
    const guid = '8f1b5a30-2c44-4f7d-9d1e-0c3b2a6e7f19';
    const redacted = redactWindowsDocument(
      `${line({ q: 'machineGuid', value: { MachineGuid: guid } })}\r\n\r\n${line({ q: 'x', value: { MachineGuid: 7 } })}`,
    ).split('\n');
    expect(redacted).toHaveLength(3);
    expect(JSON.parse(redacted[0]!.slice(ANSWER_MARKER.length))).toEqual({
      q: 'machineGuid',
      value: { MachineGuid: `hashed:${hashMachineId(guid)}` },
    });
    expect(redacted[0]).not.toContain(guid);
    expect(redacted[1]).toBe('\r');
    expect(JSON.parse(redacted[2]!.slice(ANSWER_MARKER.length))).toEqual({ q: 'x', value: { MachineGuid: 7 } });
  });

  it('runWindowsScript: progress read from output that arrives in pieces cut inside lines', async () => {
    const stdout = scriptOutput({ computerName: 'TILL', uiLanguage: 'en-US' });
    const bundle = windowsBundle({});
    bundle.commands[0]!.result = { status: 'exited', exitCode: 0, stdout, stderr: '' };
    const replay = createReplayHost(bundle);
    const pieces: Host = {
      ...replay,
      exec: async (command, args, options) => {
        const r = await replay.exec(command, args, { ...options, onStdout: undefined });
        for (let i = 0; i < stdout.length; i += 7) options?.onStdout?.(stdout.slice(i, i + 7));
        return r;
      },
    };
    const seen: (string | null)[] = [];
    await runWindowsScript(pieces, { ...DEFAULT_COLLECT_OPTIONS, onProgress: (p) => seen.push(p.current) });
    const next = (q: string) => SCRIPT_QUERIES[SCRIPT_QUERIES.indexOf(q) + 1];
    expect(seen).toEqual([SCRIPT_QUERIES[0], next('computerName'), next('uiLanguage'), null]);
  });
});

describe('answers.ts and the answer schemas: more edges found by mutation testing', () => {
  const SHOP = 'S-1-5-21-9-9-9-1001';
  const FAILED = { type: 'System.Management.Automation.RuntimeException', message: 'the query failed\nat line 3' };
  const RUN_HINT = 'run shop-audit as the person who uses this PC';

  it('per-user answers: not elevated, its own settings count whoever the script says is at the screen; the full reasons', () => {
    const nobody: ScriptOutcome = {
      document: { facts: { consoleUser: { scanSid: SHOP, consoleSid: null }, autorunUser: null }, failed: {} },
      stopped: null,
    };
    expect(answerFrom(host(false), nobody, 'autorunUser')).toEqual({ ok: true, value: null });
    expect(answerFrom(host(true), nobody, 'autorunUser')).toEqual({
      ok: false,
      reason: `nobody is signed in at the screen, and this elevated scan would read its own account's settings: ${RUN_HINT}`,
    });
    const byTools: ScriptOutcome = {
      document: {
        facts: { consoleUser: { scanSid: 'S-1-5-18', consoleSid: SHOP } },
        failed: { autorunUser: FAILED },
      },
      stopped: null,
      fallback: { facts: { autorunUser: null }, reasons: {} },
    };
    expect(answerFrom(host(true), byTools, 'autorunUser')).toEqual({
      ok: false,
      reason: `Windows' own tools read the scanning account's settings, not those of the person at the screen: ${RUN_HINT}`,
    });
    // The script failed to say who is at the screen, and reg.exe read the answer again: not known whose it is.
    const whoFailed: ScriptOutcome = {
      ...byTools,
      document: { facts: {}, failed: { consoleUser: FAILED, autorunUser: FAILED } },
    };
    expect(answerFrom(host(true), whoFailed, 'autorunUser')).toEqual({
      ok: false,
      reason: `whose settings these are is not known (consoleUser: the query failed): ${RUN_HINT}`,
    });
  });

  it("a failed query the fallback answered in an unexpected form says it was the fallback's answer", () => {
    const o: ScriptOutcome = {
      document: { facts: {}, failed: { productType: FAILED } },
      stopped: null,
      fallback: { facts: { productType: 'WinNT' }, reasons: {} },
    };
    expect(answerFrom(host(true), o, 'productType')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The fallback's answer for productType has an unexpected form: .+/),
    });
    expect(failureReason(host(true), 'q', { type: 'IOException', message: 'disk\nerror' })).toBe('q: disk');
  });

  it('the schemas: one product PowerShell gave as an object is a list of one with its defaults; power settings and autostart items keep their fields', () => {
    const o: ScriptOutcome = {
      document: {
        facts: {
          antivirusProducts: { displayName: 'Bitdefender Antivirus', productState: 266240 },
          firewallProducts: null,
          wakeSignIn: {
            activeScheme: '381b4222-f694-41f0-9685-ff5bb260df2e',
            scheme: { ACSettingIndex: 1, DCSettingIndex: 1 },
            default: null,
            policy: null,
            sleep: { scheme: { ACSettingIndex: 1800, DCSettingIndex: 900 }, default: null, policy: null },
          },
          runKeys: { key: 'HKCU\\Run', name: 'vnc', command: '"C:\\vnc.exe"' },
        },
        failed: {},
      },
      stopped: null,
    };
    expect(answerFrom(host(false), o, 'antivirusProducts')).toEqual({
      ok: true,
      value: [{ displayName: 'Bitdefender Antivirus', productState: 266240, exe: null, exeExists: null }],
    });
    expect(answerFrom(host(false), o, 'firewallProducts')).toEqual({ ok: true, value: [] });
    const wake = answerFrom(host(false), o, 'wakeSignIn');
    expect(wake.ok && wake.value.sleep).toEqual({
      scheme: { ACSettingIndex: 1800, DCSettingIndex: 900 },
      default: null,
      policy: null,
    });
    expect(wake.ok && wake.value.display).toBeNull();
    expect(answerFrom(host(false), o, 'runKeys')).toEqual({
      ok: true,
      value: [{ key: 'HKCU\\Run', name: 'vnc', command: '"C:\\vnc.exe"', publisher: null }],
    });
  });

  it('windowsAnswers gives each answer and which path read them; the script runs without a PowerShell 7 module path', async () => {
    const bundle = windowsBundle({ computerName: 'TILL' });
    const replay = createReplayHost(bundle);
    const envs: unknown[] = [];
    const h: Host = {
      ...replay,
      exec: (command, args, options) => {
        envs.push(options?.env);
        return replay.exec(command, args, options);
      },
    };
    expect(await windowsAnswers(h, ['computerName'], undefined)).toEqual({
      computerName: { ok: true, value: 'TILL' },
      readWith: 'powershell',
    });
    expect(envs).toEqual([{ PSModulePath: null }]);
  });

  it("runWindowsScript: the first line of PowerShell's error when lines end in LF only; the fallback is told why it reads a failed query", async () => {
    const bundle = windowsBundle({});
    bundle.commands[0]!.result = {
      status: 'exited',
      exitCode: 1,
      stdout: scriptOutput({ computerName: 'TILL' }, { uiLanguage: FAILED }, false),
      stderr: 'Out of memory.\nat line 9\n',
    };
    const o = await runWindowsScript(createReplayHost(bundle), DEFAULT_COLLECT_OPTIONS);
    expect(o.stopped).toBe('PowerShell stopped before it had answered everything: Out of memory.');
    const whole = windowsBundle({});
    whole.commands[0]!.result = {
      status: 'exited',
      exitCode: 0,
      stdout: scriptOutput({ computerName: 'TILL' }, { antivirusProducts: FAILED }),
      stderr: '',
    };
    // Security Center has no tool of its own: the reason says why the fallback was asked.
    const refetched = await runWindowsScript(createReplayHost(whole), DEFAULT_COLLECT_OPTIONS);
    expect(refetched.fallback?.reasons.antivirusProducts).toContain('(its PowerShell query failed)');
  });

  it('regFileTime: a QWORD of 16 decimal digits is a number, not 8 bytes of text', () => {
    expect(regFileTime(1_000_000_000_000_000)).toBeNull();
  });

  it('expandVariables: every %NAME% the lookup knows, the first one it does not left as written and named', () => {
    const vars: Record<string, string> = { USERPROFILE: 'C:\\Users\\王', EMPTY: '' };
    const lookup = (name: string) => vars[name.toUpperCase()];
    expect(expandVariables('%UserProfile%\\桌面', lookup)).toEqual({ text: 'C:\\Users\\王\\桌面', unknown: null });
    expect(expandVariables('%OneDrive%\\%X%\\%USERPROFILE%', lookup)).toEqual({
      text: '%OneDrive%\\%X%\\C:\\Users\\王',
      unknown: '%OneDrive%',
    });
    // An empty value would make another path: it is not known.
    expect(expandVariables('%EMPTY%\\a', lookup).unknown).toBe('%EMPTY%');
    expect(expandVariables('100% sure', lookup)).toEqual({ text: '100% sure', unknown: null });
  });
});
