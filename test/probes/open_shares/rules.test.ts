import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/engine/evaluate.js';
import { loadRules } from '../../../src/engine/load.js';
import { openShares } from '../../../src/probes/open_shares/index.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test', 'fixtures', 'open_shares', name), 'utf8');
const { rules, errors } = loadRules(
  [{ file: 'rules/open-shares.yaml', text: await readFile(path.join(REPO, 'rules', 'open-shares.yaml'), 'utf8') }],
  new Map([[openShares.id, openShares.facts]]),
);
const verdicts = (facts: Record<string, unknown>) =>
  Object.fromEntries(
    rules.map((r) => [
      r.id,
      r.applies.when && evaluate(r.applies.when, facts, r.params).value !== true
        ? 'not_applicable'
        : evaluate(r.check, facts, r.params).value,
    ]),
  );

describe('rules/open-shares.yaml over facts the real testparm produced', () => {
  it('loads without errors', () => {
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.id, r.severity])).toEqual([
      ['open-shares.no-guest-writable-share', 'critical'],
      ['open-shares.no-guest-share', 'high'],
      ['open-shares.password-protected-sharing', 'medium'],
      ['open-shares.smb1-disabled', 'high'],
      ['open-shares.usershares-no-guests', 'low'],
      ['open-shares.no-world-nfs-export', 'high'],
      ['open-shares.nfs-secure-ports', 'medium'],
    ]);
  });

  it('fails every rule on the open shop configuration', async () => {
    const root = await makeRoot({
      '/usr/sbin/smbd': '',
      '/etc/samba/smb.conf': await fixture('smb-conf__handwritten-guest-public-private-office-nt1.conf'),
      '/usr/sbin/exportfs': '',
      '/etc/exports': '/srv/scans *(rw,insecure)\n',
    });
    const { facts } = await openShares.collect.linux!(await rootHost(root));
    expect(Object.values(verdicts(facts))).toEqual([false, false, false, false, false, false, false]);
  });

  it('passes the private configuration, and NFS rules do not apply without an NFS server', async () => {
    const root = await makeRoot({
      '/usr/sbin/smbd': '',
      '/etc/samba/smb.conf': await fixture('smb-conf__handwritten-private-only-defaults.conf'),
    });
    const { facts } = await openShares.collect.linux!(await rootHost(root));
    expect(Object.values(verdicts(facts))).toEqual([true, true, true, true, true, 'not_applicable', 'not_applicable']);
  });

  it('is unknown, never passed, when the Samba configuration could not be read', () => {
    const facts = {
      smbServerInstalled: true,
      smbServerRunning: null,
      shares: null,
      userShares: null,
      smb1Enabled: null,
      guestLogonAllowed: null,
      userSharesAllowGuests: null,
      nfsServerInstalled: false,
      nfsExports: [],
    };
    expect(Object.values(verdicts(facts)).slice(0, 5)).toEqual([null, null, null, null, null]);
  });
});
