import { describeFailure, type Host } from '../../host/types.js';
import { unitStateStartsAtBoot } from '../linux/parse.js';
import { systemUnitStates } from '../linux/systemd.js';
import { firstExisting, runFirstFound, unreadable } from '../tools.js';
import { REASON, type Answer, type Collector } from '../types.js';
import type { FirewallFacts, KnownManager } from './facts.js';
import {
  parseFirewalldZoneTarget,
  parseIptablesInput,
  nmConnectionZone,
  parseKeyValueConfig,
  parseNftInputChains,
  parseUfwStatus,
  type InputChain,
} from './parse.js';

const UFW = '/usr/sbin/ufw';
const FIREWALLD = '/usr/sbin/firewalld';
const NFT = ['/usr/sbin/nft', '/sbin/nft'];
const IPTABLES = ['/usr/sbin/iptables', '/sbin/iptables'];
const IP6TABLES = ['/usr/sbin/ip6tables', '/sbin/ip6tables'];
const UFW_CONF = '/etc/ufw/ufw.conf';
const UFW_DEFAULTS = '/etc/default/ufw';
/** ufw's rule files by family, in the order it loads them (mode 0640: root's alone). */
const UFW_RULES = {
  ip: ['/etc/ufw/before.rules', '/etc/ufw/user.rules', '/etc/ufw/after.rules'],
  ip6: ['/etc/ufw/before6.rules', '/etc/ufw/user6.rules', '/etc/ufw/after6.rules'],
} as const;
/** The chains ufw links into INPUT (and ufw6- for IPv6), in its order; ufw-before-input ends in ufw-user-input. */
const UFW_INPUT_CHAINS = [
  'before-logging-input',
  'before-input',
  'after-input',
  'after-logging-input',
  'reject-input',
  'track-input',
];
/** firewalld writes its PID here (FIREWALLD_PIDFILE, /var/run is a link to /run). */
const FIREWALLD_PID = '/run/firewalld.pid';
const FIREWALLD_CONF = '/etc/firewalld/firewalld.conf';
const NFTABLES_CONF = '/etc/nftables.conf';
/** Rule files loaded at boot by iptables-persistent (Debian) and iptables-services (Fedora/RHEL). */
const IPTABLES_RULES = {
  v4: ['/etc/iptables/rules.v4', '/etc/sysconfig/iptables'],
  v6: ['/etc/iptables/rules.v6', '/etc/sysconfig/ip6tables'],
};
const DISABLE_IPV6 = '/proc/sys/net/ipv6/conf/all/disable_ipv6';
// The units that load each front-end's rules at boot. ufw.conf's ENABLED=yes is read by ufw.service
// alone: with that unit masked or disabled, nothing loads ufw's rules.
const BOOT_UNITS = {
  ufw: ['ufw.service'],
  nftables: ['nftables.service'],
  iptables: ['netfilter-persistent.service', 'iptables.service'],
} as const;

const ok = <T>(value: T): Answer<T> => ({ ok: true, value });
const fail = (reason: string): Answer<never> => ({ ok: false, reason });

async function readText(host: Host, path: string): Promise<Answer<string | null>> {
  const r = await host.readFile(path);
  if (r.status === 'ok') return ok(r.text);
  return r.status === 'missing' ? ok(null) : fail(unreadable(host, path, r));
}

/** Runs a packet-filter tool; its output, or why there is none (listing rules needs root). */
async function listing(host: Host, paths: readonly string[], args: string[]): Promise<Answer<string>> {
  const { path, result } = await runFirstFound(host, paths, args);
  const command = `${path ?? paths[0]} ${args.join(' ')}`;
  if (result.status !== 'exited') return fail(`${command}: ${describeFailure(result)}`);
  if (result.exitCode !== 0)
    return fail(
      `${command}: exit code ${result.exitCode}: ${(result.stderr.trim() || result.stdout.trim()).split('\n')[0]}`,
    );
  return ok(result.stdout);
}

/** Whether the daemon whose PID file this is runs now (the PID's process has that name). */
async function daemonRunning(host: Host, pidFile: string, name: string): Promise<Answer<boolean>> {
  const pid = await readText(host, pidFile);
  if (!pid.ok || pid.value === null) return pid.ok ? ok(false) : pid;
  const id = pid.value.trim();
  if (!/^\d+$/.test(id)) return ok(false);
  const comm = await readText(host, `/proc/${id}/comm`);
  return comm.ok ? ok(comm.value?.trim() === name) : comm;
}

/** IPv6 is on when the kernel has it and it is not switched off for all interfaces. */
async function ipv6On(host: Host): Promise<Answer<boolean>> {
  const r = await readText(host, DISABLE_IPV6);
  return r.ok ? ok(r.value !== null && r.value.trim() === '0') : r;
}

/** Blocks by default for IPv4, and for IPv6 where the PC has it. */
function blocking(chains: readonly InputChain[], v6: Answer<boolean>): Answer<boolean> {
  const v4Blocks = chains.some((c) => c.family !== 'ip6' && c.dropsByDefault);
  const v6Blocks = chains.some((c) => c.family !== 'ip' && c.dropsByDefault);
  if (!v4Blocks || v6Blocks) return ok(v4Blocks);
  return v6.ok
    ? ok(!v6.value)
    : fail(`IPv4 is filtered, IPv6 is not, and whether this PC has IPv6 is unknown: ${v6.reason}`);
}

/** The live input chains: nft's rule set, plus iptables' where iptables is the legacy kind nft cannot see. */
async function liveChains(host: Host): Promise<Answer<{ chains: InputChain[]; source: string }>> {
  const nft = (await firstExisting(host, NFT)) ? await listing(host, NFT, ['list', 'ruleset']) : null;
  const chains: InputChain[] = [];
  const sources: string[] = [];
  if (nft?.ok) {
    const parsed = parseNftInputChains(nft.value);
    if (!parsed) return fail('nft list ruleset printed output it does not normally print');
    chains.push(...parsed);
    sources.push('nft list ruleset');
  }
  // iptables-nft rules are already in nft's rule set; only the legacy kind is separate.
  const version = nft?.ok && (await firstExisting(host, IPTABLES)) ? await listing(host, IPTABLES, ['-V']) : null;
  if (!nft?.ok || (version?.ok && version.value.includes('(legacy)'))) {
    if (!(await firstExisting(host, IPTABLES)))
      return nft && !nft.ok ? nft : ok({ chains, source: sources.join(', ') || 'no nft or iptables installed' });
    for (const [family, paths] of [
      ['ip', IPTABLES],
      ['ip6', IP6TABLES],
    ] as const) {
      const out = await listing(host, paths, ['-S']);
      if (!out.ok) return out;
      const input = parseIptablesInput(out.value);
      if (!input) return fail(`${paths[0]} -S printed output it does not normally print`);
      chains.push({ family, ...input });
    }
    sources.push('iptables -S', 'ip6tables -S');
  }
  return ok({ chains, source: sources.join(', ') });
}

const FIREWALLD_ZONE_DIRS = ['/etc/firewalld/zones', '/usr/lib/firewalld/zones'];
const NM_CONNECTIONS = '/etc/NetworkManager/system-connections';

/** A firewalld zone's target (its file in /etc overrides the package's), or why it cannot be told. */
async function zoneTarget(host: Host, zone: string): Promise<Answer<string>> {
  for (const dir of FIREWALLD_ZONE_DIRS) {
    const file = await readText(host, `${dir}/${zone}.xml`);
    if (!file.ok) return file;
    if (file.value === null) continue;
    const target = parseFirewalldZoneTarget(file.value);
    return target === null ? fail(`${dir}/${zone}.xml is not a firewalld zone`) : ok(target);
  }
  return fail(`firewalld's zone "${zone}" has no zone file`);
}

/**
 * firewalld turns away what a zone does not allow unless the zone's target is ACCEPT. Traffic meets the default
 * zone, or the zone its network card or source address is bound to: in a zone file of /etc/firewalld/zones
 * (`<interface name=…/>`, `<source address=…/>`), or by NetworkManager (a connection's `zone=`). Any zone so
 * bound that lets everything in opens the PC on that card.
 */
async function firewalldBlocks(host: Host): Promise<Answer<boolean>> {
  const conf = await readText(host, FIREWALLD_CONF);
  if (!conf.ok) return conf;
  const zones = [(conf.value === null ? null : parseKeyValueConfig(conf.value).get('DefaultZone')) || 'public'];
  const bound = await host.listDir(FIREWALLD_ZONE_DIRS[0]!);
  if (bound.status !== 'ok' && bound.status !== 'missing')
    return fail(unreadable(host, FIREWALLD_ZONE_DIRS[0]!, bound));
  for (const name of bound.status === 'ok' ? bound.entries.filter((e) => e.endsWith('.xml')) : []) {
    const file = await readText(host, `${FIREWALLD_ZONE_DIRS[0]}/${name}`);
    if (!file.ok) return file;
    if (file.value !== null && /<(?:interface|source)\b/.test(file.value)) zones.push(name.slice(0, -'.xml'.length));
  }
  const connections = await host.listDir(NM_CONNECTIONS);
  if (connections.status !== 'ok' && connections.status !== 'missing')
    return fail(unreadable(host, NM_CONNECTIONS, connections));
  for (const name of connections.status === 'ok'
    ? connections.entries.filter((e) => e.endsWith('.nmconnection'))
    : []) {
    const file = await readText(host, `${NM_CONNECTIONS}/${name}`);
    if (!file.ok) return file;
    const zone = file.value === null ? null : nmConnectionZone(file.value);
    if (zone) zones.push(zone);
  }
  for (const zone of new Set(zones)) {
    const target = await zoneTarget(host, zone);
    if (!target.ok) return target;
    if (target.value === 'ACCEPT') return ok(false);
  }
  return ok(true);
}

/**
 * ufw's INPUT chain as it loads it: the policy of /etc/default/ufw, its chains linked in (ufw-before-input jumping
 * to ufw-user-input after the lines of before.rules), and the rule files' chains.
 */
async function ufwInputChain(host: Host, family: 'ip' | 'ip6', policy: string): Promise<Answer<InputChain>> {
  const prefix = family === 'ip' ? 'ufw' : 'ufw6';
  const texts: string[] = [];
  for (const path of UFW_RULES[family]) {
    const text = await readText(host, path);
    if (!text.ok) return text;
    if (text.value === null) return fail(`${path} not found: ufw cannot load its rules`);
    texts.push(text.value);
  }
  const [before, user, after] = texts;
  const input = [
    '*filter',
    `:INPUT ${policy === 'ACCEPT' ? 'ACCEPT' : 'DROP'} [0:0]`,
    ...UFW_INPUT_CHAINS.map((c) => `-A INPUT -j ${prefix}-${c}`),
    'COMMIT',
  ];
  const link = ['*filter', `-A ${prefix}-before-input -j ${prefix}-user-input`, 'COMMIT'];
  const parsed = parseIptablesInput([...input, before, ...link, user, after].join('\n'));
  return parsed ? ok({ family, ...parsed }) : fail(`${UFW_RULES[family].join(', ')}: not in ufw's form`);
}

/** What the boot configuration of the firewall that is switched on says, for a scan that cannot list the live rules. */
async function configuredFilter(
  host: Host,
  manager: KnownManager,
  v6: Answer<boolean>,
): Promise<{ enabled: Answer<boolean>; blocksInbound: Answer<boolean>; source: string }> {
  if (manager === 'ufw') {
    const defaults = await readText(host, UFW_DEFAULTS);
    const values = defaults.ok && defaults.value !== null ? parseKeyValueConfig(defaults.value) : null;
    const policy = values?.get('DEFAULT_INPUT_POLICY');
    const filtersV6 = values?.get('IPV6') === 'yes';
    const families = filtersV6 ? (['ip', 'ip6'] as const) : (['ip'] as const);
    const source = [UFW_CONF, UFW_DEFAULTS, ...families.flatMap((f) => UFW_RULES[f])].join(', ');
    if (!defaults.ok) return { enabled: ok(true), blocksInbound: defaults, source };
    if (!policy)
      return { enabled: ok(true), blocksInbound: fail(`${UFW_DEFAULTS} sets no DEFAULT_INPUT_POLICY`), source };
    if (policy === 'ACCEPT') return { enabled: ok(true), blocksInbound: ok(false), source };
    // The policy is only what no rule decided: an allow of everything in the rule files lets all in.
    const chains: InputChain[] = [];
    for (const family of families) {
      const chain = await ufwInputChain(host, family, policy);
      if (!chain.ok) return { enabled: ok(true), blocksInbound: chain, source };
      chains.push(chain.value);
    }
    return { enabled: ok(true), blocksInbound: blocking(chains, v6), source };
  }
  if (manager === 'firewalld')
    return {
      enabled: ok(true),
      blocksInbound: await firewalldBlocks(host),
      source: `firewalld running, ${FIREWALLD_CONF} and its default zone`,
    };
  const files = manager === 'nftables' ? [NFTABLES_CONF] : [...IPTABLES_RULES.v4, ...IPTABLES_RULES.v6];
  const chains: InputChain[] = [];
  const read: string[] = [];
  for (const path of files) {
    const text = await readText(host, path);
    if (!text.ok) return { enabled: text, blocksInbound: text, source: path };
    if (text.value === null) continue;
    read.push(path);
    if (manager === 'nftables' && /^\s*include\s/m.test(text.value)) {
      const why = fail(
        `${path} includes other files, which shop-audit does not follow: ${REASON.needsRoot} to read the loaded rules`,
      );
      return { enabled: why, blocksInbound: why, source: path };
    }
    const parsed =
      manager === 'nftables'
        ? parseNftInputChains(text.value)
        : [parseIptablesInput(text.value)].flatMap((c) =>
            c ? [{ family: IPTABLES_RULES.v6.includes(path) ? ('ip6' as const) : ('ip' as const), ...c }] : [],
          );
    if (!parsed) {
      const why = fail(`${path} is not in the form shop-audit reads`);
      return { enabled: why, blocksInbound: why, source: path };
    }
    chains.push(...parsed);
  }
  if (read.length === 0) {
    const why = fail(`${files.join(', ')}: not found, so the ${manager} service loads no rules shop-audit can see`);
    return { enabled: why, blocksInbound: why, source: files.join(', ') };
  }
  return { enabled: ok(chains.some((c) => c.filters)), blocksInbound: blocking(chains, v6), source: read.join(', ') };
}

export const collectLinux: Collector<FirewallFacts> = async (host) => {
  const unknown: Record<string, string> = {
    profiles: REASON.notOnThisOs,
    registeredProducts: REASON.notOnThisOs,
    stealthMode: REASON.notOnThisOs,
  };
  // Asked before anything is awaited: the probes' questions to systemd then share one systemctl.
  const unitStates = systemUnitStates(host, [...BOOT_UNITS.ufw, ...BOOT_UNITS.nftables, ...BOOT_UNITS.iptables]);
  const ufwInstalled = await firstExisting(host, [UFW]);
  // Root sees the live state: nft and iptables list the loaded rules.
  const [anyTool, units, ufwConf, firewalld, v6, live] = await Promise.all([
    firstExisting(host, [UFW, FIREWALLD, ...NFT, ...IPTABLES]),
    unitStates,
    readText(host, UFW_CONF),
    daemonRunning(host, FIREWALLD_PID, 'firewalld'),
    ipv6On(host),
    host.elevated ? liveChains(host) : null,
  ]);
  // ufw is a Python program (slow to start): asked only when the rule set could not be listed.
  const ufwStatus =
    host.elevated && ufwInstalled && !live?.ok ? await listing(host, [UFW], ['status', 'verbose']) : null;
  const startsAtBoot = (names: readonly string[]): Answer<boolean> =>
    units.ok ? ok([...units.value].some(([u, s]) => names.includes(u) && unitStateStartsAtBoot(u, s))) : units;

  const ufwLive = ufwStatus?.ok ? parseUfwStatus(ufwStatus.value) : null;
  const ufwActive = ufwLive?.active;
  const ufwEnabledInConf =
    ufwConf.ok &&
    ufwInstalled !== null &&
    ufwConf.value !== null &&
    parseKeyValueConfig(ufwConf.value).get('ENABLED') === 'yes';
  // As systemd decides: the unit file in /etc masks or replaces the one in /usr/lib (systemctl --root reads both).
  const ufwUnit = startsAtBoot(BOOT_UNITS.ufw);
  const ufwOn: Answer<boolean> =
    ufwActive !== undefined
      ? ok(ufwActive)
      : !ufwConf.ok
        ? ufwConf
        : !ufwEnabledInConf
          ? ok(false)
          : ufwUnit.ok
            ? ufwUnit
            : fail(`ufw.conf says ENABLED=yes; whether ufw.service loads it at boot: ${ufwUnit.reason}`);
  const candidates: [KnownManager, Answer<boolean>][] = [
    ['ufw', ufwOn],
    ['firewalld', firewalld],
    ['nftables', startsAtBoot(BOOT_UNITS.nftables)],
    ['iptables', startsAtBoot(BOOT_UNITS.iptables)],
  ];
  const on = candidates.find(([, a]) => a.ok && a.value);
  const unread = candidates.find(([, a]) => !a.ok)?.[1];
  const manager: KnownManager | null = on ? on[0] : unread ? null : 'none';
  if (manager === null && unread && !unread.ok) unknown.manager = unread.reason;

  const facts: FirewallFacts = {
    enabled: null,
    blocksInbound: null,
    manager,
    profiles: null,
    registeredProducts: null,
    stealthMode: null,
    source: null,
  };
  if (live?.ok) {
    facts.enabled = live.value.chains.some((c) => c.filters);
    // firewalld's rule set ends in a reject even when its zone lets everything in: its zone decides.
    const blocks = manager === 'firewalld' ? await firewalldBlocks(host) : blocking(live.value.chains, v6);
    if (!facts.enabled || blocks.ok) facts.blocksInbound = facts.enabled && blocks.ok && blocks.value;
    else unknown.blocksInbound = blocks.reason;
    facts.source = live.value.source;
  } else if (ufwLive?.active && ufwLive.blocksInbound !== null) {
    // The rule set could not be listed, but ufw could read it.
    Object.assign(facts, { enabled: true, blocksInbound: ufwLive.blocksInbound, source: 'ufw status verbose' });
  } else if (manager && manager !== 'none') {
    const configured = await configuredFilter(host, manager, v6);
    facts.source = configured.source;
    if (configured.enabled.ok) facts.enabled = configured.enabled.value;
    else unknown.enabled = configured.enabled.reason;
    if (configured.blocksInbound.ok)
      facts.blocksInbound = facts.enabled === false ? false : configured.blocksInbound.value;
    else unknown.blocksInbound = configured.blocksInbound.reason;
  } else if (manager === 'none' && !anyTool) {
    // No packet-filter tool on the PC: nothing can have loaded rules.
    facts.enabled = facts.blocksInbound = false;
    facts.source = 'no ufw, firewalld, nft or iptables installed';
  } else {
    const why =
      live && !live.ok
        ? live.reason
        : manager === 'none'
          ? `no firewall is set to start at boot; whether rules were loaded by hand: ${REASON.needsRoot}`
          : (unknown.manager ?? REASON.needsRoot);
    unknown.enabled = unknown.blocksInbound = why;
  }
  if (facts.source === null) unknown.source = unknown.enabled ?? unknown.blocksInbound ?? REASON.needsRoot;
  return { facts, unknown };
};
