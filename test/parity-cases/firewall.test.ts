import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';
import {
  firewallProfilesFromNetsh,
  productTypeFromSystemInfo,
  sample,
  windowsHost,
} from '../helpers/windows-samples.js';

// Whole scans where the firewall is on but lets unrequested connections in (the parity check of
// issue #20 asks each rule x OS x status to be seen in a scan).

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'firewall', name), 'utf8');
const ruleOf = (report: Awaited<ReturnType<typeof scanWith>>, id: string) => report.results.find((r) => r.id === id)!;

describe('firewall.blocks-unrequested-inbound fails where the firewall is on but lets everything in', () => {
  it('Windows: every profile ON with "AllowInbound,AllowOutbound" (the real netsh sample, edited)', async () => {
    // netsh-advfirewall-show__en-currentprofile-domain-off.txt as it reads after
    // `netsh advfirewall set allprofiles state on` and `... firewallpolicy allowinbound,allowoutbound`.
    const text = sample('netsh-advfirewall-show__en-currentprofile-domain-off.txt')
      .replace(/^(State\s+)OFF/m, '$1ON')
      .replace('BlockInbound,AllowOutbound', 'AllowInbound,AllowOutbound');
    const domain = firewallProfilesFromNetsh(text)[0]!;
    expect(domain).toEqual({ name: 'Domain', enabled: 1, defaultInboundAction: 2 });
    const report = await scanWith(
      windowsHost({
        firewallProfiles: ['Domain', 'Private', 'Public'].map((name) => ({ ...domain, name })),
        firewallPolicy: { DomainProfile: null, PrivateProfile: null, PublicProfile: null, StandardProfile: null },
        services: [{ name: 'MpsSvc', displayName: 'Windows Defender Firewall', state: 'Running', startMode: 'Auto' }],
        productType: productTypeFromSystemInfo(sample('systeminfo__en-win10-20H2-domain-member.txt')),
        firewallProducts: [],
      }),
    );
    expect(ruleOf(report, 'firewall.enabled').status).toBe('pass');
    expect(ruleOf(report, 'firewall.blocks-unrequested-inbound').status).toBe('fail');
  });

  // firewall-cmd --set-default-zone=trusted edits the package's firewalld.conf so.
  it('Linux: firewalld running with DefaultZone=trusted (the package files)', async () => {
    const root = await makeRoot({
      '/etc/os-release': readFileSync(
        path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt'),
        'utf8',
      ),
      '/usr/sbin/firewalld': '',
      '/run/firewalld.pid': '4321\n',
      '/proc/4321/comm': 'firewalld\n',
      '/proc/sys/net/ipv6/conf/all/disable_ipv6': '0\n',
      '/etc/firewalld/firewalld.conf': fixture(
        'firewalld.conf__this-debian12-firewalld-1.3.3-package-default.conf',
      ).replace('DefaultZone=public', 'DefaultZone=trusted'),
      '/usr/lib/firewalld/zones/public.xml': fixture('zone-public.xml__this-debian12-firewalld-1.3.3-package.xml'),
      '/usr/lib/firewalld/zones/trusted.xml': fixture('zone-trusted.xml__this-debian12-firewalld-1.3.3-package.xml'),
    });
    const report = await scanWith(await rootHost(root), { replayed: false });
    expect(ruleOf(report, 'firewall.enabled').status).toBe('pass');
    expect(ruleOf(report, 'firewall.blocks-unrequested-inbound').status).toBe('fail');
  });
});
