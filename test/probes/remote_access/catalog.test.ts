import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import { findProbe, redactSecrets } from '../../../src/probes/index.js';
import { parseScQuery } from '../../../src/probes/windows/fallback-parse.js';
import type { RemoteAccessFacts } from '../../../src/probes/remote_access/facts.js';
import { expectHonest } from '../../helpers/honesty.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { scanWith, statuses } from '../../helpers/scan.js';
import { exited, macBundle, SAMPLED_MAC } from '../../helpers/macos-samples.js';
import { processNames, serviceFromScQc, windowsBundle } from '../../helpers/windows-samples.js';
// @ts-expect-error: a plain JavaScript build script without types
import { buildCatalog, CATALOG_FILE } from '../../../scripts/gen-remote-tools.mjs';

const probe = findProbe('remote_access')!;
const OPTIONS = { deep: false };
const UNSET = {
  installed: [],
  runKeys: [],
  scheduledTasks: [],
  startupFolders: [],
  terminalServer: null,
  rdpTcp: null,
  terminalServicesPolicy: null,
};
const RULE = 'remote-access.remote-support-apps-reviewed';

describe('the remote-tools catalog (npm run catalog)', () => {
  it('the committed remote-tools.json is what the generator makes from data/', async () => {
    expect(JSON.parse(await readFile(CATALOG_FILE, 'utf8'))).toEqual(buildCatalog());
  });

  it('has the Chinese tools with the names people know, LOLRMM tools, and not QQ or Quick Assist', () => {
    const { notice, tools } = buildCatalog();
    // biome-ignore lint/suspicious/noExplicitAny: the generator's plain JSON
    const byId = new Map<string, any>(tools.map((t: { id: string }) => [t.id, t]));
    expect(notice).toMatch(/LOLRMM.*Apache License 2\.0/);
    expect(byId.get('uu-remote')).toMatchObject({
      name: expect.stringMatching(/网易UU远程.*UU Remote/),
      windows: { services: ['GameViewerService'] },
    });
    expect(byId.get('sunlogin')).toMatchObject({ name: expect.stringMatching(/向日葵.*Sunlogin/) });
    expect(byId.get('sunlogin').windows.services).toEqual(
      expect.arrayContaining(['OrayRemoteService', 'OrayRemoteShell']),
    );
    expect(byId.get('awesun').windows.programs).toContain('AweSun.exe');
    expect(byId.get('todesk').windows.services).toEqual(['ToDesk_Service']);
    expect(byId.get('teamviewer').windows.services).toEqual(
      expect.arrayContaining(['TeamViewer', 'TeamViewer7', 'TeamViewer15']),
    );
    expect(byId.get('splashtop')?.windows.programs.length).toBeGreaterThan(0);
    expect(byId.has('qq-im-remote-assistance')).toBe(false);
    expect(JSON.stringify(tools)).not.toMatch(/"qq\.exe"|uuremote/i);
    // Windows' own programs name no tool (every real listing has dwm.exe); Teramind keeps its service and programs.
    expect(JSON.stringify(tools)).not.toMatch(/"dwm\.exe"|"mstsc\.exe"/i);
    expect(byId.get('teramind').windows).toMatchObject({ services: ['tsvchst'] });
    expect(byId.get('teramind').windows.programs).toContain('tmagentsvc.exe');
  });
});

describe('Windows: remote-support apps in real process listings (published outputs)', () => {
  const fixture = (name: string) => readFileSync(path.join(REPO, 'test/fixtures/remote_access', name), 'utf8');
  const found = async (facts: Record<string, unknown>) => {
    const host = () => createReplayHost(windowsBundle({ ...UNSET, ...facts }));
    const out = await probe.collect.windows!(host(), OPTIONS);
    expectHonest(out);
    const tools = (out.facts as RemoteAccessFacts).tools.filter((t) => t.id !== 'rdp');
    return { tools, rule: statuses(await scanWith(host()))[RULE] };
  };
  const ids = (tools: RemoteAccessFacts['tools']) => tools.filter((t) => t.running).map((t) => t.id);

  it("a zh-CN Windows 11 PC (nvidia-smi): ToDesk.exe and 网易UU远程's GameViewerServer.exe, beside 火绒", async () => {
    const processes = processNames(fixture('nvidia-smi__zh-CN-win11-22631-todesk-gameviewerserver-huorong.txt'));
    expect(processes).toEqual(expect.arrayContaining(['ToDesk', 'GameViewerServer', 'HipsDaemon', 'explorer']));
    const { tools, rule } = await found({ services: [], processes });
    expect(ids(tools).sort()).toEqual(['todesk', 'uu-remote']);
    expect(tools.find((t) => t.id === 'uu-remote')!.name).toMatch(/网易UU远程/);
    expect(rule).toBe('fail');
  });

  it("a Chinese user's PC (nvidia-smi): 向日葵国际版 AweSun.exe from its flutter folder, and ToDesk", async () => {
    const processes = processNames(fixture('nvidia-smi__win-awesun-flutter-todesk-dingtalk.txt'));
    expect(processes).toEqual(expect.arrayContaining(['AweSun', 'ToDesk', 'DingTalk']));
    const { tools, rule } = await found({ services: [], processes });
    expect(ids(tools).sort()).toEqual(['awesun', 'todesk']);
    expect(tools.find((t) => t.id === 'awesun')).toMatchObject({ running: true, installed: false });
    expect(rule).toBe('fail');
  });

  it('a zh-CN Windows 11 laptop: SunloginClient.exe listening on a high port is 向日葵', async () => {
    const processes = processNames(fixture('listening-high-ports-by-process__zh-CN-win11-laptop-sunloginclient.txt'));
    expect(processes).toContain('SunloginClient');
    const { tools, rule } = await found({ services: [], processes });
    expect(ids(tools)).toEqual(['sunlogin']);
    expect(tools.find((t) => t.id === 'sunlogin')!.name).toMatch(/向日葵/);
    expect(rule).toBe('fail');
  });

  it('an old TeamViewer: versioned service TeamViewer7 (sc qc, auto start) and TeamViewer_Service.exe (tasklist /v)', async () => {
    const processes = processNames(fixture('tasklist-v__en-win-teamviewer7-service-running-first-rows.txt'));
    expect(processes).toEqual(expect.arrayContaining(['TeamViewer_Service', 'System Idle Process', 'lsass']));
    const service = serviceFromScQc(
      fixture('sc-qc-teamviewer7__en-win-teamviewer7-versioned-service-auto-start.txt'),
      'Running',
    );
    expect(service).toEqual({ name: 'TeamViewer7', displayName: 'TeamViewer 7', state: 'Running', startMode: 'Auto' });
    const { tools, rule } = await found({ services: [service], processes });
    expect(tools.filter((t) => t.running || t.startsAtBoot || t.installed).map((t) => t.id)).toEqual(['teamviewer']);
    expect(tools.find((t) => t.id === 'teamviewer')).toMatchObject({
      running: true,
      startsAtBoot: true,
      installed: true,
    });
    expect(rule).toBe('fail');
    // The same service stopped: installed and starting at boot, not running.
    const stopped = await found({ services: [{ ...service, state: 'Stopped' }], processes: ['explorer'] });
    expect(stopped.tools.find((t) => t.id === 'teamviewer')).toMatchObject({ running: false, startsAtBoot: true });
    expect(stopped.rule).toBe('fail');
  });

  it('a Windows 11 22H2 VM (WinDbg !mex.tl of its crash dump): RustDesk.exe twice, the 32-bit AnyDesk.exe, dwm.exe', async () => {
    const processes = processNames(fixture('windbg-mex-tl__en-win11-22621-vm-rustdesk-anydesk32-excerpt.txt'));
    expect(processes).toEqual(expect.arrayContaining(['RustDesk', 'AnyDesk', 'IpOverUsbSvc', 'dwm', 'System']));
    const { tools, rule } = await found({ services: [], processes });
    expect(ids(tools).sort()).toEqual(['anydesk', 'rustdesk']);
    expect(rule).toBe('fail');
  });

  it("Windows' own Event Log service (a real `sc query eventlog`) names no tool (LOLRMM lists Atera's event source)", async () => {
    const services = parseScQuery(fixture('sc-query-eventlog__zh-CN-docs-windows-event-log-running.txt'));
    expect(services).toEqual([{ name: 'eventlog', displayName: null, state: 'Running' }]);
    const { tools, rule } = await found({
      services: services.map((s) => ({ ...s, startMode: 'Auto' })),
      processes: [],
    });
    expect(tools.filter((t) => t.running || t.startsAtBoot || t.installed).map((t) => t.id)).toEqual([]);
    expect(rule).toBe('pass');
  });

  it('a French Windows 10 PC (tasklist /v, wrapped rows): AnyDesk.exe running as a service', async () => {
    const processes = processNames(fixture('tasklist-v__fr-win10-19041-anydesk-service-excerpt.txt'));
    expect(processes).toEqual(expect.arrayContaining(['AnyDesk', 'System', 'IntelCpHDCPSvc', 'firebird']));
    expect(processes).not.toContain('0:14:15 N/A');
    const { tools, rule } = await found({ services: [], processes });
    expect(ids(tools)).toEqual(['anydesk']);
    expect(rule).toBe('fail');
  });
});

describe('Windows: Chinese remote-support apps from their services (handwritten: no published listing)', async () => {
  const cases = JSON.parse(
    await readFile(
      path.join(REPO, 'test/fixtures/remote_access/windows-services-processes__handwritten-chinese-remote-tools.json'),
      'utf8',
    ),
  );
  const host = (id: string) => createReplayHost(windowsBundle({ ...UNSET, ...cases[id] }));
  for (const [id, expected] of [
    ['uu-remote', { running: true, startsAtBoot: true, installed: true }],
    ['sunlogin', { running: true, startsAtBoot: true, installed: true }],
    ['todesk', { running: true, startsAtBoot: true, installed: true }],
  ] as const) {
    it(`${id}: its service (handwritten) is found and named, and the remote-support rule fails`, async () => {
      const out = await probe.collect.windows!(host(id), OPTIONS);
      const facts = out.facts as RemoteAccessFacts;
      expect(facts.tools.find((t) => t.id === id)).toMatchObject(expected);
      // Only this tool is found: no other tool of the catalog claims its names.
      expect(
        facts.tools
          .filter((t) => t.running || t.startsAtBoot || t.installed)
          .map((t) => t.id)
          .filter((t) => t !== 'rdp'),
      ).toEqual([id]);
      expectHonest(out);
      expect(statuses(await scanWith(host(id)))[RULE]).toBe('fail');
    });
  }

  it('a Run-key entry starting GameViewer.exe makes UU远程 start at boot; nothing found passes the rule', async () => {
    const runKeys = [
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
        name: 'UU',
        command: '"C:\\Program Files\\Netease\\UURemote\\GameViewer.exe" -autostart',
      },
    ];
    const out = await probe.collect.windows!(
      createReplayHost(windowsBundle({ ...UNSET, services: [], processes: ['explorer'], runKeys })),
      OPTIONS,
    );
    expect((out.facts as RemoteAccessFacts).tools.find((t) => t.id === 'uu-remote')).toMatchObject({
      startsAtBoot: true,
      running: false,
    });
    const clean = createReplayHost(windowsBundle({ ...UNSET, services: [], processes: ['explorer'] }));
    expect(statuses(await scanWith(clean))[RULE]).toBe('pass');
  });

  it('a Run key starting GameViewer.exe through cmd.exe: UU远程 starts at boot, in its --record bundle too', async () => {
    // The bundle keeps only each command's program (cmd.exe): which tools the lists start is kept as the answer.
    const runKeys = [
      {
        key: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
        name: 'UU',
        command: 'C:\\Windows\\System32\\cmd.exe /c start "" "C:\\Program Files\\Netease\\UURemote\\GameViewer.exe"',
      },
    ];
    const recording = createRecordingHost(
      createReplayHost(windowsBundle({ ...UNSET, services: [], processes: ['explorer'], runKeys })),
      redactSecrets,
    );
    const live = await scanWith(recording.host);
    expect(statuses(live)[RULE]).toBe('fail');
    const bundle = recording.finish();
    expect(JSON.stringify(bundle)).not.toContain('GameViewer');
    expect(statuses(await scanWith(createReplayHost(bundle)))).toEqual(statuses(live));
  });

  it('a tool only LOLRMM knows is reported when its process runs (Splashtop), and not otherwise', async () => {
    const out = await probe.collect.windows!(
      createReplayHost(windowsBundle({ ...UNSET, services: [], processes: ['SRServer'] })),
      OPTIONS,
    );
    const ids = (out.facts as RemoteAccessFacts).tools.map((t) => t.id);
    expect(ids.filter((i) => i.startsWith('splashtop'))).toHaveLength(1);
    const none = await probe.collect.windows!(
      createReplayHost(windowsBundle({ ...UNSET, services: [], processes: [] })),
      OPTIONS,
    );
    expect((none.facts as RemoteAccessFacts).tools.some((t) => t.id.startsWith('splashtop'))).toBe(false);
  });
});

describe('Windows: a renamed remote tool by its code signer (the script answer, written by hand)', () => {
  // Signer names as LOLRMM records them from the tools' certificates (data/lolrmm); the program names are made up.
  const signed = (name: string, signer: string) => ({ name, signer });
  const collect = async (processSigners: unknown) =>
    (
      await probe.collect.windows!(
        createReplayHost(
          windowsBundle({ ...UNSET, services: [], processes: ['explorer', 'svc-helper'], processSigners }),
        ),
        OPTIONS,
      )
    ).facts as RemoteAccessFacts;

  it('a program signed by AnyDesk Software GmbH runs AnyDesk, whatever its file name; the rule fails', async () => {
    const facts = await collect([signed('svc-helper', 'AnyDesk Software GmbH')]);
    expect(facts.tools.find((t) => t.id === 'anydesk')).toMatchObject({ running: true, installed: false });
    const host = createReplayHost(
      windowsBundle({
        ...UNSET,
        services: [],
        processes: ['svc-helper'],
        processSigners: [signed('svc-helper', 'anydesk software gmbh')],
      }),
    );
    expect(statuses(await scanWith(host))[RULE]).toBe('fail');
  });

  it('signers that sign other software too (Microsoft, Tencent) or several tools name no tool; unread signers add nothing', async () => {
    const facts = await collect([
      signed('WeChat', 'Tencent Technology (Shenzhen) Company Limited'),
      signed('OneDrive', 'Microsoft Corporation'),
      signed('notepad++', 'Notepad++'),
    ]);
    expect(facts.tools.filter((t) => t.running).map((t) => t.id)).toEqual([]);
    const { tools } = buildCatalog();
    const signers = tools.flatMap((t: { windows?: { signers?: string[] } }) => t.windows?.signers ?? []);
    expect(signers).toContain('AnyDesk Software GmbH');
    expect(signers).not.toContain('Microsoft Corporation');
    expect(signers).not.toContain('上海贝锐信息科技股份有限公司');
    expect(new Set(signers.map((s: string) => s.toLowerCase())).size).toBe(signers.length);
    // Without PowerShell (no signers read) the names still decide.
    const unread = await probe.collect.windows!(
      createReplayHost(windowsBundle({ ...UNSET, services: [], processes: ['AnyDesk'] })),
      OPTIONS,
    );
    expect((unread.facts as RemoteAccessFacts).tools.find((t) => t.id === 'anydesk')?.running).toBe(true);
  });
});

describe('Linux: tools from the catalog (temporary root)', () => {
  const procs = (names: string[]) =>
    Object.fromEntries([
      ['/proc/1/comm', 'systemd\n'],
      ...names.map((n, i) => [`/proc/${100 + i}/comm`, `${n.slice(0, 15)}\n`]),
    ]);
  it("向日葵's older oraysunloginservice process and a LOLRMM-only tool (PiTunnel)", async () => {
    const root = await makeRoot({
      '/usr/local/sunlogin/bin/oraysunloginservice': '',
      '/usr/local/bin/pitunnel': '',
      ...procs(['oraysunloginservice', 'pitunnel']),
    });
    const out = await probe.collect.linux!(await rootHost(root, { elevated: true }), OPTIONS);
    const tools = (out.facts as RemoteAccessFacts).tools;
    expect(tools.find((t) => t.id === 'sunlogin')).toMatchObject({
      name: '向日葵 Sunlogin (Oray)',
      installed: true,
      running: true,
    });
    expect(tools.find((t) => t.id === 'pitunnel')).toMatchObject({
      installed: true,
      running: true,
      kind: 'remote-support-app',
    });
    expect(tools.some((t) => t.id === 'dataplicity')).toBe(false);
    expectHonest(out);
  });

  it('ToDesk_Service running as root (as a published ps listing shows) fails the remote-support rule', async () => {
    const root = await makeRoot({
      '/etc/os-release': await readFile(path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt')),
      '/opt/todesk/bin/ToDesk_Service': '',
      ...procs(['ToDesk_Service']),
    });
    const out = await probe.collect.linux!(await rootHost(root, { elevated: true }), OPTIONS);
    expect((out.facts as RemoteAccessFacts).tools.find((t) => t.id === 'todesk')).toMatchObject({
      installed: true,
      running: true,
    });
    expect(statuses(await scanWith(await rootHost(root, { elevated: true }), { replayed: false }))[RULE]).toBe('fail');
  });
});

describe('macOS: tools from the catalog (replayed Mac of the samples)', () => {
  const app = { status: 'ok', kind: 'dir', size: 0, mtimeMs: 0, mode: 0o755 } as const;
  it('AweSun.app (向日葵国际版) and a LOLRMM-only app (HelpWire Operator) are reported; unknown facts say why', async () => {
    const bundle = macBundle(SAMPLED_MAC);
    bundle.stats['/Applications/AweSun.app'] = app;
    bundle.stats['/Applications/HelpWire Operator.app'] = app;
    const out = await probe.collect.macos!(createReplayHost(bundle), OPTIONS);
    const tools = (out.facts as RemoteAccessFacts).tools;
    expect(tools.find((t) => t.id === 'awesun')).toMatchObject({
      name: expect.stringMatching(/AweSun.*向日葵/),
      installed: true,
    });
    expect(tools.find((t) => t.id === 'helpwire')).toMatchObject({
      installed: true,
      running: null,
      startsAtBoot: null,
    });
    expect(out.unknown['tools[helpwire].running']).toMatch(/catalog does not know its process names/);
    expect(tools.some((t) => t.id === 'controlr')).toBe(false);
    expectHonest(out);
  });

  it('the sampled Mac with only launchd and Finder running has no remote-support app: the rule passes', async () => {
    const ps = exited('/sbin/launchd\n/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder\n');
    expect(
      statuses(await scanWith(createReplayHost(macBundle({ ...SAMPLED_MAC, '/bin/ps -A -o comm=': ps }))))[RULE],
    ).toBe('pass');
  });
});
