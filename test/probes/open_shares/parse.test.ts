import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  incompleteVerboseDump,
  parseExports,
  parseTestparmDump,
  parseUsershareFile,
  sambaConfigFromDump,
} from '../../../src/probes/open_shares/parse.js';
import { makeRoot, REPO, SAMPLES } from '../../helpers/host.js';
import { runInNamespace } from '../../helpers/namespace.js';
import { needsTool } from '../../helpers/tools.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'open_shares', name), 'utf8');
const sample = (name: string) => readFile(path.join(SAMPLES, 'linux', name), 'utf8');

describe('testparm dumps', () => {
  it('reads the anonymous writable [Movies] share of testparm-s__ubuntu-samba3-guest-ok-movies.txt (stderr lines first, 8-space indent)', async () => {
    const config = sambaConfigFromDump(
      parseTestparmDump(await sample('testparm-s__ubuntu-samba3-guest-ok-movies.txt')),
    );
    expect(config.shares).toEqual([
      {
        name: 'Movies',
        path: '/media/mynewdrive1/Movies',
        guestAccess: true,
        writable: true,
        allowedUsers: [],
        printer: false,
        browseable: true,
      },
      {
        name: 'printers',
        path: '/var/spool/samba',
        guestAccess: false,
        writable: false,
        allowedUsers: [],
        printer: true,
        browseable: false,
      },
      {
        name: 'print$',
        path: '/var/lib/samba/printers',
        guestAccess: false,
        writable: false,
        allowedUsers: [],
        printer: false,
        browseable: true,
      },
    ]);
    expect(config.guestLogonAllowed).toBe(true);
    expect(config.userSharesAllowGuests).toBe(true);
    // testparm -s leaves out defaults, and Samba's default minimum protocol changed in 4.11: unknown, not guessed.
    expect(config.smb1Enabled).toBeNull();
    expect(config.minProtocol).toBeNull();
  });

  it('reads a guest share, a private share, SMB1 and a disabled share (testparm-s-v__this-debian12-samba-4.17.12__guest-public-private-office-nt1.txt)', async () => {
    const sections = parseTestparmDump(
      await fixture('testparm-s-v__this-debian12-samba-4.17.12__guest-public-private-office-nt1.txt'),
    );
    expect(sections.map((s) => s.name)).toEqual(['global', 'public', 'office', 'printers', 'old']);
    expect(sections[0]!.params.get('idmap config * : backend')).toBe('tdb');
    expect(sections[0]!.params.get('usershare prefix allow list')).toBe('');
    const config = sambaConfigFromDump(sections);
    expect(config.shares).toEqual([
      {
        name: 'public',
        path: '/srv/public',
        guestAccess: true,
        writable: true,
        allowedUsers: [],
        printer: false,
        browseable: true,
      },
      {
        name: 'office',
        path: '/srv/office',
        guestAccess: false,
        writable: true,
        allowedUsers: ['alice', '@staff'],
        printer: false,
        browseable: true,
      },
      {
        name: 'printers',
        path: '/var/spool/samba',
        guestAccess: true,
        writable: false,
        allowedUsers: [],
        printer: true,
        browseable: false,
      },
    ]);
    expect(config).toMatchObject({
      guestLogonAllowed: true,
      smb1Enabled: true,
      minProtocol: 'NT1',
      userSharesAllowGuests: true,
      userShareMax: 100,
      usersharePath: '/var/lib/samba/usershares',
      pidDirectory: '/run/samba',
    });
  });

  it('reads the same configuration from testparm -s, which prints only what was set (testparm-s__this-debian12-…nt1.txt)', async () => {
    const config = sambaConfigFromDump(
      parseTestparmDump(await fixture('testparm-s__this-debian12-samba-4.17.12__guest-public-private-office-nt1.txt')),
    );
    expect(config.shares.map((s) => [s.name, s.guestAccess, s.writable])).toEqual([
      ['public', true, true],
      ['office', false, true],
      ['printers', true, false],
    ]);
    expect(config.smb1Enabled).toBe(true);
    expect(config.pidDirectory).toBeNull();
  });

  it('sees SMB1 off by the Samba 4.17 default and no guest mapping (testparm-s-v__this-debian12-samba-4.17.12__private-only-defaults.txt)', async () => {
    const config = sambaConfigFromDump(
      parseTestparmDump(await fixture('testparm-s-v__this-debian12-samba-4.17.12__private-only-defaults.txt')),
    );
    expect(config).toMatchObject({
      smb1Enabled: false,
      minProtocol: 'SMB2_02',
      guestLogonAllowed: false,
      userSharesAllowGuests: false,
      userShareMax: 0,
    });
    expect(config.shares).toEqual([
      {
        name: 'office',
        path: '/srv/office',
        guestAccess: false,
        writable: true,
        allowedUsers: ['alice'],
        printer: false,
        browseable: true,
      },
    ]);
  });

  it('lets [global] settings reach every share (handwritten dump in testparm -s form)', () => {
    const config = sambaConfigFromDump(
      parseTestparmDump('[global]\n\tguest ok = Yes\n\tread only = No\n\n[data]\n\tpath = /srv/data\n'),
    );
    expect(config.shares[0]).toMatchObject({ guestAccess: true, writable: true });
  });
});

describe('parseUsershareFile', () => {
  it('reads a guest usershare with full control for Everyone (usershare__this-debian12-net-usershare-add-guest-ok-everyone-full.txt)', async () => {
    const text = await fixture('usershare__this-debian12-net-usershare-add-guest-ok-everyone-full.txt');
    expect(parseUsershareFile(text, 'pub', true)).toEqual({
      name: 'Pub',
      path: '/tmp/sp/srv/pub',
      guestAccess: true,
      writable: true,
      allowedUsers: [],
      printer: false,
      browseable: true,
    });
    // Guests get nothing when the server does not allow guest usershares.
    expect(parseUsershareFile(text, 'pub', false)?.guestAccess).toBe(false);
  });

  it('reads a read-only usershare for one account (usershare__this-debian12-net-usershare-add-one-sid-read.txt)', async () => {
    const share = parseUsershareFile(
      await fixture('usershare__this-debian12-net-usershare-add-one-sid-read.txt'),
      'priv',
      true,
    );
    expect(share).toMatchObject({
      name: 'Priv',
      guestAccess: false,
      writable: false,
      allowedUsers: ['S-1-5-21-1-2-3-1001'],
    });
  });
});

describe('parseExports (handwritten /etc/exports lines in the exports(5) format)', () => {
  it('finds world-open, insecure and writable exports', () => {
    const text = [
      '# /etc/exports: the access control list for filesystems which may be exported',
      '/srv/shop      192.168.1.0/24(rw,sync,no_subtree_check) *(ro,insecure)',
      '/srv/typo (rw)',
      '/srv/bare',
      '"/srv/with space" -rw,insecure @staff host1(ro,secure)',
      '/srv/long \\',
      '    10.0.0.5(rw)   # trailing comment',
    ].join('\n');
    expect(parseExports(text)).toEqual([
      { path: '/srv/shop', client: '192.168.1.0/24', worldOpen: false, writable: true, insecure: false },
      { path: '/srv/shop', client: '*', worldOpen: true, writable: false, insecure: true },
      { path: '/srv/typo', client: '*', worldOpen: true, writable: true, insecure: false },
      { path: '/srv/bare', client: '', worldOpen: true, writable: false, insecure: false },
      { path: '/srv/with space', client: '@staff', worldOpen: false, writable: true, insecure: true },
      { path: '/srv/with space', client: 'host1', worldOpen: false, writable: false, insecure: false },
      { path: '/srv/long', client: '10.0.0.5', worldOpen: false, writable: true, insecure: false },
    ]);
  });

  it('reads an empty file as no exports', () => {
    expect(parseExports('# nothing exported\n\n')).toEqual([]);
  });
});

describe('parseExports against the real exportfs (nfs-kernel-server) in a private mount namespace', () => {
  const EXPORTFS = '/usr/sbin/exportfs';
  const EXPORTS = [
    '/srv/a (rw)',
    '/srv/b *.*(rw,insecure) 10.0.0.0/0(ro) @shop(rw) *.shop.example(rw)',
    '/srv/c 192.168.1.0/24(rw,no_root_squash) -ro',
    '"/srv/d e" 127.0.0.1(rw,ro)',
    '/srv/e -rw,insecure 10.1.0.0/16 *(ro) \\',
    '  ::/0(rw)',
    '',
  ].join('\n');

  needsTool(EXPORTFS, 'nfs-kernel-server').it(
    'reads each client, rw/ro and insecure as exportfs writes them to its table',
    async () => {
      const root = await makeRoot({ '/etc/exports': EXPORTS, '/var/lib/nfs/.keep': '' });
      // exportfs -ra fails to reach the kernel's nfsd here, but first writes what it parsed to etab.
      runInNamespace(
        { '/etc/exports': path.join(root, 'etc/exports'), '/var/lib/nfs': path.join(root, 'var/lib/nfs') },
        EXPORTFS,
        ['-ra'],
      );
      const etab = readFileSync(path.join(root, 'var/lib/nfs/etab'), 'utf8');
      const real = etab
        .trim()
        .split('\n')
        .map((line) => {
          const [, p, client, options] = /^(\S+)\t(.*)\((.*)\)$/.exec(line)!;
          const opts = options!.split(',');
          return {
            path: p!.replace(/\\040/g, ' '),
            client: client!,
            writable: opts[0] === 'rw',
            insecure: opts.includes('insecure'),
          };
        });
      const ours = parseExports(EXPORTS).map(({ path: p, client, writable, insecure }) => ({
        path: p,
        client,
        writable,
        insecure,
      }));
      const byKey = (a: { path: string; client: string }, b: { path: string; client: string }) =>
        `${a.path} ${a.client}`.localeCompare(`${b.path} ${b.client}`);
      expect(ours.sort(byKey)).toEqual(real.sort(byKey));
      // Who is everyone: no client, `*`, a /0 network, and a wildcard that matches a bare address.
      const world = parseExports(EXPORTS)
        .filter((e) => e.worldOpen)
        .map((e) => `${e.path} ${e.client}`);
      expect(world.sort()).toEqual([
        '/srv/a *',
        '/srv/b *.*',
        '/srv/b 10.0.0.0/0',
        '/srv/c ',
        '/srv/e *',
        '/srv/e ::/0',
      ]);
    },
  );
});

// Handwritten dumps and files in the documented formats (smb.conf(5) as testparm prints it,
// net usershare files, exports(5)), each at an edge between shared and not shared.
describe('shares at their edges (handwritten)', () => {
  const config = (dump: string) => sambaConfigFromDump(parseTestparmDump(dump));

  it('testparm lines: CRLF, spaces for tabs, an empty value, names lower-cased, lines before any section and comments skipped', () => {
    const sections = parseTestparmDump(
      '\tguest ok = Yes\n# comment\n[Global]\r\n    Map To Guest = Bad User\r\n\tusershare path =\n[data] \n\tpath=/x\n\tcomment = a = b\n',
    );
    // path=/x has no indent: not a parameter line.
    expect(sections.map((s) => [s.name, [...s.params]])).toEqual([
      [
        'Global',
        [
          ['map to guest', 'Bad User'],
          ['usershare path', ''],
        ],
      ],
      ['data', [['comment', 'a = b']]],
    ]);
  });

  it('share settings: each yes word, unavailable shares dropped, a share setting over [global], users split on commas and spaces', () => {
    const yes = ['yes', 'True', '1', 'on', ' YES '];
    for (const word of yes)
      expect([word, config(`[s]\n\tpath = /s\n\tguest ok = ${word}\n`).shares[0]?.guestAccess]).toEqual([word, true]);
    for (const word of ['no', 'false', '0', 'off', 'yess', ''])
      expect([word, config(`[s]\n\tpath = /s\n\tguest ok = ${word}\n`).shares[0]?.guestAccess]).toEqual([word, false]);
    expect(config('[off]\n\tpath = /o\n\tavailable = no\n[on]\n\tpath = /p\n').shares.map((s) => s.name)).toEqual([
      'on',
    ]);
    expect(
      config('[global]\n\tavailable = no\n[on]\n\tpath = /p\n\tavailable = yes\n[off]\n\tpath = /o\n').shares.map(
        (s) => s.name,
      ),
    ).toEqual(['on']);
    expect(
      config('[global]\n\tguest ok = yes\n\tread only = no\n[s]\n\tguest ok = no\n\tread only = yes\n').shares[0],
    ).toEqual({
      name: 's',
      path: null,
      guestAccess: false,
      writable: false,
      allowedUsers: [],
      printer: false,
      browseable: true,
    });
    expect(
      config('[p]\n\tpath = /var/spool\n\tprintable = yes\n\tbrowseable = no\n\tvalid users = alice, bob @staff\n')
        .shares[0],
    ).toEqual({
      name: 'p',
      path: '/var/spool',
      guestAccess: false,
      writable: false,
      allowedUsers: ['alice', 'bob', '@staff'],
      printer: true,
      browseable: false,
    });
    expect(config('[global]\n\tpath = /g\n[s]\n').shares[0]?.path).toBe('/g');
  });

  it('[global]: guest mapping, each SMB1 dialect and SMB2/3, usershare settings, pid directory', () => {
    expect(config('[GLOBAL]\n\tmap to guest = Bad User\n')).toMatchObject({
      guestLogonAllowed: true,
      smb1Enabled: null,
      minProtocol: null,
    });
    expect(config('[global]\n\tmap to guest = never\n').guestLogonAllowed).toBe(false);
    expect(config('[global]\n').guestLogonAllowed).toBe(false);
    for (const dialect of ['CORE', 'COREPLUS', 'LANMAN1', 'LANMAN2', 'NT1', 'nt1'])
      expect([dialect, config(`[global]\n\tserver min protocol = ${dialect}\n`).smb1Enabled]).toEqual([dialect, true]);
    for (const dialect of ['SMB2', 'SMB2_02', 'smb3_11', 'SMB3'])
      expect([dialect, config(`[global]\n\tmin protocol = ${dialect}\n`).smb1Enabled]).toEqual([dialect, false]);
    expect(config('[global]\n\tserver min protocol = default\n')).toMatchObject({
      smb1Enabled: null,
      minProtocol: 'default',
    });
    expect(config('[global]\n\tserver min protocol = SMB2\n\tmin protocol = NT1\n').smb1Enabled).toBe(false);
    expect(
      config(
        '[global]\n\tusershare allow guests = Yes\n\tusershare max shares = 100\n\tusershare path = /var/lib/samba/usershares\n\tpid directory = /run/samba\n',
      ),
    ).toMatchObject({
      userSharesAllowGuests: true,
      userShareMax: 100,
      usersharePath: '/var/lib/samba/usershares',
      pidDirectory: '/run/samba',
    });
    expect(config('[global]\n\tusershare max shares = many\n\tusershare path =\n')).toMatchObject({
      userSharesAllowGuests: false,
      userShareMax: 0,
      usersharePath: null,
      pidDirectory: null,
    });
  });

  it('usershare files: denied entries grant nothing, rights in any case, no path is no share, the file name when sharename is missing', () => {
    const file = (acl: string, guest = 'n') =>
      `#VERSION 2\npath=/home/u/pub\ncomment=\nusershare_acl=${acl}\nguest_ok=${guest}\n`;
    expect(parseUsershareFile(file('S-1-1-0:D,S-1-5-21-1-2-3-1001:r'), 'pub', true)).toEqual({
      name: 'pub',
      path: '/home/u/pub',
      guestAccess: false,
      writable: false,
      allowedUsers: ['S-1-5-21-1-2-3-1001'],
      printer: false,
      browseable: true,
    });
    expect(parseUsershareFile(file('S-1-5-21-1-2-3-1001:f, bad-entry, S-1-1-0:X'), 'pub', true)).toMatchObject({
      writable: true,
      allowedUsers: ['S-1-5-21-1-2-3-1001'],
    });
    expect(parseUsershareFile(file('S-1-1-0:R', 'Y'), 'pub', true)).toMatchObject({
      guestAccess: true,
      writable: false,
      allowedUsers: [],
    });
    expect(parseUsershareFile(file('', 'yes'), 'pub', false)).toMatchObject({
      guestAccess: false,
      writable: false,
      allowedUsers: [],
    });
    expect(parseUsershareFile('#VERSION 2\n#path=/x\npath=\n', 'pub', true)).toBeNull();
    expect(parseUsershareFile('=x\nsharename=Shop\npath=/srv\n', 'shop', true)?.name).toBe('Shop');
  });

  it('exports: every world client spelling, the last rw/ro and secure/insecure winning, options after defaults, CRLF continuation', () => {
    const world = ['*', '0.0.0.0/0', '0.0.0.0/0.0.0.0', '::/0'];
    for (const client of world)
      expect([client, parseExports(`/srv ${client}(ro)\n`)[0]?.worldOpen]).toEqual([client, true]);
    expect(parseExports('/srv 10.0.0.0/8(ro)\n')[0]?.worldOpen).toBe(false);
    expect(parseExports('/srv -rw host(ro)\n/srv2 host(ro,rw,insecure,secure)\n/srv3 -ro,insecure host(rw)\n')).toEqual(
      [
        { path: '/srv', client: 'host', worldOpen: false, writable: false, insecure: false },
        { path: '/srv2', client: 'host', worldOpen: false, writable: true, insecure: false },
        { path: '/srv3', client: 'host', worldOpen: false, writable: true, insecure: true },
      ],
    );
    expect(parseExports('/srv \\\r\n  host(rw,insecure)\n')).toEqual([
      { path: '/srv', client: 'host', worldOpen: false, writable: true, insecure: true },
    ]);
    expect(parseExports('/srv -rw\n')).toEqual([
      { path: '/srv', client: '', worldOpen: true, writable: true, insecure: false },
    ]);
  });
});

describe('edges found by mutation testing (handwritten in the layouts above)', () => {
  const verbose = [
    'map to guest',
    'server min protocol',
    'usershare allow guests',
    'usershare max shares',
    'usershare path',
    'pid directory',
  ];
  const global = (names: string[]) => ({
    name: 'GLOBAL',
    params: new Map(names.map((n) => [n, 'x'] as [string, string])),
  });

  it('a testparm -s -v dump without [global] or without a parameter -v always prints is not one to judge by', () => {
    expect(incompleteVerboseDump([])).toBe('testparm printed no [global] section (empty or unexpected output)');
    expect(incompleteVerboseDump([{ name: 'share', params: new Map() }])).toBe(
      'testparm printed no [global] section (empty or unexpected output)',
    );
    expect(incompleteVerboseDump([global(verbose)])).toBeNull();
    expect(incompleteVerboseDump([global(verbose.slice(2))])).toBe(
      'testparm -s -v did not print "map to guest", "server min protocol" (unexpected output)',
    );
  });

  it('usershares: Everyone beside a named account is still everyone; comments and blanks around =', () => {
    const text =
      '#VERSION 2\n#path=/etc\npath = /srv/pub\nusershare_acl= S-1-5-21-1-2-3-1001:F , S-1-1-0:R\nguest_ok=n\n';
    expect(parseUsershareFile(text, 'pub', true)).toMatchObject({
      path: '/srv/pub',
      writable: true,
      allowedUsers: [],
      guestAccess: false,
    });
    expect(parseUsershareFile('=x\nsharename=a\n', 'pub', true)).toBeNull();
    expect(parseUsershareFile('path=/srv\nguest_ok=ny\n', 'pub', true)?.guestAccess).toBe(false);
    // Entries that are not SID:right as a whole grant nothing.
    expect(parseUsershareFile('path=/srv\nusershare_acl=xS-1-5-21-9:R,S-1-5-21-8:Fx\n', 'pub', true)).toMatchObject({
      allowedUsers: [],
      writable: false,
    });
  });
});
