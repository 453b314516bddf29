import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecResult, Host } from '../../../src/host/types.js';
import { candidatesFor, COMMON_PASSWORDS, LOCKOUT_MARGIN } from '../../../src/probes/common-passwords.js';
import { COMMON_PASSWORD_NEEDS_DEEP_MAC, collectMacos } from '../../../src/probes/login_password/macos.js';
import { authonlyOutcome, parseDsclUniqueIds } from '../../../src/probes/login_password/parse.js';
import { expectHonest } from '../../helpers/honesty.js';
import { REPO } from '../../helpers/host.js';
import { exited, macHost } from '../../helpers/macos-samples.js';
import { scanWith, statuses } from '../../helpers/scan.js';

// macOS with --deep: `dscl -q .` reads `authonly NAME PASSWORD` on standard input (never on its command line),
// within the lockout margin that pwpolicy's threshold and the account's failedLoginCount leave. Through the
// replay host for every other command; the dscl tries are answered and COUNTED by a wrapper, which is how
// this test proves the tries stop within the margin. No candidate or hash is ever in a test name or message.

const fixture = (name: string) => readFileSync(path.join(REPO, 'test/fixtures', name), 'utf8');
const USERS = fixture('login_password/dscl-list-users-uniqueid__handwritten-stock-mac-two-people.txt');
const WRONG = fixture('login_password/dscl-authonly-stdout__handwritten-wrong-password.txt');
const DISABLED = fixture('login_password/dscl-authonly-stdout__handwritten-account-disabled.txt');
const STOCK_POLICY = fixture(
  'password_policy/pwpolicy-getaccountpolicies__public-capture-macos26.2-stock-fde-4-chars-en-only.txt',
);
/** The stock policy with a lockout after `n` failed logins (the documented plist form, as password_policy's tests edit it). */
const lockoutPolicy = (n: number) =>
  STOCK_POLICY.replace(
    '<key>policyCategoryPasswordContent</key>',
    '<key>policyCategoryAuthentication</key>\n<array>\n<dict>\n<key>policyContent</key>\n' +
      '<string>policyAttributeFailedAuthentications &lt; policyAttributeMaximumFailedAuthentications</string>\n' +
      '<key>policyIdentifier</key>\n<string>lockout</string>\n<key>policyParameters</key>\n<dict>\n' +
      `<key>policyAttributeMaximumFailedAuthentications</key>\n<integer>${n}</integer>\n</dict>\n</dict>\n</array>\n` +
      '<key>policyCategoryPasswordContent</key>',
  );

const LIST = '/usr/bin/dscl . -list /Users UniqueID';
const PWPOLICY = '/usr/bin/pwpolicy -getaccountpolicies';
const failedCount = (name: string) => `/usr/bin/dscl . -readpl /Users/${name} accountPolicyData failedLoginCount`;

/**
 * A Mac whose dscl answers each `authonly` by the account's real password (`passwords`), counting the tries
 * per account. `failed`: each account's failedLoginCount (absent: dscl prints no such key).
 */
function mac(options: {
  policy: string;
  passwords: Record<string, string>;
  failed?: Record<string, number>;
  answer?: string;
}) {
  const answers: Record<string, ExecResult> = { [LIST]: exited(USERS), [PWPOLICY]: exited(options.policy) };
  for (const [name, n] of Object.entries(options.failed ?? {}))
    answers[failedCount(name)] = exited(`failedLoginCount: ${n}\n`);
  const inner = macHost(answers);
  const tries: Record<string, number> = {};
  const commandLines: string[] = [];
  const host: Host = {
    ...inner,
    exec: async (command, args, opts) => {
      commandLines.push([command, ...args].join(' '));
      if (command !== '/usr/bin/dscl' || args.join(' ') !== '-q .') return inner.exec(command, args, opts);
      const [, name = '', password = ''] = /^authonly (\S+) (\S+)\n/.exec(opts?.input ?? '') ?? [];
      tries[name] = (tries[name] ?? 0) + 1;
      if (options.answer) return exited(options.answer);
      return password === options.passwords[name] ? exited(`RecordName: ${name}\n`) : exited(WRONG);
    },
  };
  return { host, tries, commandLines };
}

const collectDeep = async (host: Host) => {
  const out = await collectMacos(host, { deep: true });
  expectHonest(
    { facts: { commonPasswords: out.facts.commonPasswords }, unknown: out.unknown },
    { commonPasswords: 'name' },
  );
  return out;
};
const STRONG = 'Kumquat-ledger-41-Tiles';
const N = candidatesFor('shop').length;

describe('macOS --deep: common passwords through dscl authonly, within the lockout margin', () => {
  it('the account list: people only (uid 501 up, no _ accounts)', () => {
    expect(
      parseDsclUniqueIds(USERS)
        ?.filter((u) => u.uid >= 501 && !u.name.startsWith('_'))
        .map((u) => u.name),
    ).toEqual(['shop', 'owner']);
    expect(parseDsclUniqueIds('garbage line here\n')).toBeNull();
  });

  it('no lockout policy (the stock Mac): every candidate tried on each account; a match fails the rule, none passes', async () => {
    const weak = mac({ policy: STOCK_POLICY, passwords: { shop: COMMON_PASSWORDS[5]!, owner: STRONG } });
    const out = await collectDeep(weak.host);
    expect(out.facts.commonPasswords).toEqual([
      { name: 'shop', common: true, tries: 6 },
      { name: 'owner', common: false, tries: N },
    ]);
    expect(weak.tries).toEqual({ shop: 6, owner: N });
    // The passwords went to dscl's standard input only: no command line holds one.
    for (const line of weak.commandLines)
      expect(
        COMMON_PASSWORDS.some((p) => line.split(' ').includes(p)),
        'a candidate on a command line',
      ).toBe(false);
    expect(
      statuses(
        await scanWith(mac({ policy: STOCK_POLICY, passwords: { shop: COMMON_PASSWORDS[5]!, owner: STRONG } }).host, {
          deep: true,
        }),
      )['login.no-common-password'],
    ).toBe('fail');
    expect(
      statuses(
        await scanWith(mac({ policy: STOCK_POLICY, passwords: { shop: STRONG, owner: STRONG } }).host, { deep: true }),
      )['login.no-common-password'],
    ).toBe('pass');
  });

  it.each([
    [10, 0, 7],
    [10, 2, 5],
    [5, 1, 1],
    [5, 2, 0],
    [3, 0, 0],
  ])(
    'lockout after %i failed logins, %i already: dscl runs %i times, leaving the margin',
    async (threshold, failed, allowed) => {
      const m = mac({
        policy: lockoutPolicy(threshold),
        passwords: { shop: STRONG, owner: STRONG },
        failed: { shop: failed, owner: failed },
      });
      const out = await collectDeep(m.host);
      expect(m.tries.shop ?? 0).toBe(allowed);
      expect(threshold - failed - (m.tries.shop ?? 0)).toBeGreaterThanOrEqual(
        Math.min(LOCKOUT_MARGIN, threshold - failed),
      );
      expect(out.facts.commonPasswords?.[0]).toEqual({
        name: 'shop',
        common: allowed >= N ? false : null,
        tries: allowed,
      });
      if (allowed < N)
        expect(out.unknown['commonPasswords[shop].common']).toBe(
          `${allowed} of ${N} common passwords tried: the account locks after ${threshold} failed logons and has ` +
            `${failed} already; shop-audit leaves at least ${LOCKOUT_MARGIN} so it is never locked`,
        );
    },
  );

  it('a lockout policy and no failedLoginCount: dscl never runs, unknown with the reason', async () => {
    const m = mac({ policy: lockoutPolicy(10), passwords: { shop: COMMON_PASSWORDS[0]! } });
    const out = await collectDeep(m.host);
    expect(m.tries).toEqual({});
    expect(out.unknown['commonPasswords[shop].common']).toMatch(
      /count of failed logons could not be read, so no password was tried/,
    );
  });

  it('pwpolicy unreadable: nothing tried (the threshold is not known)', async () => {
    const m = mac({ policy: 'Permission denied.\n', passwords: {} });
    const out = await collectDeep(m.host);
    expect(m.tries).toEqual({});
    expect(out.unknown['commonPasswords[owner].common']).toMatch(/lockout threshold could not be read/);
  });

  it('any other answer (a disabled account) stops the tries on that account: unknown with what dscl said', async () => {
    const m = mac({ policy: STOCK_POLICY, passwords: {}, answer: DISABLED });
    const out = await collectDeep(m.host);
    expect(m.tries).toEqual({ shop: 1, owner: 1 });
    expect(out.unknown['commonPasswords[shop].common']).toMatch(/eDSAuthAccountDisabled\), which does not tell/);
  });

  it('authonlyOutcome: a match needs the record read after it and no failure; silence alone is no match', () => {
    expect(authonlyOutcome(WRONG, '', 'shop')).toBe('wrong');
    expect(authonlyOutcome('RecordName: shop\n', '', 'shop')).toBe('match');
    expect(authonlyOutcome('', '', 'shop')).toEqual({ other: 'dscl printed nothing shop-audit knows' });
    expect(authonlyOutcome('RecordName: other\n', '', 'shop')).toEqual({
      other: 'dscl printed nothing shop-audit knows',
    });
  });

  it('without --deep: no dscl try at all, unknown saying how --deep tries', async () => {
    const m = mac({ policy: STOCK_POLICY, passwords: {} });
    const out = await collectMacos(m.host);
    expect(m.tries).toEqual({});
    expect(out.facts.commonPasswords).toBeNull();
    expect(out.unknown.commonPasswords).toBe(COMMON_PASSWORD_NEEDS_DEEP_MAC);
  });
});
