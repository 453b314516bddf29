import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../../../src/host/live.js';
import { desktopUserReason } from '../../../src/probes/linux/desktop-user.js';
import { collectLinux } from '../../../src/probes/screen_lock/linux.js';
import { REASON } from '../../../src/probes/types.js';
import type { Host } from '../../../src/host/types.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { runInNamespace } from '../../helpers/namespace.js';
import { needs, needsTool } from '../../helpers/tools.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'screen_lock', name), 'utf8');
const LOCK_FACTS = ['enabled', 'requiresPassword', 'idleSeconds', 'source'] as const;
/** A desktop whose lock settings were not read. */
const DESKTOP_NOT_READ = { hasDesktop: true, enabled: null, requiresPassword: null, idleSeconds: null, source: null };

/** Every null fact has a reason: a scan never reports what it could not read as a value. */
function expectHonest(output: Awaited<ReturnType<typeof collectLinux>>) {
  for (const [key, value] of Object.entries(output.facts))
    if (value === null) expect(output.unknown[key], key).toBeTruthy();
}

// gsettings reads GNOME's keys from the schemas of gsettings-desktop-schemas.
const gsettings = needs({
  '/usr/bin/gsettings': 'libglib2.0-bin',
  '/usr/share/glib-2.0/schemas/org.gnome.desktop.screensaver.gschema.xml': 'gsettings-desktop-schemas',
});

describe('screen_lock on Linux', () => {
  it('a PC without a desktop has no screen lock to check', async () => {
    const out = await collectLinux(await rootHost(await makeRoot({ '/usr/bin/bash': '' })));
    expect(out.facts).toEqual({
      hasDesktop: false,
      enabled: null,
      requiresPassword: null,
      idleSeconds: null,
      source: null,
    });
    for (const key of LOCK_FACTS)
      expect(out.unknown[key]).toBe('does not exist on this PC: no graphical desktop installed');
  });

  it("scanned in a desktop session of a desktop it does not know (Deepin/UOS, Kylin's UKUI): unknown, not 'no desktop'", async () => {
    // A Deepin session (startdde) on a compositor shop-audit does not list: none of the programs it knows.
    const root = await makeRoot({ '/usr/bin/bash': '', '/usr/bin/startdde': '' });
    const out = await collectLinux(
      await rootHost(root, { env: { XDG_CURRENT_DESKTOP: 'Deepin', XDG_SESSION_TYPE: 'x11' } }),
    );
    expect(out.facts.hasDesktop).toBe(true);
    expect(out.facts.enabled).toBeNull();
    expect(out.unknown.enabled).toMatch(/Deepin/);
    // Over SSH (XDG_SESSION_TYPE tty) nothing says there is a desktop.
    const ssh = await collectLinux(await rootHost(root, { env: { XDG_SESSION_TYPE: 'tty' } }));
    expect(ssh.facts.hasDesktop).toBe(false);
  });

  it('KDE: reads ~/.config/kscreenlockerrc of the user (handwritten file as KDE writes it)', async () => {
    const root = await makeRoot({
      '/usr/bin/plasmashell': '',
      '/usr/bin/sddm': '',
      '/home/tester/.config/kscreenlockerrc': await fixture(
        'kscreenlockerrc__handwritten-kde-timeout-15min-grace-30s.txt',
      ),
    });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts).toEqual({
      hasDesktop: true,
      enabled: true,
      requiresPassword: true,
      idleSeconds: 930,
      source: 'KDE /home/tester/.config/kscreenlockerrc',
    });
    expect(out.unknown).toEqual({});
  });

  it('KDE: no file means KDE defaults; an immutable /etc/xdg file beats the user file', async () => {
    const defaults = await collectLinux(await rootHost(await makeRoot({ '/usr/bin/plasmashell': '' })));
    expect(defaults.facts).toMatchObject({
      enabled: true,
      requiresPassword: true,
      idleSeconds: 305,
      source: 'KDE defaults (no kscreenlockerrc)',
    });

    const root = await makeRoot({
      '/usr/bin/plasmashell': '',
      '/etc/xdg/kscreenlockerrc': await fixture('kscreenlockerrc__handwritten-etc-xdg-kiosk-whole-file-immutable.txt'),
      '/home/tester/.config/kscreenlockerrc': await fixture('kscreenlockerrc__handwritten-kde-autolock-off.txt'),
    });
    const kiosk = await collectLinux(await rootHost(root));
    expect(kiosk.facts).toMatchObject({
      enabled: true,
      idleSeconds: 305,
      source: 'KDE /etc/xdg/kscreenlockerrc + /home/tester/.config/kscreenlockerrc',
    });
  });

  // KConfig reads kscreenlockerrc from every folder of XDG_CONFIG_DIRS (the first wins; /etc/xdg only when it is
  // unset), then the user's own: a distribution or kiosk may put the file in force in a folder of its own.
  const kreadconfig = needsTool('/usr/bin/kreadconfig5', 'libkf5config-bin');
  kreadconfig.it('KDE: the folders of XDG_CONFIG_DIRS, in its order, as the real KConfig reads them', async () => {
    const root = await makeRoot({
      '/usr/bin/plasmashell': '',
      '/etc/xdg/xdg-plasma/kscreenlockerrc': await fixture('kscreenlockerrc__handwritten-kde-autolock-off.txt'),
      '/etc/xdg/kscreenlockerrc': '[Daemon]\nAutolock=true\nTimeout=3\n',
      '/usr/share/kf5-settings/kscreenlockerrc': '[Daemon]\nTimeout=10\nLockGrace=60\n',
    });
    const dirs = ['/etc/xdg/xdg-plasma', '/etc/xdg', '/usr/share/kf5-settings'];
    const kde = async (order: string[]) => {
      const env = { XDG_CURRENT_DESKTOP: 'KDE', XDG_CONFIG_DIRS: order.join(':') };
      const out = await collectLinux(await rootHost(root, { env }));
      // What Plasma's own KConfig reads from the same folders (outside the temporary root: under it).
      const read = (key: string) =>
        execFileSync(
          '/usr/bin/kreadconfig5',
          ['--file', 'kscreenlockerrc', '--group', 'Daemon', '--key', key, '--default', 'unset'],
          {
            encoding: 'utf8',
            env: {
              PATH: '/usr/bin:/bin',
              HOME: path.join(root, 'home/tester'),
              XDG_CONFIG_HOME: path.join(root, 'home/tester/.config'),
              XDG_CONFIG_DIRS: order.map((d) => path.join(root, d)).join(':'),
            },
          },
        ).trim();
      return { out, autolock: read('Autolock'), timeout: read('Timeout'), grace: read('LockGrace') };
    };
    const kubuntu = await kde(dirs);
    expect(kubuntu).toMatchObject({ autolock: 'false', timeout: '3', grace: '60' });
    expect(kubuntu.out.facts).toMatchObject({
      enabled: false,
      source:
        'KDE /usr/share/kf5-settings/kscreenlockerrc + /etc/xdg/kscreenlockerrc + /etc/xdg/xdg-plasma/kscreenlockerrc',
    });
    const reversed = await kde([...dirs].reverse());
    expect(reversed).toMatchObject({ autolock: 'true', timeout: '10', grace: '60' });
    expect(reversed.out.facts).toMatchObject({ enabled: true, idleSeconds: 10 * 60 + 60 });
    // A relative folder is taken from the folder the desktop was started in, which a scan cannot know.
    const relative = await collectLinux(
      await rootHost(root, { env: { XDG_CURRENT_DESKTOP: 'KDE', XDG_CONFIG_DIRS: 'xdg:/etc/xdg' } }),
    );
    expect(relative.facts.enabled).toBeNull();
    expect(relative.unknown.enabled).toContain('XDG_CONFIG_DIRS');
  });

  it('KDE: Autolock=false is reported as no lock, not as unknown', async () => {
    const root = await makeRoot({
      '/usr/bin/plasmashell': '',
      '/home/tester/.config/kscreenlockerrc': await fixture('kscreenlockerrc__handwritten-kde-autolock-off.txt'),
    });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts).toMatchObject({ hasDesktop: true, enabled: false, idleSeconds: 0 });
  });

  it("under sudo the settings would be root's: unknown with the under-sudo reason", async () => {
    const root = await makeRoot({
      '/usr/bin/plasmashell': '',
      '/root/.config/kscreenlockerrc': '[Daemon]\nTimeout=1\n',
    });
    const out = await collectLinux(
      await rootHost(root, {
        elevated: true,
        user: { name: 'root', uid: 0, home: '/root' },
        env: { SUDO_USER: 'tester' },
      }),
    );
    expect(out.facts).toEqual(DESKTOP_NOT_READ);
    for (const key of LOCK_FACTS) expect(out.unknown[key]).toBe(REASON.underSudo);
  });

  // su, pkexec and doas keep the login's loginuid (pam_loginuid sets it once per login session); a job of systemd
  // has none (4294967295), one of cron has its owner's. Only root logged in at a screen of its own reads its own.
  it.each([
    ['pkexec or su from the desktop user (loginuid 1000, no SUDO_USER)', '1000', {}],
    ['a systemd timer or service (no loginuid)', '4294967295', {}],
    ["root's crontab (loginuid 0) with no screen", '0', {}],
    ['a root ssh login that passes no display', '0', { XDG_CURRENT_DESKTOP: 'KDE' }],
  ])("run as root by %s: root's own settings are not the desktop user's, so unknown", async (_, loginuid, env) => {
    const root = await makeRoot({
      '/usr/bin/plasmashell': '',
      '/proc/self/loginuid': loginuid,
      '/home/shop/.config/kscreenlockerrc': await fixture('kscreenlockerrc__handwritten-kde-autolock-off.txt'),
    });
    const out = await collectLinux(
      await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' }, env }),
    );
    expect(out.facts).toEqual(DESKTOP_NOT_READ);
    for (const key of LOCK_FACTS) expect(out.unknown[key]).toBe(REASON.asRoot);
  });

  it("root logged in at a screen of its own (loginuid 0, a display) reads root's own settings", async () => {
    const root = await makeRoot({
      '/usr/bin/plasmashell': '',
      '/proc/self/loginuid': '0',
      '/root/.config/kscreenlockerrc': await fixture('kscreenlockerrc__handwritten-kde-autolock-off.txt'),
    });
    const user = { name: 'root', uid: 0, home: '/root' };
    for (const env of [{ DISPLAY: ':0' }, { WAYLAND_DISPLAY: 'wayland-0' }]) {
      const out = await collectLinux(await rootHost(root, { elevated: true, user, env }));
      expect(out.facts).toMatchObject({ enabled: false, source: 'KDE /root/.config/kscreenlockerrc' });
    }
  });

  it("this test's own process, root with no login session: the real /proc/self/loginuid says not a desktop", async () => {
    const live = await createLiveHost({ elevated: true, user: { name: 'root', uid: 0, home: '/root' }, env: {} });
    const own = (await readFile('/proc/self/loginuid', 'utf8')).trim();
    expect(await desktopUserReason(live)).toBe(own === '0' ? null : REASON.asRoot);
    expect(await desktopUserReason({ ...live, elevated: false })).toBeNull();
    expect(await desktopUserReason({ ...live, env: (n) => (n === 'SUDO_USER' ? 'shop' : undefined) })).toBe(
      REASON.underSudo,
    );
  });

  gsettings.it('GNOME: runs the real gsettings of this machine and adds idle-delay and lock-delay', async () => {
    const env = { PATH: '/usr/bin:/bin', LC_ALL: 'C' };
    const idle = Number(
      /\d+$/.exec(
        execFileSync('/usr/bin/gsettings', ['get', 'org.gnome.desktop.session', 'idle-delay'], {
          env,
          encoding: 'utf8',
        }).trim(),
      )?.[0],
    );
    const lockDelay = Number(
      /\d+$/.exec(
        execFileSync('/usr/bin/gsettings', ['get', 'org.gnome.desktop.screensaver', 'lock-delay'], {
          env,
          encoding: 'utf8',
        }).trim(),
      )?.[0],
    );
    const lockEnabled =
      execFileSync('/usr/bin/gsettings', ['get', 'org.gnome.desktop.screensaver', 'lock-enabled'], {
        env,
        encoding: 'utf8',
      }).trim() === 'true';
    const out = await collectLinux(
      await rootHost(await makeRoot({ '/usr/bin/gnome-shell': '', '/usr/sbin/gdm3': '' })),
    );
    expect(out.facts).toEqual({
      hasDesktop: true,
      enabled: idle > 0,
      requiresPassword: lockEnabled,
      idleSeconds: idle > 0 && lockEnabled ? idle + lockDelay : 0,
      source: 'GNOME settings (gsettings) of user tester',
    });
    expect(out.unknown).toEqual({});
  });

  needs({
    '/usr/bin/gsettings': 'libglib2.0-bin',
    '/usr/share/glib-2.0/schemas/org.gnome.desktop.lockdown.gschema.xml': 'gsettings-desktop-schemas',
    '/usr/bin/dbus-run-session': 'dbus-daemon',
    '/usr/libexec/dconf-service': 'dconf-service',
    '/usr/bin/unshare': 'util-linux',
  }).it(
    'GNOME: org.gnome.desktop.lockdown disable-lock-screen stops every lock, whatever lock-enabled says',
    async () => {
      // A user's own settings database, written as a session writes it (gsettings through the dconf service), then
      // read by the real gsettings in a private mount namespace where it is the scanning account's home.
      const home = await makeRoot({ 'run/.keep': '' });
      const set = (key: string, value: string) =>
        execFileSync('/usr/bin/dbus-run-session', ['--', '/usr/bin/gsettings', 'set', ...key.split(' '), value], {
          env: { PATH: '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: path.join(home, 'run') },
          stdio: 'pipe',
        });
      set('org.gnome.desktop.session idle-delay', 'uint32 300');
      set('org.gnome.desktop.screensaver lock-enabled', 'true');
      const base = await rootHost(await makeRoot({ '/usr/bin/gnome-shell': '', '/usr/sbin/gdm3': '' }));
      const host: Host = {
        ...base,
        exec: async (command, args, options) => {
          if (command !== '/usr/bin/gsettings') return base.exec(command, args, options);
          const r = runInNamespace({ [homedir()]: home }, command, args as string[]);
          return { status: 'exited', exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
        },
      };
      expect((await collectLinux(host)).facts).toMatchObject({
        enabled: true,
        requiresPassword: true,
        idleSeconds: 300,
      });
      set('org.gnome.desktop.lockdown disable-lock-screen', 'true');
      const out = await collectLinux(host);
      expect(out.facts).toMatchObject({ enabled: true, requiresPassword: false, idleSeconds: 0 });
      expectHonest(out);
    },
  );

  it('several desktops: the session variable decides, else unknown', async () => {
    const files = { '/usr/bin/gnome-shell': '', '/usr/bin/plasmashell': '' };
    const unsure = await collectLinux(await rootHost(await makeRoot(files)));
    expect(unsure.facts.enabled).toBeNull();
    expect(unsure.unknown.enabled).toMatch(/^several desktops are installed \(gnome, kde\)/);
    expectHonest(unsure);

    const kde = await collectLinux(await rootHost(await makeRoot(files), { env: { XDG_CURRENT_DESKTOP: 'KDE' } }));
    expect(kde.facts.source).toBe('KDE defaults (no kscreenlockerrc)');
  });

  it('a desktop whose lock settings are not read yet is unknown, not passed', async () => {
    const out = await collectLinux(
      await rootHost(await makeRoot({ '/usr/bin/xfce4-session': '', '/usr/sbin/lightdm': '' })),
    );
    expect(out.facts.hasDesktop).toBe(true);
    expect(out.unknown.idleSeconds).toBe('reading the screen lock of the xfce desktop is not supported yet');
    expectHonest(out);
  });

  // A kiosk or till PC started by startx (xinit) or a Wayland kiosk compositor has a screen and no display manager.
  it.each([
    ['the X server (startx, a window manager)', { '/usr/lib/xorg/Xorg': '', '/usr/bin/openbox': '' }],
    ['a Wayland kiosk compositor', { '/usr/bin/cage': '' }],
    ['sway', { '/usr/bin/sway': '' }],
  ])('%s without a display manager is a screen whose lock is unknown, not "no desktop"', async (_, files) => {
    const out = await collectLinux(await rootHost(await makeRoot(files)));
    expect(out.facts).toEqual(DESKTOP_NOT_READ);
    expect(out.unknown.enabled).toBe(
      'a graphical screen (display manager or display server) is installed, but no desktop whose lock shop-audit reads',
    );
  });

  it('an unreadable kscreenlockerrc is unknown', async () => {
    const root = await makeRoot({ '/usr/bin/plasmashell': '', '/home/tester/.config/kscreenlockerrc/oops': '' });
    const out = await collectLinux(await rootHost(root));
    expect(out.facts.enabled).toBeNull();
    expect(out.unknown.enabled).toBe('/home/tester/.config/kscreenlockerrc: a folder, not a regular file: not read');
    expectHonest(out);
  });
});
