import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExports, parseTestparmDump, parseUsershareFile, sambaConfigFromDump } from '../../../src/probes/open_shares/parse.js';
import { makeRoot, REPO, SAMPLES } from '../../helpers/host.js';
import { runInNamespace } from '../../helpers/namespace.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'open_shares', name), 'utf8');
const sample = (name: string) => readFile(path.join(SAMPLES, 'linux', name), 'utf8');

describe('testparm dumps', () => {
  it('reads the anonymous writable [Movies] share of testparm-s__ubuntu-samba3-guest-ok-movies.txt (stderr lines first, 8-space indent)', async () => {
    const config = sambaConfigFromDump(parseTestparmDump(await sample('testparm-s__ubuntu-samba3-guest-ok-movies.txt')));
    expect(config.shares).toEqual([
      { name: 'Movies', path: '/media/mynewdrive1/Movies', guestAccess: true, writable: true, allowedUsers: [], printer: false, browseable: true },
      { name: 'printers', path: '/var/spool/samba', guestAccess: false, writable: false, allowedUsers: [], printer: true, browseable: false },
      { name: 'print$', path: '/var/lib/samba/printers', guestAccess: false, writable: false, allowedUsers: [], printer: false, browseable: true },
    ]);
    expect(config.guestLogonAllowed).toBe(true);
    expect(config.userSharesAllowGuests).toBe(true);
    // testparm -s leaves out defaults, and Samba's default minimum protocol changed in 4.11: unknown, not guessed.
    expect(config.smb1Enabled).toBeNull();
    expect(config.minProtocol).toBeNull();
  });

  it('reads a guest share, a private share, SMB1 and a disabled share (testparm-s-v__this-debian12-samba-4.17.12__guest-public-private-office-nt1.txt)', async () => {
    const sections = parseTestparmDump(await fixture('testparm-s-v__this-debian12-samba-4.17.12__guest-public-private-office-nt1.txt'));
    expect(sections.map((s) => s.name)).toEqual(['global', 'public', 'office', 'printers', 'old']);
    expect(sections[0]!.params.get('idmap config * : backend')).toBe('tdb');
    expect(sections[0]!.params.get('usershare prefix allow list')).toBe('');
    const config = sambaConfigFromDump(sections);
    expect(config.shares).toEqual([
      { name: 'public', path: '/srv/public', guestAccess: true, writable: true, allowedUsers: [], printer: false, browseable: true },
      { name: 'office', path: '/srv/office', guestAccess: false, writable: true, allowedUsers: ['alice', '@staff'], printer: false, browseable: true },
      { name: 'printers', path: '/var/spool/samba', guestAccess: true, writable: false, allowedUsers: [], printer: true, browseable: false },
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
    const config = sambaConfigFromDump(parseTestparmDump(await fixture('testparm-s__this-debian12-samba-4.17.12__guest-public-private-office-nt1.txt')));
    expect(config.shares.map((s) => [s.name, s.guestAccess, s.writable])).toEqual([
      ['public', true, true],
      ['office', false, true],
      ['printers', true, false],
    ]);
    expect(config.smb1Enabled).toBe(true);
    expect(config.pidDirectory).toBeNull();
  });

  it('sees SMB1 off by the Samba 4.17 default and no guest mapping (testparm-s-v__this-debian12-samba-4.17.12__private-only-defaults.txt)', async () => {
    const config = sambaConfigFromDump(parseTestparmDump(await fixture('testparm-s-v__this-debian12-samba-4.17.12__private-only-defaults.txt')));
    expect(config).toMatchObject({ smb1Enabled: false, minProtocol: 'SMB2_02', guestLogonAllowed: false, userSharesAllowGuests: false, userShareMax: 0 });
    expect(config.shares).toEqual([{ name: 'office', path: '/srv/office', guestAccess: false, writable: true, allowedUsers: ['alice'], printer: false, browseable: true }]);
  });

  it('lets [global] settings reach every share (handwritten dump in testparm -s form)', () => {
    const config = sambaConfigFromDump(parseTestparmDump('[global]\n\tguest ok = Yes\n\tread only = No\n\n[data]\n\tpath = /srv/data\n'));
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
    const share = parseUsershareFile(await fixture('usershare__this-debian12-net-usershare-add-one-sid-read.txt'), 'priv', true);
    expect(share).toMatchObject({ name: 'Priv', guestAccess: false, writable: false, allowedUsers: ['S-1-5-21-1-2-3-1001'] });
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

  it.runIf(existsSync(EXPORTFS))('reads each client, rw/ro and insecure as exportfs writes them to its table', async () => {
    const root = await makeRoot({ '/etc/exports': EXPORTS, '/var/lib/nfs/.keep': '' });
    // exportfs -ra fails to reach the kernel's nfsd here, but first writes what it parsed to etab.
    runInNamespace({ '/etc/exports': path.join(root, 'etc/exports'), '/var/lib/nfs': path.join(root, 'var/lib/nfs') }, EXPORTFS, ['-ra']);
    const etab = readFileSync(path.join(root, 'var/lib/nfs/etab'), 'utf8');
    const real = etab
      .trim()
      .split('\n')
      .map((line) => {
        const [, p, client, options] = /^(\S+)\t(.*)\((.*)\)$/.exec(line)!;
        const opts = options!.split(',');
        return { path: p!.replace(/\\040/g, ' '), client: client!, writable: opts[0] === 'rw', insecure: opts.includes('insecure') };
      });
    const ours = parseExports(EXPORTS).map(({ path: p, client, writable, insecure }) => ({ path: p, client, writable, insecure }));
    const byKey = (a: { path: string; client: string }, b: { path: string; client: string }) => `${a.path} ${a.client}`.localeCompare(`${b.path} ${b.client}`);
    expect(ours.sort(byKey)).toEqual(real.sort(byKey));
    // Who is everyone: no client, `*`, a /0 network, and a wildcard that matches a bare address.
    const world = parseExports(EXPORTS).filter((e) => e.worldOpen).map((e) => `${e.path} ${e.client}`);
    expect(world.sort()).toEqual(['/srv/a *', '/srv/b *.*', '/srv/b 10.0.0.0/0', '/srv/c ', '/srv/e *', '/srv/e ::/0']);
  });
});
