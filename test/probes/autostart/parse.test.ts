import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cronRebootPrograms,
  dpkgConffileSums,
  entry,
  isWindowsProgram,
  partialList,
  printExtensions,
  windowsEntries,
  windowsProgram,
  plistProgram,
  redactCrontab,
  redactPlist,
  redactUnit,
  unitProgram,
} from '../../../src/probes/autostart/parse.js';
import { REASON } from '../../../src/probes/types.js';
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

describe('Windows entries: edges found by mutation testing (values handwritten as the script answers them)', () => {
  it("Windows' own folder: each way of writing it, in any case; a folder that only contains the name is not it", () => {
    for (const p of [
      '\\??\\C:\\Windows\\System32\\drivers\\x.sys',
      '%windir%\\x.exe',
      '\\SystemRoot\\System32\\drivers\\x.sys',
      'SysWOW64\\x.exe',
      'c:\\windows\\x.exe',
    ])
      expect(isWindowsProgram(p, 'C:\\WINDOWS'), p).toBe(true);
    for (const p of [
      'C:\\Tools\\system32\\x.exe',
      'C:\\Tools\\syswow64\\x.exe',
      '\\SystemRootX\\x.exe',
      'C:\\Program Files\\C:\\Windows\\x.exe',
      'x%SystemRoot%\\x.exe',
      'C:\\Windows',
    ])
      expect(isWindowsProgram(p, 'C:\\Windows'), p).toBe(false);
  });

  it('the program of a command line, unquoted; none for an empty one', () => {
    expect(windowsProgram('"C:\\a b\\x.exe" -k')).toBe('C:\\a b\\x.exe');
    expect(windowsProgram('')).toBeNull();
    expect(windowsProgram('""')).toBeNull();
  });

  it("print add-ons: shipped only as Windows' own name and DLL, bare or in System32; no Driver, nothing loaded", () => {
    const found = printExtensions(
      [
        { name: 'Standard TCP/IP Port', driver: 'tcpmon.dll' },
        { name: 'Local Port', driver: 'C:\\WINDOWS\\system32\\LOCALSPL.DLL' },
        { name: 'USB Monitor', driver: 'C:\\Temp\\usbmon.dll' },
        { name: 'Evil Port', driver: 'C:\\Windows\\System32\\tcpmon.dll' },
        { name: 'Standard TCP/IP Port', driver: '\\tcpmon.dll' },
        { name: 'Empty', driver: null },
      ],
      [
        { environment: 'Windows x64', name: 'winprint', driver: 'winprint.dll' },
        { environment: 'Windows ARM64', name: 'winprint', driver: null },
        { environment: 'Windows x64', name: 'Other', driver: 'other.dll' },
      ],
      'C:\\Windows',
    );
    expect(found).toEqual([
      {
        id: 'print-monitor:Standard TCP/IP Port',
        kind: 'print-monitor',
        name: 'Standard TCP/IP Port (tcpmon.dll)',
        driver: 'tcpmon.dll',
        shipped: true,
      },
      {
        id: 'print-monitor:Local Port',
        kind: 'print-monitor',
        name: 'Local Port (C:\\WINDOWS\\system32\\LOCALSPL.DLL)',
        driver: 'C:\\WINDOWS\\system32\\LOCALSPL.DLL',
        shipped: true,
      },
      {
        id: 'print-monitor:USB Monitor',
        kind: 'print-monitor',
        name: 'USB Monitor (C:\\Temp\\usbmon.dll)',
        driver: 'C:\\Temp\\usbmon.dll',
        shipped: false,
      },
      {
        id: 'print-monitor:Evil Port',
        kind: 'print-monitor',
        name: 'Evil Port (C:\\Windows\\System32\\tcpmon.dll)',
        driver: 'C:\\Windows\\System32\\tcpmon.dll',
        shipped: false,
      },
      {
        id: 'print-monitor:Standard TCP/IP Port',
        kind: 'print-monitor',
        name: 'Standard TCP/IP Port (\\tcpmon.dll)',
        driver: '\\tcpmon.dll',
        shipped: false,
      },
      {
        id: 'print-processor:Windows x64\\winprint',
        kind: 'print-processor',
        name: 'winprint (Windows x64, winprint.dll)',
        driver: 'winprint.dll',
        shipped: true,
      },
      {
        id: 'print-processor:Windows x64\\Other',
        kind: 'print-processor',
        name: 'Other (Windows x64, other.dll)',
        driver: 'other.dll',
        shipped: false,
      },
    ]);
  });

  it('an entry named by its label and program; a publisher of blanks is none', () => {
    expect(entry('run-key', 'k\\n', 'C:\\x.exe', 'C:\\x.exe', '  ')).toEqual({
      id: 'run-key:k\\n',
      kind: 'run-key',
      name: 'C:\\x.exe',
      program: 'C:\\x.exe',
      publisher: null,
    });
    expect(entry('service', 's', 'S', null, ' Oray ')).toEqual({
      id: 'service:s',
      kind: 'service',
      name: 'S',
      program: null,
      publisher: 'Oray',
    });
    expect(entry('service', 's', 'S', 'C:\\s.exe').name).toBe('S (C:\\s.exe)');
  });

  it('services: automatic, with a program outside Windows; tasks unless disabled; every kind with its place', () => {
    const service = (name: string, startMode: string, command: string | null, displayName: string | null = null) => ({
      name,
      displayName,
      state: 'Running',
      startMode,
      command,
      publisher: null,
    });
    const entries = windowsEntries(
      {
        runKeys: [{ key: 'HKCU\\Run', name: 'a', command: 'C:\\a.exe', publisher: null }],
        services: [
          service('NoCommand', 'Auto', null),
          service('Manual', 'Manual', 'C:\\m.exe'),
          service('Win', 'Auto', 'C:\\Windows\\w.exe'),
          service('Mine', 'Auto', 'C:\\mine.exe'),
          service('Named', 'Auto', 'C:\\n.exe', 'Named Service'),
        ],
        scheduledTasks: [
          { path: '\\Run', state: 'Running', command: 'C:\\t.exe -x', publisher: null },
          { path: '\\Off', state: 'Disabled', command: 'C:\\o.exe', publisher: null },
          { path: '\\New', state: null, command: 'C:\\n.exe', publisher: null },
        ],
        startupFolders: [{ folder: 'CommonStartup', name: 'b.lnk', command: 'C:\\b.exe', publisher: null }],
      },
      'C:\\Windows',
    );
    expect(entries.map((e) => [e.id, e.name])).toEqual([
      ['run-key:HKCU\\Run\\a', 'a (C:\\a.exe)'],
      ['service:Mine', 'Mine (C:\\mine.exe)'],
      ['service:Named', 'Named Service (C:\\n.exe)'],
      ['scheduled-task:\\Run|C:\\t.exe', '\\Run (C:\\t.exe)'],
      ['scheduled-task:\\New|C:\\n.exe', '\\New (C:\\n.exe)'],
      ['startup-folder:CommonStartup\\b.lnk', 'b.lnk (C:\\b.exe)'],
    ]);
  });
});

describe('units, crontabs and plists: edges found by mutation testing (handwritten in their formats)', () => {
  it('ExecStart=: an empty one resets, ExecStartPre is not it, blanks and indentation, quotes and dashes inside', () => {
    expect(unitProgram('[Service]\nExecStart=\n')).toBeNull();
    expect(unitProgram('[Service]\nExecStart=\nExecStart=/usr/bin/x\n')).toBe('/usr/bin/x');
    expect(unitProgram('[Service]\nExecStartPre=/bin/pre\nExecStart=/bin/main\n')).toBe('/bin/main');
    expect(unitProgram('[Service]\n  ExecStart = /usr/bin/run-parts x\n')).toBe('/usr/bin/run-parts');
    expect(unitProgram("[Service]\nExecStart='/opt/a b/run' x\n")).toBe('/opt/a b/run');
    expect(unitProgram("[Service]\nExecStart=/opt/don't x\n")).toBe("/opt/don't");
    expect(unitProgram('[Service]\r\nExecStart=/usr/bin/y\r\n')).toBe('/usr/bin/y');
  });

  it('@reboot: indented, a one-letter user, no command', () => {
    expect(cronRebootPrograms('  @reboot u /opt/x\n', true)).toEqual(['/opt/x']);
    expect(cronRebootPrograms('@reboot root \n@reboot\tsleep 5\n', true)).toEqual(['5']);
    expect(cronRebootPrograms('@rebootx /opt/x\n', false)).toEqual([]);
  });

  it('bundles: exactly what a crontab and a unit keep', () => {
    expect(redactCrontab('  # note\n\nMAILTO=a@b\n@reboot root\n@reboot /opt/x --key k\n', false)).toBe(
      '  # note\n\n(a line left out)\n@reboot root\n@reboot /opt/x\n',
    );
    expect(redactCrontab('@reboot root ', true)).toBe('@reboot USER');
    expect(redactUnit('[Service]  \n  ExecStart = /usr/bin/x --token t\n; c\n  # c\nEnvironment=K=v\n\n')).toBe(
      '[Service]  \n  ExecStart =/usr/bin/x\n; c\n  # c\n(a line left out)\n\n',
    );
    expect(redactUnit('ExecStart=\nX[Unit]\n#a\nx#a\n')).toBe('ExecStart=\n(a line left out)\n#a\n(a line left out)\n');
  });

  it('plist programs: every XML escape', () => {
    expect(plistProgram('<key>Program</key><string>/opt/&lt;a&gt;&quot;&apos;&amp;lt;</string>')).toBe(
      '/opt/<a>"\'&lt;',
    );
    expect(plistProgram('<key>Program</key><string> </string>')).toBeNull();
    expect(plistProgram('<key>ProgramArguments</key><array><string> </string></array>')).toBeNull();
  });
});

describe('a partly read list (found by mutation testing)', () => {
  const one = entry('cron-reboot', '/etc/crontab', '/opt/x', '/opt/x');
  it('nothing found where something could not be read is unknown, never an empty list', () => {
    expect(partialList([], ['crontab of bob: permission denied'])).toEqual({
      facts: { thirdParty: null, printExtensions: null },
      unknown: { printExtensions: REASON.notOnThisOs, thirdParty: 'not read: crontab of bob: permission denied' },
    });
  });
  it('what was found stands; with everything read, an empty list is empty', () => {
    expect(partialList([one], ['a', 'b'])).toEqual({
      facts: { thirdParty: [one], printExtensions: null },
      unknown: { printExtensions: REASON.notOnThisOs, thirdParty: 'not read: a; b' },
    });
    expect(partialList([], [])).toEqual({
      facts: { thirdParty: [], printExtensions: null },
      unknown: { printExtensions: REASON.notOnThisOs },
    });
  });
});
