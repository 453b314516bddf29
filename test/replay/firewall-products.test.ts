import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firewall } from '../../src/probes/firewall/index.js';
import { expectHonest } from '../helpers/honesty.js';
import { REPO } from '../helpers/host.js';
import { scanWith, statuses } from '../helpers/scan.js';
import {
  firewallProfilesFromNetsh,
  productTypeFromSystemInfo,
  sample,
  windowsHost,
} from '../helpers/windows-samples.js';

// Third-party firewalls registered with Windows Security Center, replayed as the one PowerShell run
// of a scan. The Windows Firewall profiles come from the real netsh sample; productState values are
// the documented-format ones of test/fixtures/firewall/firewallproduct-productstate__handwritten-documented-format-values.json;
// the product names are written by hand (test/fixtures/firewall/SOURCES.md).

const { states } = JSON.parse(
  readFileSync(
    path.join(REPO, 'test/fixtures/firewall/firewallproduct-productstate__handwritten-documented-format-values.json'),
    'utf8',
  ),
) as {
  states: { productState: number; on: boolean | null; microsoft: boolean }[];
};
const stateWhere = (on: boolean | null, microsoft = false) =>
  states.find((s) => s.on === on && s.microsoft === microsoft)!.productState;
const ON = stateWhere(true);
const OFF = stateWhere(false);
const UNDECODABLE = stateWhere(null);
const MICROSOFT_ON = stateWhere(true, true);

/** netsh-advfirewall-show__en-currentprofile-domain-off.txt: the Domain profile off, blocking by default; the other two made the same (off). */
const DOMAIN = firewallProfilesFromNetsh(sample('netsh-advfirewall-show__en-currentprofile-domain-off.txt'))[0]!;
const ALL_OFF = ['Domain', 'Private', 'Public'].map((name) => ({ ...DOMAIN, name }));
const ALL_ON = ALL_OFF.map((p) => ({ ...p, enabled: 1 }));
const NO_POLICY = { DomainProfile: null, PrivateProfile: null, PublicProfile: null, StandardProfile: null };
const SERVICES = [{ name: 'MpsSvc', displayName: 'Windows Defender Firewall', state: 'Running', startMode: 'Auto' }];
const CLIENT = productTypeFromSystemInfo(sample('systeminfo__en-win10-20H2-domain-member.txt'));
const SERVER = productTypeFromSystemInfo(sample('systeminfo__zh-CN-server2012r2-workgroup.txt'));
/** What Get-CimInstance throws where root/SecurityCenter2 does not exist (Windows Server). */
const NO_SECURITY_CENTER = {
  firewallProducts: { type: 'Microsoft.Management.Infrastructure.CimException', message: 'Invalid namespace ' },
};

/** A PC with these products registered; each one's program file is there unless the product says otherwise. */
const pc = (firewallProfiles: unknown[], productType: number, firewallProducts?: Record<string, unknown>[]) => ({
  firewallProfiles,
  firewallPolicy: NO_POLICY,
  services: SERVICES,
  productType,
  ...(firewallProducts ? { firewallProducts: firewallProducts.map((p) => ({ exeExists: true, ...p })) } : {}),
});
type Options = Parameters<typeof windowsHost>[1];
const collect = async (facts: Record<string, unknown>, options: Options = {}) => {
  const out = await firewall.collect.windows!(windowsHost(facts, options));
  firewall.facts.parse(out.facts);
  expectHonest(out, { profiles: 'name', registeredProducts: 'name' });
  return out;
};
const rules = async (facts: Record<string, unknown>, options: Options = {}) => {
  const results = statuses(await scanWith(windowsHost(facts, options)));
  return [results['firewall.enabled'], results['firewall.blocks-unrequested-inbound']];
};

describe('third-party firewalls registered with Security Center (FirewallProduct)', () => {
  it('Windows Firewall off, 火绒 registered "on" but its program gone and not running (a stale entry): the firewall is off, not on', async () => {
    const facts = {
      ...pc(ALL_OFF, CLIENT, [
        {
          displayName: '火绒安全软件',
          productState: ON,
          exe: 'C:\\Program Files\\Huorong\\Sysdiag\\bin\\HipsTray.exe',
          exeExists: false,
        },
      ]),
      processes: ['explorer'],
    };
    const out = await collect(facts);
    expect(out.facts).toMatchObject({
      enabled: false,
      manager: 'none',
      registeredProducts: [{ name: '火绒安全软件', on: false }],
    });
    // With the firewall off, whether it blocks incoming connections does not apply.
    expect(await rules(facts)).toEqual(['fail', 'not_applicable']);
  });

  it('Windows Firewall off on every profile, 火绒 registered and on (0x11000): the firewall is on, named, and its blocking is unknown', async () => {
    const facts = pc(ALL_OFF, CLIENT, [{ displayName: '火绒安全软件', productState: ON }]);
    const out = await collect(facts);
    expect(out.facts).toMatchObject({
      enabled: true,
      manager: '火绒安全软件',
      blocksInbound: null,
      registeredProducts: [{ name: '火绒安全软件', on: true }],
    });
    expect(out.facts.profiles!.map((p) => p.enabled)).toEqual([false, false, false]);
    expect(out.unknown.blocksInbound).toBe(
      "a third-party firewall's rules are not readable: whether it turns away incoming connections nobody allowed is unknown",
    );
    expect(await rules(facts)).toEqual(['pass', 'unknown']);
  });

  it('two registered, one on: only the one that is on is the manager; the off one is still listed', async () => {
    const out = await collect(
      pc(ALL_OFF, CLIENT, [
        { displayName: 'ESET Firewall', productState: OFF },
        { displayName: 'Kaspersky Internet Security', productState: ON },
      ]),
    );
    expect(out.facts).toMatchObject({ enabled: true, manager: 'Kaspersky Internet Security' });
    expect(out.facts.registeredProducts).toEqual([
      { name: 'ESET Firewall', on: false },
      { name: 'Kaspersky Internet Security', on: true },
    ]);
  });

  it('a registered product that is off (0x10000) changes nothing: the firewall rule still fails', async () => {
    const facts = pc(ALL_OFF, CLIENT, [{ displayName: '360安全卫士', productState: OFF }]);
    const out = await collect(facts);
    expect(out.facts).toMatchObject({
      enabled: false,
      manager: 'none',
      registeredProducts: [{ name: '360安全卫士', on: false }],
    });
    expect(await rules(facts)).toEqual(['fail', 'not_applicable']);
  });

  it('a product whose state does not decode (0x14000) changes nothing, and says why its state is unknown', async () => {
    const facts = pc(ALL_OFF, CLIENT, [{ displayName: '360安全卫士', productState: UNDECODABLE }]);
    const out = await collect(facts);
    expect(out.facts).toMatchObject({ enabled: false, registeredProducts: [{ name: '360安全卫士', on: null }] });
    expect(out.unknown['registeredProducts[360安全卫士].on']).toContain(`${UNDECODABLE} (0x14000)`);
    expect(await rules(facts)).toEqual(['fail', 'not_applicable']);
  });

  it("Microsoft's own entry (owner Windows, 0x11100) is not a third-party firewall: left out, the profiles decide", async () => {
    const out = await collect(pc(ALL_OFF, CLIENT, [{ displayName: 'Windows Firewall', productState: MICROSOFT_ON }]));
    expect(out.facts).toMatchObject({ enabled: false, manager: 'none', registeredProducts: [] });
  });

  it('Windows Firewall on and blocking beside a third-party firewall that is on: Windows Firewall alone turns connections away', async () => {
    const facts = pc(ALL_ON, CLIENT, [{ displayName: '火绒安全软件', productState: ON }]);
    const out = await collect(facts);
    expect(out.facts).toMatchObject({ enabled: true, blocksInbound: true, manager: '火绒安全软件' });
    expect(await rules(facts)).toEqual(['pass', 'pass']);
  });

  it('systeminfo__zh-CN-server2012r2-workgroup.txt (ProductType 3): no Security Center, so the reason says so and the Windows profiles alone decide', async () => {
    expect(SERVER).toBe(3);
    const off = await collect(pc(ALL_OFF, SERVER), { failed: NO_SECURITY_CENTER });
    expect(off.facts).toMatchObject({ enabled: false, manager: 'none', registeredProducts: null });
    expect(off.unknown.registeredProducts).toBe(
      'does not exist on this PC: Windows Server has no Security Center, where third-party firewalls register: the Windows Firewall profiles alone decide',
    );
    expect(await rules(pc(ALL_OFF, SERVER), { failed: NO_SECURITY_CENTER })).toEqual(['fail', 'not_applicable']);
    expect(await rules(pc(ALL_ON, SERVER), { failed: NO_SECURITY_CENTER })).toEqual(['pass', 'pass']);
  });

  it('a client whose Security Center cannot be read: Windows Firewall off no longer proves that no firewall is on; on still passes', async () => {
    const failed = {
      firewallProducts: { type: 'Microsoft.Management.Infrastructure.CimException', message: 'Provider load failure ' },
    };
    const off = await collect(pc(ALL_OFF, CLIENT), { failed });
    expect(off.facts).toMatchObject({ enabled: null, manager: null, registeredProducts: null });
    expect(off.unknown.enabled).toBe(
      'Windows Firewall is not on for every network, and whether a third-party firewall is on is unknown: firewallProducts: Provider load failure ',
    );
    expect(await rules(pc(ALL_OFF, CLIENT), { failed })).toEqual(['unknown', 'unknown']);
    expect(await rules(pc(ALL_ON, CLIENT), { failed })).toEqual(['pass', 'pass']);
  });
});
