import { describe, expect, it } from 'vitest';
import { parseGroup, parsePasswd } from '../../../src/probes/linux/parse.js';
import { adminGroupsOf } from '../../../src/probes/system/linux-console.js';
import { windowsConsoleUser } from '../../../src/probes/system/windows-console.js';

describe('parseGroup and adminGroupsOf', () => {
  const groups = parseGroup(
    [
      'root:x:0:',
      '# a comment',
      'sudo:x:27:alice,bob',
      '+@nis::::',
      'sudo:x:99:mallory',
      'wheel:x:10:',
      'staff:x:50:carol',
      'broken:x:notanumber:dave',
    ].join('\n'),
  );

  it('keeps every entry (a login reads them all), skips comments, NIS and malformed lines', () => {
    expect(groups).toEqual([
      { name: 'root', gid: 0, members: [] },
      { name: 'sudo', gid: 27, members: ['alice', 'bob'] },
      { name: 'sudo', gid: 99, members: ['mallory'] },
      { name: 'wheel', gid: 10, members: [] },
      { name: 'staff', gid: 50, members: ['carol'] },
    ]);
  });

  it('an account is in an admin group as a listed member or by its primary group; other groups do not count', () => {
    const accounts = parsePasswd(
      [
        'bob:x:1001:1001::/home/bob:/bin/bash',
        'erin:x:1002:10::/home/erin:/bin/bash',
        'carol:x:1003:1003::/:/bin/sh',
      ].join('\n'),
    );
    expect(accounts.map((a) => adminGroupsOf(a, groups))).toEqual([['sudo'], ['wheel'], []]);
    // mallory is listed only in a second sudo line: her login gets group 99, which getgrgid (and so sudo) names sudo.
    expect(adminGroupsOf({ name: 'mallory', uid: 1004, gid: 1004, password: 'x', shell: '/bin/sh' }, groups)).toEqual([
      'sudo',
    ]);
  });
});

describe('windowsConsoleUser', () => {
  const user = {
    ok: true as const,
    value: { scanSid: 'S-1-5-21-1-2-3-1001', consoleSid: 'S-1-5-21-1-2-3-1001', consoleName: 'SHOP-PC\\xt' },
  };
  it('names the account without its computer, and finds it by SID', () => {
    expect(windowsConsoleUser(user, { ok: true, value: [{ sid: 'S-1-5-21-1-2-3-1001', isGroup: false }] })).toEqual({
      ok: true,
      value: { name: 'xt', admin: true },
    });
    expect(windowsConsoleUser(user, { ok: true, value: [] })).toEqual({
      ok: true,
      value: { name: 'xt', admin: false },
    });
  });

  it('an unread group list, or an unread console user, stays unknown with the reason', () => {
    const why = { ok: false as const, reason: 'needs PowerShell, which could not run (x)' };
    expect(windowsConsoleUser(user, why)).toEqual(why);
    expect(windowsConsoleUser(why, { ok: true, value: [] })).toEqual(why);
  });
});
