import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Host } from '../../src/host/types.js';
import { answerHint, t } from '../../src/i18n/index.js';
import { LOCKOUT_MARGIN } from '../../src/probes/common-passwords.js';
import { loginPassword } from '../../src/probes/login_password/index.js';
import { runWindowsScript } from '../../src/probes/windows/answers.js';
import { decodeDocument, redactWindowsDocument } from '../../src/probes/windows/document.js';
import { RENDERERS } from '../../src/report/index.js';
import { runCli, runMain } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';
import { expectHonest } from '../helpers/honesty.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { parseFormatList, sample, scriptOutput, windowsBundle, windowsHost } from '../helpers/windows-samples.js';

// --deep on Windows: the script tries LogonUser with an empty password for each enabled local
// account and answers the Win32 error code. The account comes from the real sample
// get-localuser-format-list__en-new-localuser-passwordrequired-false.txt (Test1, PasswordRequired
// False, which alone says nothing); the codes are the documented ones of winerror.h: 1326
// ERROR_LOGON_FAILURE, 1327 ERROR_ACCOUNT_RESTRICTION, 1909 ERROR_ACCOUNT_LOCKED_OUT.

const [u] = parseFormatList(sample('get-localuser-format-list__en-new-localuser-passwordrequired-false.txt'));
const test1 = {
  name: u!.Name!,
  sid: u!.SID!,
  enabled: u!.Enabled === 'True',
  passwordRequired: u!.PasswordRequired === 'True',
  passwordLastSet: null,
};
const disabledGuest = {
  name: 'Guest',
  sid: 'S-1-5-21-2902974129-3397675831-214796114-501',
  enabled: false,
  passwordRequired: false,
  passwordLastSet: null,
};
const localUsers = [test1, disabledGuest];
const deepAnswer = (code: number) => ({ localUsers, emptyPasswordLogons: [{ sid: test1.sid, code }] });

const collectDeep = async (host: Host) => {
  const out = await loginPassword.collect.windows(host, { deep: true });
  loginPassword.facts.parse(out.facts);
  return out;
};

describe('--deep on Windows: LogonUser with an empty password', () => {
  it.each([
    [0, 'empty', 'fail', 'logged on with an empty password (blank logons allowed over the network)'],
    [
      1327,
      'empty',
      'fail',
      'ERROR_ACCOUNT_RESTRICTION: blank password, restricted to the console by LimitBlankPasswordUse',
    ],
    [1326, 'set', 'pass', 'ERROR_LOGON_FAILURE: the empty password is wrong, so the account has one'],
  ] as const)(
    'code %i gives password %s and login.no-empty-password %s (%s)',
    async (code, password, status, _meaning) => {
      const out = await collectDeep(windowsHost(deepAnswer(code)));
      expect(out.facts.accounts).toEqual([
        { name: 'Test1', builtin: 'none', password },
        { name: 'Guest', builtin: 'guest', password: 'locked' },
      ]);
      expect(out.unknown['accounts[Test1].password']).toBeUndefined();
      expect(statuses(await scanWith(windowsHost(deepAnswer(code)), { deep: true }))['login.no-empty-password']).toBe(
        status,
      );
    },
  );

  it('any other code (1909 locked out) tells nothing: unknown with the code, never pass or fail', async () => {
    const out = await collectDeep(windowsHost(deepAnswer(1909)));
    expect(out.facts.accounts?.[0]).toEqual({ name: 'Test1', builtin: 'none', password: null });
    expect(out.unknown['accounts[Test1].password']).toMatch(/Windows error 1909/);
    expect(statuses(await scanWith(windowsHost(deepAnswer(1909)), { deep: true }))['login.no-empty-password']).toBe(
      'unknown',
    );
  });

  it('the logon tries failed as a whole (Constrained Language Mode refuses Reflection.Emit): unknown with the reason', async () => {
    const failed = {
      emptyPasswordLogons: {
        type: 'System.Management.Automation.PSInvalidOperationException',
        message: 'Cannot create type. Only core types are supported in this language mode.',
      },
    };
    const host = windowsHost({ localUsers, emptyPasswordLogons: null }, { failed });
    const out = await collectDeep(host);
    expect(out.facts.accounts?.[0]?.password).toBeNull();
    expect(out.unknown['accounts[Test1].password']).toMatch(/--deep\) failed: emptyPasswordLogons: Cannot create type/);
    expectHonest({ facts: { accounts: out.facts.accounts }, unknown: out.unknown }, { accounts: 'name' });
  });

  it('not tried because the lockout margin would not hold (code null): unknown, saying why, never pass', async () => {
    const host = windowsHost({ localUsers, emptyPasswordLogons: [{ sid: test1.sid, code: null }] });
    const out = await collectDeep(host);
    expect(out.facts.accounts?.[0]?.password).toBeNull();
    expect(out.unknown['accounts[Test1].password']).toMatch(/not tried.*lockout/);
    const report = await scanWith(windowsHost({ localUsers, emptyPasswordLogons: [{ sid: test1.sid, code: null }] }), {
      deep: true,
    });
    expect(statuses(report)['login.no-empty-password']).toBe('unknown');
  });

  it('an enabled account the tries left out stays unknown; a disabled one is locked whatever the answer', async () => {
    const out = await collectDeep(windowsHost({ localUsers, emptyPasswordLogons: [] }));
    expect(out.facts.accounts?.map((a) => a.password)).toEqual([null, 'locked']);
    expect(out.unknown['accounts[Test1].password']).toMatch(/did not include this account/);
  });

  it('without --deep an answer in the document is not used, and the report says how to confirm blank passwords', async () => {
    const host = windowsHost(deepAnswer(1327));
    const out = await loginPassword.collect.windows(host);
    expect(out.facts.accounts?.[0]?.password).toBeNull();
    expect(out.unknown['accounts[Test1].password']).toMatch(
      /run shop-audit scan --deep to try it .*failed logon.*or confirm it by hand/,
    );
    const report = await scanWith(windowsHost(deepAnswer(1327)));
    const result = report.results.find((r) => r.id === 'login.no-empty-password')!;
    expect(result.status).toBe('unknown');
    // Even on an elevated scan the way to an answer is --deep, not more rights; in both languages.
    expect(answerHint('en', result.reasons, true)).toBe(t('en', 'hintDeep'));
    expect(answerHint('zh-CN', result.reasons, false)).toBe(t('zh-CN', 'hintDeep'));
    expect(t('zh-CN', 'hintDeep')).toContain('shop-audit scan --deep');
    expect(RENDERERS.text(report, { color: false })).toContain(
      'run shop-audit scan --deep to try it (an empty password once per account',
    );
    expect(RENDERERS.html(report)).toContain('run shop-audit scan --deep to find empty and common passwords');
  });

  it('a --record bundle keeps the answers (codes and SIDs are no secret): they replay the same', () => {
    const kept = decodeDocument(redactWindowsDocument(scriptOutput(deepAnswer(1327))));
    expect(kept.document.facts.emptyPasswordLogons).toEqual([{ sid: test1.sid, code: 1327 }]);
  });

  it('the scan starts one PowerShell whose script sets $Deep, however many probes ask', async () => {
    for (const deep of [false, true]) {
      const inner = windowsHost(deepAnswer(1326));
      const inputs: string[] = [];
      const host: Host = {
        ...inner,
        exec: async (command, args, options) => {
          inputs.push(options?.input ?? '');
          return inner.exec(command, args, options);
        },
      };
      await scanWith(host, { deep });
      expect(inputs).toHaveLength(1);
      expect(inputs[0]!.startsWith(`\n$Deep = $${deep}\n`)).toBe(true);
    }
  });

  it('one host, one --deep setting: asking the same run with the other one is refused, not answered wrongly', async () => {
    const host = windowsHost(deepAnswer(1326));
    await runWindowsScript(host, { deep: false });
    expect(() => runWindowsScript(host, { deep: true })).toThrow(/another --deep setting/);
  });

  it('CLI: --deep is documented in --help (event 4625, lockout, what it does on Linux and macOS) and accepted', async () => {
    const help = await runMain(['scan', '--help']);
    expect(help.code).toBe(0);
    for (const text of [
      '--deep',
      'EMPTY password',
      'event 4625',
      'lockout',
      'On Linux --deep changes nothing',
      `leave ${LOCKOUT_MARGIN} more before a`,
      "dscl's standard input",
    ])
      expect(help.stdout).toContain(text);
    const dir = await makeRoot({});
    const bundle = path.join(dir, 'pc.bundle.json');
    writeFileSync(bundle, JSON.stringify(windowsBundle(deepAnswer(1327))));
    const run = await runMain([
      'scan',
      '--replay',
      bundle,
      '--deep',
      '--only',
      'login.no-empty-password',
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).results).toMatchObject([
      {
        id: 'login.no-empty-password',
        status: 'fail',
        evidence: {
          accounts: [
            { name: 'Test1', password: 'empty' },
            { name: 'Guest', password: 'locked' },
          ],
        },
      },
    ]);
    expect(run.code).toBe(1);
    // This Linux PC: accepted, and nothing about Windows logons happens.
    const linux = runCli(['scan', '--deep', '--only', 'login.*', '--format', 'json']);
    expect([0, 1]).toContain(linux.code);
    expect(JSON.parse(linux.stdout).machine.os).toBe('linux');
  });
});
