import table from './risky-services.json' with { type: 'json' };
import type { AnswerOf } from '../windows/document.js';
import type { WindowsProfileName } from '../windows/fallback-parse.js';
import { firewallPolicyOf } from '../windows/firewall-policy.js';
import type { Listener } from './facts.js';

// Pure parsers: /proc/net/{tcp,tcp6,udp,udp6} (Linux), lsof (macOS), and the matching of ports
// against the risky-services table.

/** A socket as the OS lists it, before it is named. `owner` is an inode (Linux) or a process id. */
export interface Socket {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
  loopback: boolean;
  program: string | null;
  /** The firewall is known to turn connections to it away (Windows only, so far). */
  firewallBlocks?: boolean;
}

const RISKY = table.services;

/** The risky service a port is known for, or null. */
export function riskyService(protocol: 'tcp' | 'udp', port: number): string | null {
  return RISKY.find((s) => s.protocol === protocol && s.ports.includes(port))?.name ?? null;
}

/** Whether an address as Windows or lsof prints it is the loopback (127.0.0.0/8, ::1, ::ffff:127.x). */
export function isLoopbackText(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  return /^127\./.test(a) || a === '::1' || /^::ffff:127\./.test(a) || a === 'localhost';
}

/** The sockets open to the network, named, each once (IPv4 and IPv6 twins of one program stay two). */
export function toListeners(sockets: readonly Socket[]): Listener[] {
  const seen = new Set<string>();
  const out: Listener[] = [];
  for (const s of sockets) {
    if (s.loopback) continue;
    const key = `${s.protocol} ${s.address} ${s.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const service = riskyService(s.protocol, s.port);
    const where = `${s.protocol} ${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}`;
    const name = `${service ? `${service}: ` : ''}${where}${s.program ? ` (${s.program})` : ''}`;
    const { protocol, address, port, program } = s;
    out.push({ name, protocol, address, port, program, service, firewallBlocks: s.firewallBlocks ?? false });
  }
  return out.sort((a, b) => a.port - b.port || a.name.localeCompare(b.name));
}

/** TCP_LISTEN in /proc/net/tcp*; an unconnected UDP socket is TCP_CLOSE (07), a connected one 01. */
const LISTEN = '0A';
const UDP_UNCONNECTED = '07';

/** The four bytes of a 32-bit word /proc prints in host (little-endian) order. */
function wordBytes(hex: string): number[] {
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}

function ipv6Text(bytes: readonly number[]): string {
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  // The longest run of zero groups (two or more) becomes "::".
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** A /proc/net address "0100007F:1F90" (IPv4) or 32 hex digits and a port (IPv6). */
function procAddress(text: string): { address: string; port: number; loopback: boolean } | null {
  const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(text);
  if (!m) return null;
  const hex = m[1]!;
  const port = Number.parseInt(m[2]!, 16);
  if (hex.length === 8) {
    const bytes = wordBytes(hex);
    return { address: bytes.join('.'), port, loopback: bytes[0] === 127 };
  }
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8)));
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const loopback = mapped ? bytes[12] === 127 : bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
  return { address: ipv6Text(bytes), port, loopback };
}

/** A socket of /proc/net with its inode, which names its owner in /proc/PID/fd. */
export interface ProcSocket extends Socket {
  inode: string;
}

/**
 * The listening TCP (state 0A) or bound, unconnected UDP (state 07) sockets of one /proc/net file;
 * null for text that is not in that file's layout.
 */
export function parseProcNet(text: string, protocol: 'tcp' | 'udp'): ProcSocket[] | null {
  const lines = text.split('\n').filter((l) => l.trim());
  if (!/^\s*sl\s+local_address\s+rem(?:ote)?_address\s+st\b/.test(lines[0] ?? '')) return null;
  const sockets: ProcSocket[] = [];
  for (const line of lines.slice(1)) {
    const f = line.trim().split(/\s+/);
    const local = procAddress(f[1] ?? '');
    const inode = f[9];
    if (!local || !inode || !/^\d+$/.test(inode)) return null;
    if (f[3] !== (protocol === 'tcp' ? LISTEN : UDP_UNCONNECTED)) continue;
    sockets.push({ protocol, ...local, program: null, inode });
  }
  return sockets;
}

/** The socket inode of a /proc/PID/fd link ("socket:[12345]"), or null for any other file. */
export function socketInode(linkTarget: string): string | null {
  return /^socket:\[(\d+)\]$/.exec(linkTarget)?.[1] ?? null;
}

/**
 * `lsof -nP -iTCP -sTCP:LISTEN -iUDP` (macOS): each listening TCP socket and each UDP socket bound to
 * a port and connected to nobody. Null when the text has no lsof header (and is not empty).
 */
export function parseLsof(text: string): Socket[] | null {
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length === 0) return [];
  if (!/^COMMAND\s+PID\s+USER\s+FD\s+TYPE\s+DEVICE\s+SIZE\/OFF\s+NODE\s+NAME/.test(lines[0]!)) return null;
  const sockets: Socket[] = [];
  for (const line of lines.slice(1)) {
    const m = /^(.+?)\s+\d+\s+.*\s(IPv4|IPv6)\s+\S+\s+\S+\s+(TCP|UDP)\s+(\S+)(?:\s+\((\w+)\))?\s*$/.exec(line);
    if (!m) continue;
    const [, command, , node, name, state] = m;
    const protocol = node === 'TCP' ? 'tcp' : 'udp';
    if (protocol === 'tcp' && state !== 'LISTEN') continue;
    if (name!.includes('->')) continue;
    const at = /^(.*):(\d+)$/.exec(name!);
    if (!at) continue;
    const address = at[1]!.replace(/^\[|\]$/g, '');
    sockets.push({
      protocol,
      address,
      port: Number(at[2]),
      loopback: isLoopbackText(address),
      // lsof escapes a space in a command name as \x20.
      program: command!.trim().replace(/\\x20/g, ' '),
    });
  }
  return sockets;
}

/** What Windows Firewall lets in on the network profiles in use now (the script's firewallInbound answer). */
export interface WindowsFirewallInbound {
  profiles: readonly { type: number; enabled: boolean; blocksInbound: boolean }[];
  allowRules: readonly {
    protocol: number;
    localPorts: string | null;
    program: string | null;
    service: string | null;
  }[];
}

/** LocalPorts keywords and the ports they stand for: RPC is the dynamic range RPC servers take ports from (default). */
const PORT_KEYWORDS: Record<string, readonly [number, number]> = {
  'rpc-epmap': [135, 135],
  rpc: [49152, 65535],
  iphttps: [443, 443],
};

/**
 * A rule's LocalPorts ("*", "3389", "5900-5909,80", "RPC-EPMap") include the port; a keyword shop-audit does not
 * know may stand for any port.
 */
function portsInclude(ports: string | null, port: number): boolean {
  // "*", like an empty list or any word below that is no known keyword, stands for every port.
  if (!ports) return true;
  return ports.split(',').some((part) => {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (m) return port >= Number(m[1]) && port <= Number(m[2] ?? m[1]);
    const range = PORT_KEYWORDS[part.trim().toLowerCase()];
    return range === undefined || (port >= range[0] && port <= range[1]);
  });
}

/** The profiles by FwPolicy2's profile types (NET_FW_PROFILE_TYPE2), and a rule's Profile= names. */
const PROFILE_OF_TYPE: Record<number, WindowsProfileName> = { 1: 'Domain', 2: 'Private', 4: 'Public' };
const RULE_PROFILE_TYPE: Record<string, number> = { domain: 1, private: 2, public: 4 };
const ALL_PROFILES = 0x7fffffff;

type AllowRule = WindowsFirewallInbound['allowRules'][number];

/**
 * A firewall rule as Windows keeps it in the registry (`v2.22|Action=Allow|Active=TRUE|Dir=In|Protocol=6|
 * Profile=Private|LPort=3389|App=…|Svc=…|`) when it may let connections in, with the profile types it applies to;
 * null for a rule that is off, outbound or blocking. A field left out means any (protocol, port, program, profile).
 */
export function parseFirewallRuleText(text: string): (AllowRule & { profiles: number }) | null {
  const fields = text
    .split('|')
    .slice(1)
    .map((f) => [f.slice(0, f.indexOf('=')).toLowerCase(), f.slice(f.indexOf('=') + 1)] as const)
    .filter(([name]) => name !== '');
  const all = (name: string) => fields.filter(([n]) => n === name).map(([, v]) => v);
  const one = (name: string) => all(name)[0]?.toLowerCase() ?? null;
  // Bypass ("allow if secure") lets connections in too.
  if (!['allow', 'bypass'].includes(one('action') ?? '') || one('dir') !== 'in' || one('active') === 'false')
    return null;
  const ports = fields.filter(([n]) => n.startsWith('lport')).map(([, v]) => v);
  const protocol = Number(all('protocol')[0]);
  return {
    protocol: Number.isInteger(protocol) ? protocol : 256,
    localPorts: ports.length > 0 ? ports.join(',') : null,
    program: all('app')[0] ?? null,
    service: all('svc')[0] ?? null,
    profiles:
      all('profile').reduce((sum, p) => sum | (RULE_PROFILE_TYPE[p.toLowerCase()] ?? ALL_PROFILES), 0) || ALL_PROFILES,
  };
}

/**
 * What Windows Firewall lets in once Group Policy is applied. FwPolicy2 reads the local settings ("the effective
 * result may differ due to group policy settings", INetFwPolicy2::get_FirewallEnabled) and lists no Group Policy
 * rule: a profile's policy values (EnableFirewall, DefaultInboundAction 1 block / 0 allow) win, and the policy's
 * inbound allow rules for the profiles in use are added.
 */
export function withFirewallPolicy(
  firewall: WindowsFirewallInbound & { policyRules: readonly string[] },
  policy: AnswerOf<'firewallPolicy'>,
): WindowsFirewallInbound {
  const fromPolicy = (v: 0 | 1 | null) => (v === null ? null : v === 1);
  const profiles = firewall.profiles.map((p) => {
    const name = PROFILE_OF_TYPE[p.type];
    // A profile type no documentation names has no policy key: its local values stand.
    const set = name ? firewallPolicyOf(policy, name) : { enableFirewall: null, defaultInboundAction: null };
    return {
      ...p,
      enabled: fromPolicy(set.enableFirewall) ?? p.enabled,
      blocksInbound: fromPolicy(set.defaultInboundAction) ?? p.blocksInbound,
    };
  });
  const current = profiles.reduce((sum, p) => sum | p.type, 0);
  const policyRules = firewall.policyRules.flatMap((text) => {
    const rule = parseFirewallRuleText(text);
    if (!rule || !(rule.profiles & current)) return [];
    const { profiles: _, ...allow } = rule;
    return [allow];
  });
  return { profiles, allowRules: [...firewall.allowRules, ...policyRules] };
}

/**
 * Whether Windows Firewall turns connections to the socket away: on, blocking by default, on every
 * profile in use, and no enabled inbound allow rule of those profiles could be the one that lets it in.
 * A rule counts unless its protocol, its ports or its program (by file name) rule it out: its service
 * (a svchost.exe service) cannot be told from the socket, so a rule limited to one counts too.
 */
export function windowsFirewallBlocks(
  socket: Pick<Socket, 'protocol' | 'port' | 'program'>,
  firewall: WindowsFirewallInbound,
): boolean {
  if (firewall.profiles.length === 0 || !firewall.profiles.every((p) => p.enabled && p.blocksInbound)) return false;
  const protocol = socket.protocol === 'tcp' ? 6 : 17;
  const mayAllow = firewall.allowRules.some((rule) => {
    if (rule.protocol !== 256 && rule.protocol !== protocol) return false;
    if (!portsInclude(rule.localPorts, socket.port)) return false;
    const program = rule.program?.trim();
    if (!program || program === '*' || program.toLowerCase() === 'any' || !socket.program) return true;
    const file = (program.split('\\').pop() ?? program).replace(/\.exe$/i, '');
    return file.toLowerCase() === socket.program.toLowerCase();
  });
  return !mayAllow;
}
