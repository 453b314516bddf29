import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  faillockLockout,
  mergeSettings,
  pamArgs,
  pamUnixRemember,
  pamUnixShortest,
  parseNameValueConf,
  parseNetAccounts,
  parsePamStackFile,
  pwhistoryRemember,
  pwqualityShortest,
  tallyLockout,
  type PamStackLine,
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
    const garbled = new TextDecoder('gbk').decode(Buffer.from(sample('net-accounts__zh-CN-default-minlen-0.txt'), 'utf8'));
    expect(garbled).not.toContain('锁定阈值');
    expect(parseNetAccounts(lines(garbled))).toEqual(parseNetAccounts(lines(sample('net-accounts__zh-CN-default-minlen-0.txt'))));
  });

  it('numbers where the samples have words: a lockout threshold, a history, an expiry (values edited into the English sample)', () => {
    const edited = sample('net-accounts__en-default-workstation-never-lockout.txt')
      .replace(/(Lockout threshold:\s+)Never/, '$15')
      .replace(/(history maintained:\s+)None/, '$124')
      .replace(/(Maximum password age \(days\):\s+)42/, '$1Unlimited')
      .replace(/(Lockout duration \(minutes\):\s+)30/, '$1Never');
    expect(parseNetAccounts(lines(edited))).toEqual({ minLength: 6, maxAgeDays: 0, historyLength: 24, lockoutThreshold: 5, lockoutMinutes: null });
  });

  it('anything else is not read as a policy: an error message, a cut-off output, a missing value', () => {
    expect(parseNetAccounts(['System error 5 has occurred.', '', 'Access is denied.'])).toBeNull();
    expect(parseNetAccounts(lines(sample('net-accounts__en-default-workstation-never-lockout.txt')).slice(0, 5))).toBeNull();
    const noThreshold = sample('net-accounts__en-default-workstation-never-lockout.txt').replace(/(Lockout threshold:)\s+Never/, '$1');
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
    const auth = pamLines(fixture('pam.d-login__documented-format-pam_faillock-8-second-example.txt')).filter((l) => l.type === 'auth' && l.module === 'pam_faillock.so');
    expect(auth.map((l) => l.args)).toEqual([['preauth'], ['authfail']]);
    const conf = parseNameValueConf(fixture('faillock.conf__documented-format-pam_faillock-8-example.conf'));
    expect(conf.get('silent')).toBe('');
    expect(faillockLockout(conf, auth[0]!)).toEqual({ deny: 4, unlockSeconds: 1200 });
    // faillock.conf__this-debian12-…: every line commented, so pam_faillock's own defaults.
    const debian = parseNameValueConf(fixture('faillock.conf__this-debian12-libpam-modules-1.5.2-default.conf'));
    expect(faillockLockout(debian, auth[0]!)).toEqual({ deny: 3, unlockSeconds: 600 });
    // The line's arguments win over the file; `never` is 0.
    expect(faillockLockout(conf, pamLines('auth required pam_faillock.so preauth deny=10 unlock_time=never\n')[0]!)).toEqual({ deny: 10, unlockSeconds: 0 });
  });

  it('pam_tally2 (hand-written from the options pam_tally2(8) documents): deny= locks; without it nothing does', () => {
    expect(tallyLockout(pamLines('auth required /lib/security/pam_tally2.so deny=4 even_deny_root unlock_time=1200\n')[0]!)).toEqual({ deny: 4, unlockSeconds: 1200 });
    expect(tallyLockout(pamLines('-auth required pam_tally2.so onerr=fail\n')[0]!)).toEqual({ deny: 0, unlockSeconds: 0 });
  });

  it('pam_pwhistory remembers 10 unless told; the line wins over pwhistory.conf', () => {
    const [line] = pamLines('password required pam_pwhistory.so use_authtok\n');
    expect(pwhistoryRemember(new Map(), line!)).toBe(10);
    expect(pwhistoryRemember(parseNameValueConf('remember = 5\n'), line!)).toBe(5);
    expect(pwhistoryRemember(parseNameValueConf('remember = 5\n'), pamLines('password required pam_pwhistory.so remember=24\n')[0]!)).toBe(24);
  });
});
