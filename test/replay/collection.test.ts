import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { createReplayHost, parseBundle } from '../../src/host/bundle.js';
import { findProbe } from '../../src/probes/index.js';
import { scanWith, statuses } from '../helpers/scan.js';
import { needsTool } from '../helpers/tools.js';
import { sample } from '../helpers/windows-samples.js';

// Bundles of the old-Windows collector (collect.cmd) built from real Windows outputs (the samples'
// MANIFEST.md gives their source and ground truth): each output as the raw bytes a Windows 7 console
// writes, in its code page (GBK on Chinese Windows: the text encoded with iconv), base64 in certutil's
// layout, as collect.cmd stores them. shop-audit decodes them, never the batch file.

const SYS32 = 'C:\\Windows\\System32';
const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
const gbk = (text: string) => spawnSync('/usr/bin/iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text }).stdout;
const certutil = (bytes: Buffer) => [
  '-----BEGIN CERTIFICATE-----',
  ...(bytes.toString('base64').match(/.{1,64}/g) ?? []),
  '-----END CERTIFICATE-----',
  '',
];

interface Run {
  program: string;
  args: string[];
  stdout: string;
  exitCode?: number;
}

/** The Windows 7 Winlogon sample (reg query of the whole key) as the collector's value-by-value queries. */
function winlogonRuns(): Run[] {
  const lines = sample('reg-query-winlogon__en-win7-autologon-plaintext-password.txt').split(/\r?\n/);
  const keyLine = lines.find((l) => l.startsWith('HKEY_'))!;
  const read = ['AutoAdminLogon', 'DefaultUserName', 'DefaultDomainName'].map((name) => ({
    program: 'reg.exe',
    args: ['query', WINLOGON, '/v', name],
    stdout: `\r\n${keyLine}\r\n${lines.find((l) => l.startsWith(`    ${name}    `))}\r\n\r\n`,
  }));
  // Not in the sample: reg.exe finds no such value (its error goes to stderr, which the collector does not keep).
  return [
    ...read,
    { program: 'reg.exe', args: ['query', WINLOGON, '/v', 'ScreenSaverGracePeriod'], stdout: '', exitCode: 1 },
  ];
}

/** `time`: what WMIC wrote (UTF-16 into a file), null without WMIC; `clock`: %DATE% %TIME%. */
function collectionFile(
  encode: (text: string) => Buffer,
  codePage: string,
  runs: Run[],
  time: Buffer | null,
  clock: string,
): string {
  const env = 'COMPUTERNAME=收银台\r\nSystemDrive=C:\r\nSystemRoot=C:\\Windows\r\nUSERNAME=店主\r\n';
  return JSON.stringify({
    kind: 'shop-audit-collection',
    schemaVersion: 1,
    collector: 'collect.cmd',
    version: '0.1.0',
    elevated: false,
    encoder: 'certutil',
    codePage: certutil(encode(codePage)),
    env: certutil(encode(env)),
    time: time && certutil(time),
    clock: certutil(encode(clock)),
    commands: [
      ...runs.map((r) => ({
        command: `${SYS32}\\${r.program}`,
        args: r.args,
        exitCode: r.exitCode ?? 0,
        stdout: certutil(encode(r.stdout)),
        stderr: [],
      })),
      // DefaultPassword exists: only the exit code was kept.
      {
        command: `${SYS32}\\reg.exe`,
        args: ['query', WINLOGON, '/v', 'DefaultPassword'],
        exitCode: 0,
        outputNotKept: true,
      },
      { command: `${SYS32}\\quser.exe`, args: [], missing: true },
    ],
  });
}

needsTool('/usr/bin/iconv', 'libc-bin').describe('bundles of the old-Windows collector, from real outputs', () => {
  it('zh-CN Windows 7 (code page 936): the GBK outputs decode to the right facts; the report says who collected it, when', async () => {
    const file = collectionFile(
      gbk,
      '活动代码页: 936\r\n',
      [
        ...winlogonRuns(),
        { program: 'net.exe', args: ['share'], stdout: sample('net-share__zh-CN-print-share-wrapped-remark.txt') },
        { program: 'net.exe', args: ['accounts'], stdout: sample('net-accounts__zh-CN-default-minlen-0.txt') },
      ],
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\r\r\nLocalDateTime=20261207093015.123000+480\r\r\n\r\r\n', 'utf16le'),
      ]),
      '2026/12/07 周一  9:30:15.12\r\n',
    );
    const bundle = parseBundle('pc.bundle.json', file);
    expect(bundle.collectedBy).toMatchObject({ collector: 'collect.cmd', at: '2026-12-07T09:30:15+08:00' });
    expect(bundle.env).toMatchObject({ COMPUTERNAME: '收银台', USERNAME: '店主', SystemDrive: 'C:' });
    const host = createReplayHost(bundle);
    const shares = await findProbe('open_shares')!.collect.windows!(host);
    // The MANIFEST's ground truth: the table's columns are placed by the GBK header (共享名 / 资源 / 注解) decoded.
    expect((shares.facts as { shares: { name: string; path: string }[] }).shares.map((s) => [s.name, s.path])).toEqual([
      ['print$', 'C:\\WINDOWS\\system32\\spool\\drivers'],
      ['Users', 'C:\\Users'],
    ]);
    expect((shares.facts as { adminShares: string[] }).adminShares).toEqual(['C$', 'IPC$', 'ADMIN$']);
    const policy = await findProbe('password_policy')!.collect.windows!(createReplayHost(bundle));
    expect(policy.facts).toMatchObject({ minLength: 0 });

    const report = await scanWith(createReplayHost(bundle));
    expect(report.machine.hostname).toBe('收银台');
    const status = statuses(report);
    expect(status['login.no-auto-login']).toBe('fail');
    // quser.exe not on the PC, and what the collector did not read: unknown, never a pass.
    expect(status['anti-malware.active']).toBe('unknown');
  });

  it('English Windows 7 (code page 437): net accounts read by position; a time the PC wrote in its own words is kept as text', async () => {
    const file = collectionFile(
      (text) => Buffer.from(text, 'latin1'),
      'Active code page: 437\r\n',
      [
        ...winlogonRuns(),
        {
          program: 'net.exe',
          args: ['accounts'],
          stdout: sample('net-accounts__en-default-workstation-never-lockout.txt'),
        },
      ],
      null,
      'Mon 12/07/2026  9:30:15.12\r\n',
    );
    const bundle = parseBundle('pc.bundle.json', file);
    expect(bundle.collectedBy?.at).toBe('Mon 12/07/2026  9:30:15.12');
    const policy = await findProbe('password_policy')!.collect.windows!(createReplayHost(bundle));
    expect(policy.facts).toMatchObject({ minLength: 6 });
    const login = await findProbe('login_password')!.collect.windows!(createReplayHost(bundle));
    expect(JSON.stringify(login.facts)).toContain('"passwordStored":true');
  });

  it('a command the collector did not run answers "not run", not "missing"; one it found missing stays missing', async () => {
    const bundle = parseBundle('pc.bundle.json', collectionFile(gbk, '活动代码页: 936\r\n', [], null, ''));
    const host = createReplayHost(bundle);
    expect(await host.exec(`${SYS32}\\quser.exe`, [])).toEqual({ status: 'missing' });
    const notRun = await host.exec(`${SYS32}\\WindowsPowerShell\\v1.0\\powershell.exe`, []);
    expect(notRun).toMatchObject({ status: 'failed', message: expect.stringContaining('old-Windows collector') });
    expect(await host.readFile('C:\\ProgramData\\ssh\\sshd_config')).toMatchObject({ status: 'failed' });
    expect(bundle.collectedBy?.at).toBeNull();
  });
});
