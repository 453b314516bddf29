import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseLsof,
  parseProcNet,
  riskyService,
  toListeners,
  windowsFirewallBlocks,
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
