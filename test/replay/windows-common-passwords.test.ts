import { describe, expect, it } from 'vitest';
import { candidatesFor, COMMON_PASSWORDS, LOCKOUT_MARGIN } from '../../src/probes/common-passwords.js';
import { loginPassword } from '../../src/probes/login_password/index.js';
import { COMMON_PASSWORD_NEEDS_DEEP } from '../../src/probes/login_password/windows.js';
import { decodeDocument, redactWindowsDocument } from '../../src/probes/windows/document.js';
import { WINDOWS_SCRIPT } from '../../src/probes/windows/script.js';
import { expectHonest } from '../helpers/honesty.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { parseFormatList, sample, scriptOutput, windowsHost } from '../helpers/windows-samples.js';

// --deep on Windows: after the empty-password try, the script tries the common passwords with LogonUser
// on each enabled account, only as many as leave LOCKOUT_MARGIN failed logons before the lockout threshold,
// and prints the Win32 code of each try (never a password). The account is the real sample
// get-localuser-format-list__en-new-localuser-passwordrequired-false.txt (Test1); the codes are winerror.h's:
// 1326 ERROR_LOGON_FAILURE (wrong password), 0 logged on, 1909 ERROR_ACCOUNT_LOCKED_OUT. The tries are
// counted in the script's answer (its `codes`): the replay host gives what the script printed.

const [u] = parseFormatList(sample('get-localuser-format-list__en-new-localuser-passwordrequired-false.txt'));
const test1 = { name: u!.Name!, sid: u!.SID!, enabled: true, passwordRequired: false, passwordLastSet: null };
const guest = {
  name: 'Guest',
  sid: 'S-1-5-21-2902974129-3397675831-214796114-501',
  enabled: false,
  passwordRequired: false,
  passwordLastSet: null,
};
const CANDIDATES = candidatesFor(test1.name).length;
const WRONG = 1326;

/** The script's answers with Test1 tried `codes` under the lockout `threshold` with `failed` logons before. */
const answers = (threshold: number | null, failed: number | null, codes: number[]) => ({
  localUsers: [test1, guest],
  emptyPasswordLogons: [{ sid: test1.sid, code: WRONG }],
  commonPasswordLogons: [{ sid: test1.sid, threshold, failed, codes }],
});

const collectDeep = async (a: ReturnType<typeof answers>) => {
  const out = await loginPassword.collect.windows(windowsHost(a), { deep: true });
  loginPassword.facts.parse(out.facts);
  expectHonest(
    { facts: { commonPasswords: out.facts.commonPasswords }, unknown: out.unknown },
    { commonPasswords: 'name' },
  );
  return out;
};
const test1Of = (out: Awaited<ReturnType<typeof collectDeep>>) =>
  out.facts.commonPasswords?.find((a) => a.name === 'Test1');

describe('--deep on Windows: common passwords within the lockout margin', () => {
  it('no lockout (threshold 0): every candidate tried, none matched: not common, the tries counted; the rule passes', async () => {
    const a = answers(0, 4, Array(CANDIDATES).fill(WRONG));
    const out = await collectDeep(a);
    expect(test1Of(out)).toEqual({ name: 'Test1', common: false, tries: CANDIDATES });
    // A disabled account cannot log in: nothing tried, nothing to find.
    expect(out.facts.commonPasswords?.find((x) => x.name === 'Guest')).toEqual({
      name: 'Guest',
      common: false,
      tries: 0,
    });
    expect(statuses(await scanWith(windowsHost(a), { deep: true }))['login.no-common-password']).toBe('pass');
  });

  it('a try that logs on (code 0) after one wrong one: common, 2 tries; the rule fails', async () => {
    const a = answers(0, 0, [WRONG, 0]);
    expect(test1Of(await collectDeep(a))).toEqual({ name: 'Test1', common: true, tries: 2 });
    const report = await scanWith(windowsHost(a), { deep: true });
    const result = report.results.find((r) => r.id === 'login.no-common-password')!;
    expect(result.status).toBe('fail');
    expect(result.evidence).toMatchObject({
      commonPasswords: expect.arrayContaining([{ name: 'Test1', common: true, tries: 2 }]),
    });
  });

  it.each([
    // threshold, failed before: the tries the margin leaves (threshold − failed − tries ≥ LOCKOUT_MARGIN)
    [10, 1, 6],
    [5, 0, 2],
    [5, 2, 0],
    [3, 0, 0],
    [4, 3, 0],
  ])(
    'threshold %i with %i failed logons already: at most %i tries, and the rest is unknown with the reason',
    async (threshold, failed, allowed) => {
      expect(allowed === 0 || threshold - failed - allowed >= LOCKOUT_MARGIN).toBe(true);
      const out = await collectDeep(answers(threshold, failed, Array(allowed).fill(WRONG)));
      expect(test1Of(out)).toEqual({ name: 'Test1', common: null, tries: allowed });
      expect(out.unknown['commonPasswords[Test1].common']).toBe(
        `${allowed} of ${CANDIDATES} common passwords tried: the account locks after ${threshold} failed logons and has ` +
          `${failed} already; shop-audit leaves at least ${LOCKOUT_MARGIN} so it is never locked`,
      );
    },
  );

  it('an answer with one try more than the margin allows is not used (it is not what the script does)', async () => {
    const out = await collectDeep(answers(5, 0, [WRONG, WRONG, WRONG]));
    expect(test1Of(out)).toEqual({ name: 'Test1', common: null, tries: 3 });
    expect(out.unknown['commonPasswords[Test1].common']).toMatch(
      /shows 3 logon tries where the lockout margin allowed 2/,
    );
  });

  it('lockout threshold or failed count unreadable: nothing tried, unknown with the reason', async () => {
    const noCount = await collectDeep(answers(5, null, []));
    expect(test1Of(noCount)).toEqual({ name: 'Test1', common: null, tries: 0 });
    expect(noCount.unknown['commonPasswords[Test1].common']).toMatch(
      /count of failed logons could not be read, so no password was tried/,
    );
    const noThreshold = await collectDeep(answers(null, 0, []));
    expect(noThreshold.unknown['commonPasswords[Test1].common']).toMatch(/lockout threshold could not be read/);
    // Even with no lockout to fear, an unreadable threshold alone would not allow a try.
    expect((await collectDeep(answers(null, 0, [WRONG]))).unknown['commonPasswords[Test1].common']).toMatch(
      /shows 1 logon tries where the lockout margin allowed 0/,
    );
  });

  it('the script stopped at another answer (1909 locked out): unknown with the code', async () => {
    const out = await collectDeep(answers(0, 0, [WRONG, 1909]));
    expect(test1Of(out)).toEqual({ name: 'Test1', common: null, tries: 2 });
    expect(out.unknown['commonPasswords[Test1].common']).toMatch(/Windows error 1909, which does not tell/);
  });

  it('an empty password (the empty try logged on): no common-password tries needed, not common', async () => {
    const a = { ...answers(0, 0, []), emptyPasswordLogons: [{ sid: test1.sid, code: 1327 }], commonPasswordLogons: [] };
    expect(test1Of(await collectDeep(a))).toEqual({ name: 'Test1', common: false, tries: 0 });
  });

  it('without --deep: unknown, saying how --deep tries and that it never locks an account', async () => {
    const out = await loginPassword.collect.windows(windowsHost(answers(0, 0, [0])));
    expect(out.facts.commonPasswords).toBeNull();
    expect(out.unknown.commonPasswords).toBe(COMMON_PASSWORD_NEEDS_DEEP);
    expect(COMMON_PASSWORD_NEEDS_DEEP).toContain(`room for ${LOCKOUT_MARGIN} more failed logons`);
  });

  it('a --record bundle keeps the codes and counts (no secret), which replay the same', () => {
    const kept = decodeDocument(redactWindowsDocument(scriptOutput(answers(10, 1, [WRONG, 0]))));
    expect(kept.document.facts.commonPasswordLogons).toEqual([
      { sid: test1.sid, threshold: 10, failed: 1, codes: [WRONG, 0] },
    ]);
  });

  it('the script tries the list of common-passwords.json, counts the margin from LOCKOUT_MARGIN and stops at any answer but 1326', () => {
    const query = WINDOWS_SCRIPT.slice(WINDOWS_SCRIPT.indexOf("Q 'commonPasswordLogons'"));
    const body = query.slice(0, query.indexOf('\n}\n'));
    expect(body.split('\n')[1]).toBe('  if (-not $Deep) { return }');
    const list = `$candidates = @(${COMMON_PASSWORDS.map((p) => `'${p}'`).join(', ')})`;
    expect(body.includes(list), 'the script tries the list of common-passwords.json').toBe(true);
    expect(body).toContain(`$threshold - $failed - ${LOCKOUT_MARGIN})`);
    expect(body).toContain('if ($codes[-1] -ne 1326) { break }');
    // Only when both numbers were read as whole numbers; an unknown one leaves $allowed at 0.
    expect(body).toMatch(/\$allowed = 0; \$codes = @\(\)/);
    expect(body).toContain('elseif ($threshold -is [int] -and $failed -is [int])');
  });
});
