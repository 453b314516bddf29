import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { createLiveHost } from '../../../src/host/live.js';
import { redactSecrets } from '../../../src/probes/index.js';
import { collectLinux } from '../../../src/probes/login_password/linux.js';
import { REASON } from '../../../src/probes/types.js';
import { makeRoot, REPO, rootHost, SAMPLES } from '../../helpers/host.js';
import { runInNamespace } from '../../helpers/namespace.js';
import { needsTool } from '../../helpers/tools.js';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'postgres:x:101:104::/var/lib/postgresql:/bin/bash',
  'alice:x:1000:1000::/home/alice:/bin/bash',
  'bob:x:1001:1001::/home/bob:/bin/bash',
  'carol:x:1002:1002::/home/carol:/bin/bash',
  'svc:x:1003:1003::/srv:/usr/sbin/nologin',
  'old:x:1004:1004::/home/old:/bin/sh',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  '',
].join('\n');
const SHADOW = [
  'root:*:20000:0:99999:7:::',
  'daemon:*:20000:0:99999:7:::',
  'postgres:*:20000:0:99999:7:::',
  'alice:$y$j9T$abcdefghijklmnop$0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef:20000:0:99999:7:::',
  'bob::20000:0:99999:7:::',
  'carol:!$y$j9T$abcdefghijklmnop$0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef:20000:0:99999:7:::',
  'svc:!:20000:0:99999:7:::',
  'nobody:*:20000:0:99999:7:::',
  '',
].join('\n');
const BASE = {
  '/etc/passwd': PASSWD,
  '/etc/shadow': SHADOW,
  '/etc/login.defs': 'UID_MIN\t\t\t 1000\nUID_MAX\t\t\t60000\n',
  '/etc/group': 'root:x:0:\n',
};

/**
 * This machine's PAM files for pamtester, minus the wait after a failed login (pam_faildelay's 3 s, pam_unix's
 * own 2 s, taken off with its `nodelay`): they only delay the answer, which stays the same.
 */
async function machinePamWithoutDelay(...names: string[]): Promise<Record<string, string>> {
  const texts = await Promise.all(names.map((name) => readFile(`/etc/pam.d/${name}`, 'utf8')));
  return Object.fromEntries(
    names.map((name, i) => [
      `/etc/pam.d/${name}`,
      texts[i]!.replace(/^.*pam_faildelay\.so.*$/gm, '').replace(/^(auth\s.*pam_unix\.so\b.*)$/gm, '$1 nodelay'),
    ]),
  );
}

/** Every null fact has a reason: a scan never reports what it could not read as a value. */
function expectHonest(output: Awaited<ReturnType<typeof collectLinux>>) {
  for (const account of output.facts.accounts ?? []) {
    if (account.password === null) expect(output.unknown[`accounts[${account.name}].password`]).toBeTruthy();
  }
  if (output.facts.accounts === null) expect(output.unknown.accounts).toBeTruthy();
  if (output.facts.autoLogin.enabled === null) expect(output.unknown['autoLogin.enabled']).toBeTruthy();
}

needsTool('/usr/bin/passwd', 'passwd').describe('login_password on Linux: accounts (real passwd -S)', () => {
  it('as root reads /etc/shadow: empty, locked and set passwords, agreeing with the real passwd -R -S', async () => {
    const root = await makeRoot(BASE);
    const out = await collectLinux(
      await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
    );
    expect(out.facts.accounts).toEqual([
      { name: 'root', builtin: 'admin', password: 'locked' },
      { name: 'alice', builtin: 'none', password: 'set' },
      { name: 'bob', builtin: 'none', password: 'empty' },
      { name: 'carol', builtin: 'none', password: 'locked' },
      { name: 'old', builtin: 'none', password: null },
    ]);
    expect(out.unknown).toEqual({
      'accounts[old].password': 'no entry in /etc/shadow',
      // Debian 12's yescrypt: no sound implementation for Node, so unknown, never "not common".
      'commonPasswords[alice].common':
        'the password is stored with yescrypt, which Node.js cannot compute and no well-kept npm package implements',
      'commonPasswords[old].common': 'no entry in /etc/shadow',
      guestEnabled: REASON.notOnThisOs,
      builtinAdminEnabled: REASON.notOnThisOs,
    });
    // The real shadow tool, reading the same files, must tell the same story.
    const statusWord = { P: 'set', NP: 'empty', L: 'locked' } as Record<string, string>;
    for (const account of out.facts.accounts ?? []) {
      if (account.password === null) continue;
      const line = execFileSync('/usr/bin/passwd', ['-R', root, '-S', account.name ?? ''], { encoding: 'utf8' });
      expect(statusWord[line.split(' ')[1] ?? '']).toBe(account.password);
    }
    expectHonest(out);
  });

  it('an account named like a secret (secretary) is read the same from its --record bundle', async () => {
    // A bundle masks a value after a word like "secret": an account's line is masked as its own records are.
    const root = await makeRoot({
      ...BASE,
      '/etc/passwd': `${PASSWD}secretary:x:1005:1005:Shop secretary,,,:/home/secretary:/bin/bash\n`,
      '/etc/shadow': `${SHADOW}secretary::20000:0:99999:7:::\n`,
    });
    const recording = createRecordingHost(
      await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
      redactSecrets,
    );
    const out = await collectLinux(recording.host);
    expect(out.facts.accounts).toContainEqual({ name: 'secretary', builtin: 'none', password: 'empty' });
    const bundle = recording.finish();
    expect((await collectLinux(createReplayHost(bundle))).facts.accounts).toEqual(out.facts.accounts);
    // Still no hash in the bundle.
    expect(JSON.stringify(bundle)).not.toContain('abcdefghijklmnop');
  });

  it('without root reports other accounts as unknown (needs root) and asks passwd -S only for itself', async () => {
    const root = await makeRoot({ ...BASE, '/etc/passwd': PASSWD.replace('old:x:', 'old::') });
    const out = await collectLinux(
      await rootHost(root, { elevated: false, user: { name: 'alice', uid: 1000, home: '/home/alice' } }),
    );
    const byName = Object.fromEntries((out.facts.accounts ?? []).map((a) => [a.name, a.password]));
    // An empty field in /etc/passwd itself is readable by anyone: no password at all.
    // postgres (uid 101, /bin/bash) may have a password only root can see: unknown too.
    expect(byName).toEqual({ root: null, postgres: null, alice: null, bob: null, carol: null, old: 'empty' });
    for (const name of ['root', 'postgres', 'bob', 'carol'])
      expect(out.unknown[`accounts[${name}].password`]).toBe(REASON.needsRoot);
    // passwd -S runs for real on this machine, where alice does not exist: the reason says so.
    expect(out.unknown['accounts[alice].password']).toMatch(/^passwd -S failed: passwd: user 'alice' does not exist/);
    expectHonest(out);
  });

  it("without root reads this machine's own root account through the real passwd -S", async () => {
    const shadow = await readFile('/etc/shadow', 'utf8');
    const field = /^root:([^:]*):/m.exec(shadow)?.[1];
    const expected = field === '' ? 'empty' : field?.startsWith('!') || field?.startsWith('*') ? 'locked' : 'set';
    const host = await createLiveHost({ elevated: false, user: { name: 'root', uid: 0, home: '/root' }, env: {} });
    const out = await collectLinux(host);
    expect(out.facts.accounts?.find((a) => a.name === 'root')).toEqual({
      name: 'root',
      builtin: 'admin',
      password: expected,
    });
    expectHonest(out);
  });

  it('a duplicate entry counts as glibc and PAM read it: the FIRST one (real getent in a private mount namespace)', async () => {
    // An empty first shadow entry for bob, a hashed second one; a short passwd line (4 fields) that glibc
    // accepts; an indented duplicate root line that glibc strips and then ignores as a duplicate.
    const passwd = `${PASSWD}dave::1005:1005\n  root::0:0::/root:/bin/sh\n`;
    const shadow = SHADOW.replace(
      'bob::',
      'bob::20000:0:99999:7:::\nbob:$y$j9T$abcdefghijklmnop$0123456789ABCDEF:',
    ).replace('alice:$y$', 'alice:!:20000::::::\nalice:$y$');
    const root = await makeRoot({
      ...BASE,
      '/etc/passwd': passwd,
      '/etc/shadow': shadow,
      ...(await machinePamWithoutDelay('login', 'common-auth')),
    });
    const out = await collectLinux(
      await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
    );
    const byName = Object.fromEntries((out.facts.accounts ?? []).map((a) => [a.name, a.password]));
    expect(byName).toMatchObject({ root: 'locked', alice: 'locked', bob: 'empty', dave: 'empty' });

    // glibc itself, reading the same two files in place of this machine's.
    const binds = { '/etc/passwd': path.join(root, 'etc/passwd'), '/etc/shadow': path.join(root, 'etc/shadow') };
    const getent = (db: string, name: string) => runInNamespace(binds, '/usr/bin/getent', [db, name]).stdout.split(':');
    expect(getent('shadow', 'bob')[1]).toBe('');
    expect(getent('shadow', 'alice')[1]).toBe('!');
    expect(getent('passwd', 'dave').slice(0, 3)).toEqual(['dave', '', '1005']);
    expect(getent('passwd', 'root')[1]).toBe('x');
    // PAM itself (this machine's login stack, pam_unix with nullok): bob gets in with no password at all.
    const login = (name: string) =>
      runInNamespace({}, '/usr/bin/pamtester', ['login', name, 'authenticate'], '\n', {
        '/etc': path.join(root, 'etc'),
      }).status;
    if (existsSync('/usr/bin/pamtester')) {
      expect(login('bob')).toBe(0);
      expect(login('alice')).not.toBe(0);
    }
  });

  it('an account below UID_MIN (useradd -r) with a shell and an empty password is counted: PAM lets it in too', async () => {
    // `useradd -r -s /bin/bash till` gives a uid under UID_MIN; `passwd -d till` empties its password. login, gdm
    // and sshd look at neither the uid nor UID_MIN: only the password and the shell decide.
    const passwd = `${PASSWD}till:x:999:999::/home/till:/bin/bash\nkiosk:x:998:998::/home/kiosk:/bin/sh\n`;
    const shadow = `${SHADOW}till::20000:0:99999:7:::\nkiosk:$6$salt$${'a'.repeat(86)}:20000:0:99999:7:::\n`;
    const root = await makeRoot({ ...BASE, '/etc/passwd': passwd, '/etc/shadow': shadow });
    const out = await collectLinux(
      await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
    );
    const byName = Object.fromEntries((out.facts.accounts ?? []).map((a) => [a.name, a.password]));
    // postgres (uid 101, /bin/bash) is locked (`*`): no password gets in, so it is not listed.
    expect(byName).toEqual({
      root: 'locked',
      alice: 'set',
      bob: 'empty',
      carol: 'locked',
      old: null,
      till: 'empty',
      kiosk: 'set',
    });
    expect(out.facts.commonPasswords?.find((c) => c.name === 'till')).toEqual({
      name: 'till',
      common: false,
      tries: 0,
    });
    expect(out.facts.commonPasswords?.some((c) => c.name === 'kiosk')).toBe(true);

    // This machine's own PAM login stack (pam_unix with nullok) reading the same files: till gets in with nothing.
    if (existsSync('/usr/bin/pamtester')) {
      const login = runInNamespace({}, '/usr/bin/pamtester', ['login', 'till', 'authenticate'], '\n', {
        '/etc': path.join(root, 'etc'),
      });
      expect(login.status).toBe(0);
    }

    // Without root the field of an account below UID_MIN cannot be read: unknown, not left out.
    const own = await collectLinux(
      await rootHost(root, { elevated: false, user: { name: 'alice', uid: 1000, home: '/home/alice' } }),
    );
    expect(own.facts.accounts?.find((a) => a.name === 'till')).toEqual({
      name: 'till',
      builtin: 'none',
      password: null,
    });
    expect(own.unknown['accounts[till].password']).toBe(REASON.needsRoot);
    expectHonest(own);
  });

  it("a login screen whose PAM stack lets a group in without a password: its members' passwords count as empty", async () => {
    // alice's password is set and bob's too; lightdm's stack lets the group nopasswdlogin in before any password check.
    const lightdm = await readFile(
      path.join(
        REPO,
        'test/fixtures/login_password/pam.d-lightdm__debian12-lightdm-1.26.0-package-plus-nopasswdlogin-line-handwritten.txt',
      ),
      'utf8',
    );
    const hash = '$6$saltsalt$13.b/0XbThM./40CIf46JMCAuShVm6vrQmelx/NyTPFwV54QKtt5yoQ4Kklod5gkePsrzBsBGFNJBNaGpzQVz1';
    const files = {
      ...BASE,
      '/etc/shadow': SHADOW.replace('bob::', `bob:${hash}:`),
      '/etc/group': 'root:x:0:\nnopasswdlogin:x:990:carol,alice\n',
      '/etc/pam.d/lightdm': lightdm,
      // This machine's own shared stacks, which lightdm's file includes.
      ...(await machinePamWithoutDelay('common-auth', 'common-account', 'common-session', 'common-password')),
    };
    const root = await makeRoot(files);
    const recording = createRecordingHost(
      await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
      redactSecrets,
    );
    const out = await collectLinux(recording.host);
    const byName = Object.fromEntries((out.facts.accounts ?? []).map((a) => [a.name, a.password]));
    // carol's password is locked (`!`), but this stack never asks for it.
    expect(byName).toMatchObject({ alice: 'empty', bob: 'set', carol: 'empty' });
    // Its --record bundle keeps the group's members: the group's name says "passwd", which the bundle's
    // default-deny masking looks for.
    expect((await collectLinux(createReplayHost(recording.finish()))).facts.accounts).toEqual(out.facts.accounts);

    // The real PAM stack of that login screen (pamtester, this machine's libpam, the root's /etc over its own).
    if (existsSync('/usr/bin/pamtester')) {
      const login = (name: string) =>
        runInNamespace({}, '/usr/bin/pamtester', ['lightdm', name, 'authenticate'], '\n', {
          '/etc': path.join(root, 'etc'),
        }).status;
      expect(login('alice')).toBe(0);
      expect(login('carol')).toBe(0);
      expect(login('bob')).not.toBe(0);
    }

    // The package's own file (no such line): nothing changes.
    const stock = await makeRoot({
      ...files,
      '/etc/pam.d/lightdm': await readFile(
        path.join(REPO, 'test/fixtures/login_password/pam.d-lightdm__debian12-lightdm-1.26.0-package.txt'),
        'utf8',
      ),
    });
    const plain = await collectLinux(
      await rootHost(stock, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
    );
    expect(Object.fromEntries((plain.facts.accounts ?? []).map((a) => [a.name, a.password]))).toMatchObject({
      alice: 'set',
      bob: 'set',
      carol: 'locked',
    });
  });

  it("use_uid asks about the program that asks, root: root's groups from /etc/group decide for every account", async () => {
    // Handwritten line before the package's lightdm stack; root is listed in wheel, as on Alpine.
    const lightdm = await readFile(
      path.join(REPO, 'test/fixtures/login_password/pam.d-lightdm__debian12-lightdm-1.26.0-package.txt'),
      'utf8',
    );
    const hash = '$6$saltsalt$13.b/0XbThM./40CIf46JMCAuShVm6vrQmelx/NyTPFwV54QKtt5yoQ4Kklod5gkePsrzBsBGFNJBNaGpzQVz1';
    const shared = await machinePamWithoutDelay('common-auth', 'common-account', 'common-session', 'common-password');
    const files = (group: string) => ({
      ...BASE,
      ...shared,
      '/etc/shadow': SHADOW.replace('bob::', `bob:${hash}:`),
      '/etc/group': group,
      '/etc/pam.d/lightdm': `auth sufficient pam_succeed_if.so use_uid user ingroup wheel\n${lightdm}`,
    });
    const passwords = async (group: string) => {
      const root = await makeRoot(files(group));
      const out = await collectLinux(
        await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
      );
      const login = existsSync('/usr/bin/pamtester')
        ? runInNamespace({}, '/usr/bin/pamtester', ['lightdm', 'bob', 'authenticate'], '\n', {
            '/etc': path.join(root, 'etc'),
          }).status
        : null;
      return { bob: out.facts.accounts?.find((a) => a.name === 'bob')?.password, login };
    };
    // Root in wheel: the line lets everyone in, bob's password asks nothing (pamtester, run as root, agrees).
    expect(await passwords('root:x:0:\nwheel:x:10:root\n')).toEqual({
      bob: 'empty',
      login: existsSync('/usr/bin/pamtester') ? 0 : null,
    });
    const out = await passwords('root:x:0:\nwheel:x:10:bob\n');
    expect(out.bob).toBe('set');
    if (out.login !== null) expect(out.login).not.toBe(0);
  });

  it('without /etc/passwd the account list is unknown', async () => {
    const root = await makeRoot({ '/etc/login.defs': '' });
    const out = await collectLinux(await rootHost(root, { elevated: true }));
    expect(out.facts.accounts).toBeNull();
    expect(out.unknown.accounts).toBe('/etc/passwd: not found');
  });
});

describe('login_password on Linux: auto-login', () => {
  it('no display-manager config at all means no auto-login', async () => {
    const out = await collectLinux(await rootHost(await makeRoot(BASE)));
    expect(out.facts.autoLogin).toEqual({ enabled: false, user: null, source: null, passwordStored: false });
    expect(Object.keys(out.unknown).filter((k) => k.startsWith('autoLogin'))).toEqual([]);
  });

  it('gdm auto-login from the real Arch custom.conf (gdm-custom-conf__arch-autologin-enabled-wayland-disabled.txt), read without root', async () => {
    const conf = await readFile(
      path.join(SAMPLES, 'linux', 'gdm-custom-conf__arch-autologin-enabled-wayland-disabled.txt'),
      'utf8',
    );
    const root = await makeRoot({
      ...BASE,
      '/etc/gdm3/daemon.conf': '[daemon]\n#AutomaticLoginEnable=true\n',
      '/etc/gdm/custom.conf': conf,
    });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts.autoLogin).toEqual({
      enabled: true,
      user: 'rkmax',
      source: '/etc/gdm/custom.conf',
      passwordStored: false,
    });
  });

  it("greetd's [initial_session] starts its user's session at boot without a password; [default_session] alone does not", async () => {
    // The layout of greetd(5): [terminal], [default_session] (the greeter, run as its own user), [initial_session].
    const greeter = '[terminal]\nvt = 1\n\n[default_session]\ncommand = "agreety --cmd sway"\nuser = "greeter"\n';
    const off = await collectLinux(await rootHost(await makeRoot({ ...BASE, '/etc/greetd/config.toml': greeter })));
    expect(off.facts.autoLogin.enabled).toBe(false);
    const on = await collectLinux(
      await rootHost(
        await makeRoot({
          ...BASE,
          '/etc/greetd/config.toml': `${greeter}\n[initial_session] # the till\ncommand = "sway"\nuser = "shop" # auto\n`,
        }),
      ),
    );
    expect(on.facts.autoLogin).toEqual({
      enabled: true,
      user: 'shop',
      source: '/etc/greetd/config.toml',
      passwordStored: false,
    });
  });

  it('lightdm: a conf.d file overrides an earlier one, and lightdm.conf (read last) can switch it off', async () => {
    const files = {
      ...BASE,
      '/usr/share/lightdm/lightdm.conf.d/01_debian.conf':
        '[Seat:*]\ngreeter-session=lightdm-greeter\ngreeter-hide-users=true\nsession-wrapper=/etc/X11/Xsession\n',
      '/etc/lightdm/lightdm.conf.d/10-autologin.conf': '[Seat:*]\nautologin-user=alice\nautologin-user-timeout=0\n',
      '/etc/lightdm/lightdm.conf.d/50-shop.conf': '[SeatDefaults]\nautologin-user=bob\n',
      '/etc/lightdm/lightdm.conf': '[LightDM]\n#start-default-seat=true\n[Seat:*]\n#autologin-user=\n',
    };
    const on = await collectLinux(await rootHost(await makeRoot(files)));
    expect(on.facts.autoLogin).toEqual({
      enabled: true,
      user: 'bob',
      source: '/etc/lightdm/lightdm.conf.d/50-shop.conf',
      passwordStored: false,
    });

    const off = await collectLinux(
      await rootHost(await makeRoot({ ...files, '/etc/lightdm/lightdm.conf': '[Seat:*]\nautologin-user=\n' })),
    );
    expect(off.facts.autoLogin).toEqual({ enabled: false, user: null, source: null, passwordStored: false });
  });

  it('sddm auto-login from a conf.d file', async () => {
    const root = await makeRoot({
      ...BASE,
      '/etc/sddm.conf.d/kde_settings.conf': '[Autologin]\nRelogin=false\nSession=plasma\nUser=kiosk\n',
    });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts.autoLogin).toEqual({
      enabled: true,
      user: 'kiosk',
      source: '/etc/sddm.conf.d/kde_settings.conf',
      passwordStored: false,
    });
  });

  describe('agetty --autologin in getty services, as systemd assembles unit file and drop-ins', async () => {
    // This machine's own getty@.service (systemd 252), the unit every drop-in below extends.
    const gettyUnit = await readFile('/lib/systemd/system/getty@.service', 'utf8');
    const AUTOLOGIN =
      "[Service]\nExecStart=\nExecStart=-/sbin/agetty -o '-p -f -- \\\\u' --noclear --autologin shop %I $TERM\n";
    const RESET = "[Service]\nExecStart=\nExecStart=-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM\n";
    const cases: [string, Record<string, string | { link: string }>, { user: string; source: string } | null][] = [
      ['the stock unit alone', {}, null],
      [
        'a drop-in for tty1 in /etc',
        { '/etc/systemd/system/getty@tty1.service.d/autologin.conf': AUTOLOGIN },
        { user: 'shop', source: '/etc/systemd/system/getty@tty1.service.d/autologin.conf' },
      ],
      [
        'a template drop-in in /run (all consoles)',
        { '/run/systemd/system/getty@.service.d/10-kiosk.conf': AUTOLOGIN },
        { user: 'shop', source: '/run/systemd/system/getty@.service.d/10-kiosk.conf' },
      ],
      [
        'a drop-in of the autovt@ alias that logind starts',
        {
          '/etc/systemd/system/autovt@tty2.service.d/a.conf':
            '[Service]\nExecStart=\nExecStart=-/sbin/agetty -a root %I\n',
        },
        { user: 'root', source: '/etc/systemd/system/autovt@tty2.service.d/a.conf' },
      ],
      [
        'a later drop-in (by file name) that resets ExecStart',
        {
          '/etc/systemd/system/getty@tty1.service.d/autologin.conf': AUTOLOGIN,
          '/usr/lib/systemd/system/getty@.service.d/zz-reset.conf': RESET,
        },
        null,
      ],
      [
        'the same file name in /etc hiding the one in /usr/lib',
        {
          '/usr/lib/systemd/system/getty@tty1.service.d/autologin.conf': AUTOLOGIN,
          '/etc/systemd/system/getty@tty1.service.d/autologin.conf': RESET,
        },
        null,
      ],
      [
        'a serial console',
        {
          '/lib/systemd/system/serial-getty@.service': gettyUnit,
          '/etc/systemd/system/serial-getty@ttyAMA0.service.d/override.conf':
            '[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin=pi --keep-baud 115200 %I $TERM\n',
        },
        { user: 'pi', source: '/etc/systemd/system/serial-getty@ttyAMA0.service.d/override.conf' },
      ],
      [
        'a masked unit (linked to /dev/null) with an auto-login drop-in',
        {
          '/etc/systemd/system/getty@tty1.service': { link: '/dev/null' },
          '/etc/systemd/system/getty@tty1.service.d/autologin.conf': AUTOLOGIN,
        },
        null,
      ],
      [
        'mingetty',
        {
          '/etc/systemd/system/getty@tty1.service.d/override.conf':
            '[Service]\nExecStart=\nExecStart=-/sbin/mingetty --autologin pi --noclear tty1\n',
        },
        { user: 'pi', source: '/etc/systemd/system/getty@tty1.service.d/override.conf' },
      ],
      [
        'the unit file itself edited',
        {
          '/lib/systemd/system/getty@.service': gettyUnit.replace(
            /^ExecStart=.*$/m,
            'ExecStart=-/sbin/agetty --noclear -a root %I $TERM',
          ),
        },
        { user: 'root', source: '/lib/systemd/system/getty@.service' },
      ],
      [
        'an -o value that only looks like -a',
        {
          '/etc/systemd/system/getty@tty1.service.d/o.conf':
            "[Service]\nExecStart=\nExecStart=-/sbin/agetty -o '-a x' -I -a %I\n",
        },
        null,
      ],
    ];
    it.each(cases)('%s (and the same from its --record bundle)', async (_, files, expected) => {
      const recording = createRecordingHost(
        await rootHost(await makeRoot({ ...BASE, '/lib/systemd/system/getty@.service': gettyUnit, ...files })),
        redactSecrets,
      );
      const out = await collectLinux(recording.host);
      // A bundle keeps no unit file's arguments (autostart's redactor): the answer is kept instead.
      expect((await collectLinux(createReplayHost(recording.finish()))).facts.autoLogin).toEqual(out.facts.autoLogin);
      const unit = expected?.source.includes('serial')
        ? 'serial-getty@ttyAMA0.service'
        : expected?.source.includes('autovt@tty2')
          ? 'getty@tty2.service'
          : 'getty@tty1.service';
      expect(out.facts.autoLogin).toEqual(
        expected
          ? { enabled: true, user: expected.user, source: `${expected.source} (${unit})`, passwordStored: false }
          : { enabled: false, user: null, source: null, passwordStored: false },
      );
    });

    it('a drop-in folder that cannot be read makes auto-login unknown', async () => {
      const root = await makeRoot({
        ...BASE,
        '/lib/systemd/system/getty@.service': gettyUnit,
        '/etc/systemd/system/getty@tty1.service.d/autologin.conf': RESET,
      });
      const base = await rootHost(root);
      const host = {
        ...base,
        listDir: async (p: string) =>
          p.endsWith('getty@tty1.service.d') ? ({ status: 'denied' } as const) : base.listDir(p),
      };
      const out = await collectLinux(host);
      expect(out.facts.autoLogin.enabled).toBeNull();
      expect(out.unknown['autoLogin.enabled']).toContain('/etc/systemd/system/getty@tty1.service.d (');
    });
  });

  it('lightdm reads /usr/local/share/lightdm/lightdm.conf.d (its XDG system data folders) too', async () => {
    const root = await makeRoot({
      ...BASE,
      '/usr/local/share/lightdm/lightdm.conf.d/50-kiosk.conf': '[Seat:*]\nautologin-user=kiosk\n',
    });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts.autoLogin).toEqual({
      enabled: true,
      user: 'kiosk',
      source: '/usr/local/share/lightdm/lightdm.conf.d/50-kiosk.conf',
      passwordStored: false,
    });
  });

  it('a config file that cannot be read makes auto-login unknown, never off', async () => {
    const root = await makeRoot(BASE);
    // A folder where the file should be: reading it is refused even for root.
    await mkdir(path.join(root, 'etc/lightdm/lightdm.conf'), { recursive: true });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts.autoLogin).toEqual({ enabled: null, user: null, source: null, passwordStored: false });
    expect(out.unknown['autoLogin.enabled']).toBe(
      'cannot read /etc/lightdm/lightdm.conf (a folder, not a regular file: not read)',
    );
    expectHonest(out);
  });
});
