import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/model.js';
import { scan, selectRules } from '../src/scan.js';
import { runMain } from './helpers/cli.js';
import { makeRoot, rootHost } from './helpers/host.js';
import { bundledRules } from './helpers/scan.js';

// The bundled profiles do what their sources say. The PC is a temporary root with KDE Plasma
// installed and a hand-written kscreenlockerrc (Timeout in minutes, LockGrace in seconds), scanned
// by the real collectors; /etc/os-release is this machine's.

const PROFILES = ['default', 'cn-basic', 'pci-dss', 'cyber-essentials', 'cis-ig1'] as const;

async function kdePc(lockMinutes: number): Promise<Parameters<typeof scan>[0]> {
  const root = await makeRoot({
    '/etc/os-release': readFileSync('/etc/os-release'),
    '/usr/bin/plasmashell': '',
    '/home/tester/.config/kscreenlockerrc': `[Daemon]\nAutolock=true\nRequirePassword=true\nTimeout=${lockMinutes}\nLockGrace=0\n`,
  });
  return rootHost(root);
}

/** A scan of the idle-lock rule alone (and so of the probes it needs) under the profile's parameters. */
async function scanWithProfile(lockMinutes: number, profile: string): Promise<Report> {
  return scan(await kdePc(lockMinutes), await bundledRules(), {
    profile,
    only: ['screen-lock.idle-timeout'],
    lang: 'en',
    failOn: 'high',
    minScore: null,
    strict: false,
    version: 'test',
    replayed: false,
    probeDeadlineMs: 8000,
  });
}

const idleLock = (report: Report) => report.results.find((r) => r.id === 'screen-lock.idle-timeout');

describe('bundled profiles', () => {
  it('a 12-minute idle lock passes the 15-minute profiles (pci-dss, cis-ig1) and fails the 10-minute ones (default, cn-basic)', async () => {
    const outcome: Record<string, string | undefined> = {};
    for (const profile of PROFILES) outcome[profile] = idleLock(await scanWithProfile(12, profile))?.status;
    expect(outcome).toEqual({
      default: 'fail',
      'cn-basic': 'fail',
      'pci-dss': 'pass',
      'cis-ig1': 'pass',
      'cyber-essentials': undefined,
    });
  });

  it('the limits are inclusive and exact: 10 minutes passes every profile with the rule, 16 minutes fails all of them', async () => {
    for (const profile of ['default', 'cn-basic', 'pci-dss', 'cis-ig1']) {
      expect(idleLock(await scanWithProfile(10, profile))?.status, `${profile} 10 min`).toBe('pass');
      expect(idleLock(await scanWithProfile(15, profile))?.status, `${profile} 15 min`).toBe(
        profile === 'pci-dss' || profile === 'cis-ig1' ? 'pass' : 'fail',
      );
      expect(idleLock(await scanWithProfile(16, profile))?.status, `${profile} 16 min`).toBe('fail');
    }
  });

  it('each profile selects what its source says', async () => {
    const set = await bundledRules();
    const ids = (profile: string) => selectRules(set, { profile }).rules.map((r) => r.id);
    // PCI DSS asks for no disk encryption on a till (3.5.1.2); Cyber Essentials neither, nor an idle time.
    expect(ids('pci-dss').filter((id) => id.startsWith('disk-encryption.'))).toEqual([]);
    expect(
      ids('cyber-essentials').filter((id) => id.startsWith('disk-encryption.') || id.startsWith('screen-lock.')),
    ).toEqual([]);
    // CIS IG1 has 3.6 encryption but not the IG2 safeguard 4.8 (unneeded services).
    expect(ids('cis-ig1')).toContain('disk-encryption.system-drive');
    expect(ids('cis-ig1')).not.toContain('remote-access.ssh-server-off');
    expect(ids('cis-ig1')).not.toContain('open-shares.smb1-disabled');
    // The Chinese inspection profile covers every topic: passwords, screen lock, encryption, shares, remote access.
    for (const prefix of ['login.', 'screen-lock.', 'disk-encryption.', 'open-shares.', 'remote-access.'])
      expect(
        ids('cn-basic').some((id) => id.startsWith(prefix)),
        prefix,
      ).toBe(true);
    // Every standard asks for a host firewall that turns away unrequested connections (PCI DSS 1.5.1, CIS 4.5, CE Firewalls, MLPS 7.1.4.4/7.1.3.2).
    for (const profile of ['pci-dss', 'cis-ig1', 'cyber-essentials', 'cn-basic'])
      expect(ids(profile), profile).toEqual(
        expect.arrayContaining(['firewall.enabled', 'firewall.blocks-unrequested-inbound']),
      );
  });

  it("every rule of a standard's profile cites that standard, so the report can say who asks for it", async () => {
    const set = await bundledRules();
    const framework = {
      'pci-dss': 'pci-dss-4.0.1',
      'cis-ig1': 'cis-v8',
      'cyber-essentials': 'cyber-essentials-3.3',
      'cn-basic': /^cn-/,
    } as const;
    for (const [profile, wanted] of Object.entries(framework)) {
      for (const rule of selectRules(set, { profile }).rules) {
        expect(
          rule.refs.some((r) => (typeof wanted === 'string' ? r.framework === wanted : wanted.test(r.framework))),
          `${profile}: ${rule.id}`,
        ).toBe(true);
      }
    }
  });

  it('shop-audit profiles lists each with its source, in the chosen language', async () => {
    const en = await runMain(['profiles', '--lang', 'en']);
    expect(en.code).toBe(0);
    for (const id of PROFILES) expect(en.stdout).toMatch(new RegExp(`^${id}  `, 'm'));
    expect(en.stdout).toContain('PCI DSS v4.0.1 (June 2024): 8.2.8');
    expect(en.stdout).toContain('other complexity rules are not yet checked');
    const zh = await runMain(['profiles', '--lang', 'zh-CN']);
    expect(zh.stdout).toContain('cn-basic  国内小店检查');
  });
});
