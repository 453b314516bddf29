import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  pamArgs,
  type PamResult,
  type PamStackLine,
  parsePamStackFile,
  runPamStack,
} from '../../../src/probes/linux/pam.js';
import {
  faillockLockout,
  mergeSettings,
  pamUnixRemember,
  pamUnixShortest,
  parseNameValueConf,
  parseNetAccounts,
  pwhistoryRemember,
  pwqualityShortest,
  tallyLockout,
} from '../../../src/probes/password_policy/parse.js';
import { REPO } from '../../helpers/host.js';
import { sample } from '../../helpers/windows-samples.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'password_policy', name), 'utf8');
/** The module lines of a PAM file (no includes). */
const pamLines = (text: string) => parsePamStackFile(text).filter((l): l is PamStackLine => !('include' in l));
const lines = (text: string) => text.split(/\r?\n/);

describe('parseNetAccounts (by position, not by label)', () => {
  it('net-accounts__en-default-workstation-never-lockout.txt: min length 6, max age 42, history None, lockout Never, duration 30', () => {
    expect(parseNetAccounts(lines(sample('net-accounts__en-default-workstation-never-lockout.txt')))).toEqual({
      minLength: 6,
      maxAgeDays: 42,
      historyLength: 0,
      lockoutThreshold: 0,
      lockoutMinutes: 30,
    });
  });

  it('net-accounts__zh-CN-default-minlen-0.txt: min length 0, max age 42, history None, lockout 从不', () => {
    expect(parseNetAccounts(lines(sample('net-accounts__zh-CN-default-minlen-0.txt')))).toEqual({
      minLength: 0,
      maxAgeDays: 42,
      historyLength: 0,
      lockoutThreshold: 0,
      lockoutMinutes: 30,
    });
  });

  it('the Chinese sample read in the wrong code page (UTF-8 bytes decoded as GBK) still gives the same numbers', () => {
    const garbled = new TextDecoder('gbk').decode(
      Buffer.from(sample('net-accounts__zh-CN-default-minlen-0.txt'), 'utf8'),
    );
    expect(garbled).not.toContain('锁定阈值');
    expect(parseNetAccounts(lines(garbled))).toEqual({
      minLength: 0,
      maxAgeDays: 42,
      historyLength: 0,
      lockoutThreshold: 0,
      lockoutMinutes: 30,
    });
  });

  it('numbers where the samples have words: a lockout threshold, a history, an expiry (values edited into the English sample)', () => {
    const edited = sample('net-accounts__en-default-workstation-never-lockout.txt')
      .replace(/(Lockout threshold:\s+)Never/, '$15')
      .replace(/(history maintained:\s+)None/, '$124')
      .replace(/(Maximum password age \(days\):\s+)42/, '$1Unlimited')
      .replace(/(Lockout duration \(minutes\):\s+)30/, '$1Never');
    expect(parseNetAccounts(lines(edited))).toEqual({
      minLength: 6,
      maxAgeDays: 0,
      historyLength: 24,
      lockoutThreshold: 5,
      lockoutMinutes: null,
    });
  });

  it('anything else is not read as a policy: an error message, a cut-off output, a missing value', () => {
    expect(parseNetAccounts(['System error 5 has occurred.', '', 'Access is denied.'])).toBeNull();
    expect(
      parseNetAccounts(lines(sample('net-accounts__en-default-workstation-never-lockout.txt')).slice(0, 5)),
    ).toBeNull();
    const noThreshold = sample('net-accounts__en-default-workstation-never-lockout.txt').replace(
      /(Lockout threshold:)\s+Never/,
      '$1',
    );
    expect(parseNetAccounts(lines(noThreshold))).toBeNull();
    const noLength = sample('net-accounts__zh-CN-default-minlen-0.txt').replace(/(密码长度最小值:)\s+0/, '$1');
    expect(parseNetAccounts(lines(noLength))).toBeNull();
  });
});

describe('PAM and its config files', () => {
  it('common-password__this-debian12-pam-auth-update-with-pwquality.txt: the pwquality and pam_unix lines, comments and brackets handled', () => {
    const password = pamLines(fixture('common-password__this-debian12-pam-auth-update-with-pwquality.txt'));
    expect(password.map((l) => [l.type, l.module, l.args.join(' ')])).toEqual([
      ['password', 'pam_pwquality.so', 'retry=3'],
      ['password', 'pam_unix.so', 'obscure use_authtok try_first_pass yescrypt'],
      ['password', 'pam_deny.so', ''],
      ['password', 'pam_permit.so', ''],
    ]);
    expect(pamUnixShortest(password[1]!)).toBe(6);
    expect(pamUnixRemember(password[1]!)).toBe(0);
  });

  it('pwquality.conf__this-debian12-libpam-pwquality-1.4.5-default.conf: everything commented, so the defaults: minlen 8', () => {
    const conf = parseNameValueConf(fixture('pwquality.conf__this-debian12-libpam-pwquality-1.4.5-default.conf'));
    expect([...conf]).toEqual([]);
    expect(pwqualityShortest(conf)).toBe(8);
  });

  it('pwquality: minlen below 6 counts as 6, credits shorten the password, negative credits do not', () => {
    expect(pwqualityShortest(parseNameValueConf('minlen = 4\n'))).toBe(6);
    expect(pwqualityShortest(parseNameValueConf('minlen=12\ndcredit = 1\nucredit=1\nlcredit = -1\n'))).toBe(10);
    const line = pamLines('password requisite pam_pwquality.so retry=3 minlen=14\n')[0]!;
    expect(pwqualityShortest(mergeSettings(parseNameValueConf('minlen = 10\n'), pamArgs(line)))).toBe(14);
  });

  it('pam.d-login__documented-format-pam_faillock-8-second-example.txt with faillock.conf: the manual page example locks after 4 for 20 minutes', () => {
    const auth = pamLines(fixture('pam.d-login__documented-format-pam_faillock-8-second-example.txt')).filter(
      (l) => l.type === 'auth' && l.module === 'pam_faillock.so',
    );
    expect(auth.map((l) => l.args)).toEqual([['preauth'], ['authfail']]);
    const conf = parseNameValueConf(fixture('faillock.conf__documented-format-pam_faillock-8-example.conf'));
    expect(conf.get('silent')).toBe('');
    expect(faillockLockout(conf, auth[0]!)).toEqual({ deny: 4, unlockSeconds: 1200 });
    // faillock.conf__this-debian12-…: every line commented, so pam_faillock's own defaults.
    const debian = parseNameValueConf(fixture('faillock.conf__this-debian12-libpam-modules-1.5.2-default.conf'));
    expect(faillockLockout(debian, auth[0]!)).toEqual({ deny: 3, unlockSeconds: 600 });
    // The line's arguments win over the file; `never` is 0.
    expect(
      faillockLockout(conf, pamLines('auth required pam_faillock.so preauth deny=10 unlock_time=never\n')[0]!),
    ).toEqual({ deny: 10, unlockSeconds: 0 });
  });

  it('pam_tally2 (hand-written from the options pam_tally2(8) documents): deny= locks; without it nothing does', () => {
    expect(
      tallyLockout(pamLines('auth required /lib/security/pam_tally2.so deny=4 even_deny_root unlock_time=1200\n')[0]!),
    ).toEqual({ deny: 4, unlockSeconds: 1200 });
    expect(tallyLockout(pamLines('-auth required pam_tally2.so onerr=fail\n')[0]!)).toEqual({
      deny: 0,
      unlockSeconds: 0,
    });
  });

  it('pam_pwhistory remembers 10 unless told; the line wins over pwhistory.conf', () => {
    const [line] = pamLines('password required pam_pwhistory.so use_authtok\n');
    expect(pwhistoryRemember(new Map(), line!)).toBe(10);
    expect(pwhistoryRemember(parseNameValueConf('remember = 5\n'), line!)).toBe(5);
    expect(
      pwhistoryRemember(
        parseNameValueConf('remember = 5\n'),
        pamLines('password required pam_pwhistory.so remember=24\n')[0]!,
      ),
    ).toBe(24);
  });
});

// Handwritten lines in the documented formats (net accounts' layout, pam.d(5), pwquality.conf(5),
// faillock.conf(5), pam_unix(8), pam_tally2(8)), each at an edge the parsers decide on.
describe('edges of each format (handwritten)', () => {
  const EN = sample('net-accounts__en-default-workstation-never-lockout.txt');
  it('net accounts: a long label left with one space after its colon still gives its value', () => {
    const squeezed = EN.replace(/(Minimum password length:)\s+6/, '$1 9').replace(
      /(Lockout duration \(minutes\):)\s+30/,
      '$1 45',
    );
    expect(parseNetAccounts(lines(squeezed))).toEqual({
      minLength: 9,
      maxAgeDays: 42,
      historyLength: 0,
      lockoutThreshold: 0,
      lockoutMinutes: 45,
    });
  });
  it('net accounts: a word where the minimum age or length is a number is not the policy', () => {
    expect(parseNetAccounts(lines(EN.replace(/(Minimum password age \(days\):\s+)0/, '$1None')))).toBeNull();
    expect(parseNetAccounts(lines(EN.replace(/(Minimum password length:\s+)6/, '$1six')))).toBeNull();
    expect(parseNetAccounts(lines(EN.replace(/(Minimum password length:\s+)6/, '$16a')))).toBeNull();
    expect(parseNetAccounts(lines(EN.replace(/(Maximum password age \(days\):)\s+42/, '$1')))).toBeNull();
    expect(parseNetAccounts(lines(EN.replace(/(history maintained:)\s+None/, '$1')))).toBeNull();
    // A missing lockout duration (the last line) is only unknown.
    expect(
      parseNetAccounts(lines(EN.replace(/(Lockout duration \(minutes\):)\s+30/, '$1')))?.lockoutMinutes,
    ).toBeNull();
  });

  it('pam.d lines: "-type", @include, bracketed controls, folders, comments, too few fields', () => {
    const text =
      '#%PAM-1.0\n@include common-auth\n-auth optional pam_gnome_keyring.so auto_start # tail\n' +
      'password [success=1 default=ignore] /usr/lib/security/pam_unix.so obscure   sha512\nauth required\naccount  required   pam_unix.so\n';
    expect(parsePamStackFile(text)).toEqual([
      { include: 'common-auth' },
      { type: 'auth', control: 'optional', module: 'pam_gnome_keyring.so', args: ['auto_start'] },
      { type: 'password', control: '[success=1 default=ignore]', module: 'pam_unix.so', args: ['obscure', 'sha512'] },
      { type: 'account', control: 'required', module: 'pam_unix.so', args: [] },
    ]);
  });

  it('name = value files: flags, later lines win, comments after values, values with =', () => {
    expect([
      ...parseNameValueConf('deny = 3\n  even_deny_root  \ndeny=5 # five\n# unlock_time = 1\nx = a=b\n'),
    ]).toEqual([
      ['deny', '5'],
      ['even_deny_root', ''],
      ['x', 'a=b'],
    ]);
    expect([...pamArgs({ type: 'auth', module: 'm', args: ['a=b=c', 'flag', 'k='] })]).toEqual([
      ['a', 'b=c'],
      ['flag', ''],
      ['k', ''],
    ]);
  });

  it('pwquality: every credit counts, words are not numbers, the lowest minlen is exactly 6', () => {
    expect(
      pwqualityShortest(parseNameValueConf('minlen = 14\ndcredit = 1\nucredit = 1\nlcredit = 1\nocredit = 1\n')),
    ).toBe(10);
    expect(pwqualityShortest(parseNameValueConf('minlen = 14\nocredit = 2\n'))).toBe(12);
    expect(pwqualityShortest(parseNameValueConf('minlen = twelve\ndcredit = x\n'))).toBe(8);
    expect(pwqualityShortest(parseNameValueConf('minlen = 6\n'))).toBe(6);
    expect(pwqualityShortest(parseNameValueConf('minlen = 7\n'))).toBe(7);
    expect(pwqualityShortest(parseNameValueConf('minlen = -9\n'))).toBe(6);
  });

  it('pam_unix minlen= and remember=, words ignored', () => {
    const unix = (args: string) => pamLines(`password [success=1 default=ignore] pam_unix.so ${args}\n`)[0]!;
    expect([pamUnixShortest(unix('minlen=10')), pamUnixRemember(unix('remember=5'))]).toEqual([10, 5]);
    expect([pamUnixShortest(unix('minlen=ten')), pamUnixRemember(unix('remember=all'))]).toEqual([6, 0]);
  });

  it('faillock and tally settings that are not numbers fall back to the documented defaults', () => {
    const line = pamLines('auth required pam_faillock.so preauth deny=x unlock_time=soon\n')[0]!;
    expect(faillockLockout(new Map(), line)).toEqual({ deny: 3, unlockSeconds: 600 });
    expect(
      faillockLockout(
        parseNameValueConf('deny = 0\nunlock_time = 0\n'),
        pamLines('auth required pam_faillock.so authfail\n')[0]!,
      ),
    ).toEqual({ deny: 0, unlockSeconds: 0 });
    expect(tallyLockout(pamLines('auth required pam_tally2.so deny=x unlock_time=y\n')[0]!)).toEqual({
      deny: 0,
      unlockSeconds: 0,
    });
    expect(
      pwhistoryRemember(parseNameValueConf('remember = many\n'), pamLines('password required pam_pwhistory.so\n')[0]!),
    ).toBe(10);
  });
});

// Each of these kills a mutant the first mutation run left alive (edits of the real English sample).
describe('edges found by mutation testing', () => {
  const EN = sample('net-accounts__en-default-workstation-never-lockout.txt');
  const policy = { minLength: 6, maxAgeDays: 42, historyLength: 0, lockoutThreshold: 0, lockoutMinutes: 30 };
  it('net accounts: blank lines anywhere, exactly the seven policy lines, letters before a number', () => {
    expect(parseNetAccounts(['', '  ', ...lines(EN)])).toEqual(policy);
    const seven = lines(EN)
      .filter((l) => l.trim())
      .slice(0, 7);
    expect(seven).toHaveLength(7);
    expect(parseNetAccounts(seven)).toEqual(policy);
    expect(parseNetAccounts(seven.slice(0, 6))).toBeNull();
    expect(parseNetAccounts(lines(EN.replace(/(Minimum password length:\s+)6/, '$1x6')))).toBeNull();
  });
  it('config numbers: letters before or after the digits are no number', () => {
    expect(pwqualityShortest(parseNameValueConf('minlen = x12\n'))).toBe(8);
    expect(pwqualityShortest(parseNameValueConf('minlen = 12x\n'))).toBe(8);
  });
});

describe('runPamStack, as libpam runs a stack (pam.conf(5), _pam_dispatch_aux): edges found by mutation testing', () => {
  /** The stack's run when each module returns what `results` says (by module file name; success otherwise). */
  const run = (text: string, results: Record<string, PamResult> = {}) =>
    runPamStack(pamLines(text), (l) => results[l.module] ?? 'success');
  /** A handwritten stack run with each line's result in order. */
  const runEach = (controls: string[], results: PamResult[]) =>
    runPamStack(pamLines(controls.map((c, i) => `auth ${c} pam_m${i}.so`).join('\n')), (_l, i) => results[i]!);

  it('common-password__this-debian12-pam-auth-update-with-pwquality.txt: pam_unix jumps over pam_deny; a refusal stops at once', () => {
    const text = fixture('common-password__this-debian12-pam-auth-update-with-pwquality.txt');
    expect(run(text)).toEqual({ success: true, ran: [0, 1, 3] });
    expect(run(text, { 'pam_pwquality.so': 'authtok_err' })).toEqual({ success: false, ran: [0] });
    expect(run(text, { 'pam_unix.so': 'authtok_err', 'pam_deny.so': 'auth_err' })).toEqual({
      success: false,
      ran: [0, 1, 2],
    });
  });

  it('common-auth__this-debian12-default.txt: a right password passes through pam_permit and pam_cap; a wrong one dies at pam_deny', () => {
    const text = fixture('common-auth__this-debian12-default.txt');
    expect(run(text)).toEqual({ success: true, ran: [0, 2, 3] });
    expect(run(text, { 'pam_unix.so': 'auth_err', 'pam_deny.so': 'auth_err' })).toEqual({
      success: false,
      ran: [0, 1],
    });
  });

  it('pam.d-login__documented-format-pam_faillock-8-second-example.txt: a sufficient pam_unix ends the auth stack only when nothing failed before it', () => {
    const auth = pamLines(fixture('pam.d-login__documented-format-pam_faillock-8-second-example.txt'))
      .filter((l) => l.type === 'auth')
      .map((l) => `auth ${l.control} ${l.module} ${l.args.join(' ')}`)
      .join('\n');
    expect(run(auth)).toEqual({ success: true, ran: [0, 1, 2, 3, 4] });
    // A locked account: preauth fails, pam_unix's success does not end the stack, authfail's [default=die] does.
    const locked = runPamStack(pamLines(auth), (l) => (l.args.includes('preauth') ? 'auth_err' : 'success'));
    expect(locked).toEqual({ success: false, ran: [0, 1, 2, 3, 4, 5] });
    expect(run(auth, { 'pam_unix.so': 'auth_err' })).toEqual({ success: false, ran: [0, 1, 2, 3, 4, 5] });
  });

  it('handwritten stacks: optional, sufficient, reset, a jump, a first "ok" that failed, an ignored result, case', () => {
    expect(runEach(['optional'], ['auth_err'])).toEqual({ success: false, ran: [0] });
    expect(runEach(['optional'], ['success'])).toEqual({ success: true, ran: [0] });
    expect(runEach(['required'], ['ignore'])).toEqual({ success: false, ran: [0] });
    expect(runEach(['sufficient', 'required'], ['auth_err', 'success'])).toEqual({ success: true, ran: [0, 1] });
    expect(runEach(['required', '[default=reset]', 'required'], ['auth_err', 'success', 'success'])).toEqual({
      success: true,
      ran: [0, 1, 2],
    });
    expect(runEach(['required', 'required'], ['auth_err', 'success'])).toEqual({ success: false, ran: [0, 1] });
    // A later "ok" whose module failed replaces the success before it (the status was PAM_SUCCESS).
    expect(runEach(['required', '[default=ok]'], ['success', 'auth_err'])).toEqual({ success: false, ran: [0, 1] });
    // The first "ok" keeps its module's failure: a later success does not replace it.
    expect(runEach(['[default=ok]', 'required'], ['auth_err', 'success'])).toEqual({ success: false, ran: [0, 1] });
    // An ignored result says nothing, even under "ok"; a result the brackets do not name is bad.
    expect(runEach(['[default=ok]', 'required'], ['ignore', 'success'])).toEqual({ success: true, ran: [0, 1] });
    expect(runEach(['[success=ok]', 'required'], ['ignore', 'success'])).toEqual({ success: true, ran: [0, 1] });
    expect(runEach(['[success=ok]', 'required'], ['auth_err', 'success'])).toEqual({ success: false, ran: [0, 1] });
    expect(
      runEach(
        ['[success=2 default=ignore]', 'requisite', 'requisite', 'required'],
        ['success', 'auth_err', 'auth_err', 'success'],
      ),
    ).toEqual({ success: true, ran: [0, 3] });
    expect(runEach(['[success=done default=die]', 'required'], ['success', 'auth_err'])).toEqual({
      success: true,
      ran: [0],
    });
    expect(
      runEach(
        ['REQUIRED', '[Success=1 Default=Ignore]', 'requisite', 'Sufficient'],
        ['success', 'success', 'auth_err', 'success'],
      ),
    ).toEqual({ success: true, ran: [0, 1, 3] });
    // A pair without "=" or without a name is no action: the result falls to default.
    expect(runEach(['[bogus =ok default=bad]', 'required'], ['success', 'success'])).toEqual({
      success: false,
      ran: [0, 1],
    });
  });

  it('parsePamStackFile: a line continued with a backslash (LF or CRLF), include and substack keep their file as written', () => {
    expect(pamLines('password required\\\npam_unix.so\\\r\nsha512\n')).toEqual([
      { type: 'password', control: 'required', module: 'pam_unix.so', args: ['sha512'] },
    ]);
    expect(
      parsePamStackFile('auth include ../shop/system-auth\nauth substack shop/login\n@include\t common-auth\n'),
    ).toEqual([
      { type: 'auth', control: 'include', module: '../shop/system-auth', args: [] },
      { type: 'auth', control: 'substack', module: 'shop/login', args: [] },
      { include: 'common-auth' },
    ]);
  });
});
