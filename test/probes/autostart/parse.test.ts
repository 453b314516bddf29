import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cronRebootPrograms,
  dpkgConffileSums,
  plistProgram,
  redactCrontab,
  redactPlist,
  redactUnit,
  unitProgram,
} from '../../../src/probes/autostart/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (dir: string, name: string) => readFileSync(path.join(REPO, 'test/fixtures', dir, name), 'utf8');

describe('systemd units', () => {
  it("reads the first ExecStart= of [Service]: Debian's ssh.service", () => {
    const unit = fixture('remote_access', 'ssh.service__this-debian12-openssh9.2-package.service');
    expect(unitProgram(unit)).toBe('/usr/sbin/sshd');
    expect(redactUnit(unit)).toContain('ExecStart=/usr/sbin/sshd\n');
    expect(unitProgram(redactUnit(unit))).toBe('/usr/sbin/sshd');
  });

  it('takes off prefixes and quotes, and finds nothing in a timer (handwritten)', () => {
    expect(unitProgram('[Service]\nExecStart=-@"/opt/a b/run" x\n')).toBe('/opt/a b/run');
    expect(unitProgram('[Unit]\nExecStart=/not/here\n[Timer]\nOnBootSec=1\n')).toBeNull();
  });
});

describe('cron @reboot', () => {
  it('the real e2scrub_all cron.d file of Debian 12 has none', () => {
    expect(cronRebootPrograms(fixture('autostart', 'e2scrub_all__this-debian12-etc-cron.d.txt'), true)).toEqual([]);
  });

  it("system crontabs have a user field, users' crontabs not; a bundle keeps only the program (handwritten)", () => {
    const system = '@reboot root /usr/local/bin/x --pass hunter2\n# @reboot root /off\n';
    expect(cronRebootPrograms(system, true)).toEqual(['/usr/local/bin/x']);
    expect(cronRebootPrograms('@reboot  sleep 60 && /opt/y\n', false)).toEqual(['sleep']);
    const redacted = redactCrontab(`${system}MAILTO=owner@example.com\n0 3 * * * root /backup -p hunter2\n`, true);
    expect(redacted).not.toMatch(/hunter2|owner@/);
    expect(cronRebootPrograms(redacted, true)).toEqual(['/usr/local/bin/x']);
  });
});

describe('launchd plists', () => {
  it('ProgramArguments[0] of RustDesk and Teleport (real plists); a bundle keeps it and drops the other arguments', () => {
    const rustdesk = fixture('autostart', 'com.carriez.RustDesk_server.plist__rustdesk-launchagent.plist');
    const teleport = fixture('autostart', 'com.goteleport.teleport.plist__teleport-launchdaemon.plist');
    expect(plistProgram(rustdesk)).toBe('/Applications/RustDesk.app/Contents/MacOS/rustdesk');
    expect(plistProgram(teleport)).toBe('/usr/local/bin/teleport');
    expect(redactPlist(teleport)).not.toContain('--config=');
    expect(plistProgram(redactPlist(teleport))).toBe('/usr/local/bin/teleport');
  });

  it('Program wins; a binary plist gives none (handwritten)', () => {
    expect(
      plistProgram(
        '<key>Program</key>\n<string>/opt/a&amp;b</string><key>ProgramArguments</key><array><string>x</string></array>',
      ),
    ).toBe('/opt/a&b');
    expect(plistProgram('bplist00\u00d1\u0001\u0002')).toBeNull();
  });
});

describe("dpkg's conffiles", () => {
  it('reads the Conffiles of three real stanzas of this machine', () => {
    const status = fixture('autostart', 'dpkg-status__this-debian12-three-packages.txt');
    const asked = [
      '/etc/xdg/autostart/xdg-user-dirs.desktop',
      '/etc/cron.d/e2scrub_all',
      '/etc/xdg/autostart/at-spi-dbus-bus.desktop',
      '/etc/xdg/autostart/not-installed.desktop',
    ];
    const files = dpkgConffileSums(status, asked);
    expect(files.get('/etc/xdg/autostart/xdg-user-dirs.desktop')).toBe('19075979fa4ac105aa08763bd68e9589');
    expect(files.get('/etc/cron.d/e2scrub_all')).toBe('bc533e09f3b3d96bfe1633ad57eb7026');
    expect(files.has('/etc/xdg/autostart/at-spi-dbus-bus.desktop')).toBe(true);
    expect(files.has('/etc/xdg/autostart/not-installed.desktop')).toBe(false);
    // Only the paths asked for: the status file names other conffiles too.
    expect(dpkgConffileSums(status, ['/etc/cron.d/e2scrub_all']).size).toBe(1);
  });

  it('a line shaped like a conffile in another field (a Description) is not one', () => {
    const path = '/etc/xdg/autostart/planted.desktop';
    const line = ` ${path} 0123456789abcdef0123456789abcdef`;
    const handwritten = `Package: a\nDescription: x\n${line}\nConffiles:\n /etc/a.conf 0123456789abcdef0123456789abcdef\n`;
    expect(dpkgConffileSums(handwritten, [path]).size).toBe(0);
    expect(
      dpkgConffileSums(`Package: b\nConffiles:\n /etc/b.conf ${'f'.repeat(32)}\n${line}\n`, [path]).get(path),
    ).toBe('0123456789abcdef0123456789abcdef');
  });
});
