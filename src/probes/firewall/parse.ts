import type { ProfileState, WindowsProfileName } from '../windows/fallback-parse.js';

// Pure parsers of firewall settings and tool output, on every OS. Each returns null for text that
// is not in the shape the tool prints, so a changed format reads as unknown, never as "off".

/**
 * A profile from CIM (MSFT_NetFirewallProfile, the local store) and the Group Policy values that
 * override it. CIM's Enabled is a GpoBoolean: 0 False, 1 True, 2 NotConfigured; its
 * DefaultInboundAction is the NetSecurity Action enum: 0 NotConfigured, 2 Allow, 4 Block.
 * NotConfigured leaves Windows' default, which is on and Block (INetFwPolicy2 docs: "These
 * settings are Block by default"). The policy keys under
 * HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall\<Profile> use the Firewall CSP's encoding:
 * EnableFirewall 1 on / 0 off, DefaultInboundAction 1 block / 0 allow. A value outside these is null.
 */
export function windowsProfileState(
  name: WindowsProfileName,
  cim: { enabled: number | null; defaultInboundAction: number | null } | null,
  policy: { enableFirewall: number | null; defaultInboundAction: number | null },
): ProfileState & { setByPolicy: boolean } {
  const fromPolicy = (v: number | null) => (v === 1 ? true : v === 0 ? false : null);
  const cimEnabled =
    cim === null ? null : (({ 0: false, 1: true, 2: true } as Record<number, boolean>)[cim.enabled ?? -1] ?? null);
  const cimBlocks =
    cim === null
      ? null
      : (({ 0: true, 2: false, 4: true } as Record<number, boolean>)[cim.defaultInboundAction ?? -1] ?? null);
  const policyEnabled = fromPolicy(policy.enableFirewall);
  const policyBlocks = fromPolicy(policy.defaultInboundAction);
  return {
    name,
    enabled: policyEnabled ?? cimEnabled,
    blocksInbound: policyBlocks ?? cimBlocks,
    setByPolicy: policyEnabled !== null || policyBlocks !== null,
  };
}

/**
 * `socketfilterfw --getglobalstate`: "Firewall is enabled. (State = 1)", "… disabled. (State = 0)";
 * State 2 is "block all incoming connections", on and stricter, which recent releases word "Firewall is
 * blocking all non-essential incoming connections. (State = 2)". Older releases print no State.
 */
export function parseGlobalState(text: string): boolean | null {
  if (/^Firewall is blocking all non-essential incoming connections\.\s*\(State = 2\)\s*$/m.test(text)) return true;
  const m = /^Firewall is (enabled|disabled)\.(?:\s*\(State = (\d)\))?\s*$/m.exec(text);
  if (!m) return null;
  const enabled = m[1] === 'enabled';
  // A State that contradicts the words is not an answer.
  if (m[2] !== undefined && (Number(m[2]) > 2 || enabled !== Number(m[2]) > 0)) return null;
  return enabled;
}

/**
 * `socketfilterfw --getstealthmode`: "Firewall stealth mode is on|off" (macOS 14+), "Stealth mode
 * enabled|disabled" before.
 */
export function parseStealthMode(text: string): boolean | null {
  const m = /^(?:Firewall stealth mode is (on|off)|Stealth mode (enabled|disabled))\.?\s*$/m.exec(text.trim());
  if (!m) return null;
  return m[1] === 'on' || m[2] === 'enabled';
}

/** `ufw status verbose`: whether ufw is active and, when it is, its default for incoming connections. */
export function parseUfwStatus(text: string): { active: boolean; blocksInbound: boolean | null } | null {
  const status = /^Status: (active|inactive)\s*$/m.exec(text)?.[1];
  if (!status) return null;
  if (status === 'inactive') return { active: false, blocksInbound: null };
  const incoming = /^Default: (deny|reject|allow) \(incoming\)/m.exec(text)?.[1];
  return { active: true, blocksInbound: incoming === undefined ? null : incoming !== 'allow' };
}

/**
 * Shell-style `KEY=value` files (/etc/ufw/ufw.conf, /etc/default/ufw) and firewalld.conf: last
 * assignment wins, quotes removed, comments skipped.
 */
export function parseKeyValueConfig(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) continue;
    values.set(m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return values;
}

/**
 * The target of a firewalld zone file (`<zone target="ACCEPT">`): `default` (absent) and
 * `%%REJECT%%`/`REJECT`/`DROP` turn away what the zone does not allow; `ACCEPT` lets everything in.
 * Null when the text is not a zone.
 */
export function parseFirewalldZoneTarget(text: string): string | null {
  const zone = /<zone\b([^>]*)>/.exec(text);
  if (!zone) return null;
  return /\btarget\s*=\s*"([^"]*)"/.exec(zone[1]!)?.[1] ?? 'default';
}

/** The firewalld zone a NetworkManager keyfile puts its connection in (`[connection]` `zone=`); null: the default. */
export function nmConnectionZone(text: string): string | null {
  let section = '';
  let zone: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1]!;
    const m = /^zone\s*=\s*(.*)$/.exec(line);
    if (section === 'connection' && m) zone = m[1]!.trim() || null;
  }
  return zone;
}

export type AddressFamily = 'ip' | 'ip6' | 'inet';

/** One base chain on the input hook of the packet filter. */
export interface InputChain {
  family: AddressFamily;
  /**
   * What happens to a packet no conditional rule decided on: the verdict of the first rule that matches every
   * packet (an accept of everything makes a drop policy useless), else the chain's policy.
   */
  dropsByDefault: boolean;
  /** The chain has rules or drops by default: it filters something. */
  filters: boolean;
}

// A rule that matches every packet: nothing before what it does but a counter, a log or a comment. What it does:
// a verdict, a jump or goto to another chain, or a return.
const NFT_FOR_ALL = new RegExp(
  /^(?:counter(?: packets \d+ bytes \d+)?\s+)?(?:log\b.*?\s+)?/.source +
    /(?:(accept|drop|reject)(?:\s+with\s+\S.*?)?|(jump|goto)\s+(\S+)|(return))(?:\s+comment\s+".*")?$/.source,
);
const IPTABLES_FOR_ALL = new RegExp(
  /^(?:-m comment --comment (?:"[^"]*"|\S+)\s+)?/.source +
    /(?:-j (ACCEPT|DROP|REJECT)(?:\s+--reject-with\s+\S+)?|-(j|g) (?!RETURN$)(\S+)|-j (RETURN))$/.source,
);

const CONDITIONAL_RETURN = /(?:^|\s)(?:-j RETURN|return)(?:\s+comment\s+".*")?$/;

/**
 * The verdict a chain gives every packet, as netfilter walks it: the first rule that matches every packet decides
 * (an accept of everything makes a drop policy useless), following jumps and gotos into the chains they name; a
 * return, or the chain's end, goes back to the caller (null: the base chain's policy decides). `rulesOf` holds the
 * chains of one table.
 */
function verdictForAll(
  chain: string,
  rulesOf: ReadonlyMap<string, readonly string[]>,
  forAll: RegExp,
  path: ReadonlySet<string> = new Set(),
): 'accept' | 'drop' | null {
  // A loop of jumps (nft and iptables refuse to load one) decides nothing.
  if (path.has(chain)) return null;
  // Packets a conditional return sent back (ufw-not-local returns those for the PC's own addresses) never meet a
  // drop further down: they go on in the caller. (In a base chain a return is the policy's verdict on some packets:
  // a conditional rule like any other.)
  let someReturn = false;
  for (const rule of rulesOf.get(chain) ?? []) {
    const m = forAll.exec(rule);
    if (!m) {
      someReturn ||= path.size > 0 && CONDITIONAL_RETURN.test(rule);
      continue;
    }
    const [, verdict, jump, target, done] = m;
    if (verdict) return verdict.toLowerCase() === 'accept' ? 'accept' : someReturn ? null : 'drop';
    if (done) return null;
    if (!target || !rulesOf.has(target)) continue;
    const inner = verdictForAll(target, rulesOf, forAll, new Set([...path, chain]));
    // A goto does not come back here: the end of its chain is this chain's end.
    if (inner || jump === 'g' || jump === 'goto') return inner === 'drop' && someReturn ? null : inner;
  }
  return null;
}

/**
 * `nft list ruleset` (and nftables.conf, the same syntax): every filter base chain on the input
 * hook. Tables of other families (arp, bridge, netdev) never see incoming IP traffic to the PC.
 * Null when the text has something other than tables (not nft's output).
 */
export function parseNftInputChains(text: string): InputChain[] | null {
  const chains: InputChain[] = [];
  let family: AddressFamily | null | undefined;
  let depth = 0;
  type Chain = { name: string; input: boolean; policyDrop: boolean; rules: string[] };
  let table: Chain[] = [];
  let chain: Chain | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    if (depth === 0) {
      const header = /^table\s+(?:(ip|ip6|inet|arp|bridge|netdev)\s+)?\S+\s*\{$/.exec(line);
      if (header) {
        const f = header[1] ?? 'ip';
        family = f === 'ip' || f === 'ip6' || f === 'inet' ? f : null;
        depth = 1;
        table = [];
        continue;
      }
      // nftables.conf lines outside tables: the shebang (a comment), flush, define, include.
      if (/^(flush|define|include|add|delete|destroy)\b/.test(line)) continue;
      return null;
    }
    if (line.endsWith('{')) {
      depth += 1;
      const name = /^chain\s+(\S+)/.exec(line)?.[1];
      if (depth === 2 && name) {
        chain = { name, input: false, policyDrop: false, rules: [] };
        table.push(chain);
      }
      continue;
    }
    if (line === '}') {
      if (depth === 2) chain = null;
      // The table is whole: its input chains can be followed through every chain they jump to.
      if (depth === 1 && family) {
        const rulesOf = new Map(table.map((c) => [c.name, c.rules]));
        for (const c of table.filter((t) => t.input)) {
          const verdict = verdictForAll(c.name, rulesOf, NFT_FOR_ALL);
          chains.push({
            family,
            dropsByDefault: verdict ? verdict !== 'accept' : c.policyDrop,
            filters: c.policyDrop || c.rules.length > 0,
          });
        }
      }
      depth -= 1;
      continue;
    }
    if (depth !== 2 || !chain) continue;
    const hook = /^type\s+filter\s+hook\s+input\b.*?(?:;\s*policy\s+(accept|drop)\s*;?)?$/.exec(line);
    const policy = /^policy\s+(accept|drop)\s*;?$/.exec(line);
    if (hook) {
      chain.input = true;
      chain.policyDrop = hook[1] === 'drop';
    } else if (policy) chain.policyDrop = policy[1] === 'drop';
    else if (!/^(type|comment|priority|devices?)\b/.test(line)) chain.rules.push(line);
  }
  return depth === 0 ? chains : null;
}

/**
 * `iptables -S` / `ip6tables -S` (`-P INPUT DROP`, `-A INPUT …`) and iptables-save files
 * (`:INPUT DROP [0:0]`): the INPUT chain of the filter table. Null when no INPUT policy is found.
 */
export function parseIptablesInput(text: string): Omit<InputChain, 'family'> | null {
  let table = 'filter';
  let policy: string | null = null;
  const rulesOf = new Map<string, string[]>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('*')) table = line.slice(1);
    if (table !== 'filter') continue;
    const p = /^(?:-P INPUT|:INPUT) (ACCEPT|DROP)\b/.exec(line);
    if (p) policy = p[1]!;
    const rule = /^-A (\S+) (.*)$/.exec(line);
    if (rule) rulesOf.set(rule[1]!, [...(rulesOf.get(rule[1]!) ?? []), rule[2]!]);
  }
  if (!policy) return null;
  const verdict = verdictForAll('INPUT', rulesOf, IPTABLES_FOR_ALL);
  return {
    dropsByDefault: verdict ? verdict !== 'accept' : policy === 'DROP',
    filters: policy === 'DROP' || (rulesOf.get('INPUT')?.length ?? 0) > 0,
  };
}
