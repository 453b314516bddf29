import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseListUnitFiles, unitStateStartsAtBoot } from '../../../src/probes/linux/parse.js';
import {
  globSegmentToRegExp,
  matchAppliesGlobally,
  parseAutostartEntry,
  parseSshdConfig,
  parseSshdTestOutput,
  parseSshSettingValue,
  redactDesktopEntry,
} from '../../../src/probes/remote_access/parse.js';
import { REPO, SAMPLES } from '../../helpers/host.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test/fixtures/remote_access', name), 'utf8');
const sample = (name: string) => readFile(path.join(SAMPLES, 'linux', name), 'utf8');

describe('parseSshdTestOutput', () => {
  it('reads sshd-T__rhel9-permitrootlogin-yes-password-no-excerpt.txt', async () => {
    const dump = parseSshdTestOutput(await sample('sshd-T__rhel9-permitrootlogin-yes-password-no-excerpt.txt'));
    expect(dump.get('permitrootlogin')).toBe('yes');
    expect(dump.get('passwordauthentication')).toBe('no');
    expect(dump.get('permitemptypasswords')).toBe('no');
    expect(dump.get('pubkeyauthentication')).toBe('yes');
    expect(parseSshSettingValue('permitRootLogin', dump.get('permitrootlogin')!)).toBe('yes');
    expect(parseSshSettingValue('passwordAuthentication', dump.get('passwordauthentication')!)).toBe(false);
  });

  it('reads sshd-T__this-debian12-openssh9.2-default-config.txt (prints the old name without-password)', async () => {
    const dump = parseSshdTestOutput(await fixture('sshd-T__this-debian12-openssh9.2-default-config.txt'));
    expect(dump.get('permitrootlogin')).toBe('without-password');
    expect(parseSshSettingValue('permitRootLogin', dump.get('permitrootlogin')!)).toBe('prohibit-password');
    expect(parseSshSettingValue('passwordAuthentication', dump.get('passwordauthentication')!)).toBe(true);
    expect(parseSshSettingValue('permitEmptyPasswords', dump.get('permitemptypasswords')!)).toBe(false);
  });

  it('reads sshd-T__this-debian12-openssh9.2-rootlogin-yes-password-no-empty-yes.txt', async () => {
    const dump = parseSshdTestOutput(await fixture('sshd-T__this-debian12-openssh9.2-rootlogin-yes-password-no-empty-yes.txt'));
    expect(parseSshSettingValue('permitRootLogin', dump.get('permitrootlogin')!)).toBe('yes');
    expect(parseSshSettingValue('passwordAuthentication', dump.get('passwordauthentication')!)).toBe(false);
    expect(parseSshSettingValue('permitEmptyPasswords', dump.get('permitemptypasswords')!)).toBe(true);
  });
});

describe('parseSshSettingValue', () => {
  it('accepts values case-insensitively like sshd and rejects what sshd rejects', () => {
    expect(parseSshSettingValue('permitRootLogin', 'Forced-Commands-Only')).toBe('forced-commands-only');
    expect(parseSshSettingValue('permitEmptyPasswords', 'YES')).toBe(true);
    expect(parseSshSettingValue('permitRootLogin', 'maybe')).toBeUndefined();
    expect(parseSshSettingValue('passwordAuthentication', 'true')).toBeUndefined();
  });
});

describe('parseSshdConfig', () => {
  it('reads sshd_config__this-debian12-openssh9.2-package-default.txt: Include first, comments skipped', async () => {
    const directives = parseSshdConfig(await fixture('sshd_config__this-debian12-openssh9.2-package-default.txt'));
    expect(directives[0]).toMatchObject({ keyword: 'include', args: ['/etc/ssh/sshd_config.d/*.conf'] });
    expect(directives.map((d) => d.keyword)).not.toContain('permitrootlogin');
    expect(directives.find((d) => d.keyword === 'subsystem')?.args).toEqual(['sftp', '/usr/lib/openssh/sftp-server']);
  });

  it('reads Keyword=value, quoted arguments and trailing comments (handwritten)', () => {
    const d = parseSshdConfig('  PasswordAuthentication = no\nInclude "a b.conf" c.conf # more\nPermitRootLogin no #comment\n# PermitEmptyPasswords yes\n');
    expect(d).toEqual([
      { keyword: 'passwordauthentication', args: ['no'], line: 1 },
      { keyword: 'include', args: ['a b.conf', 'c.conf'], line: 2 },
      { keyword: 'permitrootlogin', args: ['no'], line: 3 },
    ]);
  });

  it('treats only "Match all" as global', () => {
    expect(matchAppliesGlobally(['all'])).toBe(true);
    expect(matchAppliesGlobally(['User', 'bob'])).toBe(false);
  });
});

describe('globSegmentToRegExp', () => {
  it('matches like glob(3)', () => {
    expect(globSegmentToRegExp('*.conf').test('50-cloud-init.conf')).toBe(true);
    expect(globSegmentToRegExp('*.conf').test('50-cloud-init.conf.bak')).toBe(false);
    expect(globSegmentToRegExp('[0-4]?-*.conf').test('10-x.conf')).toBe(true);
    expect(globSegmentToRegExp('[!0-4]*.conf').test('10-x.conf')).toBe(false);
    expect(globSegmentToRegExp('vncserver@*.service').test('vncserver@.service')).toBe(true);
  });
});

describe('parseListUnitFiles', () => {
  it('reads systemctl-list-unit-files__this-debian12-systemd252-openssh-installed.txt', async () => {
    const states = parseListUnitFiles(await fixture('systemctl-list-unit-files__this-debian12-systemd252-openssh-installed.txt'));
    expect([...(states ?? [])]).toEqual([
      ['ssh.service', 'enabled'],
      ['sshd.service', 'alias'],
      ['ssh.socket', 'disabled'],
    ]);
  });

  it('refuses output that is not unit lines, instead of reading it as "nothing enabled"', () => {
    expect(parseListUnitFiles('Failed to connect to bus\n')).toBe(null);
    expect(parseListUnitFiles('')).toEqual(new Map());
  });

  it('says which states start a unit at boot', () => {
    expect(unitStateStartsAtBoot('xrdp.service', 'enabled')).toBe(true);
    expect(unitStateStartsAtBoot('xrdp.service', 'disabled')).toBe(false);
    expect(unitStateStartsAtBoot('sshd.service', 'alias')).toBe(false);
    expect(unitStateStartsAtBoot('x11vnc.service', 'masked')).toBe(false);
    expect(unitStateStartsAtBoot('tigervncserver@.service', 'indirect')).toBe(true);
    expect(unitStateStartsAtBoot('cups.service', 'indirect')).toBe(false);
  });
});

describe('parseAutostartEntry', () => {
  it('reads x11vnc.desktop__debian12-x11vnc-0.9.16-package.desktop', async () => {
    expect(parseAutostartEntry(await fixture('x11vnc.desktop__debian12-x11vnc-0.9.16-package.desktop'))).toEqual({ program: 'x11vnc', enabled: true });
  });

  it('reads vino-server.desktop__debian12-vino-3.22-package.desktop (absolute Exec path)', async () => {
    expect(parseAutostartEntry(await fixture('vino-server.desktop__debian12-vino-3.22-package.desktop'))).toEqual({ program: 'vino-server', enabled: true });
  });

  it('reads at-spi-dbus-bus.desktop__this-debian12-etc-xdg-autostart.desktop', async () => {
    expect(parseAutostartEntry(await fixture('at-spi-dbus-bus.desktop__this-debian12-etc-xdg-autostart.desktop'))).toEqual({ program: 'at-spi-bus-launcher', enabled: true });
  });

  it('honours Hidden / X-GNOME-Autostart-enabled and env prefixes (handwritten)', () => {
    expect(parseAutostartEntry('[Desktop Entry]\nExec=anydesk --tray\nHidden=true\n')).toEqual({ program: 'anydesk', enabled: false });
    expect(parseAutostartEntry('[Desktop Entry]\nExec=anydesk\nX-GNOME-Autostart-enabled=false\n').enabled).toBe(false);
    expect(parseAutostartEntry('[Desktop Entry]\nExec=env LIBVA_DRIVER_NAME=iHD /opt/todesk/bin/ToDesk\n').program).toBe('ToDesk');
    expect(parseAutostartEntry('[Desktop Action x]\nExec=rustdesk\n').program).toBeNull();
  });
});

describe('redactDesktopEntry', () => {
  it('drops Exec= arguments and env values but keeps the program the parser reads', async () => {
    const text = await fixture('x11vnc.desktop__debian12-x11vnc-0.9.16-package.desktop');
    const redacted = redactDesktopEntry(text);
    expect(redacted).toContain('Exec=x11vnc REDACTED\n');
    expect(redacted).not.toContain('rfbport');
    expect(parseAutostartEntry(redacted)).toEqual(parseAutostartEntry(text));
    const handwritten = '[Desktop Entry]\nExec=env VNC_PASS=hunter2 "/opt/my tools/x11vnc" -passwd hunter2\n';
    expect(redactDesktopEntry(handwritten)).not.toContain('hunter2');
    expect(parseAutostartEntry(redactDesktopEntry(handwritten)).program).toBe('x11vnc');
  });
});
