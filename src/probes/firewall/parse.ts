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

export type AddressFamily = 'ip' | 'ip6' | 'inet';

/** One base chain on the input hook of the packet filter. */
export interface InputChain {
  family: AddressFamily;
  /**
   * What happens to a packet no rule decided on: the chain's policy, or its last rule when that is a plain
   * drop/reject.
   */
  dropsByDefault: boolean;
  /** The chain has rules or drops by default: it filters something. */
  filters: boolean;
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
  let chain: { input: boolean; policyDrop: boolean; rules: string[] } | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    if (depth === 0) {
      const table = /^table\s+(?:(ip|ip6|inet|arp|bridge|netdev)\s+)?\S+\s*\{$/.exec(line);
      if (table) {
        const f = table[1] ?? 'ip';
        family = f === 'ip' || f === 'ip6' || f === 'inet' ? f : null;
        depth = 1;
        continue;
      }
      // nftables.conf lines outside tables: the shebang (a comment), flush, define, include.
      if (/^(flush|define|include|add|delete|destroy)\b/.test(line)) continue;
      return null;
    }
    if (line.endsWith('{')) {
      depth += 1;
      if (depth === 2 && /^chain\s/.test(line)) chain = { input: false, policyDrop: false, rules: [] };
      continue;
    }
    if (line === '}') {
      if (depth === 2 && chain) {
        if (chain.input && family) {
          const last = chain.rules.at(-1) ?? '';
          const finalVerdict =
            /^(?:counter(?: packets \d+ bytes \d+)?\s+)?(?:log\b.*?\s+)?(drop|reject)(?:\s+with\s+.+)?$/.test(last);
          chains.push({
            family,
            dropsByDefault: chain.policyDrop || finalVerdict,
            filters: chain.policyDrop || chain.rules.length > 0,
          });
        }
        chain = null;
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
  const rules: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('*')) table = line.slice(1);
    if (table !== 'filter') continue;
    const p = /^(?:-P INPUT|:INPUT) (ACCEPT|DROP)\b/.exec(line);
    if (p) policy = p[1]!;
    else if (line.startsWith('-A INPUT ')) rules.push(line.slice('-A INPUT '.length));
  }
  if (!policy) return null;
  const finalVerdict = /^-j (DROP|REJECT)(\s+--reject-with\s+\S+)?$/.test(rules.at(-1) ?? '');
  return { dropsByDefault: policy === 'DROP' || finalVerdict, filters: policy === 'DROP' || rules.length > 0 };
}
