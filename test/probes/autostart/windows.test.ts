import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { autostart } from '../../../src/probes/autostart/index.js';
import { redactSecrets } from '../../../src/probes/index.js';
import { isWindowsProgram, printExtensions, windowsEntries } from '../../../src/probes/autostart/parse.js';
import { remoteAccess } from '../../../src/probes/remote_access/index.js';
import { fallbackAnswers } from '../../../src/probes/windows/fallback.js';
import { REPO } from '../../helpers/host.js';
import { CANARY, exited, noPowerShellPc, reg, wineOutput } from '../../helpers/windows-fallback.js';
import { everyOutput, scanWith } from '../../helpers/scan.js';
import { windowsBundle, windowsHost } from '../../helpers/windows-samples.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test/fixtures/autostart', name), 'utf8');

/** A regedit export (.reg) of the Print key as the script's printMonitors and printProcessors answers. */
function printAnswers(...exports: string[]) {
  const monitors: { name: string; driver: string | null }[] = [];
  const processors: { environment: string; name: string; driver: string | null }[] = [];
  for (const text of exports) {
    let current: { driver: string | null } | null = null;
    for (const line of text.split(/\r?\n/)) {
      const key = /^\[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Print\\(.*)\]$/.exec(line)?.[1];
      if (key !== undefined) {
        const parts = key.split('\\');
        current = null;
        if (parts[0] === 'Monitors' && parts.length === 2) {
          const monitor = { name: parts[1]!, driver: null as string | null };
          monitors.push(monitor);
          current = monitor;
        }
        if (parts[0] === 'Environments' && parts.length === 4 && parts[2] === 'Print Processors') {
          const processor = { environment: parts[1]!, name: parts[3]!, driver: null as string | null };
          processors.push(processor);
          current = processor;
        }
      }
      const driver = /^"Driver"="(.*)"$/.exec(line)?.[1];
      if (driver !== undefined && current) current.driver = driver.replace(/\\\\/g, '\\');
    }
  }
  return { printMonitors: monitors, printProcessors: processors };
}

const WIN10 = printAnswers(fixture('print__win10-1709-x64-default-excerpt.reg'));
const WIN7 = printAnswers(fixture('print__win7-x86-default-excerpt.reg'));
const FLEXVDI = printAnswers(
  fixture('print__win10-1709-x64-default-excerpt.reg'),
  fixture('print-monitor__handwritten-flexvdi-redirection-port.reg'),
);
const NOTHING_ELSE = { runKeys: [], services: [], scheduledTasks: [], startupFolders: [] };

describe('print monitors and processors', () => {
  it("a default Windows 10 1709 x64 (real export): 7 monitors and winprint, all Windows' own", () => {
    const found = printExtensions(WIN10.printMonitors, WIN10.printProcessors, 'C:\\Windows');
    expect(found.map((p) => p.id)).toEqual([
      'print-monitor:Appmon',
      'print-monitor:IppMon',
      'print-monitor:Local Port',
      'print-monitor:Microsoft Shared Fax Monitor',
      'print-monitor:Standard TCP/IP Port',
      'print-monitor:USB Monitor',
      'print-monitor:WSD Port',
      // The empty Windows ARM64\Print Processors\winprint key of the export loads nothing: left out.
      'print-processor:Windows x64\\winprint',
    ]);
    expect(found.every((p) => p.shipped)).toBe(true);
  });

  it("a default Windows 7 x86 (real export): all Windows' own", () => {
    const found = printExtensions(WIN7.printMonitors, WIN7.printProcessors, 'C:\\Windows');
    expect(found).toHaveLength(6);
    expect(found.every((p) => p.shipped)).toBe(true);
  });

  it("a third-party port monitor is not Windows' own; nor is Windows' DLL name loaded from another folder", () => {
    const found = printExtensions(FLEXVDI.printMonitors, FLEXVDI.printProcessors, 'C:\\Windows');
    expect(found.filter((p) => !p.shipped).map((p) => p.name)).toEqual([
      'flexVDI Redirection Port (flexVDIprint_redmon.dll)',
    ]);
    const planted = printExtensions(
      [
        { name: 'Local Port', driver: 'C:\\ProgramData\\spl\\localspl.dll' },
        { name: 'USB Monitor', driver: 'C:\\WINDOWS\\system32\\USBMON.DLL' },
        { name: 'Local Port 2', driver: 'localspl.dll' },
      ],
      [],
      'C:\\Windows',
    );
    expect(planted.map((p) => p.shipped)).toEqual([false, true, false]);
  });

  it('the rule passes on the real defaults and fails, high, on the added monitor, naming it (whole scans)', async () => {
    for (const print of [WIN10, WIN7]) {
      const report = await scanWith(windowsHost({ ...NOTHING_ELSE, ...print }));
      expect(report.results.find((r) => r.id === 'autostart.print-add-ons-from-windows')?.status).toBe('pass');
    }
    const report = await scanWith(windowsHost({ ...NOTHING_ELSE, ...FLEXVDI }));
    const rule = report.results.find((r) => r.id === 'autostart.print-add-ons-from-windows')!;
    expect([rule.status, rule.severity]).toEqual(['fail', 'high']);
    expect(rule.found).toBe(
      'print monitors and print processors not from Windows: flexVDI Redirection Port (flexVDIprint_redmon.dll)',
    );
    const inventory = report.results.find((r) => r.id === 'autostart.inventory')!;
    expect(inventory.found).toContain('flexVDI Redirection Port');
  });

  it('unknown, never pass, when the monitors could not be read', async () => {
    const report = await scanWith(
      windowsHost(
        { ...NOTHING_ELSE, printProcessors: WIN10.printProcessors },
        {
          failed: {
            printMonitors: {
              type: 'System.Security.SecurityException',
              message: 'Requested registry access is not allowed.',
            },
          },
        },
      ),
    );
    const rule = report.results.find((r) => r.id === 'autostart.print-add-ons-from-windows')!;
    expect(rule.status).toBe('unknown');
    expect(report.results.find((r) => r.id === 'autostart.inventory')!.status).toBe('unknown');
  });
});

describe("what starts by itself and is not Windows' own", () => {
  it("Windows' folder decides for services by path; %SystemRoot%, \\SystemRoot\\ and system32\\ forms", () => {
    for (const p of [
      'C:\\WINDOWS\\system32\\svchost.exe',
      '%SystemRoot%\\System32\\x.exe',
      '\\SystemRoot\\x.exe',
      'system32\\x.exe',
    ])
      expect([p, isWindowsProgram(p, 'C:\\Windows')]).toEqual([p, true]);
    for (const p of ['C:\\Program Files\\AnyDesk\\AnyDesk.exe', 'C:\\Windows2\\x.exe', 'D:\\Windows\\x.exe'])
      expect([p, isWindowsProgram(p, 'C:\\Windows')]).toEqual([p, false]);
  });

  it('lists Run keys, automatic non-Windows services, enabled tasks and Startup files; never their arguments', () => {
    const entries = windowsEntries(
      {
        runKeys: [
          {
            key: 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run',
            name: 'Sunlogin',
            command: '"C:\\Program Files\\Oray\\SunLogin\\SunloginClient\\SunloginClient.exe" --cmd=autorun',
            publisher: 'Shanghai Best Oray Information Technology Co., Ltd.',
          },
        ],
        services: [
          {
            name: 'Spooler',
            displayName: 'Print Spooler',
            state: 'Running',
            startMode: 'Auto',
            command: 'C:\\WINDOWS\\System32\\spoolsv.exe',
            publisher: null,
          },
          {
            name: 'ToDesk_Service',
            displayName: 'ToDesk Service',
            state: 'Running',
            startMode: 'Auto',
            command: '"C:\\Program Files\\ToDesk\\ToDesk_Service.exe"',
            publisher: 'Hainan YouQu Technology Co., Ltd',
          },
          {
            name: 'AnyDesk',
            displayName: 'AnyDesk Service',
            state: 'Stopped',
            startMode: 'Manual',
            command: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service',
            publisher: null,
          },
        ],
        scheduledTasks: [
          { path: '\\Sync', state: 'Ready', command: 'C:\\Tools\\sync.exe --password hunter2', publisher: null },
          { path: '\\Old', state: 'Disabled', command: 'C:\\Tools\\old.exe', publisher: null },
        ],
        startupFolders: [
          {
            folder: 'Startup',
            name: 'Helper.lnk',
            command: '"C:\\Users\\shop\\AppData\\Roaming\\helper.exe" -q',
            publisher: null,
          },
        ],
      },
      'C:\\Windows',
    );
    expect(entries.map((e) => [e.kind, e.program, e.publisher])).toEqual([
      [
        'run-key',
        'C:\\Program Files\\Oray\\SunLogin\\SunloginClient\\SunloginClient.exe',
        'Shanghai Best Oray Information Technology Co., Ltd.',
      ],
      ['service', 'C:\\Program Files\\ToDesk\\ToDesk_Service.exe', 'Hainan YouQu Technology Co., Ltd'],
      ['scheduled-task', 'C:\\Tools\\sync.exe', null],
      ['startup-folder', 'C:\\Users\\shop\\AppData\\Roaming\\helper.exe', null],
    ]);
    expect(JSON.stringify(entries)).not.toContain('hunter2');
  });
});

describe('remote tools that start from a scheduled task or a Startup folder', () => {
  it('AnyDesk started by a scheduled task starts by itself (remote_access), found by the same catalog matcher', async () => {
    const facts = {
      ...NOTHING_ELSE,
      installed: ['AnyDesk'],
      processes: ['explorer'],
      terminalServer: null,
      rdpTcp: null,
      terminalServicesPolicy: null,
      scheduledTasks: [
        {
          path: '\\AnyDesk start',
          state: 'Ready',
          command: '"C:\\Users\\shop\\Downloads\\AnyDesk.exe" --tray',
          publisher: 'AnyDesk Software GmbH',
        },
      ],
    };
    const out = await remoteAccess.collect.windows!(createReplayHost(windowsBundle(facts)));
    expect(out.facts.tools.find((t) => t.id === 'anydesk')).toMatchObject({ installed: true, startsAtBoot: true });
    const without = await remoteAccess.collect.windows!(
      createReplayHost(windowsBundle({ ...facts, scheduledTasks: [] })),
    );
    expect(without.facts.tools.find((t) => t.id === 'anydesk')?.startsAtBoot).toBe(false);
    const inventory = await autostart.collect.windows!(createReplayHost(windowsBundle({ ...facts, ...WIN10 })));
    expect(inventory.facts.thirdParty?.map((e) => e.name)).toEqual([
      '\\AnyDesk start (C:\\Users\\shop\\Downloads\\AnyDesk.exe)',
    ]);
  });

  it('startsAtBoot is unknown, not false, when the scheduled tasks could not be read', async () => {
    const out = await remoteAccess.collect.windows!(
      createReplayHost(
        windowsBundle(
          {
            ...NOTHING_ELSE,
            scheduledTasks: undefined,
            installed: ['AnyDesk'],
            processes: [],
            terminalServer: null,
            rdpTcp: null,
            terminalServicesPolicy: null,
          },
          {
            failed: {
              scheduledTasks: { type: 'Microsoft.Management.Infrastructure.CimException', message: 'Access denied' },
            },
          },
        ),
      ),
    );
    expect(out.facts.tools.find((t) => t.id === 'anydesk')?.startsAtBoot).toBeNull();
    expect(out.unknown['tools[anydesk].startsAtBoot']).toContain('scheduledTasks');
  });
});

describe('automatic services whose program was not read (the fallback: sc.exe names no program)', () => {
  it('an automatic service without its command line makes the list unknown, never a list without it', async () => {
    // PowerShell stopped after the Startup folders but services read by the fallback (sc query + Start): ToDesk's
    // service is automatic, its program unknown. Without it the list would be empty and the rule would pass.
    const services = [
      { name: 'ToDesk_Service', displayName: 'ToDesk Service', state: 'Running', startMode: 'Auto', command: null },
      { name: 'Spooler', displayName: 'Print Spooler', state: 'Running', startMode: 'Auto', command: null },
    ];
    const out = await autostart.collect.windows!(
      createReplayHost(windowsBundle({ ...NOTHING_ELSE, ...WIN10, services })),
    );
    expect(out.facts.thirdParty).toBeNull();
    expect(out.unknown.thirdParty).toMatch(/programs of 2 automatic services were not read/);
    // A manual or disabled service without its program does not start by itself: the list is known.
    const manual = services.map((s) => ({ ...s, startMode: 'Manual' }));
    const known = await autostart.collect.windows!(
      createReplayHost(windowsBundle({ ...NOTHING_ELSE, ...WIN10, services: manual })),
    );
    expect(known.facts.thirdParty).toEqual([]);
  });
});

describe('services whose start mode was not read (WMI broken, reg.exe refused the Services keys)', () => {
  it('the list is unknown, not a list without them', async () => {
    // PowerShell answered all but Win32_Service; sc.exe listed the services (a real listing) and reg.exe could
    // not read their Start values: any of them may start by itself.
    const bundle = windowsBundle(
      { ...NOTHING_ELSE, ...WIN10, services: undefined },
      { failed: { services: { type: 'Microsoft.Management.Infrastructure.CimException', message: 'Invalid class' } } },
    );
    const sc = (result: ReturnType<typeof exited>) => ({
      command: 'C:\\Windows\\System32\\sc.exe',
      args: ['query', 'type=', 'service', 'state=', 'all'],
      result,
    });
    bundle.commands.push(
      sc(exited(wineOutput('sc-query__en-server2012r2-running-services-excerpt.txt'))),
      reg('HKLM\\SYSTEM\\CurrentControlSet\\Services', exited('', 1, 'ERROR: Access is denied.\r\n'), [
        '/s',
        '/v',
        'Start',
      ]),
    );
    const out = await autostart.collect.windows!(createReplayHost(bundle));
    expect(out.readWith).toBe('mixed');
    expect(out.facts.thirdParty).toBeNull();
    expect(out.unknown.thirdParty).toMatch(/whether 8 services start by themselves was not read/);
  });
});

describe('secrets on task and service command lines', () => {
  it('a --record bundle and every report keep the program only', async () => {
    const SECRET = 'Zq7-canary-s3cret';
    const host = createReplayHost(
      windowsBundle({
        ...WIN10,
        runKeys: [],
        startupFolders: [],
        services: [
          {
            name: 'tvnserver',
            displayName: 'TightVNC Server',
            state: 'Running',
            startMode: 'Auto',
            command: `"C:\\Program Files\\TightVNC\\tvnserver.exe" -service -password ${SECRET}`,
          },
        ],
        scheduledTasks: [
          {
            path: '\\Backup',
            state: 'Ready',
            command: `C:\\Tools\\rclone.exe sync D:\\Shop remote: --ftp-pass ${SECRET}`,
          },
          {
            path: '\\Upload',
            state: 'Ready',
            command: `"C:\\Tools\\curl.exe" -u shop:${SECRET} https://example.invalid`,
          },
        ],
      }),
    );
    const { report, outputs } = await everyOutput(host);
    expect(report.results.find((r) => r.id === 'autostart.inventory')?.found).toContain('C:\\Tools\\rclone.exe');
    expect(outputs.bundle).toContain('tvnserver.exe');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(SECRET);
  });
});

describe('without PowerShell: print monitors and processors from reg.exe (real Wine 8 outputs)', () => {
  const PRINT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Print';
  it("Wine's Local Port and winprint are Windows' own, its wineps.drv processor is not: the rule fails, high", async () => {
    const bundle = noPowerShellPc(null);
    bundle.commands.push(
      reg(
        `${PRINT}\\Monitors`,
        exited(wineOutput('reg-query-print-monitors-s-v-driver__this-debian12-wine-8-exit0.txt')),
        ['/s', '/v', 'Driver'],
      ),
      reg(
        `${PRINT}\\Environments`,
        exited(wineOutput('reg-query-print-environments-s-v-driver__this-debian12-wine-8-exit0.txt')),
        ['/s', '/v', 'Driver'],
      ),
    );
    const out = await autostart.collect.windows!(createReplayHost(bundle));
    expect(out.readWith).toBe('fallback');
    expect(out.facts.printExtensions?.filter((p) => p.shipped).map((p) => p.id)).toEqual([
      'print-monitor:Local Port',
      'print-processor:Windows 4.0\\winprint',
      'print-processor:Windows x64\\winprint',
    ]);
    expect(out.facts.printExtensions?.filter((p) => !p.shipped).map((p) => p.driver)).toEqual([
      'wineps.drv',
      'wineps.drv',
    ]);
    // Scheduled tasks and Startup folders need PowerShell: the inventory is unknown, saying why.
    expect(out.facts.thirdParty).toBeNull();
    expect(out.unknown.thirdParty).toMatch(/PowerShell/);
    const report = await scanWith(createReplayHost(bundle));
    expect(report.results.find((r) => r.id === 'autostart.print-add-ons-from-windows')?.status).toBe('fail');
  });
});

describe('without PowerShell: scheduled tasks from schtasks /query /fo csv /v, read by column', () => {
  const schtasks = (name: string) => ({
    command: 'C:\\Windows\\System32\\schtasks.exe',
    args: ['/query', '/fo', 'csv', '/v'],
    result: exited(wineOutput(name)),
  });

  it('the fallback answer keeps each program only; remote tools in tasks still start by themselves', async () => {
    const bundle = noPowerShellPc(null);
    bundle.commands.push(schtasks('schtasks-query-fo-csv-v__handwritten-en-documented-columns.txt'));
    const host = createReplayHost(bundle);
    const answers = await fallbackAnswers(host, 'PowerShell is missing', ['scheduledTasks']);
    expect(answers.facts.scheduledTasks).toEqual([
      { path: '\\AnyDesk start', state: 'Ready', command: '"C:\\Users\\shop\\Downloads\\AnyDesk.exe"' },
      { path: '\\CourierSync', state: 'Ready', command: 'C:\\Program Files\\Courier\\sync.exe' },
      { path: '\\OldUpdater', state: 'Disabled', command: 'C:\\OldVendor\\update.exe' },
    ]);
    const remote = await remoteAccess.collect.windows!(host);
    // The Startup folders need PowerShell, yet the task found is enough to say AnyDesk starts by itself.
    expect(remote.facts.tools.find((t) => t.id === 'anydesk')?.startsAtBoot).toBe(true);
    const { outputs } = await everyOutput(createReplayHost(bundle));
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(CANARY);
  });

  it("a --record bundle keeps no task's arguments or comment: a password after /p is not masked by name", async () => {
    // The fixture's \CourierSync task, its arguments changed by hand to a password passed the Windows way.
    const text = wineOutput('schtasks-query-fo-csv-v__handwritten-en-documented-columns.txt').replaceAll(
      'sync.exe /silent',
      'sync.exe /u shop /p Till-9d2e',
    );
    const bundle = noPowerShellPc(null);
    bundle.commands.push({
      ...schtasks('schtasks-query-fo-csv-v__handwritten-en-documented-columns.txt'),
      result: exited(text),
    });
    const { host, finish } = createRecordingHost(createReplayHost(bundle), redactSecrets);
    const answers = await fallbackAnswers(host, 'PowerShell is missing', ['scheduledTasks']);
    expect(answers.facts.scheduledTasks).toContainEqual({
      path: '\\CourierSync',
      state: 'Ready',
      command: 'C:\\Program Files\\Courier\\sync.exe',
    });
    const recorded = JSON.stringify(finish());
    expect(recorded).not.toContain('Till-9d2e');
    expect(recorded).not.toContain('This task optimizes local storage drives.');
    // The recorded bundle replays to the same tasks.
    const replayed = await fallbackAnswers(createReplayHost(finish()), 'PowerShell is missing', ['scheduledTasks']);
    expect(replayed.facts.scheduledTasks).toEqual(answers.facts.scheduledTasks);
  });
});
