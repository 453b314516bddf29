import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LSOF_ARGS } from '../../src/probes/network_services/macos.js';
import { REPO } from '../helpers/host.js';
import { exited, macHost } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { createReplayHost } from '../../src/host/bundle.js';
import { exited as winExited, noPowerShellPc } from '../helpers/windows-fallback.js';
import { windowsHost } from '../helpers/windows-samples.js';

// Whole scans for network-services.no-risky-service-open on Windows and macOS (Linux: the real
// listeners of test/probes/network_services/linux.test.ts).

const RULE = 'network-services.no-risky-service-open';
type Report = Awaited<ReturnType<typeof scanWith>>;
const result = (report: Report) => report.results.find((r) => r.id === RULE)!;
const lsof = readFileSync(
  path.join(REPO, 'test/fixtures/network_services/lsof-listen__published-macos-lines-header-added-handwritten.txt'),
  'utf8',
);
const LSOF = `/usr/sbin/lsof ${LSOF_ARGS.join(' ')}`;

/** What Get-NetTCPConnection -State Listen and Get-NetUDPEndpoint list on a Windows 10 PC with nothing shared. */
const WINDOWS_QUIET = [
  { protocol: 'tcp', address: '0.0.0.0', port: 135, program: 'svchost' },
  { protocol: 'tcp', address: '::', port: 135, program: 'svchost' },
  { protocol: 'tcp', address: '0.0.0.0', port: 49664, program: 'lsass' },
  { protocol: 'tcp', address: '127.0.0.1', port: 3306, program: 'mysqld' },
  { protocol: 'udp', address: '0.0.0.0', port: 5353, program: 'svchost' },
  { protocol: 'udp', address: '::1', port: 1900, program: 'svchost' },
];

describe('network-services rule on Windows, whole scans', () => {
  it('RPC and a MySQL on loopback only: passes', async () => {
    const report = await scanWith(windowsHost({ listeningSockets: WINDOWS_QUIET }));
    expect(result(report).status).toBe('pass');
  });

  it('Remote Desktop and file sharing listening on every address: fails, naming both', async () => {
    const report = await scanWith(
      windowsHost({
        listeningSockets: [
          ...WINDOWS_QUIET,
          { protocol: 'tcp', address: '0.0.0.0', port: 3389, program: 'svchost' },
          { protocol: 'tcp', address: '::', port: 445, program: 'System' },
          { protocol: 'udp', address: '192.168.1.20', port: 137, program: 'System' },
        ],
      }),
    );
    const r = result(report);
    expect(r.status).toBe('fail');
    const text = JSON.stringify(r);
    for (const name of [
      'Remote Desktop (RDP): tcp 0.0.0.0:3389 (svchost)',
      'Windows file sharing (SMB): tcp [::]:445 (System)',
      'NetBIOS: udp 192.168.1.20:137 (System)',
    ])
      expect(text).toContain(name);
  });

  it('Remote Desktop listening but Windows Firewall blocks it (its allow rule switched off): passes', async () => {
    const rdp = { protocol: 'tcp', address: '0.0.0.0', port: 3389, program: 'svchost' };
    const firewallInbound = (rules: unknown[]) => ({
      profiles: [{ type: 2, enabled: true, blocksInbound: true }],
      allowRules: rules,
      policyRules: [],
    });
    const noPolicy = { DomainProfile: null, PrivateProfile: null, PublicProfile: null, StandardProfile: null };
    const blocked = await scanWith(
      windowsHost({
        listeningSockets: [...WINDOWS_QUIET, rdp],
        firewallInbound: firewallInbound([]),
        firewallPolicy: noPolicy,
      }),
    );
    expect(result(blocked).status).toBe('pass');
    // Group Policy switches the Private profile off: FwPolicy2's local "on" does not count.
    const policyOff = await scanWith(
      windowsHost({
        listeningSockets: [...WINDOWS_QUIET, rdp],
        firewallInbound: firewallInbound([]),
        firewallPolicy: { ...noPolicy, PrivateProfile: { EnableFirewall: 0, DefaultInboundAction: null } },
      }),
    );
    expect(result(policyOff).status).toBe('fail');
    // Windows' own "Remote Desktop - User Mode (TCP-In)" rule, enabled (hand-written as FwPolicy2 lists it).
    const rule = {
      protocol: 6,
      localPorts: '3389',
      program: '%SystemRoot%\\system32\\svchost.exe',
      service: 'termservice',
    };
    const allowed = await scanWith(
      windowsHost({
        listeningSockets: [...WINDOWS_QUIET, rdp],
        firewallInbound: firewallInbound([rule]),
        firewallPolicy: noPolicy,
      }),
    );
    expect(result(allowed).status).toBe('fail');
  });

  it('the query failed: unknown, never a pass', async () => {
    const report = await scanWith(
      windowsHost(
        {},
        { failed: { listeningSockets: { type: 'CommandNotFoundException', message: 'Get-NetTCPConnection' } } },
      ),
    );
    expect(result(report).status).toBe('unknown');
  });
});

describe('network-services rule on Windows without PowerShell (netstat -ano and tasklist)', () => {
  const netstat = readFileSync(
    path.join(REPO, 'test/fixtures/network_services/netstat-ano__zh-CN-published-tcp-listening.txt'),
    'utf8',
  );
  const pc = (text: string) => {
    const bundle = noPowerShellPc(null);
    bundle.commands.push(
      { command: 'C:\\Windows\\System32\\netstat.exe', args: ['-ano'], result: winExited(text) },
      {
        command: 'C:\\Windows\\System32\\tasklist.exe',
        args: ['/fo', 'csv', '/nh'],
        // Hand-written rows in tasklist's CSV layout: PID 4 is System, 1072 svchost.
        result: winExited('"System","4","Services","0","144 K"\r\n"svchost.exe","1072","Services","0","9,876 K"\r\n'),
      },
    );
    return createReplayHost(bundle);
  };

  it('a Chinese PC sharing files on 445: fails, read from netstat by position', async () => {
    const r = result(await scanWith(pc(netstat)));
    expect(r.status).toBe('fail');
    expect(JSON.stringify(r)).toContain('Windows file sharing (SMB): tcp 0.0.0.0:445 (System)');
  });

  it('the same PC without the 445 line: passes', async () => {
    expect(result(await scanWith(pc(netstat.replace(/^.*:445 .*$/m, '')))).status).toBe('pass');
  });
});

describe('network-services rule on macOS, whole scans (lsof as root)', () => {
  it('the published listeners (AirPlay, Handoff, dev servers): passes', async () => {
    const report = await scanWith(macHost({ [LSOF]: exited(lsof) }, { elevated: true }));
    expect(result(report).status).toBe('pass');
  });

  it('Screen Sharing on 5900 and SMB on 445 added: fails', async () => {
    const more =
      'launchd       1                  root   10u     IPv6 0x1111111111111111           0t0                 TCP *:5900 (LISTEN)\n' +
      'launchd       1                  root   11u     IPv4 0x2222222222222222           0t0                 TCP *:445 (LISTEN)\n';
    const r = result(await scanWith(macHost({ [LSOF]: exited(lsof + more) }, { elevated: true })));
    expect(r.status).toBe('fail');
    expect(JSON.stringify(r)).toContain('VNC remote screen: tcp *:5900 (launchd)');
  });

  it('without root lsof sees only your own programs: unknown', async () => {
    expect(result(await scanWith(macHost({ [LSOF]: exited(lsof) }))).status).toBe('unknown');
  });
});
