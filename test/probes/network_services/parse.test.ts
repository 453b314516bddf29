import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseLsof,
  parseProcNet,
  riskyService,
  toListeners,
  windowsFirewallBlocks,
  withFirewallPolicy,
  type WindowsFirewallInbound,
} from '../../../src/probes/network_services/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'network_services', name), 'utf8');
const proc = (f: string) => fixture(`proc-net-${f}__this-debian12-netns-node-listeners.txt`);

describe('/proc/net parsers (real files read in a network namespace with four listeners)', () => {
  it('decodes IPv4 and IPv6 addresses and ports, keeps listening TCP and unconnected UDP', () => {
    const sockets = [
      ...parseProcNet(proc('tcp'), 'tcp')!,
      ...parseProcNet(proc('tcp6'), 'tcp')!,
      ...parseProcNet(proc('udp'), 'udp')!,
      ...parseProcNet(proc('udp6'), 'udp')!,
    ];
    expect(sockets.map((s) => [s.protocol, s.address, s.port, s.loopback])).toEqual([
      ['tcp', '127.0.0.1', 8080, true],
      ['tcp', '0.0.0.0', 6379, false],
      ['tcp', '::', 3389, false],
      ['udp', '0.0.0.0', 137, false],
    ]);
    expect(sockets.every((s) => /^\d+$/.test(s.inode))).toBe(true);
  });

  it('names what is open to the network, risky services by name, loopback left out', () => {
    const sockets = [...parseProcNet(proc('tcp'), 'tcp')!, ...parseProcNet(proc('tcp6'), 'tcp')!];
    expect(toListeners(sockets).map((l) => [l.name, l.service])).toEqual([
      ['Remote Desktop (RDP): tcp [::]:3389', 'Remote Desktop (RDP)'],
      ['Redis: tcp 0.0.0.0:6379', 'Redis'],
    ]);
  });

  it('refuses text that is not a /proc/net file', () => {
    expect(parseProcNet('hello\n', 'tcp')).toBeNull();
    expect(parseProcNet(proc('tcp').replace('0100007F:1F90', 'zz'), 'tcp')).toBeNull();
  });

  it('IPv6 loopback and IPv4-mapped addresses', () => {
    const header =
      '  sl  local_address                         remote_address                        st x x x x x inode\n';
    const row = (addr: string) =>
      `   0: ${addr}:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1\n`;
    const [lo] = parseProcNet(header + row('00000000000000000000000001000000'), 'tcp')!;
    expect([lo!.address, lo!.loopback]).toEqual(['::1', true]);
    const [mapped] = parseProcNet(header + row('0000000000000000FFFF00000100007F'), 'tcp')!;
    expect([mapped!.address, mapped!.loopback]).toEqual(['::ffff:127.0.0.1', true]);
  });
});

describe('risky services table', () => {
  it('knows the ports of the issue and not others', () => {
    expect(riskyService('tcp', 445)).toBe('Windows file sharing (SMB)');
    expect(riskyService('tcp', 5905)).toBe('VNC remote screen');
    expect(riskyService('udp', 137)).toBe('NetBIOS');
    expect(riskyService('udp', 445)).toBeNull();
    expect(riskyService('tcp', 443)).toBeNull();
  });
});

describe('lsof parser (published macOS lines)', () => {
  it('keeps what listens on every address, by program', () => {
    const sockets = parseLsof(fixture('lsof-listen__published-macos-lines-header-added-handwritten.txt'))!;
    const open = toListeners(sockets);
    expect(open.map((l) => `${l.address}:${l.port} ${l.program}`)).toEqual([
      '*:3000 OrbStack',
      '*:5000 ControlCe',
      '*:7000 ControlCe',
      '*:9200 OrbStack',
      '*:53667 rapportd',
      '*:63790 OrbStack',
    ]);
    expect(open.every((l) => l.service === null)).toBe(true);
    expect(sockets.filter((s) => s.loopback)).toHaveLength(7);
  });

  it('UDP: bound sockets count, connected ones and *:* do not; no header is not lsof', () => {
    const text =
      'COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n' +
      'netbiosd 90 root 4u IPv4 0x1 0t0 UDP *:137\n' +
      'sharingd 647 b 4u IPv4 0x9 0t0 UDP *:*\n' +
      'postgres 3212 b 10u IPv6 0x8 0t0 UDP [::1]:64649->[::1]:64649\n';
    expect(toListeners(parseLsof(text)!).map((l) => l.name)).toEqual(['NetBIOS: udp *:137 (netbiosd)']);
    expect(parseLsof('lsof: WARNING\n')).toBeNull();
    expect(parseLsof('')).toEqual([]);
  });
});

describe('Windows Firewall and a listening socket (rules written by hand as FwPolicy2 lists them)', () => {
  // Windows' own "Remote Desktop - User Mode (TCP-In)" and "File and Printer Sharing (SMB-In)" rules.
  const RDP_RULE = {
    protocol: 6,
    localPorts: '3389',
    program: '%SystemRoot%\\system32\\svchost.exe',
    service: 'termservice',
  };
  const SMB_RULE = { protocol: 6, localPorts: '445', program: 'System', service: null };
  const on = (rules: WindowsFirewallInbound['allowRules']): WindowsFirewallInbound => ({
    profiles: [{ type: 2, enabled: true, blocksInbound: true }],
    allowRules: rules,
  });
  const rdp = { protocol: 'tcp' as const, port: 3389, program: 'svchost' };

  it('on, blocking, no rule for the port: blocks; a rule for its port and program: lets it in', () => {
    expect(windowsFirewallBlocks(rdp, on([SMB_RULE]))).toBe(true);
    expect(windowsFirewallBlocks(rdp, on([RDP_RULE]))).toBe(false);
    expect(windowsFirewallBlocks({ protocol: 'tcp', port: 445, program: 'System' }, on([SMB_RULE]))).toBe(false);
  });

  it('a rule for another program or protocol does not count; any port, any program or a range does', () => {
    expect(windowsFirewallBlocks(rdp, on([{ ...RDP_RULE, program: 'C:\\tools\\vnc.exe' }]))).toBe(true);
    expect(windowsFirewallBlocks(rdp, on([{ ...RDP_RULE, protocol: 17 }]))).toBe(true);
    expect(windowsFirewallBlocks(rdp, on([{ ...RDP_RULE, protocol: 256, localPorts: '*', program: null }]))).toBe(
      false,
    );
    expect(windowsFirewallBlocks(rdp, on([{ ...RDP_RULE, localPorts: '80,3000-3999' }]))).toBe(false);
    expect(windowsFirewallBlocks(rdp, on([{ ...RDP_RULE, localPorts: 'RPC' }]))).toBe(true);
    // Keywords: RPC-EPMap is TCP 135, RPC the dynamic ports RPC servers take (49152-65535 by default); one
    // shop-audit does not know may include any port.
    const epmap = { protocol: 'tcp' as const, port: 135, program: 'svchost' };
    expect(windowsFirewallBlocks(epmap, on([{ ...RDP_RULE, localPorts: 'RPC-EPMap' }]))).toBe(false);
    expect(windowsFirewallBlocks({ ...epmap, port: 49668 }, on([{ ...RDP_RULE, localPorts: 'RPC' }]))).toBe(false);
    expect(windowsFirewallBlocks(rdp, on([{ ...RDP_RULE, localPorts: 'SomeFutureKeyword' }]))).toBe(false);
    expect(windowsFirewallBlocks({ ...rdp, program: null }, on([{ ...RDP_RULE, program: 'C:\\x\\other.exe' }]))).toBe(
      false,
    );
  });

  it('off, allowing by default, or no profile known: never blocks', () => {
    expect(
      windowsFirewallBlocks(rdp, { profiles: [{ type: 4, enabled: false, blocksInbound: true }], allowRules: [] }),
    ).toBe(false);
    expect(
      windowsFirewallBlocks(rdp, { profiles: [{ type: 4, enabled: true, blocksInbound: false }], allowRules: [] }),
    ).toBe(false);
    expect(windowsFirewallBlocks(rdp, { profiles: [], allowRules: [] })).toBe(false);
  });
});

describe('Group Policy over what FwPolicy2 reads (local settings only: nscp#1351, mondoohq/mql#10270)', () => {
  // Windows' own Remote Desktop rule, on and off, as Microsoft's documentation prints it (firewall-rules__ms-docs-…).
  const [RDP_ON, RDP_OFF] = readFileSync(
    path.join(REPO, 'test', 'fixtures', 'network_services', 'firewall-rules__ms-docs-rdp-usermode-in-tcp-on-off.txt'),
    'utf8',
  )
    .trim()
    .split('\n') as [string, string];
  const rdp = { protocol: 'tcp' as const, port: 3389, program: 'svchost' };
  const local = (policyRules: string[]) => ({
    profiles: [{ type: 2, enabled: true, blocksInbound: true }],
    allowRules: [],
    policyRules,
  });
  const unset = { DomainProfile: null, StandardProfile: null, PublicProfile: null };

  it('a policy that turns the profile off or allows inbound by default wins over the local setting', () => {
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), unset))).toBe(true);
    const off = { ...unset, StandardProfile: { EnableFirewall: 0, DefaultInboundAction: null } };
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), off))).toBe(false);
    const allows = { ...unset, StandardProfile: { EnableFirewall: 1, DefaultInboundAction: 0 } };
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), allows))).toBe(false);
    // Another profile's policy changes nothing on the Private network.
    const publicOff = { ...unset, PublicProfile: { EnableFirewall: 0, DefaultInboundAction: 0 } };
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), publicOff))).toBe(true);
  });

  it("a policy's own inbound allow rule counts; one switched off, or for another profile, does not", () => {
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([RDP_ON]), unset))).toBe(false);
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([RDP_OFF]), unset))).toBe(true);
    const domainOnly = RDP_ON.replace('Profile=Private|Profile=Public|', '');
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([domainOnly]), unset))).toBe(true);
    expect(windowsFirewallBlocks({ ...rdp, port: 5900 }, withFirewallPolicy(local([RDP_ON]), unset))).toBe(true);
    // No Profile, Protocol, LPort or App: every profile, protocol, port and program.
    expect(
      windowsFirewallBlocks(rdp, withFirewallPolicy(local(['v2.30|Action=Allow|Active=TRUE|Dir=In|Name=x|']), unset)),
    ).toBe(false);
  });
});
