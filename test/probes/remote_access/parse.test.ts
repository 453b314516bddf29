import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAutostartEntry, redactDesktopEntry } from '../../../src/probes/linux/desktop-entry.js';
import { parseListUnitFiles, unitStateStartsAtBoot } from '../../../src/probes/linux/parse.js';
import {
  globSegmentToRegExp,
  hasGlob,
  matchAppliesGlobally,
  matchAppliesToEveryone,
  matchCanSelectUser,
  matchCriteria,
  opensMore,
  parseSshdConfig,
  parseSshdTestOutput,
  parseSshSettingValue,
  sshdCommandLine,
  sshSettingOf,
  sshdTestValue,
  SSHD_DEFAULTS,
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
    const dump = parseSshdTestOutput(
      await fixture('sshd-T__this-debian12-openssh9.2-rootlogin-yes-password-no-empty-yes.txt'),
    );
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
    const d = parseSshdConfig(
      '  PasswordAuthentication = no\nInclude "a b.conf" c.conf # more\nPermitRootLogin no #comment\n# PermitEmptyPasswords yes\n',
    );
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
    const states = parseListUnitFiles(
      await fixture('systemctl-list-unit-files__this-debian12-systemd252-openssh-installed.txt'),
    );
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
    expect(parseAutostartEntry(await fixture('x11vnc.desktop__debian12-x11vnc-0.9.16-package.desktop'))).toMatchObject({
      program: 'x11vnc',
      enabled: true,
    });
  });

  it('reads vino-server.desktop__debian12-vino-3.22-package.desktop (absolute Exec path)', async () => {
    expect(parseAutostartEntry(await fixture('vino-server.desktop__debian12-vino-3.22-package.desktop'))).toMatchObject(
      {
        program: 'vino-server',
        enabled: true,
      },
    );
  });

  it('reads at-spi-dbus-bus.desktop__this-debian12-etc-xdg-autostart.desktop', async () => {
    expect(
      parseAutostartEntry(await fixture('at-spi-dbus-bus.desktop__this-debian12-etc-xdg-autostart.desktop')),
    ).toEqual({ program: 'at-spi-bus-launcher', command: '/usr/libexec/at-spi-bus-launcher', enabled: true });
  });

  it('honours Hidden / X-GNOME-Autostart-enabled and env prefixes (handwritten)', () => {
    expect(parseAutostartEntry('[Desktop Entry]\nExec=anydesk --tray\nHidden=true\n')).toMatchObject({
      program: 'anydesk',
      enabled: false,
    });
    expect(parseAutostartEntry('[Desktop Entry]\nExec=anydesk\nX-GNOME-Autostart-enabled=false\n').enabled).toBe(false);
    expect(
      parseAutostartEntry('[Desktop Entry]\nExec=env LIBVA_DRIVER_NAME=iHD /opt/todesk/bin/ToDesk\n').program,
    ).toBe('ToDesk');
    expect(parseAutostartEntry('[Desktop Action x]\nExec=rustdesk\n').program).toBeNull();
  });
});

describe('redactDesktopEntry', () => {
  it('drops Exec= arguments and env values but keeps the program the parser reads', async () => {
    const text = await fixture('x11vnc.desktop__debian12-x11vnc-0.9.16-package.desktop');
    const redacted = redactDesktopEntry(text);
    expect(redacted).toContain('Exec=x11vnc REDACTED\n');
    expect(redacted).not.toContain('rfbport');
    expect(parseAutostartEntry(text)).toMatchObject({ program: 'x11vnc', enabled: true });
    expect(parseAutostartEntry(redacted)).toMatchObject({ program: 'x11vnc', enabled: true });
    const handwritten = '[Desktop Entry]\nExec=env VNC_PASS=hunter2 "/opt/my tools/x11vnc" -passwd hunter2\n';
    expect(redactDesktopEntry(handwritten)).not.toContain('hunter2');
    expect(parseAutostartEntry(redactDesktopEntry(handwritten)).program).toBe('x11vnc');
  });
});

// Handwritten lines in the documented formats (sshd_config(5), sshd -T, glob(3), systemctl's
// unit-file list, the XDG Desktop Entry spec), each at an edge a parser decides on.
describe('remote access formats at their edges (handwritten)', () => {
  it('sshd values: every PermitRootLogin word, the old without-password, yes/no only for the booleans', () => {
    const table: [Parameters<typeof parseSshSettingValue>[0], string, unknown][] = [
      ['permitRootLogin', 'YES', 'yes'],
      ['permitRootLogin', 'no', 'no'],
      ['permitRootLogin', 'Prohibit-Password', 'prohibit-password'],
      ['permitRootLogin', 'Without-Password', 'prohibit-password'],
      ['permitRootLogin', 'forced-commands-only', 'forced-commands-only'],
      ['permitRootLogin', 'true', undefined],
      ['permitRootLogin', '', undefined],
      ['passwordAuthentication', 'Yes', true],
      ['passwordAuthentication', 'NO', false],
      ['permitEmptyPasswords', 'no', false],
      ['permitEmptyPasswords', 'without-password', undefined],
      ['passwordAuthentication', '1', undefined],
    ];
    for (const [name, raw, value] of table)
      expect([name, raw, parseSshSettingValue(name, raw)]).toEqual([name, raw, value]);
    expect(sshSettingOf('permitemptypasswords')).toBe('permitEmptyPasswords');
    expect(sshSettingOf('PermitRootLogin')).toBeUndefined();
    // sshd_config(5): KbdInteractiveAuthentication defaults to yes; UsePAM to no (distributions' files set it).
    expect(SSHD_DEFAULTS).toEqual({
      permitRootLogin: 'prohibit-password',
      passwordAuthentication: true,
      permitEmptyPasswords: false,
      kbdInteractiveAuthentication: true,
      usePam: false,
    });
    expect(sshSettingOf('challengeresponseauthentication')).toBe('kbdInteractiveAuthentication');
    expect(sshSettingOf('kbdinteractiveauthentication')).toBe('kbdInteractiveAuthentication');
    expect(sshSettingOf('usepam')).toBe('usePam');
  });

  it('sshd -T values of keyboard-interactive and PAM: the RHEL 9 sample, and what older or PAM-less builds print', async () => {
    const rhel = parseSshdTestOutput(await sample('sshd-T__rhel9-permitrootlogin-yes-password-no-excerpt.txt'));
    expect(sshdTestValue(rhel, 'kbdInteractiveAuthentication')).toBe('no');
    expect(sshdTestValue(rhel, 'usePam')).toBe('yes');
    expect(sshdTestValue(rhel, 'passwordAuthentication')).toBe('no');
    // Before OpenSSH 8.7 both keywords are printed, and either one on starts keyboard-interactive.
    const old = new Map([
      ['kbdinteractiveauthentication', 'no'],
      ['challengeresponseauthentication', 'yes'],
    ]);
    expect(sshdTestValue(old, 'kbdInteractiveAuthentication')).toBe('yes');
    expect(sshdTestValue(new Map([['challengeresponseauthentication', 'no']]), 'kbdInteractiveAuthentication')).toBe(
      'no',
    );
    // A build without PAM prints no usepam line: PAM is not there to ask for a password.
    expect(sshdTestValue(new Map(), 'usePam')).toBe('no');
    expect(sshdTestValue(new Map(), 'passwordAuthentication')).toBeUndefined();
  });

  it('sshd_config: a keyword alone, Keyword=value without spaces, CRLF, an empty quoted argument, a # inside a word, lines that are no directive', () => {
    expect(
      parseSshdConfig('Match all\r\nPermitRootLogin=yes\r\nBanner "" x#y\r\n=no\r\n-x y\r\nUsePAM\tyes\n'),
    ).toEqual([
      { keyword: 'match', args: ['all'], line: 1 },
      { keyword: 'permitrootlogin', args: ['yes'], line: 2 },
      { keyword: 'banner', args: ['', 'x#y'], line: 3 },
      { keyword: 'usepam', args: ['yes'], line: 6 },
    ]);
    expect(parseSshdConfig('Port\n')).toEqual([{ keyword: 'port', args: [], line: 1 }]);
    expect(matchAppliesGlobally(['ALL'])).toBe(true);
    expect(matchAppliesGlobally(['all', 'User', 'x'])).toBe(false);
    expect(matchAppliesGlobally([])).toBe(false);
  });

  it('sshd -T: the first value of a keyword wins, lines that are not keyword-value are skipped', () => {
    expect([
      ...parseSshdTestOutput(
        'permitrootlogin no\r\npermitrootlogin yes\nPasswordAuthentication yes\nport 22  \nbanner\n',
      ),
    ]).toEqual([
      ['permitrootlogin', 'no'],
      ['port', '22'],
    ]);
  });

  it('globs: ?, classes with ! and ], a lone [, regex characters taken literally', () => {
    const table: [string, string, boolean][] = [
      ['?.conf', 'a.conf', true],
      ['?.conf', 'ab.conf', false],
      ['*.conf', 'a/b.conf', false],
      ['a[', 'a[', true],
      ['a[b', 'a[b', true],
      ['[]a]x', ']x', true],
      ['[]a]x', 'ax', true],
      ['[]a]x', 'bx', false],
      ['[!]a]x', ']x', false],
      ['[!]a]x', 'bx', true],
      ['[!a]x', 'bx', true],
      ['[!a]x', 'ax', false],
      ['a.b', 'axb', false],
      ['a+(b)', 'a+(b)', true],
      ['[a\\]x', '\\x', true],
      ['$^|{}', '$^|{}', true],
      ['x*', 'x', true],
    ];
    for (const [glob, name, matches] of table)
      expect([glob, name, globSegmentToRegExp(glob).test(name)]).toEqual([glob, name, matches]);
    expect(['*.conf', 'a?', 'x[0-9]', 'plain.conf', 'a]b'].map(hasGlob)).toEqual([true, true, true, false, false]);
  });

  it('unit-file lists: the preset column, a line too many columns or without a unit suffix refuses the whole list', () => {
    expect([...(parseListUnitFiles('xrdp.service enabled enabled\r\nvnc@.service indirect\n\n') ?? [])]).toEqual([
      ['xrdp.service', 'enabled'],
      ['vnc@.service', 'indirect'],
    ]);
    expect(parseListUnitFiles('xrdp.service enabled enabled extra\n')).toBeNull();
    expect(parseListUnitFiles('xrdp enabled\n')).toBeNull();
    expect(parseListUnitFiles('xrdp.service Enabled\n')).toBeNull();
    expect(parseListUnitFiles('2 unit files listed.\n')).toBeNull();
    expect(unitStateStartsAtBoot('xrdp.service', 'enabled-runtime')).toBe(true);
    expect(unitStateStartsAtBoot('vnc@.socket', 'indirect')).toBe(true);
    expect(unitStateStartsAtBoot('vnc@.service', 'static')).toBe(false);
  });

  it('desktop entries: only [Desktop Entry] counts, comments, case of true/false, quoted programs, env options, no Exec', () => {
    const table: [string, { program: string | null; enabled: boolean }][] = [
      [
        '[Desktop Entry]\n#Exec=x11vnc\nExec=/usr/bin/x11vnc\n[Desktop Action a]\nExec=rustdesk\n',
        { program: 'x11vnc', enabled: true },
      ],
      ['[Other]\nExec=rustdesk\n[Desktop Entry]\nHidden=TRUE\n', { program: null, enabled: false }],
      [
        '[Desktop Entry]\nExec=teamviewer\nHidden=false\nX-GNOME-Autostart-enabled=FALSE\n',
        { program: 'teamviewer', enabled: false },
      ],
      ['[Desktop Entry]\nExec=teamviewer\nX-GNOME-Autostart-enabled=true\n', { program: 'teamviewer', enabled: true }],
      ['[Desktop Entry]\nExec = "/opt/my tools/x11vnc" -forever\n', { program: 'x11vnc', enabled: true }],
      [
        '[Desktop Entry]\nExec=/usr/bin/env -i A=1 B=2 /opt/rd/rustdesk --tray\n',
        { program: 'rustdesk', enabled: true },
      ],
      ['[Desktop Entry]\nExec=environment-check\n', { program: 'environment-check', enabled: true }],
      ['[Desktop Entry]\n=x\nExec=\n', { program: null, enabled: true }],
      ['[Desktop Entry]\r\nExec=anydesk\r\n', { program: 'anydesk', enabled: true }],
    ];
    for (const [text, entry] of table) expect([text, parseAutostartEntry(text)]).toMatchObject([text, entry]);
  });

  it('redaction keeps the program (quoted when it has a space) and drops everything else of Exec=', () => {
    expect(redactDesktopEntry('[Desktop Entry]\nExec=env PASS=hunter2 x11vnc -passwd hunter2\nName=x\n')).toBe(
      '[Desktop Entry]\nExec=x11vnc REDACTED\nName=x\n',
    );
    expect(redactDesktopEntry('  Exec = "/opt/my tools/x11vnc" -passwd s3cret\n')).toBe(
      '  Exec ="/opt/my tools/x11vnc" REDACTED\n',
    );
    expect(redactDesktopEntry('Exec=\nName=a\n')).toBe('Exec=\nName=a\n');
  });
});

describe('Match blocks and openness: edges found by mutation testing (Match lines handwritten as sshd_config(5) writes them)', () => {
  it("a User criterion selects root by sshd's pattern lists: comma lists, * and ?, a negated match excludes", () => {
    expect(matchCanSelectUser(['User', 'root'], 'root')).toBe(true);
    expect(matchCanSelectUser(['User', 'bob'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', 'bob,root'], 'root')).toBe(true);
    expect(matchCanSelectUser(['User', 'r*'], 'root')).toBe(true);
    expect(matchCanSelectUser(['User', 'ro?t'], 'root')).toBe(true);
    expect(matchCanSelectUser(['User', 'r?t'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', 'roo'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', 'oot'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', 'r.ot'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', 'roo.t'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', '*,!root'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', '!root,*'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', '!bob'], 'root')).toBe(false);
    expect(matchCanSelectUser(['User', '!bob,*'], 'root')).toBe(true);
    expect(matchCanSelectUser(['user=root'], 'root')).toBe(true);
    expect(matchCanSelectUser(['USER', 'root'], 'root')).toBe(true);
    expect(matchCanSelectUser(['Group', 'wheel', 'User', 'bob'], 'root')).toBe(false);
    expect(matchCanSelectUser(['Group', 'wheel', 'User', 'root'], 'root')).toBe(true);
  });

  it('a Match line with no User criterion, or one that is not pairs, may select anyone', () => {
    expect(matchCanSelectUser(['Address', '10.0.0.0/8'], 'root')).toBe(true);
    expect(matchCanSelectUser(['User'], 'root')).toBe(true);
  });

  it('a Match line applies to everyone when it is "all" or each pattern is *', () => {
    expect(matchAppliesToEveryone(['all'])).toBe(true);
    expect(matchAppliesToEveryone(['ALL'])).toBe(true);
    expect(matchAppliesToEveryone(['User', '*'])).toBe(true);
    expect(matchAppliesToEveryone(['User', '*', 'Address', '*'])).toBe(true);
    expect(matchAppliesToEveryone(['User', '*', 'Address', '10.0.0.1'])).toBe(false);
    expect(matchAppliesToEveryone(['User', 'root'])).toBe(false);
    expect(matchAppliesToEveryone([])).toBe(false);
    expect(matchAppliesToEveryone(['User'])).toBe(false);
    expect(matchAppliesGlobally(['all', 'x'])).toBe(false);
  });

  it('criteria pairs: Keyword=value words split once, criteria lower-cased, patterns kept', () => {
    expect(matchCriteria(['User=Bob', 'Address', '10.0.0.1'])).toEqual([
      ['user', 'Bob'],
      ['address', '10.0.0.1'],
    ]);
    expect(matchCriteria(['User', 'a', 'Group'])).toBeNull();
  });

  it('a negated glob class excludes only its members', () => {
    expect(globSegmentToRegExp('x[!a].conf').test('xb.conf')).toBe(true);
    expect(globSegmentToRegExp('x[!a].conf').test('xa.conf')).toBe(false);
    expect(globSegmentToRegExp('x[!a].conf').test('xS.conf')).toBe(true);
  });

  it('openness: each setting from closed to open', () => {
    const root = ['no', 'forced-commands-only', 'prohibit-password', 'yes'] as const;
    for (let i = 0; i < root.length; i++)
      for (let j = 0; j < root.length; j++) expect(opensMore('permitRootLogin', root[j]!, root[i]!)).toBe(j > i);
    for (const name of ['passwordAuthentication', 'permitEmptyPasswords'] as const) {
      expect(opensMore(name, true, false)).toBe(true);
      expect(opensMore(name, false, true)).toBe(false);
      expect(opensMore(name, true, true)).toBe(false);
    }
  });
});

describe("sshd's command line (sshd(8): getopt C:E:b:c:f:g:h:k:o:p:u:46DGQRTdeiqrtV)", () => {
  it('keeps -o settings and the -f file, in both spellings; stops at the first word that is not an option', () => {
    expect(sshdCommandLine(['-D', '-o', 'PermitRootLogin=yes', '-oPasswordAuthentication yes', '-p', '2222'])).toEqual({
      options: ['PermitRootLogin=yes', 'PasswordAuthentication yes'],
      config: null,
    });
    // -D and -e take no argument, so -Def names the file; -p's argument is not an option.
    expect(sshdCommandLine(['-Def/etc/ssh/shop', '-p', '-oX', 'stray', '-o', 'PermitEmptyPasswords=yes'])).toEqual({
      options: [],
      config: '/etc/ssh/shop',
    });
    expect(sshdCommandLine([])).toEqual({ options: [], config: null });
  });
});
