import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/engine/evaluate.js';
import { findProbe } from '../../../src/probes/index.js';
import { collectLinux } from '../../../src/probes/login_password/linux.js';
import { REASON } from '../../../src/probes/types.js';
import { makeRoot, rootHost } from '../../helpers/host.js';
import { bundledRules, scanWith, statuses } from '../../helpers/scan.js';
import { parseNetUser, sample, windowsHost } from '../../helpers/windows-samples.js';

// Default and extra administrator accounts: Windows' built-in Administrator (RID 500) and Linux
// accounts with uid 0 besides root.
const verdict = async (id: string, facts: Record<string, unknown>) => {
  const rule = (await bundledRules()).rules.find((r) => r.id === id)!;
  return evaluate(rule.check, facts, rule.params).value;
};

describe('login.no-extra-root-accounts (Linux)', () => {
  // A real /etc/passwd (captured on a Debian 12 container: system accounts, one user, postgres),
  // with and without a second uid-0 account added at the end.
  const passwd = readFileSync(
    new URL('../../fixtures/login_password/passwd__this-debian12-container.txt', import.meta.url),
    'utf8',
  );

  it('a real Debian 12 /etc/passwd has root as its only uid-0 account: pass', async () => {
    const out = await collectLinux(await rootHost(await makeRoot({ '/etc/passwd': passwd })));
    expect(out.facts.accounts?.filter((a) => a.builtin === 'admin').map((a) => a.name)).toEqual(['root']);
    expect(await verdict('login.no-extra-root-accounts', out.facts)).toBe(true);
  });

  it('a toor account with uid 0 added (even with a nologin shell) is another root: fail', async () => {
    const out = await collectLinux(
      await rootHost(await makeRoot({ '/etc/passwd': `${passwd}toor:x:0:0::/root:/usr/sbin/nologin\n` })),
    );
    expect(out.facts.accounts?.filter((a) => a.builtin === 'admin').map((a) => a.name)).toEqual(['root', 'toor']);
    expect(await verdict('login.no-extra-root-accounts', out.facts)).toBe(false);
  });

  it('an unreadable /etc/passwd leaves the rule unknown, never pass', async () => {
    const out = await collectLinux(await rootHost(await makeRoot({ '/etc/login.defs': '' })));
    expect(await verdict('login.no-extra-root-accounts', out.facts)).toBeNull();
    expect(out.unknown.builtinAdminEnabled).toBe(REASON.notOnThisOs);
  });

  it('an /etc/passwd with no root entry (garbled, or another file) lists no account: unknown, never "no empty password, no extra root"', async () => {
    // The garbage the fault matrix (test/faults/replay-matrix.test.ts) writes over a file.
    const garbled = 'Ω\u0000\u001b[31m{{{ not what this tool prints ]]]\n\t:::\n';
    const withoutRoot = passwd
      .split('\n')
      .filter((line) => line.split(':')[2] !== '0')
      .join('\n');
    for (const text of [garbled, withoutRoot]) {
      const out = await collectLinux(await rootHost(await makeRoot({ '/etc/passwd': text })));
      expect(out.facts.accounts).toBeNull();
      expect(out.unknown.accounts).toBe(
        '/etc/passwd has no entry for root (uid 0): not an account list shop-audit can read',
      );
      expect(await verdict('login.no-extra-root-accounts', out.facts)).toBeNull();
      expect(await verdict('login.no-empty-password', out.facts)).toBeNull();
    }
  });
});

describe('login.builtin-administrator-disabled (Windows, by RID 500, not by name)', () => {
  // net-user__zh-CN-john-admin-rdp-group-wrapped.txt: an active administrator "John"; given the
  // RID 500 here, it is the built-in Administrator renamed, as shops and tools often do.
  const john = parseNetUser(sample('net-user__zh-CN-john-admin-rdp-group-wrapped.txt'));
  const users = (enabled: boolean | null) => [
    { name: john.name, sid: 'S-1-5-21-1-2-3-500', enabled, passwordRequired: true, passwordLastSet: null },
  ];
  const rule = async (localUsers: unknown) =>
    statuses(await scanWith(windowsHost(localUsers === undefined ? {} : { localUsers })))[
      'login.builtin-administrator-disabled'
    ];

  it('enabled fails, disabled passes, not listed or not said is unknown with the reason', async () => {
    expect(john.enabled).toBe(true);
    expect(await rule(users(true))).toBe('fail');
    expect(await rule(users(false))).toBe('pass');
    expect(await rule(users(null))).toBe('unknown');
    expect(await rule(undefined)).toBe('unknown');
    const probe = findProbe('login_password')!;
    const out = await probe.collect.windows!(
      windowsHost({ localUsers: [{ ...users(true)[0]!, sid: 'S-1-5-21-1-2-3-1001' }] }),
    );
    expect(out.facts.builtinAdminEnabled).toBeNull();
    expect(out.unknown.builtinAdminEnabled).toBe('no account with the Administrator RID 500 was listed');
  });

  it('does not apply to Linux or macOS', async () => {
    const rule = (await bundledRules()).rules.find((r) => r.id === 'login.builtin-administrator-disabled')!;
    expect(rule.applies.os).toEqual(['windows']);
  });
});
