import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PamStackLine, parsePamStackFile } from '../../../src/probes/linux/pam.js';
import { isHumanAccount, loginDefsNumber, parseLoginDefsUidMin, parsePasswd } from '../../../src/probes/linux/parse.js';
import {
  authonlyOutcome,
  classifyPasswordField,
  gettyAutoLoginUser,
  isMacPersonAccount,
  letsInWithoutPassword,
  parseDsclUniqueIds,
  parseFailedLoginCount,
  parseGreetdAutoLogin,
  parseKeyFile,
  parseLxdmAutoLogin,
  parseGdmAutoLogin,
  parseLightdmAutoLogin,
  parsePasswdStatus,
  parseSddmAutoLogin,
  parseShadow,
  redactPasswordFields,
  succeedIf,
} from '../../../src/probes/login_password/parse.js';
import { REPO, SAMPLES } from '../../helpers/host.js';

const sample = (name: string) => readFile(path.join(SAMPLES, 'linux', name), 'utf8');
const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'login_password', name), 'utf8');

describe('parsePasswdStatus', () => {
  it('reads LK as locked (passwd-S__root-LK-alternate-auth-scheme.txt, RHEL 8)', async () => {
    expect(parsePasswdStatus(await sample('passwd-S__root-LK-alternate-auth-scheme.txt'), 'root')).toBe('locked');
  });

  it('reads L as locked (passwd-S__this-debian12-container-root.txt)', async () => {
    expect(parsePasswdStatus(await fixture('passwd-S__this-debian12-container-root.txt'), 'root')).toBe('locked');
  });

  it('reads P as set (passwd-S__this-debian12-passwd-R-scratch-root-password-set.txt)', async () => {
    expect(
      parsePasswdStatus(await fixture('passwd-S__this-debian12-passwd-R-scratch-root-password-set.txt'), 'alice'),
    ).toBe('set');
  });

  it('reads NP as empty (passwd-S__this-debian12-passwd-R-scratch-root-empty-password.txt)', async () => {
    expect(
      parsePasswdStatus(await fixture('passwd-S__this-debian12-passwd-R-scratch-root-empty-password.txt'), 'bob'),
    ).toBe('empty');
  });

  it('refuses a line about another account and a refusal message (passwd-S-stderr__...-refused.txt)', async () => {
    expect(
      parsePasswdStatus(await fixture('passwd-S__this-debian12-container-nobody-as-nobody-unprivileged.txt'), 'root'),
    ).toBeNull();
    expect(
      parsePasswdStatus(
        await fixture('passwd-S-stderr__this-debian12-container-root-asked-by-nobody-refused.txt'),
        'root',
      ),
    ).toBeNull();
  });
});

describe('accounts', () => {
  const passwd = [
    'root:x:0:0:root:/root:/bin/bash',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    'postgres:x:101:104::/var/lib/postgresql:/bin/bash',
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
    'alice:x:1000:1000::/home/alice:/bin/bash',
    'svc:x:1001:1001::/srv:/bin/false',
    'kiosk:x:1002:1002::/home/kiosk:',
    '+@netgroup::::::',
  ].join('\n');

  it('keeps root and people with a login shell from UID_MIN up', () => {
    const human = parsePasswd(passwd).filter((e) => isHumanAccount(e, 1000));
    expect(human.map((e) => e.name)).toEqual(['root', 'alice', 'kiosk']);
    expect(parsePasswd(passwd).find((e) => e.name === 'kiosk')?.shell).toBe('/bin/sh');
  });

  it('reads UID_MIN from login.defs with tabs, and null when it is absent', () => {
    expect(parseLoginDefsUidMin('# UID_MIN 10\nUID_MIN\t\t\t 500\nUID_MAX 60000\n')).toBe(500);
    expect(parseLoginDefsUidMin('UID_MAX 60000\n')).toBeNull();
  });

  it('classifies shadow fields', () => {
    const shadow = parseShadow(
      'a::1:::::\nb:!:1:::::\nc:*:1:::::\nd:!!:1:::::\ne:$y$j9T$salt$hash:1:::::\nf:!$6$x$y:1:::::\n',
    );
    expect([...shadow.entries()].map(([name, field]) => [name, classifyPasswordField(field)])).toEqual([
      ['a', 'empty'],
      ['b', 'locked'],
      ['c', 'locked'],
      ['d', 'locked'],
      ['e', 'set'],
      ['f', 'locked'],
    ]);
  });

  it('redacts hashes but keeps what the classification needs', () => {
    const text =
      'a::1:::::\nb:!:1:::::\nc:*:1:::::\nd:!!$6$salt$secret1:1:::::\ne:$6$salt$secret2:1:::::\nf:x:0:0::/:/bin/sh\n';
    const redacted = redactPasswordFields(text);
    expect(redacted).not.toMatch(/secret|salt/);
    expect(redacted).toContain('f:x:0:0::/:/bin/sh');
    expect(redacted).toBe(
      'a::1:::::\nb:!:1:::::\nc:*:1:::::\nd:!!REDACTED:1:::::\ne:REDACTED:1:::::\nf:x:0:0::/:/bin/sh\n',
    );
    expect([...parseShadow(redacted).values()].map(classifyPasswordField)).toEqual([
      'empty',
      'locked',
      'locked',
      'locked',
      'set',
      'set',
    ]);
    expect(redactPasswordFields('no colon here\n*!:\n')).toBe('no colon here\n*!:\n');
  });
});

describe('display-manager auto-login', () => {
  it('gdm: AutomaticLoginEnable=True for rkmax, commented #Enable ignored (gdm-custom-conf__arch-autologin-enabled-wayland-disabled.txt)', async () => {
    expect(parseGdmAutoLogin(await sample('gdm-custom-conf__arch-autologin-enabled-wayland-disabled.txt'))).toEqual({
      user: 'rkmax',
    });
  });

  it('gdm: commented or disabled keys and timed login', () => {
    expect(parseGdmAutoLogin('[daemon]\n#AutomaticLoginEnable=true\n#AutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nAutomaticLoginEnable=false\nAutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=\n')).toBeNull();
    expect(parseGdmAutoLogin('[security]\nAutomaticLoginEnable=true\nAutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nTimedLoginEnable=true\nTimedLogin=carol\nTimedLoginDelay=10\n')).toEqual({
      user: 'carol',
    });
  });

  it('lightdm: later files win, [SeatDefaults] is [Seat:*], an empty value switches it off again', () => {
    const a = { path: '/etc/lightdm/lightdm.conf.d/10-a.conf', text: '[SeatDefaults]\nautologin-user=alice\n' };
    const b = { path: '/etc/lightdm/lightdm.conf.d/20-b.conf', text: '[Seat:*]\nautologin-user=bob\n' };
    const off = { path: '/etc/lightdm/lightdm.conf', text: '[Seat:*]\nautologin-user=\n' };
    expect(parseLightdmAutoLogin([a, b])).toEqual({ user: 'bob', source: b.path });
    expect(parseLightdmAutoLogin([a, b, off])).toBeNull();
    expect(
      parseLightdmAutoLogin([{ path: 'x', text: '[Seat:*]\n#autologin-user=bob\n[LightDM]\nautologin-user=eve\n' }]),
    ).toBeNull();
    expect(parseLightdmAutoLogin([{ path: 'g', text: '[Seat:seat0]\nautologin-guest=true\n' }])).toEqual({
      user: 'guest',
      source: 'g',
    });
  });

  it('sddm: [Autologin] User=, later files win', () => {
    const a = {
      path: '/etc/sddm.conf.d/kde_settings.conf',
      text: '[Autologin]\nRelogin=false\nSession=plasma\nUser=kiosk\n',
    };
    expect(parseSddmAutoLogin([a])).toEqual({ user: 'kiosk', source: a.path });
    expect(parseSddmAutoLogin([a, { path: '/etc/sddm.conf', text: '[Autologin]\nUser=\n' }])).toBeNull();
  });
});

// Handwritten lines in the documented formats (passwd(5), shadow(5), login.defs(5), passwd -S, the
// display managers' key files), each at the edge a parser decides on.
describe('edges of each format (handwritten)', () => {
  it('passwd -S: every status word, blank lines before, and what is not a status line', () => {
    const table: [string, string, string | null][] = [
      ['alice PS 2024-01-01 0 99999 7 -1\n', 'alice', 'set'],
      ['alice P 01/01/2024 0 99999 7 -1\n', 'alice', 'set'],
      ['\n  bob NP 2024-01-01 0 99999 7 -1\n', 'bob', 'empty'],
      ['carol LK 2024-01-01 0 99999 7 -1\n', 'carol', 'locked'],
      ['carol L 2024-01-01 0 99999 7 -1\n', 'carol', 'locked'],
      ['carol X 2024-01-01\n', 'carol', null],
      ['carol\n', 'carol', null],
      ['', 'carol', null],
      ['carola P 2024-01-01\n', 'carol', null],
    ];
    for (const [text, name, state] of table) expect([text, parsePasswdStatus(text, name)]).toEqual([text, state]);
  });

  it('passwd: a short line read as glibc reads it, NIS entries, names and uids that are not, uid 0 besides root, nobody', () => {
    const text =
      'short:x:1:1::/\n-nis:x:1002:1::/:/bin/sh\n:x:1003:1::/:/bin/sh\nbad:x:12a:1::/:/bin/sh\ntoor:x:0:0::/root:/usr/sbin/nologin\nsvc:x:999:1::/:/bin/bash\n' +
      'u1000:x:1000:1::/:/bin/bash\nnobody:x:1500:1::/:/bin/bash\nnfs:x:65534:1::/:/bin/bash\nop:x:1001:1::/:/sbin/shutdown\nh:x:1004:1::/:/sbin/halt\ns:x:1005:1::/:/bin/sync\nz:x:1006:1::/:/usr/bin/zsh \n';
    const entries = parsePasswd(text);
    // Six fields are enough for glibc: no shell field means /bin/sh.
    expect(entries.map((e) => [e.name, e.uid, e.shell])).toEqual([
      ['short', 1, '/bin/sh'],
      ['toor', 0, '/usr/sbin/nologin'],
      ['svc', 999, '/bin/bash'],
      ['u1000', 1000, '/bin/bash'],
      ['nobody', 1500, '/bin/bash'],
      ['nfs', 65534, '/bin/bash'],
      ['op', 1001, '/sbin/shutdown'],
      ['h', 1004, '/sbin/halt'],
      ['s', 1005, '/bin/sync'],
      ['z', 1006, '/usr/bin/zsh'],
    ]);
    expect(entries.filter((e) => isHumanAccount(e, 1000)).map((e) => e.name)).toEqual(['toor', 'u1000', 'z']);
    expect(entries.filter((e) => isHumanAccount(e, 999)).map((e) => e.name)).toEqual(['toor', 'svc', 'u1000', 'z']);
    expect(entries[1]?.password).toBe('x');
  });

  it('login.defs numbers: indented, negative, not when commented, followed by words, or another key ending the same', () => {
    expect(loginDefsNumber('  PASS_MAX_DAYS   99999  \n', 'PASS_MAX_DAYS')).toBe(99999);
    expect(loginDefsNumber('PASS_WARN_AGE -1\n', 'PASS_WARN_AGE')).toBe(-1);
    expect(loginDefsNumber('#PASS_MAX_DAYS 90\n', 'PASS_MAX_DAYS')).toBeNull();
    expect(loginDefsNumber('PASS_MAX_DAYS 90 days\n', 'PASS_MAX_DAYS')).toBeNull();
    expect(loginDefsNumber('SYS_UID_MIN 100\n', 'UID_MIN')).toBeNull();
    expect(loginDefsNumber('UID_MIN100\n', 'UID_MIN')).toBeNull();
  });

  it('shadow: lines without a password field or a name are skipped', () => {
    expect([...parseShadow('lonely\n:x:1\nroot:!:1\nb:\n')]).toEqual([
      ['root', '!'],
      ['b', ''],
    ]);
  });

  it('key files: ; and # comments, keys before any section, keys without a name, a section read twice', () => {
    const file = parseKeyFile('top=1\n[a]\n; x=1\n# y=1\n=v\nk = v w \n[ b ]\nz=2\n[a]\nm=3\n[]\n');
    expect([...file].map(([name, keys]) => [name, [...keys]])).toEqual([
      [
        'a',
        [
          ['k', 'v w'],
          ['m', '3'],
        ],
      ],
      ['b', [['z', '2']]],
    ]);
  });

  it('gdm booleans: true/yes in any case and non-zero numbers switch auto-login on', () => {
    const table: [string, boolean][] = [
      ['true', true],
      ['True', true],
      ['yes', true],
      ['Y', true],
      ['1', true],
      ['-1', true],
      ['12', true],
      ['false', false],
      ['0', false],
      ['00', false],
      ['on', false],
      ['', false],
      ['1.5', false],
    ];
    for (const [word, on] of table) {
      expect([word, parseGdmAutoLogin(`[daemon]\nAutomaticLoginEnable=${word}\nAutomaticLogin=bob\n`)]).toEqual([
        word,
        on ? { user: 'bob' } : null,
      ]);
    }
    expect(parseGdmAutoLogin('[daemon]\nTimedLoginEnable=false\nTimedLogin=carol\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nTimedLoginEnable=true\nTimedLogin=\n')).toBeNull();
    expect(
      parseGdmAutoLogin(
        '[daemon]\nAutomaticLoginEnable=false\nAutomaticLogin=bob\nTimedLoginEnable=1\nTimedLogin=carol\n',
      ),
    ).toEqual({ user: 'carol' });
  });

  it("lightdm: a seat's own key wins over [Seat:*], [Seat:*] fills in what a seat lacks, guest by 1, other sections ignored", () => {
    const defaults = { path: 'd', text: '[Seat:*]\nautologin-user=alice\n' };
    expect(parseLightdmAutoLogin([defaults, { path: 's', text: '[Seat:seat0]\nautologin-user=\n' }])).toEqual({
      user: 'alice',
      source: 'd',
    });
    expect(parseLightdmAutoLogin([{ path: 's', text: '[Seat:seat0]\nuser-session=x\n' }, defaults])).toEqual({
      user: 'alice',
      source: 'd',
    });
    expect(parseLightdmAutoLogin([{ path: 'g', text: '[Seat:*]\nautologin-guest=1\n' }])).toEqual({
      user: 'guest',
      source: 'g',
    });
    expect(parseLightdmAutoLogin([{ path: 'g', text: '[Seat:*]\nautologin-guest=false\n' }])).toBeNull();
    expect(
      parseLightdmAutoLogin([{ path: 'x', text: '[XDMCPServer]\nautologin-user=eve\n[Seat]\nautologin-user=eve\n' }]),
    ).toBeNull();
    expect(parseLightdmAutoLogin([])).toBeNull();
  });

  it('sddm: the last file that sets User= decides, one that does not set it changes nothing; lxdm [base] autologin=', () => {
    const on = { path: '/etc/sddm.conf', text: '[Autologin]\nUser=kiosk\n' };
    expect(
      parseSddmAutoLogin([on, { path: 'later', text: '[Autologin]\nSession=plasma\n[General]\nUser=x\n' }]),
    ).toEqual({ user: 'kiosk', source: '/etc/sddm.conf' });
    expect(parseSddmAutoLogin([{ path: 'off', text: '[Autologin]\nUser=\n' }, on])).toEqual({
      user: 'kiosk',
      source: '/etc/sddm.conf',
    });
    expect(parseLxdmAutoLogin('[base]\nautologin=dave\n')).toEqual({ user: 'dave' });
    expect(parseLxdmAutoLogin('[base]\n#autologin=dave\n')).toBeNull();
    expect(parseLxdmAutoLogin('[base]\nautologin=\n')).toBeNull();
    expect(parseLxdmAutoLogin('[display]\nautologin=dave\n')).toBeNull();
  });
});

// Each of these kills a mutant the first mutation run left alive (handwritten lines as above).
describe('edges found by mutation testing (handwritten)', () => {
  it('NIS +entries with a real uid, uids with letters in front, two-field shadow lines, * in front only', () => {
    expect(parsePasswd('+nisuser:x:1010:1010::/home/n:/bin/bash\nx12:x:x12:1::/:/bin/sh\n')).toEqual([]);
    expect(classifyPasswordField('*x')).toBe('locked');
    expect(classifyPasswordField('x*')).toBe('set');
    expect(redactPasswordFields('root:$6$salt$hash')).toBe('root:REDACTED');
  });
  it('passwd -S: a blank line of spaces before, two spaces between fields', () => {
    expect(parsePasswdStatus('   \nalice  PS 2024-01-01 0 99999 7 -1\n', 'alice')).toBe('set');
  });
  it('key files: indented lines, a header with text after it or before it is no header', () => {
    expect(parseGdmAutoLogin('  [daemon]\n  AutomaticLoginEnable = true\n  AutomaticLogin = bob\n')).toEqual({
      user: 'bob',
    });
    expect(parseGdmAutoLogin('[other]\nx[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[other]\n[daemon] x\nAutomaticLoginEnable=true\nAutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nAutomaticLoginEnable=nottrue\nAutomaticLogin=bob\n')).toBeNull();
    expect(parseGdmAutoLogin('[daemon]\nAutomaticLoginEnable=2\nAutomaticLogin=bob\n')).toEqual({ user: 'bob' });
  });
  it('lightdm: [SeatDefaults] alone; a seat inherits the user from [Seat:*] before its own guest setting', () => {
    expect(parseLightdmAutoLogin([{ path: 'a', text: '[SeatDefaults]\nautologin-user=alice\n' }])).toEqual({
      user: 'alice',
      source: 'a',
    });
    expect(
      parseLightdmAutoLogin([
        { path: 's', text: '[Seat:seat0]\nautologin-guest=true\n' },
        { path: 'd', text: '[Seat:*]\nautologin-user=alice\n' },
      ]),
    ).toEqual({ user: 'alice', source: 'd' });
  });
  it('sddm: no file, or files without [Autologin], is no auto-login', () => {
    expect(parseSddmAutoLogin([])).toBeNull();
    expect(parseSddmAutoLogin([{ path: 'x', text: '[General]\nNumlock=on\n' }])).toBeNull();
  });
});

describe('a login PAM stack run for someone who gives no password', () => {
  const shop = { name: 'shop', uid: 1000, gid: 1000, shell: '/bin/bash', groups: new Set(['shop', 'nopasswdlogin']) };
  const root = { name: 'root', uid: 0, gid: 0, shell: '/bin/bash', groups: new Set(['root']) };
  const run = (stack: string, service = 'lightdm') =>
    letsInWithoutPassword(
      parsePamStackFile(stack).filter((l): l is PamStackLine => 'type' in l),
      shop,
      service,
      root,
    );
  const debianAuth = readFileSync(
    path.join(REPO, 'test', 'fixtures', 'password_policy', 'common-auth__this-debian12-default.txt'),
    'utf8',
  );

  it("Debian's common-auth asks for the password; a pam_permit or pam_rootok put first does not", () => {
    expect(run(debianAuth)).toBe(false);
    expect(run(`auth sufficient pam_permit.so\n${debianAuth}`)).toBe(true);
    // The login services run as root, so pam_rootok always succeeds for them.
    expect(run(`auth sufficient pam_rootok.so\n${debianAuth}`)).toBe(true);
    expect(run(`auth required pam_nologin.so\nauth optional pam_gnome_keyring.so\n${debianAuth}`)).toBe(false);
  });

  it('pam_succeed_if decides by the account: group, user, uid, service; a condition not read leaves it unsure', () => {
    const first = (args: string) => run(`auth sufficient pam_succeed_if.so ${args}\n${debianAuth}`);
    expect(first('user ingroup nopasswdlogin')).toBe(true);
    expect(first('quiet user ingroup wheel:nopasswdlogin')).toBe(true);
    expect(first('user ingroup autologin')).toBe(false);
    expect(first('user notingroup autologin uid >= 1000')).toBe(true);
    expect(first('user = shop service in lightdm:gdm-password')).toBe(true);
    expect(first('user = shop service = sshd')).toBe(false);
    // use_uid: the caller, root, is asked about.
    expect(first('use_uid user ingroup nopasswdlogin')).toBe(false);
    expect(first('rhost = 10.0.0.1')).toEqual({ unsure: 'pam_succeed_if.so rhost = 10.0.0.1' });
    expect(run(`auth sufficient pam_custom_token.so\n${debianAuth}`)).toEqual({ unsure: 'pam_custom_token.so' });
    // A fingerprint or a key is a factor: without it, no way in.
    expect(run(`auth sufficient pam_fprintd.so\n${debianAuth}`)).toBe(false);
    // Fedora's gdm-password begins so: pam_selinux_permit is ignored for anyone sepermit.conf does not name.
    expect(run(`auth [success=done ignore=ignore default=bad] pam_selinux_permit.so\n${debianAuth}`)).toBe(false);
  });
  it('each control sees what a module returns: auth_err, ignore and a failed condition apart from other failures', () => {
    // Edges found by mutation testing (handwritten stacks): a control that names auth_err or ignore treats it apart
    // from its default, so the result must be exactly what the module returns.
    const thenPermit = (line: string) => run(`${line}\nauth sufficient pam_permit.so\n`);
    expect(thenPermit('auth [success=done auth_err=ignore default=die] pam_unix.so')).toBe(true);
    expect(thenPermit('auth [success=done auth_err=ignore default=die] pam_succeed_if.so user ingroup wheel')).toBe(
      true,
    );
    expect(thenPermit('auth [success=done auth_err=ignore default=die] pam_custom_token.so')).toBe(true);
    expect(thenPermit('auth [success=done ignore=ignore default=bad] pam_selinux_permit.so')).toBe(true);
    expect(thenPermit('auth required pam_env.so')).toBe(true);
    // A neutral module whose control makes success and ignore differ leaves the answer open, and is named.
    expect(run('auth [success=done default=die] pam_env.so\n')).toEqual({ unsure: 'pam_env.so' });
    expect(run('auth optional pam_env.so\nauth [success=done default=die] pam_gnome_keyring.so\n')).toEqual({
      unsure: 'pam_env.so, pam_gnome_keyring.so',
    });
  });

  it("pam_faillock: preauth decides nothing, authfail refuses (pam_faillock(8)'s stack, then a pam_permit)", () => {
    expect(run('auth required pam_faillock.so preauth silent\nauth sufficient pam_permit.so\n')).toBe(true);
    const faillock = 'auth required pam_faillock.so preauth\nauth sufficient pam_unix.so\n';
    expect(run(`${faillock}auth required pam_faillock.so authfail\nauth sufficient pam_permit.so\n`)).toBe(false);
    expect(run(`${faillock}auth [default=die] pam_faillock.so authfail\nauth required pam_deny.so\n`)).toBe(false);
  });
});

describe('edges found by the second mutation run (handwritten)', () => {
  it('getty: --autologin with no systemd prefix, after a positional, after options with and without a value', () => {
    expect(gettyAutoLoginUser('/sbin/agetty --autologin root --noclear %I 38400 linux')).toBe('root');
    // agetty's getopt takes options after the port too.
    expect(gettyAutoLoginUser('/sbin/agetty --noclear %I --autologin shop linux')).toBe('shop');
    expect(gettyAutoLoginUser('/sbin/agetty --noclear -n -a shop tty1')).toBe('shop');
    expect(gettyAutoLoginUser('/sbin/agetty -t60 --autologin shop tty1')).toBe('shop');
    expect(gettyAutoLoginUser('/sbin/agetty -8a shop tty1')).toBe('shop');
    // Two of systemd's prefixes, and a program found through PATH.
    expect(gettyAutoLoginUser('-+agetty --autologin shop tty1')).toBe('shop');
    expect(gettyAutoLoginUser('/sbin/agetty --keep-baud 115200,38400 %I $TERM')).toBeNull();
    // After `--` every word is the port, speed or terminal type.
    expect(gettyAutoLoginUser('/sbin/agetty --noclear -- -a tty1')).toBeNull();
    expect(gettyAutoLoginUser('/usr/bin/screen -a root')).toBeNull();
  });

  it('greetd: user= without spaces, a comment right after the value; other keys and sections are no user', () => {
    expect(parseGreetdAutoLogin('[initial_session]\ncommand = "sway"\nnot_user = "shop"\n')).toBeNull();
    expect(parseGreetdAutoLogin('[initial_session]\ncommand="sway"\nuser="shop"\n')).toEqual({ user: 'shop' });
    expect(parseGreetdAutoLogin('[initial_session]\ncommand = "sway"\nuser = "shop"# the till\n')).toEqual({
      user: 'shop',
    });
  });

  it('shadow: a name after blanks is read as getspnam reads it, a # line is no account', () => {
    const fields = parseShadow('  shop::20000:0:99999:7:::\n#old::20000:0:99999:7:::\n');
    expect([...fields]).toEqual([['shop', '']]);
  });

  it('dscl lists: nothing listed is no answer, lines of spaces are skipped, lines with more are no list', () => {
    expect(parseDsclUniqueIds('')).toBeNull();
    expect(parseDsclUniqueIds('\n  \n')).toBeNull();
    expect(parseDsclUniqueIds('shop 501\n   \n')).toEqual([{ name: 'shop', uid: 501 }]);
    for (const text of [' shop 501', 'shop 501 x', 'shop 501x']) expect(parseDsclUniqueIds(text)).toBeNull();
    expect(isMacPersonAccount({ name: 'shop_', uid: 502 })).toBe(true);
    expect(isMacPersonAccount({ name: '_helper', uid: 600 })).toBe(false);
  });

  it('dscl failedLoginCount: two digits, blanks after it; dscl authonly: a record line with other spacing', () => {
    expect(parseFailedLoginCount('failedLoginCount: 12')).toBe(12);
    expect(parseFailedLoginCount('failedLoginCount:3 \n')).toBe(3);
    for (const text of ['failedLoginCount: 3 of 10', 'last failedLoginCount: 3'])
      expect(parseFailedLoginCount(text)).toBeNull();
    expect(authonlyOutcome('\nRecordName:   shop  \n \n', '', 'shop')).toBe('match');
    expect(authonlyOutcome('', '  Data source not found  \n', 'shop')).toEqual({ other: 'Data source not found' });
  });

  it('pam_succeed_if: options left out, use_uid on the caller, conditions pam_succeed_if reads otherwise are unsure', () => {
    const shop = { name: 'shop', uid: 1000, gid: 1000, shell: '/bin/bash', groups: new Set(['shop']) };
    const root = { name: 'root', uid: 0, gid: 0, shell: '/bin/bash', groups: new Set(['root', 'wheel']) };
    const decide = (args: string) => succeedIf(args.split(' '), shop, 'login', root);
    expect(decide('quiet_fail uid >= 1000')).toBe(true);
    expect(decide('audit uid >= 1000')).toBe(true);
    expect(decide('use_uid user ingroup wheel')).toBe(true);
    expect(decide('use_uid shell = /bin/bash')).toBe(true);
    expect(succeedIf(['use_uid', 'uid', 'eq', '0'], shop, 'login', null)).toBeNull();
    // A name that is a number is a name; a uid that is not a number is not read.
    expect(decide('user = 1000')).toBe(false);
    for (const args of ['uid >= abc', 'uid >= x1000', 'uid >= 1000x', 'uid >=']) expect(decide(args)).toBeNull();
    // Glob tests (=~, !~) and group tests on other fields are not read here, also after a condition that fails.
    for (const args of ['user =~ sh*', 'shell notingroup shop', 'service ingroup shop', 'uid > 99999 user =~ sh*'])
      expect(decide(args)).toBeNull();
  });
});
