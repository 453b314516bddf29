import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../src/host/bundle.js';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { exited, macBundle, SAMPLED_MAC, SMB_GUEST } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { needsTool } from '../helpers/tools.js';
import { windowsHost } from '../helpers/windows-samples.js';

// Whole scans for the open-shares rules the parity check of issue #20 found unseen.

type Report = Awaited<ReturnType<typeof scanWith>>;
const ruleOf = (report: Report, id: string) => report.results.find((r) => r.id === id)!;
const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'open_shares', name), 'utf8');

/** A Debian 12 PC in a temporary root with Samba installed, this smb.conf (a fixture) and more files. */
const sambaPc = async (smbConf: string, more: Record<string, string> = {}) =>
  makeRoot({
    '/etc/os-release': await readFile(path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt')),
    '/usr/sbin/smbd': '',
    '/etc/samba/smb.conf': await fixture(smbConf),
    ...more,
  });

needsTool('/usr/bin/testparm', 'samba-common-bin').describe(
  'open-shares rules on Linux, whole scans (real testparm)',
  () => {
    it('SMB1 turned back on for an old scanner, its folder exported over NFS "insecure": both rules fail', async () => {
      const root = await sambaPc('smb-conf__handwritten-guest-public-private-office-nt1.conf', {
        '/usr/sbin/exportfs': '',
        // Handwritten in exports(5) format: the LAN may mount it from unprivileged ports.
        '/etc/exports': '/srv/scans 192.168.1.0/24(rw,sync,insecure)\n',
      });
      const report = await scanWith(await rootHost(root), { replayed: false });
      const smb1 = ruleOf(report, 'open-shares.smb1-disabled');
      expect(smb1.status).toBe('fail');
      expect(smb1.evidence).toMatchObject({ smb1Enabled: true });
      expect(ruleOf(report, 'open-shares.nfs-secure-ports').status).toBe('fail');
      // The export names one network, so it is not world-open.
      expect(ruleOf(report, 'open-shares.no-world-nfs-export').status).toBe('pass');
      // map to guest = bad user: a wrong user name is let in as the guest.
      expect(ruleOf(report, 'open-shares.password-protected-sharing')).toMatchObject({
        status: 'fail',
        evidence: { guestLogonAllowed: true },
      });
    });

    it("one private share with Samba's defaults (map to guest = Never): a wrong password is refused", async () => {
      const root = await sambaPc('smb-conf__handwritten-private-only-defaults.conf');
      const report = await scanWith(await rootHost(root), {
        replayed: false,
        only: ['open-shares.password-protected-sharing'],
      });
      expect(ruleOf(report, 'open-shares.password-protected-sharing')).toMatchObject({
        status: 'pass',
        evidence: { guestLogonAllowed: false },
      });
    });
  },
);

describe('open-shares rules on Windows, whole scans', () => {
  it('the Server service running, EnableSMB1Protocol True: the SMB1 rule fails', async () => {
    const report = await scanWith(
      windowsHost({
        services: [{ name: 'LanmanServer', displayName: 'Server', state: 'Running', startMode: 'Auto' }],
        shares: [],
        shareAccess: [],
        smbServer: { EnableSMB1Protocol: true },
        lanmanServer: null,
        lsa: null,
        localUsers: [],
      }),
    );
    const rule = ruleOf(report, 'open-shares.smb1-disabled');
    expect(rule.status).toBe('fail');
    expect(rule.evidence).toMatchObject({ smb1Enabled: true });
  });
});

describe('open-shares rules on macOS, whole scans', () => {
  it('guests refused (AllowGuestAccess 0), nfsd without /etc/exports: both rules pass', async () => {
    // AllowGuestAccess is the documented key of "Allow guest users to connect to shared folders";
    // the value is handwritten.
    const bundle = macBundle({ ...SAMPLED_MAC, [SMB_GUEST]: exited('0\n') });
    const present = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o755 } as const;
    bundle.stats['/usr/sbin/smbd'] = present;
    bundle.stats['/sbin/nfsd'] = present;
    const report = await scanWith(createReplayHost(bundle));
    const guests = ruleOf(report, 'open-shares.password-protected-sharing');
    expect(guests.status).toBe('pass');
    expect(guests.evidence).toMatchObject({ guestLogonAllowed: false });
    expect(ruleOf(report, 'open-shares.no-world-nfs-export').status).toBe('pass');
  });
});
