import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { exited, fixture as macFixture, macHost, SAMPLED_MAC } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { runInNamespace } from '../helpers/namespace.js';
import { needs } from '../helpers/tools.js';
import { SHOP_AT_CONSOLE, windowsHost } from '../helpers/windows-samples.js';

// login.daily-account-not-admin in whole scans: the account signed in at the screen is, or is not,
// an administrator, on each OS; nobody at the screen is unknown, never a pass.

type Report = Awaited<ReturnType<typeof scanWith>>;
const RULE = 'login.daily-account-not-admin';
const ruleOf = (report: Report) => report.results.find((r) => r.id === RULE)!;
/** A scan of the PC (not a replay) of this rule alone: only the probes it needs run. */
const LIVE = { only: [RULE], replayed: false };
const system = (name: string) => path.join(REPO, 'test', 'fixtures', 'system', name);
const OS_RELEASE = readFileSync(
  path.join(REPO, 'test', 'fixtures', 'os_support', 'os-release__this-debian12-etc.txt'),
  'utf8',
);
const text = (name: string) => readFile(system(name), 'utf8');

/**
 * A temporary root with this machine's own /etc/passwd and /etc/group, an account `shop` (uid 1001)
 * made by the real useradd, put into `groups` by the real usermod, and logind's state of seat0.
 */
async function linuxPcRoot(groups: string[], seat: string, sessions: Record<string, string>) {
  const root = await makeRoot({
    '/etc/os-release': OS_RELEASE,
    '/run/systemd/seats/seat0': await text(seat),
    ...Object.fromEntries(
      await Promise.all(
        Object.entries(sessions).map(async ([id, f]) => [`/run/systemd/sessions/${id}`, await text(f)]),
      ),
    ),
  });
  await mkdir(path.join(root, 'etc'), { recursive: true });
  for (const f of ['passwd', 'group', 'shadow', 'gshadow', 'login.defs'])
    await copyFile(`/etc/${f}`, path.join(root, 'etc', f));
  // Debian has no wheel group (Fedora and RHEL do): the real groupadd makes it as they have it.
  if (groups.includes('wheel')) execFileSync('/usr/sbin/groupadd', ['--prefix', root, 'wheel']);
  execFileSync('/usr/sbin/useradd', ['--prefix', root, '-u', '1001', '-U', 'shop']);
  if (groups.length) execFileSync('/usr/sbin/usermod', ['--prefix', root, '-aG', groups.join(','), 'shop']);
  return root;
}
const linuxPc = async (groups: string[], seat: string, sessions: Record<string, string>) =>
  rootHost(await linuxPcRoot(groups, seat, sessions));
const SIGNED_IN = 'seat0__handwritten-systemd-252-format-shop-signed-in.txt';
const USER_SESSION = { '2': 'session-2__handwritten-systemd-252-format-user.txt' };

needs({ '/usr/sbin/useradd': 'passwd', '/usr/sbin/usermod': 'passwd', '/usr/sbin/groupadd': 'passwd' }).describe(
  `${RULE} on Linux`,
  () => {
    it('shop at the screen, put in sudo by usermod: fails', async () => {
      const report = await scanWith(await linuxPc(['sudo'], SIGNED_IN, USER_SESSION), LIVE);
      expect(ruleOf(report).status).toBe('fail');
      expect(ruleOf(report).evidence).toMatchObject({ consoleUserAdmin: true });
      expect(ruleOf(report).found).toMatch(/^shop, signed in at the screen/);
    });

    // Edits of /etc/group by hand that glibc's initgroups (what a login and sudo use) still reads as "shop is in sudo".
    it.each([
      [
        'a member listed after a comma and spaces',
        (g: string) => g.replace(/^sudo:x:27:.*$/m, 'sudo:x:27:alice,  shop'),
      ],
      ['a second sudo line further down', (g: string) => `${g}sudo:x:27:shop\n`],
      ["another group name with sudo's number", (g: string) => `${g}staff2:x:27:shop\n`],
    ])('shop in sudo through %s, as glibc reads it: fails', async (_how, edit) => {
      const root = await linuxPcRoot([], SIGNED_IN, USER_SESSION);
      const groupFile = path.join(root, 'etc', 'group');
      await writeFile(groupFile, edit(await readFile(groupFile, 'utf8')));
      const id = runInNamespace(
        { '/etc/passwd': path.join(root, 'etc', 'passwd'), '/etc/group': groupFile },
        '/usr/bin/id',
        ['shop'],
      );
      expect(id.stdout).toMatch(/groups=.*\b27\(sudo\)/);
      const report = await scanWith(await rootHost(root), LIVE);
      expect(ruleOf(report).status).toBe('fail');
    });

    it('shop given every command in /etc/sudoers.d (no admin group): fails; limited commands pass; unreadable: unknown', async () => {
      const root = await linuxPcRoot([], SIGNED_IN, USER_SESSION);
      await mkdir(path.join(root, 'etc', 'sudoers.d'), { recursive: true });
      await writeFile(
        path.join(root, 'etc', 'sudoers'),
        'Defaults\tenv_reset\nroot\tALL=(ALL:ALL) ALL\n%sudo\tALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n',
      );
      await writeFile(path.join(root, 'etc', 'sudoers.d', 'shop'), 'shop ALL=(ALL) NOPASSWD: ALL\n');
      const asRoot = await scanWith(await rootHost(root, { elevated: true }), LIVE);
      expect(ruleOf(asRoot).status).toBe('fail');
      await writeFile(path.join(root, 'etc', 'sudoers.d', 'shop'), 'shop ALL=(root) /usr/bin/lpadmin\n');
      const limited = await scanWith(await rootHost(root, { elevated: true }), LIVE);
      expect(ruleOf(limited).status).toBe('pass');
      // A sudoers.d file that cannot be read (here a FIFO; as an ordinary user, every one) leaves it unknown.
      await rm(path.join(root, 'etc', 'sudoers.d', 'shop'));
      execFileSync('/usr/bin/mkfifo', [path.join(root, 'etc', 'sudoers.d', 'shop')]);
      const unreadable = await scanWith(await rootHost(root, { elevated: true }), LIVE);
      expect(ruleOf(unreadable).status).toBe('unknown');
    });

    it('shop in wheel (made by groupadd, as on Fedora): fails too', async () => {
      const report = await scanWith(await linuxPc(['wheel'], SIGNED_IN, USER_SESSION), LIVE);
      expect(ruleOf(report).status).toBe('fail');
    });

    it('shop at the screen in adm and plugdev, not in sudo: passes', async () => {
      const report = await scanWith(await linuxPc(['adm', 'plugdev'], SIGNED_IN, USER_SESSION), LIVE);
      expect(ruleOf(report).status).toBe('pass');
      expect(ruleOf(report).evidence).toMatchObject({ consoleUserAdmin: false });
    });

    it('the login screen (a greeter session) at seat0: unknown, nobody is signed in', async () => {
      const report = await scanWith(
        await linuxPc(['sudo'], 'seat0__handwritten-systemd-252-format-login-screen.txt', {
          c1: 'session-c1__handwritten-systemd-252-format-greeter.txt',
        }),
        LIVE,
      );
      expect(ruleOf(report).status).toBe('unknown');
      expect(JSON.stringify(ruleOf(report).reasons)).toMatch(/nobody is signed in at the screen/);
    });

    it('no seat0 at all (no logind, no screen): unknown with the reason', async () => {
      const report = await scanWith(await rootHost(await makeRoot({ '/etc/os-release': OS_RELEASE })), LIVE);
      expect(ruleOf(report).status).toBe('unknown');
      expect(JSON.stringify(ruleOf(report).reasons)).toMatch(/seat0 does not exist/);
    });
  },
);

describe(`${RULE} on Windows`, () => {
  const xt = SHOP_AT_CONSOLE.consoleSid;
  const builtinAdmin = 'S-1-5-21-1907407323-3790588764-1508052843-500';
  const console = { ...SHOP_AT_CONSOLE, consoleName: 'XT-PC\\xt' };

  it('xt is listed in Administrators (S-1-5-32-544): fails', async () => {
    const host = windowsHost({
      consoleUser: console,
      administrators: [
        { sid: builtinAdmin, isGroup: false },
        { sid: xt, isGroup: false },
      ],
    });
    const rule = ruleOf(await scanWith(host));
    expect(rule.status).toBe('fail');
    expect(rule.evidence).toMatchObject({ consoleUserAdmin: true });
    expect(rule.found).toMatch(/^xt, signed in at the screen/);
  });

  it('Administrators holds only the built-in Administrator: passes', async () => {
    const host = windowsHost({ consoleUser: console, administrators: { sid: builtinAdmin, isGroup: false } });
    expect(ruleOf(await scanWith(host)).status).toBe('pass');
  });

  it('Administrators holds a domain group xt is not listed in: unknown, the group is named', async () => {
    const group = 'S-1-5-21-111-222-333-512';
    const host = windowsHost({
      consoleUser: console,
      administrators: [
        { sid: builtinAdmin, isGroup: false },
        { sid: group, isGroup: true },
      ],
    });
    const rule = ruleOf(await scanWith(host));
    expect(rule.status).toBe('unknown');
    expect(JSON.stringify(rule.reasons)).toContain(group);
  });

  it('nobody signed in at the screen: unknown', async () => {
    const host = windowsHost({
      consoleUser: { scanSid: xt, consoleSid: null, consoleName: null },
      administrators: [{ sid: xt, isGroup: false }],
    });
    const rule = ruleOf(await scanWith(host));
    expect(rule.status).toBe('unknown');
    expect(JSON.stringify(rule.reasons)).toMatch(/nobody is signed in at the screen/);
  });
});

describe(`${RULE} on macOS`, () => {
  it('the sampled Mac: uid 501 at the console is in admin (80): fails', async () => {
    expect(ruleOf(await scanWith(macHost(SAMPLED_MAC))).status).toBe('fail');
  });

  it('the same account with the admin-only groups (79, 80, 81, 98) taken out of its id output: passes', async () => {
    const standard = macFixture('id__airbnb-puppet-munki-pr5-admin-user-name-redacted.txt').replace(
      /,(79|80|81|98)\([^)]*\)/g,
      '',
    );
    expect(standard).not.toMatch(/\b80\(/);
    const rule = ruleOf(await scanWith(macHost({ ...SAMPLED_MAC, '/usr/bin/id 501': exited(standard) })));
    expect(rule.status).toBe('pass');
  });
});
