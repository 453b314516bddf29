import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isLoopbackText,
  parseFirewallRuleText,
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
  const unset = { DomainProfile: null, PrivateProfile: null, PublicProfile: null, StandardProfile: null };

  it('a policy that turns the profile off or allows inbound by default wins over the local setting', () => {
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), unset))).toBe(true);
    // The Private profile's own key (Windows Defender Firewall with Advanced Security) and the legacy template's
    // StandardProfile both reach it.
    for (const key of ['PrivateProfile', 'StandardProfile']) {
      const off = { ...unset, [key]: { EnableFirewall: 0, DefaultInboundAction: null } };
      expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), off))).toBe(false);
      const allows = { ...unset, [key]: { EnableFirewall: 1, DefaultInboundAction: 0 } };
      expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), allows))).toBe(false);
    }
    // Where both templates set a value, it blocks only when both say so.
    const on = { EnableFirewall: 1, DefaultInboundAction: 1 };
    const both = { ...unset, PrivateProfile: on, StandardProfile: { ...on, EnableFirewall: '0' } };
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), both))).toBe(false);
    expect(windowsFirewallBlocks(rdp, withFirewallPolicy(local([]), { ...both, StandardProfile: on }))).toBe(true);
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

describe('edges found by mutation testing (handwritten in the layouts above)', () => {
  const header =
    '  sl  local_address                         remote_address                        st x x x x x inode\n';
  const row6 = (addr: string, state = '0A', inode = '1') =>
    `   0: ${addr}:1F90 00000000000000000000000000000000:0000 ${state} 00000000:00000000 00:00000000 00000000 0 0 ${inode} 1\n`;
  const one = (addr: string) => parseProcNet(header + row6(addr), 'tcp')![0]!;

  it('IPv6: only ::1 and ::ffff:127.x are loopback; addresses written with the longest zero run as ::', () => {
    // fe80::1 (link-local), ::2, 2001:db8::7f00:1 (byte 12 is 127, not a mapped address), ::ffff:10.0.0.1
    expect([one('000080FE000000000000000001000000').address, one('000080FE000000000000000001000000').loopback]).toEqual(
      ['fe80::1', false],
    );
    expect([one('00000000000000000000000002000000').address, one('00000000000000000000000002000000').loopback]).toEqual(
      ['::2', false],
    );
    const db8 = one('B80D012000000000000000000100007F');
    expect([db8.address, db8.loopback]).toEqual(['2001:db8::7f00:1', false]);
    const mapped = one('0000000000000000FFFF00000100000A');
    expect([mapped.address, mapped.loopback]).toEqual(['::ffff:10.0.0.1', false]);
    const half = one('0000000000000000' + '00FF00000100007F');
    expect([half.address, half.loopback]).toEqual(['::ff00:7f00:1', false]);
    // /proc prints each 32-bit word of the address in little-endian byte order.
    const proc6 = (...groups: number[]) => {
      const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
      return [0, 4, 8, 12]
        .map((w) =>
          bytes
            .slice(w, w + 4)
            .reverse()
            .map((b) => b.toString(16).padStart(2, '0'))
            .join(''),
        )
        .join('')
        .toUpperCase();
    };
    expect(one(proc6(1, 0, 0, 0, 0, 0, 0, 0)).address).toBe('1::');
    expect(one(proc6(1, 0, 0, 2, 0, 0, 0, 0)).address).toBe('1:0:0:2::');
    expect(one(proc6(1, 0, 2, 0, 0, 0, 3, 0)).address).toBe('1:0:2::3:0');
    expect(one(proc6(1, 0, 1, 1, 1, 1, 1, 1)).address).toBe('1:0:1:1:1:1:1:1');
    expect(one(proc6(0, 0, 1, 0, 0, 0, 0, 0)).address).toBe('0:0:1::');
    expect(one(proc6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1)).address).toBe('2001:db8::1:0:0:1');
    // ffff in the place of a mapped address's marker, but after a global prefix: a public address, not loopback.
    for (const [groups, text] of [
      [[0x2001, 0xdb8, 0, 0, 0, 0xffff, 0x7f00, 1], '2001:db8::ffff:7f00:1'],
      [[0x2001, 0xdb8, 0, 0, 0, 0x00ff, 0x7f00, 1], '2001:db8::ff:7f00:1'],
      [[0, 0, 0, 0, 0, 0xff00, 0x7f00, 1], '::ff00:7f00:1'],
    ] as const) {
      const socket = one(proc6(...groups));
      expect([socket.address, socket.loopback]).toEqual([text, false]);
    }
  });

  it('/proc/net: only listening (TCP) or unconnected (UDP) sockets; a blank line is skipped; an inode must be a number', () => {
    expect(parseProcNet(header + row6('00000000000000000000000000000000', '01'), 'tcp')).toEqual([]);
    expect(parseProcNet(header + row6('00000000000000000000000000000000', '07'), 'udp')).toHaveLength(1);
    expect(parseProcNet(header + row6('00000000000000000000000000000000', '0A'), 'udp')).toEqual([]);
    expect(parseProcNet(`${header}${row6('00000000000000000000000000000000')}   \n`, 'tcp')).toHaveLength(1);
    expect(parseProcNet(header + row6('00000000000000000000000000000000', '0A', '12x'), 'tcp')).toBeNull();
    expect(parseProcNet(header + row6('Z0000000000000000000000000000000'), 'tcp')).toBeNull();
    expect(parseProcNet(`x${header}${row6('00000000000000000000000000000000')}`, 'tcp')).toBeNull();
  });

  it('a socket nobody says the firewall blocks is not blocked; loopback by text', () => {
    const sockets = parseProcNet(proc('tcp'), 'tcp')!;
    expect(toListeners(sockets).map((l) => l.firewallBlocks)).toEqual([false]);
    expect(toListeners([{ ...sockets[1]!, firewallBlocks: true }])[0]!.firewallBlocks).toBe(true);
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'LocalHost'])
      expect(isLoopbackText(a), a).toBe(true);
    for (const a of ['10.127.0.1', '0.0.0.0', '*', '::', 'fe80::1', '::ffff:10.0.0.1', '[::]', '1127.0.0.1'])
      expect(isLoopbackText(a), a).toBe(false);
  });

  it('lsof: a line not in its layout is skipped; TCP only when listening; UDP and TCP told apart; \\x20 in a name', () => {
    const text =
      'COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n' +
      'garbage\n' +
      'Google\\x20Chrome 1 b 4u IPv4 0x1 0t0 TCP *:8080 (CLOSED)\n' +
      'Google\\x20Chrome 1 b 5u IPv4 0x1 0t0 TCP *:9090 (LISTEN)\n' +
      'mDNSResp 2 b 6u IPv6 0x2 0t0 UDP *:5353\n';
    expect(parseLsof(text)).toEqual([
      { protocol: 'tcp', address: '*', port: 9090, loopback: false, program: 'Google Chrome' },
      { protocol: 'udp', address: '*', port: 5353, loopback: false, program: 'mDNSResp' },
    ]);
    expect(parseLsof(`  \n${text}`)).toHaveLength(2);
  });
});

describe('Windows Firewall rules: edges found by mutation testing (rules written by hand as FwPolicy2 and the registry list them)', () => {
  const on = (
    allowRules: WindowsFirewallInbound['allowRules'],
    profiles = [{ type: 2, enabled: true, blocksInbound: true }],
  ) => ({
    profiles,
    allowRules,
  });
  const rdp = { protocol: 'tcp' as const, port: 3389, program: 'svchost' };
  const rule = (localPorts: string | null, program: string | null = null, protocol = 6) => ({
    protocol,
    localPorts,
    program,
    service: null,
  });

  it('every profile in use must block: one profile off is enough to let connections in', () => {
    expect(
      windowsFirewallBlocks(
        rdp,
        on(
          [],
          [
            { type: 2, enabled: true, blocksInbound: true },
            { type: 4, enabled: false, blocksInbound: true },
          ],
        ),
      ),
    ).toBe(false);
    expect(
      windowsFirewallBlocks(
        rdp,
        on(
          [],
          [
            { type: 2, enabled: true, blocksInbound: true },
            { type: 4, enabled: true, blocksInbound: true },
          ],
        ),
      ),
    ).toBe(true);
  });

  it("a rule's program: *, any (any case), blank or a path with spaces around count for every program; the file name compared", () => {
    for (const program of ['*', 'Any', 'ANY', '  ', ' C:\\Windows\\System32\\svchost.exe '])
      expect(windowsFirewallBlocks(rdp, on([rule('3389', program)])), program).toBe(false);
    expect(windowsFirewallBlocks(rdp, on([rule('3389', 'C:\\x\\svchost.exe.bak')]))).toBe(true);
    expect(windowsFirewallBlocks({ ...rdp, program: 'my.exec' }, on([rule('3389', 'C:\\x\\my.exec.exe')]))).toBe(false);
    expect(windowsFirewallBlocks({ ...rdp, program: 'SVCHOST' }, on([rule('3389', 'svchost.EXE')]))).toBe(false);
  });

  it('UDP sockets against TCP and UDP rules', () => {
    const nbns = { protocol: 'udp' as const, port: 137, program: 'System' };
    expect(windowsFirewallBlocks(nbns, on([rule('137', null, 6)]))).toBe(true);
    expect(windowsFirewallBlocks(nbns, on([rule('137', null, 17)]))).toBe(false);
  });

  it('LocalPorts: ranges with spaces, lists with spaces, keywords in any case; a word with digits is a keyword it does not know', () => {
    expect(windowsFirewallBlocks(rdp, on([rule('5000-5999')]))).toBe(true);
    expect(windowsFirewallBlocks(rdp, on([rule('3000 - 3999')]))).toBe(false);
    expect(windowsFirewallBlocks(rdp, on([rule('80, 3389')]))).toBe(false);
    expect(windowsFirewallBlocks(rdp, on([rule('3389-3389')]))).toBe(false);
    expect(windowsFirewallBlocks(rdp, on([rule('3390-4000')]))).toBe(true);
    expect(windowsFirewallBlocks(rdp, on([rule('1000-3388')]))).toBe(true);
    expect(windowsFirewallBlocks(rdp, on([rule('80, RPC')]))).toBe(true);
    expect(windowsFirewallBlocks(rdp, on([rule('RPC-EPMap')]))).toBe(true);
    expect(windowsFirewallBlocks(rdp, on([rule('iphttps')]))).toBe(true);
    expect(windowsFirewallBlocks({ ...rdp, port: 443 }, on([rule('IPHTTPS')]))).toBe(false);
    expect(windowsFirewallBlocks({ ...rdp, port: 65535 }, on([rule('RPC')]))).toBe(false);
    // Not a port number or a known keyword: it may stand for any port.
    for (const ports of ['x3389', '3389x', 'x80', '80x', '', ' ', '*', ' * '])
      expect(windowsFirewallBlocks(rdp, on([rule(ports)])), ports).toBe(false);
  });

  it('registry rule text: Action, Dir, LPort2_10 keywords, Protocol, App and Svc as written', () => {
    const base = 'v2.30|Action=Allow|Active=TRUE|Dir=In|';
    expect(parseFirewallRuleText('v2.30|Active=TRUE|Dir=In|')).toBeNull();
    expect(parseFirewallRuleText('v2.30|Action=Block|Active=TRUE|Dir=In|')).toBeNull();
    expect(parseFirewallRuleText('v2.30|Action=Allow|Active=TRUE|Dir=Out|')).toBeNull();
    expect(parseFirewallRuleText('v2.30|Action=Allow|Active=TRUE|')).toBeNull();
    expect(parseFirewallRuleText('v2.30|Action=Bypass|Dir=In|')).toEqual({
      protocol: 256,
      localPorts: null,
      program: null,
      service: null,
      profiles: 0x7fffffff,
    });
    expect(
      parseFirewallRuleText(
        `${base}Protocol=17|LPort=137|LPort2_10=IPHTTPS|App=C:\\x\\a.exe|Svc=dnscache|Profile=Public|`,
      ),
    ).toEqual({ protocol: 17, localPorts: '137,IPHTTPS', program: 'C:\\x\\a.exe', service: 'dnscache', profiles: 4 });
    expect(parseFirewallRuleText(`${base}LPort2_10=RPC-EPMap|`)?.localPorts).toBe('RPC-EPMap');
  });

  it('Group Policy: a policy that blocks inbound wins over a local setting that allows; unset values keep the local ones', () => {
    const local = (enabled: boolean, blocksInbound: boolean, policyRules: string[] = []) => ({
      profiles: [{ type: 2, enabled, blocksInbound }],
      allowRules: [],
      policyRules,
    });
    const set = (EnableFirewall: number | null, DefaultInboundAction: number | null) => ({
      DomainProfile: null,
      PrivateProfile: { EnableFirewall, DefaultInboundAction },
      PublicProfile: null,
      StandardProfile: null,
    });
    expect(withFirewallPolicy(local(true, false), set(null, 1)).profiles).toEqual([
      { type: 2, enabled: true, blocksInbound: true },
    ]);
    expect(withFirewallPolicy(local(false, true), set(1, null)).profiles).toEqual([
      { type: 2, enabled: true, blocksInbound: true },
    ]);
    expect(withFirewallPolicy(local(false, false), set(null, null)).profiles).toEqual([
      { type: 2, enabled: false, blocksInbound: false },
    ]);
    const udpRule = 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|';
    expect(withFirewallPolicy(local(true, true, [udpRule]), set(null, null)).allowRules).toEqual([]);
    const vnc = 'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|App=C:\\vnc\\vnc.exe|Svc=x|';
    const firewall = withFirewallPolicy(local(true, true, [vnc]), set(null, null));
    expect(firewall.allowRules).toEqual([
      { protocol: 6, localPorts: '3389', program: 'C:\\vnc\\vnc.exe', service: 'x' },
    ]);
    expect(windowsFirewallBlocks(rdp, firewall)).toBe(true);
    const tcpOnly = withFirewallPolicy(
      local(true, true, ['v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|']),
      set(null, null),
    );
    expect(windowsFirewallBlocks({ protocol: 'udp', port: 137, program: 'System' }, tcpOnly)).toBe(true);
  });
});
