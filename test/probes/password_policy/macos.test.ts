import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { redactSecrets } from '../../../src/probes/index.js';
import { collectMacos } from '../../../src/probes/password_policy/macos.js';
import { parsePwpolicyAccountPolicies } from '../../../src/probes/macos/parse.js';
import { REASON } from '../../../src/probes/types.js';
import { expectHonest } from '../../helpers/honesty.js';
import { REPO } from '../../helpers/host.js';
import { exited, macHost } from '../../helpers/macos-samples.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'password_policy', name), 'utf8');
const STOCK = fixture('pwpolicy-getaccountpolicies__public-capture-macos26.2-stock-fde-4-chars-en-only.txt');
const SONOMA_CUT = fixture('pwpolicy-getaccountpolicies__usnistgov-issue-311-sonoma-lockout-10-900s-cut-short.txt');
// The Sonoma output closed where the excerpt stops: the value of the repeated key and the closing tags.
const SONOMA_CLOSED = `${SONOMA_CUT}\t\t\t\t<integer>10</integer>\n\t\t\t</dict>\n\t\t</dict>\n\t</array>\n</dict>\n</plist>\n`;
const PWPOLICY = '/usr/bin/pwpolicy -getaccountpolicies';

describe('parsePwpolicyAccountPolicies', () => {
  it('a stock Mac (macOS 26.2): only the 4-character FileVault policy, no lockout, no expiry', () => {
    expect(parsePwpolicyAccountPolicies(STOCK)).toEqual({
      minLength: 4,
      maxAgeDays: 0,
      lockoutThreshold: 0,
      lockoutMinutes: null,
      historyLength: 0,
    });
  });

  it('a Sonoma Mac with a profile: locked after 10 failures for 900 s = 15 minutes; a cut-off output is refused', () => {
    // Only the lockout part is asserted: the content policies that followed in the issue are not in the excerpt.
    expect(parsePwpolicyAccountPolicies(SONOMA_CLOSED)).toMatchObject({ lockoutThreshold: 10, lockoutMinutes: 15 });
    expect(parsePwpolicyAccountPolicies(SONOMA_CUT)).toBeNull();
    expect(parsePwpolicyAccountPolicies('')).toBeNull();
  });

  it("every content policy must match, so the longest minimum holds; '^$|' lets an empty password through", () => {
    const policy =
      "\t<dict><key>policyContent</key><string>policyAttributePassword matches '^(?=.*[0-9]).{12,}$'</string></dict>\n\t</array>";
    const twelve = STOCK.replace('</array>', () => policy);
    expect(parsePwpolicyAccountPolicies(twelve)?.minLength).toBe(12);
    expect(parsePwpolicyAccountPolicies(STOCK.replace("'.{4,}+'", "'^$|.{4,}+'"))?.minLength).toBe(0);
  });
});

describe('parsePwpolicyAccountPolicies: edges (policies edited into the stock capture, in the documented plist form)', () => {
  const withPolicies = (dicts: string) => STOCK.replace('</array>', () => `${dicts}\n\t</array>`);
  const content = (regex: string) =>
    `<dict><key>policyContent</key><string>policyAttributePassword matches '${regex}'</string></dict>`;
  const integer = (key: string, n: number) => `<dict><key>${key}</key>\n<integer>${n}</integer></dict>`;
  it('the strictest of several: longest minimum, smallest lockout, shortest expiry and unlock, deepest history', () => {
    const text = withPolicies(
      [
        content('.{8,}'),
        content('.{6,}'),
        integer('policyAttributeMaximumFailedAuthentications', 10),
        integer('policyAttributeMaximumFailedAuthentications', 5),
        integer('autoEnableInSeconds', 900),
        integer('autoEnableInSeconds', 119),
        integer('policyAttributeExpiresEveryNDays', 90),
        integer('policyAttributeExpiresEveryNDays', 30),
        integer('policyAttributePasswordHistoryDepth', 3),
        integer('policyAttributePasswordHistoryDepth', 12),
      ].join('\n'),
    );
    expect(parsePwpolicyAccountPolicies(text)).toEqual({
      minLength: 8,
      maxAgeDays: 30,
      lockoutThreshold: 5,
      lockoutMinutes: 1,
      historyLength: 12,
    });
  });
  it('a lockout without autoEnableInSeconds stays until unlocked (0 minutes); XML escapes are read', () => {
    expect(
      parsePwpolicyAccountPolicies(withPolicies(integer('policyAttributeMaximumFailedAuthentications', 3))),
    ).toMatchObject({ lockoutThreshold: 3, lockoutMinutes: 0 });
    expect(parsePwpolicyAccountPolicies(withPolicies(content('^(?=.*&lt;).{9,}$')))?.minLength).toBe(9);
    // A policy that lets an empty password through adds no minimum: the stock 4 characters still hold.
    expect(parsePwpolicyAccountPolicies(withPolicies(content('^$|.{9,}')))?.minLength).toBe(4);
    expect(parsePwpolicyAccountPolicies(withPolicies(content('^$&amp;|.{9,}')))?.minLength).toBe(9);
    expect(parsePwpolicyAccountPolicies(withPolicies(content('[A-Z]+')))?.minLength).toBe(4);
  });
  it('text before the plist is skipped; text after it, or no plist, is refused', () => {
    expect(
      parsePwpolicyAccountPolicies(`Getting global account policies\n${STOCK.slice(STOCK.indexOf('<plist'))}`)
        ?.minLength,
    ).toBe(4);
    expect(parsePwpolicyAccountPolicies(`${STOCK.trimEnd()}\ntrailing words\n`)).toBeNull();
    expect(parsePwpolicyAccountPolicies('</plist>\n')).toBeNull();
  });
});

describe('parsePwpolicyAccountPolicies: edges found by mutation testing (edits of the stock capture)', () => {
  it('no length in any content policy is a minimum of 0; within one policy the longest .{N,} holds', () => {
    expect(parsePwpolicyAccountPolicies(STOCK.replace("'.{4,}+'", "'[A-Z]+'"))?.minLength).toBe(0);
    expect(parsePwpolicyAccountPolicies(STOCK.replace("'.{4,}+'", "'(?=.{6,}).{8,}'"))?.minLength).toBe(8);
  });
  it('the plist at the very start, and no newline after </plist>', () => {
    const plist = STOCK.slice(STOCK.indexOf('<plist'));
    expect(parsePwpolicyAccountPolicies(plist)?.minLength).toBe(4);
    expect(parsePwpolicyAccountPolicies(plist.trimEnd())?.minLength).toBe(4);
  });
});

describe('password_policy on macOS', () => {
  it('reads the policy pwpolicy prints', async () => {
    const out = await collectMacos(macHost({ [PWPOLICY]: exited(STOCK) }));
    expect(out.facts).toEqual({
      minLength: 4,
      maxAgeDays: 0,
      lockoutThreshold: 0,
      lockoutMinutes: null,
      historyLength: 0,
    });
    expectHonest(out);
  });

  it("a --record bundle of it replays the same policy: the content policies' XML lines are kept whole", async () => {
    // Recorded on the Mac through the same recording host; "policyAttributePassword" is a word the masking looks for.
    const twelve = STOCK.replace(
      '</array>',
      () =>
        "\t<dict><key>policyContent</key><string>policyAttributePassword matches '.{12,}'</string></dict>\n\t</array>",
    );
    const recording = createRecordingHost(macHost({ [PWPOLICY]: exited(twelve) }), redactSecrets);
    const out = await collectMacos(recording.host);
    expect(out.facts.minLength).toBe(12);
    expect((await collectMacos(createReplayHost(recording.finish()))).facts).toEqual(out.facts);
  });

  it('refused without administrator: every fact unknown, saying to run as administrator', async () => {
    const out = await collectMacos(
      macHost({ [PWPOLICY]: exited('', 'Permission denied. Please enter user and password.\n', 1) }),
    );
    expect(out.unknown.minLength).toBe(
      `${REASON.needsAdmin} (/usr/bin/pwpolicy -getaccountpolicies: exit code 1: Permission denied. Please enter user and password.)`,
    );
    expectHonest(out);
    const missing = await collectMacos(macHost({}));
    expect(missing.unknown.lockoutThreshold).toBe('/usr/bin/pwpolicy -getaccountpolicies: not found');
  });
});
