import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/host.js';
import { exited, macHost, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { sample, windowsHost } from '../helpers/windows-samples.js';

// Whole scans for the password-policy rules on Windows and macOS (the parity check of issue #20).
// Windows: the lines of the real `net accounts` sample as the script returns them, with the values a
// technician's `net accounts /minpwlen:… /lockoutthreshold:… /lockoutduration:…` sets edited in.
// macOS: the pwpolicy outputs of test/fixtures/password_policy (SOURCES.md).

const ruleOf = (report: Awaited<ReturnType<typeof scanWith>>, id: string) => report.results.find((r) => r.id === id)!;
const netAccounts = (edits: [RegExp, string][]) =>
  edits
    .reduce(
      (text, [from, to]) => text.replace(from, to),
      sample('net-accounts__en-default-workstation-never-lockout.txt'),
    )
    .split(/\r?\n/);

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'password_policy', name), 'utf8');
const PWPOLICY = '/usr/bin/pwpolicy -getaccountpolicies';
const STOCK = fixture('pwpolicy-getaccountpolicies__public-capture-macos26.2-stock-fde-4-chars-en-only.txt');
// The Sonoma output closed where the excerpt stops (as the probe's own tests close it).
const SONOMA =
  fixture('pwpolicy-getaccountpolicies__usnistgov-issue-311-sonoma-lockout-10-900s-cut-short.txt') +
  '\t\t\t\t<integer>10</integer>\n\t\t\t</dict>\n\t\t</dict>\n\t</array>\n</dict>\n</plist>\n';
const macScan = (pwpolicy: string) => scanWith(macHost({ ...SAMPLED_MAC, [PWPOLICY]: exited(pwpolicy) }));

describe('password-policy rules on Windows, whole scans', () => {
  it('minimum length set to 12 (net accounts /minpwlen:12): the length rule passes', async () => {
    const report = await scanWith(
      windowsHost({ netAccounts: netAccounts([[/^(Minimum password length:\s+)6$/m, '$112']]) }),
    );
    const rule = ruleOf(report, 'password-policy.min-length');
    expect(rule.status).toBe('pass');
    expect(rule.evidence).toMatchObject({ minLength: 12 });
  });

  it('locked after 10 tries for only 5 minutes: the lockout passes, its duration fails', async () => {
    const lines = netAccounts([
      [/^(Lockout threshold:\s+)Never$/m, '$110'],
      [/^(Lockout duration \(minutes\):\s+)30$/m, '$15'],
    ]);
    const report = await scanWith(windowsHost({ netAccounts: lines }));
    expect(ruleOf(report, 'password-policy.lockout').status).toBe('pass');
    const duration = ruleOf(report, 'password-policy.lockout-duration');
    expect(duration.status).toBe('fail');
    expect(duration.evidence).toMatchObject({ lockoutMinutes: 5 });
  });
});

describe('password-policy rules on macOS, whole scans', () => {
  it('a content policy asking 12 characters added to the stock policy: the length rule passes', async () => {
    const policy =
      '\t<dict><key>policyContent</key>' +
      "<string>policyAttributePassword matches '^(?=.*[0-9]).{12,}$'</string></dict>\n\t</array>";
    const report = await macScan(STOCK.replace('</array>', () => policy));
    expect(ruleOf(report, 'password-policy.min-length').status).toBe('pass');
  });

  it('a profile locking after 10 failures for 900 s (usnistgov issue 311): both lockout rules pass', async () => {
    const report = await macScan(SONOMA);
    expect(ruleOf(report, 'password-policy.lockout').status).toBe('pass');
    const duration = ruleOf(report, 'password-policy.lockout-duration');
    expect(duration.status).toBe('pass');
    expect(duration.evidence).toMatchObject({ lockoutMinutes: 15 });
  });

  it('the same profile with autoEnableInSeconds 300 (5 minutes, edited): the duration rule fails', async () => {
    const report = await macScan(SONOMA.replace('<integer>900</integer>', '<integer>300</integer>'));
    expect(ruleOf(report, 'password-policy.lockout').status).toBe('pass');
    expect(ruleOf(report, 'password-policy.lockout-duration').status).toBe('fail');
  });
});
