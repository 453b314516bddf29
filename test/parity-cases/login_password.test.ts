import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';
import { parseRegQuery, sample, windowsHost } from '../helpers/windows-samples.js';

// Whole scans for the login rules the parity check of issue #20 found unseen.

const ruleOf = (report: Awaited<ReturnType<typeof scanWith>>, id: string) => report.results.find((r) => r.id === id)!;

describe('login rules, whole scans', () => {
  // The Winlogon sample as netplwiz leaves it: AutoAdminLogon 0, no DefaultPassword.
  it('Windows: auto-logon switched off (the real Winlogon sample, edited) passes', async () => {
    const text = sample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt')
      .replace(/^(\s+AutoAdminLogon\s+REG_SZ\s+)1$/m, '$10')
      .replace(/^\s+DefaultPassword\s+REG_SZ.*\r?\n/m, '');
    const reg = parseRegQuery(text);
    expect(reg.AutoAdminLogon).toBe('0');
    const winlogon = {
      AutoAdminLogon: reg.AutoAdminLogon,
      DefaultUserName: reg.DefaultUserName ?? null,
      DefaultDomainName: reg.DefaultDomainName ?? null,
      ScreenSaverGracePeriod: reg.ScreenSaverGracePeriod ?? null,
      DefaultPasswordExists: 'DefaultPassword' in reg,
    };
    const rule = ruleOf(await scanWith(windowsHost({ winlogon })), 'login.no-auto-login');
    expect(rule.status).toBe('pass');
    expect(rule.evidence).toMatchObject({ 'autoLogin.enabled': false });
  });

  it('Linux: a second UID-0 account "toor" (the line `useradd -o -u 0 -g 0 toor` wrote here) fails', async () => {
    // The shop's own account and root as Debian's installer writes them; toor as useradd wrote it.
    const passwd =
      'root:x:0:0:root:/root:/bin/bash\n' +
      'shop:x:1000:1000:Shop,,,:/home/shop:/bin/bash\n' +
      'toor:x:0:0::/home/toor:/bin/bash\n';
    const root = await makeRoot({
      '/etc/os-release': readFileSync(
        path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt'),
        'utf8',
      ),
      '/etc/passwd': passwd,
      '/etc/login.defs': readFileSync(
        path.join(REPO, 'test/fixtures/password_policy/login.defs__this-debian12-default.txt'),
        'utf8',
      ),
    });
    const rule = ruleOf(await scanWith(await rootHost(root), { replayed: false }), 'login.no-extra-root-accounts');
    expect(rule.status).toBe('fail');
  });
});
