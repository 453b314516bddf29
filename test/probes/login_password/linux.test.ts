import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../../../src/host/live.js';
import { collectLinux } from '../../../src/probes/login_password/linux.js';
import { REASON } from '../../../src/probes/types.js';
import { makeRoot, rootHost, SAMPLES } from '../../helpers/host.js';
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
const BASE = { '/etc/passwd': PASSWD, '/etc/shadow': SHADOW, '/etc/login.defs': 'UID_MIN\t\t\t 1000\nUID_MAX\t\t\t60000\n', '/etc/group': 'root:x:0:\n' };

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
    const out = await collectLinux(await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }));
    expect(out.facts.accounts).toEqual([
      { name: 'root', builtin: 'admin', password: 'locked' },
      { name: 'alice', builtin: 'none', password: 'set' },
      { name: 'bob', builtin: 'none', password: 'empty' },
      { name: 'carol', builtin: 'none', password: 'locked' },
      { name: 'old', builtin: 'none', password: null },
    ]);
    expect(out.unknown).toEqual({ 'accounts[old].password': 'no entry in /etc/shadow', guestEnabled: REASON.notOnThisOs, builtinAdminEnabled: REASON.notOnThisOs });
    // The real shadow tool, reading the same files, must tell the same story.
    const statusWord = { P: 'set', NP: 'empty', L: 'locked' } as Record<string, string>;
    for (const account of out.facts.accounts ?? []) {
      if (account.password === null) continue;
      const line = execFileSync('/usr/bin/passwd', ['-R', root, '-S', account.name ?? ''], { encoding: 'utf8' });
      expect(statusWord[line.split(' ')[1] ?? '']).toBe(account.password);
    }
    expectHonest(out);
  });

  it('without root reports other accounts as unknown (needs root) and asks passwd -S only for itself', async () => {
    const root = await makeRoot({ ...BASE, '/etc/passwd': PASSWD.replace('old:x:', 'old::') });
    const out = await collectLinux(await rootHost(root, { elevated: false, user: { name: 'alice', uid: 1000, home: '/home/alice' } }));
    const byName = Object.fromEntries((out.facts.accounts ?? []).map((a) => [a.name, a.password]));
    // An empty field in /etc/passwd itself is readable by anyone: no password at all.
    expect(byName).toEqual({ root: null, alice: null, bob: null, carol: null, old: 'empty' });
    for (const name of ['root', 'bob', 'carol']) expect(out.unknown[`accounts[${name}].password`]).toBe(REASON.needsRoot);
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
    expect(out.facts.accounts?.find((a) => a.name === 'root')).toEqual({ name: 'root', builtin: 'admin', password: expected });
    expectHonest(out);
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
    const conf = await readFile(path.join(SAMPLES, 'linux', 'gdm-custom-conf__arch-autologin-enabled-wayland-disabled.txt'), 'utf8');
    const root = await makeRoot({ ...BASE, '/etc/gdm3/daemon.conf': '[daemon]\n#AutomaticLoginEnable=true\n', '/etc/gdm/custom.conf': conf });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts.autoLogin).toEqual({ enabled: true, user: 'rkmax', source: '/etc/gdm/custom.conf', passwordStored: false });
  });

  it('lightdm: a conf.d file overrides an earlier one, and lightdm.conf (read last) can switch it off', async () => {
    const files = {
      ...BASE,
      '/usr/share/lightdm/lightdm.conf.d/01_debian.conf': '[Seat:*]\ngreeter-session=lightdm-greeter\ngreeter-hide-users=true\nsession-wrapper=/etc/X11/Xsession\n',
      '/etc/lightdm/lightdm.conf.d/10-autologin.conf': '[Seat:*]\nautologin-user=alice\nautologin-user-timeout=0\n',
      '/etc/lightdm/lightdm.conf.d/50-shop.conf': '[SeatDefaults]\nautologin-user=bob\n',
      '/etc/lightdm/lightdm.conf': '[LightDM]\n#start-default-seat=true\n[Seat:*]\n#autologin-user=\n',
    };
    const on = await collectLinux(await rootHost(await makeRoot(files)));
    expect(on.facts.autoLogin).toEqual({ enabled: true, user: 'bob', source: '/etc/lightdm/lightdm.conf.d/50-shop.conf', passwordStored: false });

    const off = await collectLinux(await rootHost(await makeRoot({ ...files, '/etc/lightdm/lightdm.conf': '[Seat:*]\nautologin-user=\n' })));
    expect(off.facts.autoLogin).toEqual({ enabled: false, user: null, source: null, passwordStored: false });
  });

  it('sddm auto-login from a conf.d file', async () => {
    const root = await makeRoot({ ...BASE, '/etc/sddm.conf.d/kde_settings.conf': '[Autologin]\nRelogin=false\nSession=plasma\nUser=kiosk\n' });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts.autoLogin).toEqual({ enabled: true, user: 'kiosk', source: '/etc/sddm.conf.d/kde_settings.conf', passwordStored: false });
  });

  it('a config file that cannot be read makes auto-login unknown, never off', async () => {
    const root = await makeRoot(BASE);
    // A folder where the file should be: reading it is refused even for root.
    await mkdir(path.join(root, 'etc/lightdm/lightdm.conf'), { recursive: true });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts.autoLogin).toEqual({ enabled: null, user: null, source: null, passwordStored: false });
    expect(out.unknown['autoLogin.enabled']).toBe('cannot read /etc/lightdm/lightdm.conf (a folder, not a regular file: not read)');
    expectHonest(out);
  });
});
