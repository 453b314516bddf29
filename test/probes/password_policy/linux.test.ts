import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Host } from '../../../src/host/types.js';
import { collectLinux } from '../../../src/probes/password_policy/linux.js';
import { REASON } from '../../../src/probes/types.js';
import { selectRules, scan } from '../../../src/scan.js';
import { expectHonest } from '../../helpers/honesty.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { bundledRules } from '../../helpers/scan.js';
import { runInNamespace } from '../../helpers/namespace.js';
import { needsRoot } from '../../helpers/tools.js';

// The real Debian 12 files (test/fixtures/password_policy/SOURCES.md) in a temporary root, read by
// the real collector.
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'password_policy', name), 'utf8');
const DEBIAN = {
  '/etc/login.defs': fixture('login.defs__this-debian12-default.txt'),
  '/etc/pam.d/common-auth': fixture('common-auth__this-debian12-default.txt'),
  '/etc/pam.d/common-password': fixture('common-password__this-debian12-pam-auth-update-unix-only.txt'),
  '/etc/security/faillock.conf': fixture('faillock.conf__this-debian12-libpam-modules-1.5.2-default.conf'),
};
const WITH_PWQUALITY = {
  ...DEBIAN,
  '/etc/pam.d/common-password': fixture('common-password__this-debian12-pam-auth-update-with-pwquality.txt'),
  '/etc/security/pwquality.conf': fixture('pwquality.conf__this-debian12-libpam-pwquality-1.4.5-default.conf'),
};
// The pam_faillock(8) example lines put where Debian keeps its auth stack.
const WITH_FAILLOCK = {
  ...WITH_PWQUALITY,
  '/etc/pam.d/common-auth': fixture('pam.d-login__documented-format-pam_faillock-8-second-example.txt'),
};

const collect = async (files: Record<string, string>) => {
  const out = await collectLinux(await rootHost(await makeRoot(files)));
  expectHonest(out);
  return out;
};

describe('password_policy on Linux (real files in a temporary root)', () => {
  it('Debian 12 as installed: pam_unix alone asks 6 characters, nothing locks, passwords never expire (99999 days)', async () => {
    const out = await collect(DEBIAN);
    expect(out.facts).toEqual({
      minLength: 6,
      maxAgeDays: 99999,
      lockoutThreshold: 0,
      lockoutMinutes: null,
      historyLength: 0,
    });
    expect(out.unknown.lockoutMinutes).toMatch(/^does not exist on this PC: no account lockout/);
  });

  it('with libpam-pwquality installed: its default 8; minlen in pwquality.conf, a drop-in, or on the PAM line raises it', async () => {
    expect((await collect(WITH_PWQUALITY)).facts.minLength).toBe(8);
    const conf = fixture('pwquality.conf__this-debian12-libpam-pwquality-1.4.5-default.conf');
    expect(
      (await collect({ ...WITH_PWQUALITY, '/etc/security/pwquality.conf': `${conf}minlen = 12\n` })).facts.minLength,
    ).toBe(12);
    // Drop-ins are read first and pwquality.conf last (pwquality.conf(5)).
    const dropIn = { '/etc/security/pwquality.conf.d/50-shop.conf': 'minlen = 14\n' };
    expect((await collect({ ...WITH_PWQUALITY, ...dropIn })).facts.minLength).toBe(14);
    expect(
      (await collect({ ...WITH_PWQUALITY, ...dropIn, '/etc/security/pwquality.conf': 'minlen = 10\n' })).facts
        .minLength,
    ).toBe(10);
    const line = WITH_PWQUALITY['/etc/pam.d/common-password'].replace(
      'pam_pwquality.so retry=3',
      'pam_pwquality.so retry=3 minlen=16',
    );
    expect((await collect({ ...WITH_PWQUALITY, '/etc/pam.d/common-password': line })).facts.minLength).toBe(16);
  });

  it('pam_faillock in the auth stack: faillock.conf decides, else its defaults (3 tries, 10 minutes)', async () => {
    expect((await collect(WITH_FAILLOCK)).facts).toMatchObject({ lockoutThreshold: 3, lockoutMinutes: 10 });
    const conf = `${WITH_FAILLOCK['/etc/security/faillock.conf']}deny = 10\nunlock_time = 1800\n`;
    expect((await collect({ ...WITH_FAILLOCK, '/etc/security/faillock.conf': conf })).facts).toMatchObject({
      lockoutThreshold: 10,
      lockoutMinutes: 30,
    });
    expect(
      (await collect({ ...WITH_FAILLOCK, '/etc/security/faillock.conf': 'unlock_time = never\n' })).facts,
    ).toMatchObject({ lockoutThreshold: 3, lockoutMinutes: 0 });
  });

  it('Red Hat style system-auth is read the same way; pam_pwhistory keeps 5 passwords', async () => {
    const systemAuth = [
      fixture('pam.d-login__documented-format-pam_faillock-8-second-example.txt'),
      'password requisite pam_pwquality.so local_users_only',
      'password required pam_pwhistory.so use_authtok remember=5',
      'password sufficient pam_unix.so sha512 shadow use_authtok',
      '',
    ].join('\n');
    const out = await collect({
      '/etc/login.defs': 'PASS_MAX_DAYS\t90\n',
      '/etc/pam.d/system-auth': systemAuth,
      '/etc/security/pwquality.conf': 'minlen = 12\n',
    });
    expect(out.facts).toEqual({
      minLength: 12,
      maxAgeDays: 90,
      lockoutThreshold: 3,
      lockoutMinutes: 10,
      historyLength: 5,
    });
  });

  it('no PAM files, no login.defs: every fact unknown with the reason, nothing guessed', async () => {
    const out = await collect({ '/etc/hostname': 'till\n' });
    expect(out.facts).toEqual({
      minLength: null,
      maxAgeDays: null,
      lockoutThreshold: null,
      lockoutMinutes: null,
      historyLength: null,
    });
    expect(out.unknown.minLength).toMatch(/^no PAM configuration found/);
    expect(out.unknown.maxAgeDays).toBe('/etc/login.defs: not found');
  });

  it('a PAM file that cannot be read makes what its stack decides (length, history) unknown; the lockout of the auth stack and the expiry stay', async () => {
    const root = await makeRoot(
      Object.fromEntries(Object.entries(WITH_FAILLOCK).filter(([file]) => file !== '/etc/pam.d/common-password')),
    );
    // A folder where the file should be: reading it is refused even for root.
    await mkdir(path.join(root, 'etc/pam.d/common-password'), { recursive: true });
    const out = await collectLinux(await rootHost(root));
    expectHonest(out);
    expect(out.facts).toEqual({
      minLength: null,
      maxAgeDays: 99999,
      lockoutThreshold: 3,
      lockoutMinutes: 10,
      historyLength: null,
    });
    expect(out.unknown.minLength).toBe('/etc/pam.d/common-password: a folder, not a regular file: not read');
  });

  it('faillock.conf refused to a scan without root: the lockout is unknown with the standard "needs root" (so the report hints to run with sudo)', async () => {
    const base = await rootHost(await makeRoot(WITH_FAILLOCK));
    const host: Host = {
      ...base,
      readFile: async (p) => (p === '/etc/security/faillock.conf' ? { status: 'denied' } : base.readFile(p)),
    };
    const out = await collectLinux(host);
    expectHonest(out);
    expect(out.facts).toMatchObject({ lockoutThreshold: null, lockoutMinutes: null });
    expect(out.unknown.lockoutThreshold).toBe(REASON.needsRoot);
  });

  it("pam_cracklib, whose settings are not read, makes the length unknown rather than pam_unix's 6", async () => {
    const out = await collect({
      ...DEBIAN,
      '/etc/pam.d/common-password': `password requisite pam_cracklib.so retry=3 minlen=8\n${DEBIAN['/etc/pam.d/common-password']}`,
    });
    expect(out.facts.minLength).toBeNull();
    expect(out.unknown.minLength).toMatch(/pam_cracklib/);
  });
});

describe('rules/password-policy.yaml on those files, per profile', () => {
  const statusesFor = async (files: Record<string, string>, profile: string) => {
    const root = await makeRoot({ ...files, '/etc/os-release': readFileSync('/etc/os-release', 'utf8') });
    const report = await scan(await rootHost(root), await bundledRules(), {
      profile,
      only: ['password-policy.*'],
      lang: 'en',
      failOn: 'high',
      minScore: null,
      strict: false,
      version: 'test',
      replayed: false,
      probeDeadlineMs: 8000,
    });
    return Object.fromEntries(
      report.results.filter((r) => r.id.startsWith('password-policy.')).map((r) => [r.id, r.status]),
    );
  };

  it('pwquality minlen 12 with faillock 10 tries / 30 minutes passes PCI DSS; minlen 8 with 3 tries / 10 minutes fails it on length and duration', async () => {
    const strong = {
      ...WITH_FAILLOCK,
      '/etc/security/pwquality.conf': 'minlen = 12\n',
      '/etc/security/faillock.conf': 'deny = 10\nunlock_time = 1800\n',
    };
    expect(await statusesFor(strong, 'pci-dss')).toEqual({
      'password-policy.min-length': 'pass',
      'password-policy.lockout': 'pass',
      'password-policy.lockout-duration': 'pass',
    });
    expect(await statusesFor(WITH_FAILLOCK, 'pci-dss')).toEqual({
      'password-policy.min-length': 'fail',
      'password-policy.lockout': 'pass',
      'password-policy.lockout-duration': 'fail',
    });
    // The baseline asks 8 characters and 10 minutes: the same PC passes it.
    expect(await statusesFor(WITH_FAILLOCK, 'default')).toEqual({
      'password-policy.min-length': 'pass',
      'password-policy.lockout': 'pass',
      'password-policy.lockout-duration': 'pass',
    });
    // CIS IG1 asks 14 without MFA; Debian as installed locks nothing.
    expect(await statusesFor(strong, 'cis-ig1')).toEqual({ 'password-policy.min-length': 'fail' });
    expect(await statusesFor(DEBIAN, 'cyber-essentials')).toEqual({
      'password-policy.min-length': 'fail',
      'password-policy.lockout': 'fail',
    });
    // Cyber Essentials allows 8 only with MFA or a deny list, which a scan cannot see: 12 here.
    const ten = {
      ...WITH_FAILLOCK,
      '/etc/security/pwquality.conf': 'minlen = 10\n',
      '/etc/security/faillock.conf': 'deny = 10\n',
    };
    expect(await statusesFor(ten, 'default')).toMatchObject({ 'password-policy.min-length': 'pass' });
    expect(await statusesFor(ten, 'cyber-essentials')).toEqual({
      'password-policy.min-length': 'fail',
      'password-policy.lockout': 'pass',
    });
    expect(await statusesFor(strong, 'cyber-essentials')).toEqual({
      'password-policy.min-length': 'pass',
      'password-policy.lockout': 'pass',
    });
  });

  it('each profile selects the password rules its standard asks for', async () => {
    const set = await bundledRules();
    const ids = (profile: string) =>
      selectRules(set, { profile })
        .rules.map((r) => r.id)
        .filter((id) => id.startsWith('password-policy.'));
    expect(ids('pci-dss')).toEqual([
      'password-policy.min-length',
      'password-policy.lockout',
      'password-policy.lockout-duration',
    ]);
    expect(ids('cyber-essentials')).toEqual(['password-policy.min-length', 'password-policy.lockout']);
    expect(ids('cn-basic')).toEqual(['password-policy.min-length', 'password-policy.lockout']);
    expect(ids('cis-ig1')).toEqual(['password-policy.min-length']);
  });
});

const PAMTESTER = '/usr/bin/pamtester';
needsRoot({ [PAMTESTER]: 'pamtester' }).describe(
  'password_policy: which PAM lines take part, as libpam decides',
  () => {
    const PASSWORD = 'Correct-Horse-9';
    // alice's password is PASSWORD (SHA-512 crypt, made with openssl passwd -6).
    const ACCOUNTS = {
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n',
      '/etc/shadow':
        'root:*:20000:0:99999:7:::\nalice:$6$saltsalt$13.b/0XbThM./40CIf46JMCAuShVm6vrQmelx/NyTPFwV54QKtt5yoQ4Kklod5gkePsrzBsBGFNJBNaGpzQVz1:20000:0:99999:7:::\n',
    };

    /** pamtester SERVICE alice OPERATION, in a private mount namespace where the root's /etc files lie over this machine's /etc. */
    function pamtester(root: string, service: string, operation: string, input: string): boolean {
      return (
        runInNamespace({}, PAMTESTER, [service, 'alice', operation], input, { '/etc': path.join(root, 'etc') })
          .status === 0
      );
    }

    const FAILLOCK_EXAMPLE = fixture('pam.d-login__documented-format-pam_faillock-8-second-example.txt')
      .split('\n')
      .filter((l) => l.startsWith('auth') && !/securetty|pam_env|nologin/.test(l))
      .join('\n');
    const DEBIAN_AUTH = fixture('common-auth__this-debian12-default.txt');
    const lockoutCases: [string, string, number][] = [
      ["pam_faillock(8)'s own example", `${FAILLOCK_EXAMPLE}\n`, 2],
      [
        'authfail added after Debian\'s "requisite pam_deny": a wrong password never reaches it',
        `${DEBIAN_AUTH}auth required pam_faillock.so authfail\n`,
        0,
      ],
      ['preauth alone: nothing counts the failures', `auth required pam_faillock.so preauth\n${DEBIAN_AUTH}`, 0],
      [
        'preauth optional, and a right password jumps over authfail',
        'auth optional pam_faillock.so preauth\nauth [success=2 default=ignore] pam_unix.so\nauth [default=die] pam_faillock.so authfail\nauth requisite pam_deny.so\nauth required pam_permit.so\n',
        0,
      ],
    ];
    // pam_unix and pam_faillock wait about 2 s after each wrong password unless told `nodelay` (pam_unix
    // as an argument, pam_faillock in faillock.conf); the wait plays no part in which lines count the failures.
    const noFailDelay = (stack: string) => stack.replace(/^(auth\b.*\bpam_unix\.so)/gm, '$1 nodelay');
    it.each(lockoutCases)('lockout: %s', async (_, commonAuth, threshold) => {
      const root = await makeRoot({
        ...DEBIAN,
        ...ACCOUNTS,
        '/etc/pam.d/common-auth': noFailDelay(commonAuth),
        '/etc/pam.d/login': '@include common-auth\n',
        '/etc/security/faillock.conf': '',
      });
      await writeFile(
        path.join(root, 'etc/security/faillock.conf'),
        `dir = ${path.join(root, 'faillock')}\ndeny = 2\nunlock_time = 600\nnodelay\n`,
      );
      const out = await collectLinux(await rootHost(root));
      expect(out.facts.lockoutThreshold).toBe(threshold);
      // Real PAM: two wrong passwords, then the right one; it is refused exactly when the lockout works.
      for (const _try of [1, 2]) expect(pamtester(root, 'login', 'authenticate', 'wrong-password\n')).toBe(false);
      expect(pamtester(root, 'login', 'authenticate', `${PASSWORD}\n`)).toBe(threshold === 0);
    });

    const PWQUALITY = fixture('common-password__this-debian12-pam-auth-update-with-pwquality.txt').replace(
      'pam_pwquality.so retry=3',
      'pam_pwquality.so retry=1 minlen=12 enforce_for_root',
    );
    const lengthCases: [string, string, number][] = [
      ['pam_pwquality requisite, as pam-auth-update writes it', PWQUALITY, 12],
      // pam_unix use_authtok takes the password pam_pwquality accepted: a refused one is never handed on.
      [
        'pam_pwquality made optional, pam_unix using its password',
        PWQUALITY.replace(/requisite(\s+pam_pwquality)/, 'optional$1'),
        12,
      ],
      [
        'pam_pwquality made optional, pam_unix asking itself',
        PWQUALITY.replace(/requisite(\s+pam_pwquality)/, 'optional$1').replace(' use_authtok', ''),
        6,
      ],
      [
        'pam_pwquality after a sufficient pam_unix: never reached',
        'password sufficient pam_unix.so obscure yescrypt\npassword requisite pam_pwquality.so retry=1 minlen=12 enforce_for_root\npassword requisite pam_deny.so\n',
        6,
      ],
    ];
    it.each(lengthCases)('minimum length: %s', async (_, commonPassword, minLength) => {
      const root = await makeRoot({
        ...WITH_PWQUALITY,
        ...ACCOUNTS,
        '/etc/pam.d/common-password': commonPassword,
        '/etc/pam.d/passwd': '@include common-password\n',
      });
      const out = await collectLinux(await rootHost(root));
      expect(out.facts.minLength).toBe(minLength);
      // Real PAM changing alice's password (in the root's copy of /etc/shadow) to 9 characters; a
      // module that asks again gets the same answer.
      expect(pamtester(root, 'passwd', 'chauthtok', 'Xq7#mV2pL\n'.repeat(4))).toBe(minLength <= 9);
    });

    // pwquality.conf(5): "enforcing = N: If nonzero, reject the password if it fails the checks, otherwise only print
    // the warning" — set in the file, or as the module's own argument, pam_pwquality refuses nothing.
    const enforcingCases: [string, string, string, number][] = [
      ['enforcing = 0 in pwquality.conf', PWQUALITY, 'minlen = 12\nenforcing = 0\n', 6],
      ['enforcing=0 as the module argument', PWQUALITY.replace('minlen=12', 'minlen=12 enforcing=0'), '', 6],
      [
        'enforcing = 0 in the file, enforcing=1 as the argument',
        PWQUALITY.replace('minlen=12', 'minlen=12 enforcing=1'),
        'enforcing = 0\n',
        12,
      ],
    ];
    it.each(enforcingCases)('minimum length: %s', async (_, commonPassword, conf, minLength) => {
      const root = await makeRoot({
        ...WITH_PWQUALITY,
        ...ACCOUNTS,
        '/etc/pam.d/common-password': commonPassword,
        '/etc/pam.d/passwd': '@include common-password\n',
        '/etc/security/pwquality.conf': conf,
      });
      const out = await collectLinux(await rootHost(root));
      expect(out.facts.minLength).toBe(minLength);
      expect(pamtester(root, 'passwd', 'chauthtok', 'Xq7#mV2pL\n'.repeat(4))).toBe(minLength <= 9);
    });
  },
);
