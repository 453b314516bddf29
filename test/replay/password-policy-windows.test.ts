import { describe, expect, it } from 'vitest';
import { findProbe } from '../../src/probes/index.js';
import { expectHonest } from '../helpers/honesty.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { sample, windowsHost } from '../helpers/windows-samples.js';

// The password_policy probe on Windows, on the script's netAccounts answer: the lines of the real
// `net accounts` samples, as the script returns them (one string per line).
const netAccounts = (name: string) => sample(name).split(/\r?\n/);
const collect = async (facts: Record<string, unknown>, options: Parameters<typeof windowsHost>[1] = {}) => {
  const probe = findProbe('password_policy')!;
  const out = await probe.collect.windows!(windowsHost(facts, options));
  probe.facts.parse(out.facts);
  expectHonest(out);
  return out;
};
const passwordRules = async (facts: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(statuses(await scanWith(windowsHost(facts)))).filter(([id]) => id.startsWith('password-policy.')),
  );

describe('password_policy on Windows', () => {
  it('net-accounts__en-default-workstation-never-lockout.txt: 6 characters and no lockout fail the baseline; the duration does not apply', async () => {
    const facts = { netAccounts: netAccounts('net-accounts__en-default-workstation-never-lockout.txt') };
    expect((await collect(facts)).facts).toEqual({
      minLength: 6,
      maxAgeDays: 42,
      lockoutThreshold: 0,
      lockoutMinutes: 30,
      historyLength: 0,
    });
    expect(await passwordRules(facts)).toEqual({
      'password-policy.min-length': 'fail',
      'password-policy.lockout': 'fail',
      'password-policy.lockout-duration': 'not_applicable',
    });
  });

  it('net-accounts__zh-CN-default-minlen-0.txt: no minimum length at all (0), read alike from the Chinese labels', async () => {
    const out = await collect({ netAccounts: netAccounts('net-accounts__zh-CN-default-minlen-0.txt') });
    expect(out.facts).toEqual({
      minLength: 0,
      maxAgeDays: 42,
      lockoutThreshold: 0,
      lockoutMinutes: 30,
      historyLength: 0,
    });
  });

  it('the English sample with a 10-attempt, 30-minute lockout (values edited in) passes both lockout rules', async () => {
    const edited = netAccounts('net-accounts__en-default-workstation-never-lockout.txt').map((l) =>
      l.replace(/^(Lockout threshold:\s+)Never$/, '$110'),
    );
    expect(await passwordRules({ netAccounts: edited })).toMatchObject({
      'password-policy.lockout': 'pass',
      'password-policy.lockout-duration': 'pass',
    });
  });

  it('net accounts failing or printing something else: every fact unknown with the reason', async () => {
    const failed = {
      netAccounts: {
        type: 'System.Management.Automation.RuntimeException',
        message: 'net accounts exited with code 2',
      },
    };
    const out = await collect({}, { failed });
    expect(out.unknown.minLength).toBe('netAccounts: net accounts exited with code 2');
    const other = await collect({ netAccounts: ['System error 5 has occurred.', '', 'Access is denied.'] });
    expect(other.unknown.lockoutThreshold).toBe('net accounts printed something other than the password policy');
    expect(await passwordRules({})).toEqual({
      'password-policy.min-length': 'unknown',
      'password-policy.lockout': 'unknown',
      'password-policy.lockout-duration': 'unknown',
    });
  });
});
