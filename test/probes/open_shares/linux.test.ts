import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSchema, createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { redactSecrets } from '../../../src/probes/index.js';
import { REASON } from '../../../src/probes/types.js';
import { openShares } from '../../../src/probes/open_shares/index.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { expectHonest } from '../../helpers/honesty.js';
import { scanWith } from '../../helpers/scan.js';
import { needsTool } from '../../helpers/tools.js';

const collect = openShares.collect.linux!;
const listKeys = { shares: 'name', userShares: 'name' };
const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'open_shares', name), 'utf8');
const TESTPARM = '/usr/bin/testparm';
const GUEST_CONF = 'smb-conf__handwritten-guest-public-private-office-nt1.conf';
// The server binary is only looked at (stat), never run: an empty file marks Samba as installed in the temporary root.
const SMBD_PRESENT = { '/usr/sbin/smbd': '' };

needsTool(TESTPARM, 'samba-common-bin').describe('open_shares with the real testparm', () => {
  it('finds the guest share, SMB1, guest mapping, a running smbd, guest usershares and a world-open NFS export', async () => {
    const root = await makeRoot({
      ...SMBD_PRESENT,
      '/etc/samba/smb.conf': await fixture(GUEST_CONF),
      '/run/samba/smbd.pid': '4242\n',
      '/proc/4242/comm': 'smbd\n',
      '/var/lib/samba/usershares/pub': await fixture(
        'usershare__this-debian12-net-usershare-add-guest-ok-everyone-full.txt',
      ),
      '/var/lib/samba/usershares/priv': await fixture('usershare__this-debian12-net-usershare-add-one-sid-read.txt'),
      '/usr/sbin/exportfs': '',
      '/etc/exports': '/srv/shop 192.168.1.0/24(rw,sync)\n',
      '/etc/exports.d/scanner.exports': '/srv/scans *(rw,insecure)\n',
      '/etc/exports.d/ignored.conf': '/srv/never *(rw)\n',
    });
    const out = await collect(await rootHost(root));
    expect(out.facts).toMatchObject({
      smbServerInstalled: true,
      smbServerRunning: true,
      smb1Enabled: true,
      guestLogonAllowed: true,
      userSharesAllowGuests: true,
      nfsServerInstalled: true,
    });
    expect(out.facts.shares?.map((s) => [s.name, s.guestAccess, s.writable, s.printer])).toEqual([
      ['public', true, true, false],
      ['office', false, true, false],
      ['printers', true, false, true],
    ]);
    expect(out.facts.userShares?.map((s) => [s.name, s.guestAccess, s.writable])).toEqual([
      ['Priv', false, false],
      ['Pub', true, true],
    ]);
    expect(out.facts.nfsExports).toEqual([
      { path: '/srv/shop', client: '192.168.1.0/24', worldOpen: false, writable: true, insecure: false },
      { path: '/srv/scans', client: '*', worldOpen: true, writable: true, insecure: true },
    ]);
    expectHonest(out, listKeys);
  });

  it('sees a private share, SMB1 off by default, no usershares and smbd stopped (stale pid file)', async () => {
    const root = await makeRoot({
      ...SMBD_PRESENT,
      '/etc/samba/smb.conf': await fixture('smb-conf__handwritten-private-only-defaults.conf'),
      '/run/samba/smbd.pid': '4243\n',
      '/proc/4243/comm': 'bash\n',
    });
    const out = await collect(await rootHost(root));
    expect(out.facts).toMatchObject({
      smbServerInstalled: true,
      smbServerRunning: false,
      smb1Enabled: false,
      guestLogonAllowed: false,
      userSharesAllowGuests: false,
      userShares: [],
      nfsServerInstalled: false,
      nfsExports: [],
    });
    expect(out.facts.shares).toEqual([
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
    expectHonest(out, listKeys);
  });

  it("reads Debian's default smb.conf: [homes] has no path of its own, printers are printer shares, bad logins become guests", async () => {
    const root = await makeRoot({
      ...SMBD_PRESENT,
      '/etc/samba/smb.conf': await readFile(
        path.join(REPO, 'test', 'fixtures', 'open_shares', 'smb-conf__this-debian12-samba-common-default.conf'),
        'utf8',
      ),
    });
    const out = await collect(await rootHost(root));
    expect(
      out.facts.shares?.map((s) => [s.name, s.path, s.guestAccess, s.writable, s.allowedUsers, s.printer]),
    ).toEqual([
      ['homes', null, false, false, ['%S'], false],
      ['printers', '/var/tmp', false, false, [], true],
      ['print$', '/var/lib/samba/printers', false, false, [], false],
    ]);
    expect(out.unknown['shares[homes].path']).toBe("each user's own home folder");
    expect(out.facts).toMatchObject({
      guestLogonAllowed: true,
      smb1Enabled: false,
      userSharesAllowGuests: true,
      smbServerRunning: false,
    });
    expectHonest(out, listKeys);
  });

  it('reports no shares when Samba is not installed and has no configuration', async () => {
    const out = await collect(await rootHost(await makeRoot({})));
    expect(out.facts).toMatchObject({
      smbServerInstalled: false,
      smbServerRunning: false,
      shares: [],
      userShares: [],
      smb1Enabled: false,
      guestLogonAllowed: false,
    });
    expectHonest(out, listKeys);
  });

  it('does not guess when a non-root user cannot see the process named in the pid file', async () => {
    const root = await makeRoot({
      ...SMBD_PRESENT,
      '/etc/samba/smb.conf': await fixture(GUEST_CONF),
      '/run/samba/smbd.pid': '4244\n',
    });
    const out = await collect(await rootHost(root, { elevated: false }));
    expect(out.facts.smbServerRunning).toBeNull();
    expect(out.unknown.smbServerRunning).toContain(REASON.needsRoot);
    expectHonest(out, listKeys);
    const asRoot = await collect(await rootHost(root, { elevated: true }));
    expect(asRoot.facts.smbServerRunning).toBe(false);
  });
});

describe('open_shares from recorded outputs', () => {
  function replay(options: {
    testparm?: { exitCode: number; stdout: string; stderr: string };
    files?: Record<string, unknown>;
    dirs?: Record<string, unknown>;
    stats?: Record<string, unknown>;
  }) {
    return createReplayHost(
      bundleSchema.parse({
        kind: 'shop-audit-bundle',
        schemaVersion: 1,
        os: 'linux',
        elevated: false,
        user: { name: 'tester', uid: 1000, home: '/home/tester' },
        commands: options.testparm
          ? [
              {
                command: TESTPARM,
                args: ['-s', '-v', '--suppress-prompt', '/etc/samba/smb.conf'],
                result: { status: 'exited', ...options.testparm },
              },
            ]
          : [],
        files: options.files ?? {},
        dirs: options.dirs ?? {},
        stats: options.stats ?? {},
      }),
    );
  }
  const smbdStat = { '/usr/sbin/smbd': { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o100755 } };

  it('says smb.conf needs root when testparm cannot load it and the file is unreadable (real testparm stderr)', async () => {
    const out = await collect(
      replay({
        testparm: {
          exitCode: 1,
          stdout: '',
          stderr: 'Load smb config files from /etc/samba/smb.conf\nError loading services.\n',
        },
        files: { '/etc/samba/smb.conf': { status: 'denied' } },
        stats: smbdStat,
      }),
    );
    expect(out.facts.shares).toBeNull();
    expect(out.unknown.shares).toBe(`/etc/samba/smb.conf: ${REASON.needsRoot}`);
    expect(out.facts.smb1Enabled).toBeNull();
    expectHonest(out, listKeys);
  });

  // A testparm that exits 0 but prints nothing usable, or fails, must leave every Samba fact unknown:
  // read as "no [global]" it would say guests are refused and no share exists.
  const SAMBA_FACTS = ['shares', 'userShares', 'smb1Enabled', 'guestLogonAllowed', 'userSharesAllowGuests'] as const;
  it.each([
    ['exit 0, nothing printed', { exitCode: 0, stdout: '', stderr: '' }, /no \[global\] section/],
    [
      'exit 0, garbage',
      { exitCode: 0, stdout: 'Segmentation fault\n\x00\x01 ???\n', stderr: '' },
      /no \[global\] section/,
    ],
    [
      'exit 0, [global] cut short',
      { exitCode: 0, stdout: '[global]\n\tworkgroup = WORKGROUP\n', stderr: '' },
      /did not print "map to guest"/,
    ],
    [
      'exit 1, smb.conf missing (real stderr)',
      { exitCode: 1, stdout: '', stderr: 'Load smb config files from /etc/samba/smb.conf\nError loading services.\n' },
      /exit code 1\): Error loading services/,
    ],
    [
      'exit 1, "Can not load smb.conf"',
      { exitCode: 1, stdout: 'Can not load smb.conf\n', stderr: '' },
      /Can not load smb.conf/,
    ],
  ])('with smbd installed, testparm %s: every Samba fact is unknown with the reason', async (_, testparm, reason) => {
    const out = await collect(replay({ testparm, stats: smbdStat }));
    for (const fact of SAMBA_FACTS) {
      expect(out.facts[fact], fact).toBeNull();
      expect(out.unknown[fact], fact).toMatch(reason);
    }
    expect(out.facts.smbServerRunning).toBeNull();
    expectHonest(out, listKeys);
  });

  it('a broken testparm answer turns no Samba rule into a pass in a whole scan', async () => {
    // The system probe needs something to read, or the scan stops as "nothing could be read".
    const files = { '/proc/sys/kernel/hostname': { status: 'ok', text: 'till\n' } };
    const good = await scanWith(
      replay({
        testparm: {
          exitCode: 0,
          stdout: await fixture('testparm-s-v__this-debian12-samba-4.17.12__guest-public-private-office-nt1.txt'),
          stderr: '',
        },
        stats: smbdStat,
        files,
      }),
    );
    const sambaRules = good.results.filter((r) => r.id.startsWith('open-shares.') && !r.id.includes('nfs'));
    expect(sambaRules.map((r) => r.status)).toContain('fail');
    for (const testparm of [
      { exitCode: 0, stdout: '', stderr: '' },
      { exitCode: 1, stdout: 'Can not load smb.conf\n', stderr: '' },
    ]) {
      const broken = await scanWith(replay({ testparm, stats: smbdStat, files }));
      const statuses = broken.results.filter((r) => sambaRules.some((g) => g.id === r.id)).map((r) => [r.id, r.status]);
      expect(statuses).toEqual(sambaRules.map((r) => [r.id, 'unknown']));
    }
  });

  it('says the Samba configuration is unknown when smbd is installed but testparm is not', async () => {
    const out = await collect(replay({ stats: smbdStat }));
    expect(out.facts.smbServerInstalled).toBe(true);
    expect(out.facts.shares).toBeNull();
    expect(out.unknown.shares).toMatch(/testparm not installed/);
    expect(out.facts.smbServerRunning).toBeNull();
    expectHonest(out, listKeys);
  });

  it('reports no Samba when neither smbd nor testparm is installed', async () => {
    const out = await collect(replay({}));
    expect(out.facts).toMatchObject({ smbServerInstalled: false, shares: [], smb1Enabled: false, nfsExports: [] });
    expectHonest(out, listKeys);
  });

  it('keeps config shares but says usershares need root when their folder is closed (testparm-s-v__this-debian12-…nt1.txt)', async () => {
    const out = await collect(
      replay({
        testparm: {
          exitCode: 0,
          stdout: await fixture('testparm-s-v__this-debian12-samba-4.17.12__guest-public-private-office-nt1.txt'),
          stderr: '',
        },
        dirs: { '/var/lib/samba/usershares': { status: 'denied' }, '/etc/exports.d': { status: 'denied' } },
        stats: smbdStat,
      }),
    );
    expect(out.facts.shares?.length).toBe(3);
    expect(out.facts.userShares).toBeNull();
    expect(out.unknown.userShares).toContain(REASON.needsRoot);
    expect(out.facts.nfsExports).toBeNull();
    expect(out.unknown.nfsExports).toContain(REASON.needsRoot);
    expectHonest(out, listKeys);
  });
});

describe('open_shares from a --record bundle', () => {
  it('NFS exports of folders named like a secret (secretary, passwords) replay as they were read', async () => {
    // A bundle masks what follows a word like "secret" or "password": here the export's path.
    const root = await makeRoot({
      '/usr/sbin/exportfs': '',
      '/etc/exports': '/home/secretary *(rw,insecure)\n/srv/passwords 192.168.1.0/24(rw,sync,fsid=1)\n',
    });
    const recording = createRecordingHost(await rootHost(root), redactSecrets);
    const out = await collect(recording.host);
    expect(out.facts.nfsExports).toEqual([
      { path: '/home/secretary', client: '*', worldOpen: true, writable: true, insecure: true },
      { path: '/srv/passwords', client: '192.168.1.0/24', worldOpen: false, writable: true, insecure: false },
    ]);
    const replayed = await collect(createReplayHost(recording.finish()));
    expect({ facts: replayed.facts, unknown: replayed.unknown }).toEqual({ facts: out.facts, unknown: out.unknown });
  });
});
