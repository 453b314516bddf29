import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost, type Bundle } from '../../../src/host/bundle.js';
import type { ExecResult, Host } from '../../../src/host/types.js';
import { firewall } from '../../../src/probes/firewall/index.js';
import { REASON } from '../../../src/probes/types.js';
import { makeRoot, REPO, rootHost, SAMPLES } from '../../helpers/host.js';
import { expectHonest } from '../../helpers/honesty.js';
import { exited, macHost, sample as macSample } from '../../helpers/macos-samples.js';
import { scanWith, statuses } from '../../helpers/scan.js';
import { needsTool } from '../../helpers/tools.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'firewall', name), 'utf8');
const sample = (os: string, name: string) => readFileSync(path.join(SAMPLES, os, name), 'utf8');

// Files that make a tool "installed" in a temporary root: the collector only looks at them (stat), never runs them as non-root.
const UFW = { '/usr/sbin/ufw': '' };
const NFT = { '/usr/sbin/nft': '' };
const IPV6_ON = { '/proc/sys/net/ipv6/conf/all/disable_ipv6': '0\n' };
const IPV6_OFF = { '/proc/sys/net/ipv6/conf/all/disable_ipv6': '1\n' };
/** nftables.service enabled the way `systemctl enable nftables` does it (WantedBy=sysinit.target). */
const NFTABLES_ENABLED = {
  '/lib/systemd/system/nftables.service': fixture('nftables.service__this-debian12-nftables-1.0.6-package.service'),
  '/etc/systemd/system/sysinit.target.wants/nftables.service': { link: '/lib/systemd/system/nftables.service' },
};

/** ufw.service enabled the way the ufw package's postinst does it (WantedBy=multi-user.target). */
const UFW_SERVICE = {
  '/usr/lib/systemd/system/ufw.service': fixture('ufw.service__this-debian12-ufw-0.36.2-package.service'),
};
const UFW_ENABLED = {
  ...UFW_SERVICE,
  '/etc/systemd/system/multi-user.target.wants/ufw.service': { link: '/usr/lib/systemd/system/ufw.service' },
};

/** ufw's rule files as its postinst copies them from the package's templates (mode 0640: root's alone). */
const UFW_RULES = Object.fromEntries(
  ['before', 'user', 'after', 'before6', 'user6', 'after6'].map((name) => [
    `/etc/ufw/${name}.rules`,
    fixture(`${name}.rules__debian12-ufw-0.36.2-package-template.txt`),
  ]),
);

/** ufw installed and enabled (`ufw enable`) with the package's defaults and rule files. */
const UFW_ON_AS_PACKAGED = {
  ...UFW,
  ...IPV6_ON,
  ...UFW_ENABLED,
  '/etc/ufw/ufw.conf': fixture('ufw.conf__this-debian12-ufw-0.36.2-after-ufw-enable.txt'),
  '/etc/default/ufw': fixture('default-ufw__this-debian12-ufw-0.36.2-package-default.txt'),
  ...UFW_RULES,
};

/** A host on which listing or reading this path is refused, as for a file only root may read. */
const withDenied = (host: Host, denied: string): Host => ({
  ...host,
  listDir: async (p) => (p === denied ? { status: 'denied' } : host.listDir(p)),
  readFile: async (p) => (p.startsWith(`${denied}/`) ? { status: 'denied' } : host.readFile(p)),
});

const collectIn = async (files: Parameters<typeof makeRoot>[0]) => {
  const out = await firewall.collect.linux!(await rootHost(await makeRoot(files)));
  firewall.facts.parse(out.facts);
  expectHonest(out);
  return out;
};

describe('Linux firewall without root, in a temporary root', () => {
  it('ufw enabled (ufw.conf after `ufw enable`) with the package defaults: on, incoming dropped for IPv4 and IPv6', async () => {
    const files = UFW_ON_AS_PACKAGED;
    const out = await collectIn(files);
    expect(out.facts).toMatchObject({
      enabled: true,
      blocksInbound: true,
      manager: 'ufw',
      source:
        '/etc/ufw/ufw.conf, /etc/default/ufw, /etc/ufw/before.rules, /etc/ufw/user.rules, /etc/ufw/after.rules, /etc/ufw/before6.rules, /etc/ufw/user6.rules, /etc/ufw/after6.rules',
    });
  });

  // The default policy is only what no rule decided: ufw's rule files (root's alone) come first.
  it('ufw with a drop policy: its rule files decide (an allow of everything lets all in); unread, unknown', async () => {
    const files = UFW_ON_AS_PACKAGED;
    // What `ufw allow from any` adds to user.rules' RULES section (handwritten in ufw's form).
    const allowAll = UFW_RULES['/etc/ufw/user.rules']!.replace(
      '### RULES ###\n',
      '### RULES ###\n\n### tuple ### allow any any 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -j ACCEPT\n',
    );
    const open = await collectIn({ ...files, '/etc/ufw/user.rules': allowAll });
    expect(open.facts).toMatchObject({ enabled: true, blocksInbound: false, manager: 'ufw' });
    const host = await rootHost(await makeRoot(files));
    const denied = await firewall.collect.linux!({
      ...host,
      readFile: async (p) => (p.endsWith('.rules') ? { status: 'denied' } : host.readFile(p)),
    });
    expect(denied.facts).toMatchObject({ enabled: true, blocksInbound: null, manager: 'ufw' });
    expect(denied.unknown.blocksInbound).toBe(REASON.needsRoot);
  });

  // The real systemctl --root decides the unit's state from the files, as systemd would at boot.
  it.each([
    [
      'masked in /etc (linked to /dev/null)',
      { ...UFW_ENABLED, '/etc/systemd/system/ufw.service': { link: '/dev/null' } },
    ],
    ['disabled (no link in multi-user.target.wants)', UFW_SERVICE],
  ])('ufw.conf says ENABLED=yes but ufw.service is %s: ufw loads nothing at boot', async (_, units) => {
    const out = await collectIn({
      ...UFW,
      ...IPV6_ON,
      ...units,
      '/etc/ufw/ufw.conf': fixture('ufw.conf__this-debian12-ufw-0.36.2-after-ufw-enable.txt'),
      '/etc/default/ufw': fixture('default-ufw__this-debian12-ufw-0.36.2-package-default.txt'),
    });
    expect(out.facts).toMatchObject({ enabled: null, blocksInbound: null, manager: 'none' });
    expect(out.unknown.enabled).toContain(REASON.needsRoot);
  });

  it('ufw enabled but DEFAULT_INPUT_POLICY="ACCEPT": on, yet lets everything in', async () => {
    const defaults = fixture('default-ufw__this-debian12-ufw-0.36.2-package-default.txt').replace(
      'DEFAULT_INPUT_POLICY="DROP"',
      'DEFAULT_INPUT_POLICY="ACCEPT"',
    );
    const out = await collectIn({
      ...UFW,
      ...IPV6_ON,
      ...UFW_ENABLED,
      '/etc/ufw/ufw.conf': fixture('ufw.conf__this-debian12-ufw-0.36.2-after-ufw-enable.txt'),
      '/etc/default/ufw': defaults,
    });
    expect(out.facts).toMatchObject({ enabled: true, blocksInbound: false, manager: 'ufw' });
  });

  it("ufw installed but disabled (the package's ufw.conf) and nothing else switched on: only root can tell whether rules were loaded by hand", async () => {
    const out = await collectIn({
      ...UFW,
      ...IPV6_ON,
      '/etc/ufw/ufw.conf': fixture('ufw.conf__this-debian12-ufw-0.36.2-package-default.txt'),
      '/etc/default/ufw': fixture('default-ufw__this-debian12-ufw-0.36.2-package-default.txt'),
    });
    expect(out.facts).toMatchObject({ enabled: null, blocksInbound: null, manager: 'none' });
    expect(out.unknown.enabled).toContain(REASON.needsRoot);
  });

  it('firewalld running (its PID file names a firewalld process): on; the default zone decides what comes in', async () => {
    const running = {
      '/usr/sbin/firewalld': '',
      '/run/firewalld.pid': '4321\n',
      '/proc/4321/comm': 'firewalld\n',
      '/etc/firewalld/firewalld.conf': fixture('firewalld.conf__this-debian12-firewalld-1.3.3-package-default.conf'),
      '/usr/lib/firewalld/zones/public.xml': fixture('zone-public.xml__this-debian12-firewalld-1.3.3-package.xml'),
      '/usr/lib/firewalld/zones/trusted.xml': fixture('zone-trusted.xml__this-debian12-firewalld-1.3.3-package.xml'),
    };
    expect((await collectIn(running)).facts).toMatchObject({
      enabled: true,
      blocksInbound: true,
      manager: 'firewalld',
    });
    const trusted = {
      ...running,
      '/etc/firewalld/firewalld.conf': fixture(
        'firewalld.conf__this-debian12-firewalld-1.3.3-package-default.conf',
      ).replace('DefaultZone=public', 'DefaultZone=trusted'),
    };
    expect((await collectIn(trusted)).facts).toMatchObject({
      enabled: true,
      blocksInbound: false,
      manager: 'firewalld',
    });
    // A zone that lets everything in, bound to the network card (firewall-cmd --permanent --zone=trusted
    // --change-interface=enp1s0 writes the interface into the zone's file) or chosen for a NetworkManager
    // connection (connection.zone): that card's traffic meets the trusted zone, not the default one.
    const bound = fixture('zone-trusted.xml__this-debian12-firewalld-1.3.3-package.xml').replace(
      '  <forward/>',
      '  <interface name="enp1s0"/>\n  <forward/>',
    );
    expect((await collectIn({ ...running, '/etc/firewalld/zones/trusted.xml': bound })).facts.blocksInbound).toBe(
      false,
    );
    const nm = '[connection]\nid=Wired connection 1\ntype=ethernet\nzone=trusted\n\n[ipv4]\nmethod=auto\n';
    const byNm = { ...running, '/etc/NetworkManager/system-connections/Wired connection 1.nmconnection': nm };
    expect((await collectIn(byNm)).facts.blocksInbound).toBe(false);
    // Another zone that turns strangers away, bound the same way, changes nothing.
    const home = {
      ...byNm,
      '/etc/NetworkManager/system-connections/Wired connection 1.nmconnection': nm.replace('trusted', 'public'),
    };
    expect((await collectIn(home)).facts.blocksInbound).toBe(true);
    // NetworkManager's connections are root's to read: without root which zone they use is not known.
    const hidden = await firewall.collect.linux!(
      withDenied(await rootHost(await makeRoot(byNm)), '/etc/NetworkManager/system-connections'),
    );
    expect(hidden.facts.blocksInbound).toBeNull();
    expect(hidden.unknown.blocksInbound).toBe(REASON.needsRoot);
    // A stale PID file (the process is something else now) is not a running firewalld.
    const stale = await collectIn({ ...running, '/proc/4321/comm': 'bash\n' });
    expect(stale.facts.manager).toBe('none');
  });

  needsTool('/usr/bin/systemctl', 'systemd').it(
    'nftables.service enabled (real systemctl --root): its /etc/nftables.conf decides',
    async () => {
      const withConf = (conf: string, ipv6: Record<string, string>) =>
        collectIn({ ...NFT, ...ipv6, ...NFTABLES_ENABLED, '/etc/nftables.conf': fixture(conf) });
      expect((await withConf('nftables.conf__handwritten-inet-policy-drop.conf', IPV6_ON)).facts).toMatchObject({
        enabled: true,
        blocksInbound: true,
        manager: 'nftables',
        source: '/etc/nftables.conf',
      });
      expect((await withConf('nftables.conf__handwritten-reject-last.conf', IPV6_ON)).facts).toMatchObject({
        enabled: true,
        blocksInbound: true,
      });
      // Debian's own nftables.conf has empty chains: the service loads a rule set that filters nothing.
      expect(
        (await withConf('nftables.conf__this-debian12-nftables-package-default.conf', IPV6_ON)).facts,
      ).toMatchObject({ enabled: false, blocksInbound: false, manager: 'nftables' });
      // IPv4 only: IPv6 connections come in unless the PC has no IPv6.
      expect((await withConf('nftables.conf__handwritten-ipv4-only.conf', IPV6_ON)).facts).toMatchObject({
        enabled: true,
        blocksInbound: false,
      });
      expect((await withConf('nftables.conf__handwritten-ipv4-only.conf', IPV6_OFF)).facts).toMatchObject({
        enabled: true,
        blocksInbound: true,
      });
      // An include is not followed: unknown, not a guess.
      const included = await collectIn({
        ...NFT,
        ...IPV6_ON,
        ...NFTABLES_ENABLED,
        '/etc/nftables.conf': 'include "/etc/nftables.d/*.nft"\n',
      });
      expect(included.facts.enabled).toBeNull();
      expect(included.unknown.enabled).toMatch(/includes other files/);
    },
  );

  it('no firewall tool installed at all: off, nothing can have loaded rules', async () => {
    const out = await collectIn({ ...IPV6_ON, '/etc/os-release': 'ID=debian\n' });
    expect(out.facts).toMatchObject({ enabled: false, blocksInbound: false, manager: 'none' });
  });
});

/** A Linux PC scanned as root, replayed from outputs captured on this machine. */
function rootBundle(commands: Record<string, ExecResult>, files: Record<string, string>): Bundle {
  const stats = Object.fromEntries(
    ['/usr/sbin/ufw', '/usr/sbin/nft', '/usr/sbin/iptables', '/usr/bin/systemctl'].map((p) => [
      p,
      { status: 'ok' as const, kind: 'file' as const, size: 1, mtimeMs: 0, mode: 0o100755 },
    ]),
  );
  return {
    kind: 'shop-audit-bundle',
    schemaVersion: 1,
    os: 'linux',
    elevated: true,
    user: { name: 'root', uid: 0, home: '/root' },
    env: {},
    commands: Object.entries(commands).map(([line, result]) => {
      const [command, ...args] = line.split(' ');
      return { command: command!, args, result };
    }),
    // /etc/os-release is this machine's, so the system probe (and with it the scan) has an answer.
    files: Object.fromEntries(
      Object.entries({ '/etc/os-release': readFileSync('/etc/os-release', 'utf8'), ...files }).map(([p, text]) => [
        p,
        { status: 'ok' as const, text },
      ]),
    ),
    dirs: {},
    stats,
    derived: {},
  };
}

const SYSTEMCTL =
  '/usr/bin/systemctl --root / --no-pager --no-legend list-unit-files ufw.service nftables.service netfilter-persistent.service iptables.service';
const UFW_UNIT_ENABLED = {
  [SYSTEMCTL]: exited(fixture('systemctl-list-unit-files__this-debian12-systemd252-ufw-enabled-nftables-disabled.txt')),
};
const ROOT_BASE = {
  [SYSTEMCTL]: exited(fixture('systemctl-list-unit-files__this-debian12-systemd252-nftables-disabled.txt')),
  '/usr/sbin/iptables -V': exited('iptables v1.8.9 (nf_tables)\n'),
};

describe('Linux firewall as root: the live rule set', () => {
  it('ufw enabled (nft list ruleset captured on this machine with ufw active): on, inbound dropped; the firewall rules pass', async () => {
    const host = createReplayHost(
      rootBundle(
        {
          ...ROOT_BASE,
          ...UFW_UNIT_ENABLED,
          '/usr/sbin/nft list ruleset': exited(fixture('nft-list-ruleset__this-debian12-nft-1.0.6-ufw-active.txt')),
        },
        {
          '/etc/ufw/ufw.conf': fixture('ufw.conf__this-debian12-ufw-0.36.2-after-ufw-enable.txt'),
          '/proc/sys/net/ipv6/conf/all/disable_ipv6': '0\n',
        },
      ),
    );
    const out = await firewall.collect.linux!(host);
    expect(out.facts).toMatchObject({ enabled: true, blocksInbound: true, manager: 'ufw', source: 'nft list ruleset' });
    expectHonest(out);
    const results = statuses(await scanWith(host));
    expect([results['firewall.enabled'], results['firewall.blocks-unrequested-inbound']]).toEqual(['pass', 'pass']);
  });

  it("ufw-status-verbose__active-deny-incoming-ssh-and-fwd-rules.txt when nft cannot list the rules: ufw's own answer is used", async () => {
    const host = createReplayHost(
      rootBundle(
        {
          ...ROOT_BASE,
          '/usr/sbin/nft list ruleset': exited(
            '',
            'netlink: Error: cache initialization failed: Operation not permitted\n',
            1,
          ),
          '/usr/sbin/ufw status verbose': exited(
            sample('linux', 'ufw-status-verbose__active-deny-incoming-ssh-and-fwd-rules.txt'),
          ),
        },
        { '/proc/sys/net/ipv6/conf/all/disable_ipv6': '0\n' },
      ),
    );
    const out = await firewall.collect.linux!(host);
    expect(out.facts).toMatchObject({
      enabled: true,
      blocksInbound: true,
      manager: 'ufw',
      source: 'ufw status verbose',
    });
    expectHonest(out);
  });

  it('no rules loaded and ufw disabled (outputs captured on this machine): off, and the rule fails', async () => {
    const host = createReplayHost(
      rootBundle(
        {
          ...ROOT_BASE,
          '/usr/sbin/nft list ruleset': exited(''),
        },
        {
          '/etc/ufw/ufw.conf': fixture('ufw.conf__this-debian12-ufw-0.36.2-package-default.txt'),
          '/proc/sys/net/ipv6/conf/all/disable_ipv6': '0\n',
        },
      ),
    );
    const out = await firewall.collect.linux!(host);
    expect(out.facts).toMatchObject({ enabled: false, blocksInbound: false, manager: 'none' });
    expectHonest(out);
    const results = statuses(await scanWith(host));
    expect([results['firewall.enabled'], results['firewall.blocks-unrequested-inbound']]).toEqual([
      'fail',
      'not_applicable',
    ]);
  });
});

describe('macOS application firewall', () => {
  const GLOBAL = '/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate';
  const STEALTH = '/usr/libexec/ApplicationFirewall/socketfilterfw --getstealthmode';

  it('socketfilterfw-getglobalstate__enabled.txt with stealth mode on: the rule passes', async () => {
    const host = macHost({
      [GLOBAL]: exited(macSample('socketfilterfw-getglobalstate__enabled.txt')),
      [STEALTH]: exited(fixture('socketfilterfw-getstealthmode__as-quoted-in-public-tests-macos-26-on.txt')),
    });
    const out = await firewall.collect.macos!(host);
    expect(out.facts).toMatchObject({
      enabled: true,
      manager: 'macos-application-firewall',
      stealthMode: true,
      blocksInbound: null,
    });
    expect(out.unknown.blocksInbound).toBe(REASON.notOnThisOs);
    expectHonest(out);
    const results = statuses(await scanWith(host));
    expect([results['firewall.enabled'], results['firewall.blocks-unrequested-inbound']]).toEqual([
      'pass',
      'not_applicable',
    ]);
  });

  it("firewall off (State = 0): the rule fails; a refused getter leaves stealth mode unknown with the tool's words", async () => {
    const host = macHost({
      [GLOBAL]: exited(fixture('socketfilterfw-getglobalstate__as-quoted-in-public-scripts-disabled.txt')),
      [STEALTH]: exited('Firewall settings cannot be modified from command line on managed Mac computers.\n'),
    });
    const out = await firewall.collect.macos!(host);
    expect(out.facts).toMatchObject({ enabled: false, manager: 'none', stealthMode: null });
    expect(out.unknown.stealthMode).toMatch(/managed Mac computers/);
    expectHonest(out);
    expect(statuses(await scanWith(host))['firewall.enabled']).toBe('fail');
  });
});
