import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aptConfigParts, originAllowsSecurity, parseAptConfig } from '../../../src/probes/os_support/apt-config.js';
import {
  dnfApplyUpdates,
  MACOS_UPDATE_SWITCHES,
  macosAutoUpdates,
  parseDefaultsSwitches,
  windowsAutoUpdates,
} from '../../../src/probes/os_support/auto-updates.js';
import { makeRoot, REPO } from '../../helpers/host.js';
import { needsTool } from '../../helpers/tools.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');
const PAUSED_100_YEARS = JSON.parse(fixture('windows-update-ux-settings__nsfocus-blog-2023-pause-100-years.json'));
const NOW = new Date('2026-12-07T00:00:00Z');
const ok = <T>(value: T) => ({ ok: true as const, value });
const windows = (over: Partial<Record<string, unknown>> = {}) =>
  ({
    windowsUpdatePause: ok(null),
    windowsUpdatePolicy: ok(null),
    windowsUpdateAuPolicy: ok(null),
    windowsUpdateService: ok({ Start: 3 }),
    updateOrchestratorService: ok({ Start: 2 }),
    windowsUpdateLocal: ok(null),
    osVersion: ok({ CurrentBuild: '19045' }),
    ...over,
  }) as Parameters<typeof windowsAutoUpdates>[0];

describe('windowsAutoUpdates', () => {
  it('nothing set, service on demand (3): automatic', () => {
    const r = windowsAutoUpdates(windows(), NOW);
    expect(r).toMatchObject({ ok: true, value: { automatic: true, pausedUntil: null, securityDeferralDays: 0 } });
  });

  it('the Update Orchestrator (UsoSvc), which runs automatic updates on Windows 10 and 11, disabled: not automatic', () => {
    // Start 4, as "stop updates" batch files write it (test/fixtures/os_support/SOURCES.md); Windows 7 has no UsoSvc.
    const uso = (key: unknown) => windowsAutoUpdates(windows({ updateOrchestratorService: ok(key) }), NOW);
    expect(uso({ Start: 4 })).toMatchObject({ ok: true, value: { automatic: false } });
    const off = uso({ Start: 4 });
    if (off.ok) expect(off.value.evidence).toBe('the Update Orchestrator service (UsoSvc) is disabled');
    expect(uso({ Start: 3 })).toMatchObject({ value: { automatic: true } });
    expect(uso(null)).toMatchObject({ value: { automatic: true } });
    expect(windowsAutoUpdates(windows({ updateOrchestratorService: { ok: false, reason: 'x' } }), NOW)).toEqual({
      ok: false,
      reason: 'x',
    });
  });

  it("Windows 7 and 8.1: Control Panel's own choice (Auto Update AUOptions) when no policy sets one", () => {
    // Windows Update's settings page of Windows 7 and 8.1 keeps its choice in
    // HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update AUOptions (1 never check, 2 check
    // only, 3 download only, 4 install): test/fixtures/os_support/SOURCES.md. Handwritten values.
    const win7 = ok({ CurrentBuild: '7601' });
    const local = (auOptions: number, over: Partial<Record<string, unknown>> = {}) =>
      windowsAutoUpdates(
        windows({
          osVersion: win7,
          windowsUpdateLocal: ok({ AUOptions: auOptions }),
          windowsUpdateService: ok({ Start: 2 }),
          ...over,
        }),
        NOW,
      );
    expect(local(1)).toMatchObject({ ok: true, value: { automatic: false } });
    const never = local(1);
    if (never.ok) expect(never.value.evidence).toBe('Windows Update is set never to check for updates (AUOptions 1)');
    expect(local(2)).toMatchObject({ value: { automatic: false } });
    expect(local(3)).toMatchObject({ value: { automatic: false } });
    expect(local(4)).toMatchObject({ value: { automatic: true } });
    // A policy's choice wins over the settings page's.
    expect(local(1, { windowsUpdateAuPolicy: ok({ NoAutoUpdate: 0, AUOptions: 4, UseWUServer: null }) })).toMatchObject(
      {
        value: { automatic: true },
      },
    );
    // The policy's AUOptions 5, "Allow local admin to choose setting", leaves it to the page.
    const adminChooses = ok({ NoAutoUpdate: null, AUOptions: 5, UseWUServer: null });
    expect(local(1, { windowsUpdateAuPolicy: adminChooses })).toMatchObject({ value: { automatic: false } });
    // Windows 10 and 11 have no such page: a value left from Windows 7 changes nothing.
    expect(local(1, { osVersion: ok({ CurrentBuild: '19045' }) })).toMatchObject({ value: { automatic: true } });
    // Which Windows it is, not known: whether the value counts is not known either.
    expect(local(1, { osVersion: { ok: false, reason: 'x' } }).ok).toBe(false);
  });

  it('an update server (WSUS) on this PC itself, as update blockers set it: not automatic; a real one: automatic', () => {
    // Handwritten in the values "stop updates" batch files write (test/fixtures/os_support/SOURCES.md).
    const wsus = (server: string | null, use: number | string | null = 1) =>
      windowsAutoUpdates(
        windows({
          windowsUpdatePolicy: ok({ WUServer: server }),
          windowsUpdateAuPolicy: ok({ NoAutoUpdate: null, AUOptions: null, UseWUServer: use }),
        }),
        NOW,
      );
    for (const server of [
      'http://127.0.0.1',
      'HTTP://LOCALHOST:8530',
      'http://127.1.2.3/',
      'https://[::1]:8531',
      '0.0.0.0',
    ])
      expect(wsus(server), server).toMatchObject({ ok: true, value: { automatic: false } });
    const blocked = wsus('http://127.0.0.1');
    if (blocked.ok)
      expect(blocked.value.evidence).toBe(
        'updates are to come from an update server on this PC itself (UseWUServer 1, WUServer http://127.0.0.1), ' +
          'where there is none',
      );
    // Not in use (UseWUServer 0 or unset), or a server elsewhere: Windows installs what it gets.
    expect(wsus('http://127.0.0.1', 0)).toMatchObject({ value: { automatic: true } });
    expect(wsus('http://127.0.0.1', null)).toMatchObject({ value: { automatic: true } });
    expect(wsus('http://wsus.corp.example:8530')).toMatchObject({ value: { automatic: true } });
    // In use with no server named: where updates come from is not known.
    expect(wsus(null).ok).toBe(false);
    expect(wsus('  ').ok).toBe(false);
    expect(wsus('http://').ok).toBe(false);
  });

  it('the published 100-year pause (windows-update-ux-settings__nsfocus-…): not automatic, paused until 2123', () => {
    const r = windowsAutoUpdates(windows({ windowsUpdatePause: ok(PAUSED_100_YEARS) }), NOW);
    expect(r).toMatchObject({ ok: true, value: { automatic: false, pausedUntil: '2123-08-22' } });
    if (r.ok) expect(r.value.evidence).toBe('updates are paused until 2123-08-22');
  });

  it('a pause that ended before the scan day is no pause', () => {
    const ended = {
      ...PAUSED_100_YEARS,
      PauseUpdatesExpiryTime: '2026-11-01T00:00:00Z',
      PauseQualityUpdatesEndTime: null,
    };
    expect(windowsAutoUpdates(windows({ windowsUpdatePause: ok(ended) }), NOW)).toMatchObject({
      value: { automatic: true, pausedUntil: null },
    });
  });

  it('a feature-update pause alone does not hold back security updates', () => {
    const feature = {
      PauseUpdatesExpiryTime: null,
      PauseQualityUpdatesEndTime: null,
      PauseFeatureUpdatesEndTime: '2123-08-22T09:02:26Z',
    };
    expect(windowsAutoUpdates(windows({ windowsUpdatePause: ok(feature) }), NOW)).toMatchObject({
      value: { automatic: true },
    });
  });

  it('a pause set by Group Policy ("Select when Quality Updates are received", a start day) lasts 35 days', () => {
    // PauseQualityUpdatesStartTime is the day the pause starts (yyyy-mm-dd, Policy CSP Update); Windows resumes 35
    // days later. Written by hand in that format.
    const policy = (start: string) => ({
      DeferQualityUpdates: 1,
      DeferQualityUpdatesPeriodInDays: 0,
      DeferFeatureUpdates: null,
      DeferFeatureUpdatesPeriodInDays: null,
      PauseQualityUpdatesStartTime: start,
    });
    const paused = windowsAutoUpdates(windows({ windowsUpdatePolicy: ok(policy('2026-11-20')) }), NOW);
    expect(paused).toMatchObject({ ok: true, value: { automatic: false, pausedUntil: '2026-12-25' } });
    const over = windowsAutoUpdates(windows({ windowsUpdatePolicy: ok(policy('2026-10-01')) }), NOW);
    expect(over).toMatchObject({ ok: true, value: { automatic: true, pausedUntil: null } });
    const garbled = windowsAutoUpdates(windows({ windowsUpdatePolicy: ok(policy('20/11/2026')) }), NOW);
    expect(garbled.ok).toBe(false);
  });

  it.each([
    [{ windowsUpdateService: ok({ Start: 4 }) }, /service \(wuauserv\) is disabled/],
    [{ windowsUpdateAuPolicy: ok({ NoAutoUpdate: 1, AUOptions: null }) }, /NoAutoUpdate 1/],
    [{ windowsUpdateAuPolicy: ok({ NoAutoUpdate: 0, AUOptions: 2 }) }, /AUOptions 2/],
    // AutomaticUpdatesNotificationLevel (wuapi.h): 3 downloads, then asks before installing; 7 (Windows 10 1709+
    // and Server 2016+) notifies to install and to restart. Neither installs by itself.
    [{ windowsUpdateAuPolicy: ok({ NoAutoUpdate: 0, AUOptions: 3 }) }, /AUOptions 3/],
    [{ windowsUpdateAuPolicy: ok({ NoAutoUpdate: 0, AUOptions: 7 }) }, /AUOptions 7/],
    [
      {
        windowsUpdatePolicy: ok({
          DeferQualityUpdates: 1,
          DeferQualityUpdatesPeriodInDays: 30,
          DeferFeatureUpdates: 1,
          DeferFeatureUpdatesPeriodInDays: 365,
        }),
      },
      /defers security updates by 30 days/,
    ],
  ])('%o: not automatic', (over, why) => {
    const r = windowsAutoUpdates(windows(over), NOW);
    expect(r.ok && r.value.automatic).toBe(false);
    if (r.ok) expect(r.value.evidence).toMatch(why);
  });

  it('feature updates deferred a year, security 7 days: still automatic, both deferrals kept', () => {
    const policy = {
      DeferQualityUpdates: 1,
      DeferQualityUpdatesPeriodInDays: 7,
      DeferFeatureUpdates: 1,
      DeferFeatureUpdatesPeriodInDays: 365,
    };
    expect(windowsAutoUpdates(windows({ windowsUpdatePolicy: ok(policy) }), NOW)).toMatchObject({
      value: { automatic: true, securityDeferralDays: 7, featureDeferralDays: 365 },
    });
  });

  it('a pause value that is not a date, or an unread key: unknown, never automatic', () => {
    const bad = { PauseUpdatesExpiryTime: 'soon', PauseQualityUpdatesEndTime: null, PauseFeatureUpdatesEndTime: null };
    expect(windowsAutoUpdates(windows({ windowsUpdatePause: ok(bad) }), NOW)).toMatchObject({ ok: false });
    const denied = { ok: false as const, reason: 'needs administrator' };
    expect(windowsAutoUpdates(windows({ windowsUpdatePolicy: denied }), NOW)).toEqual(denied);
    expect(windowsAutoUpdates(windows({ windowsUpdateService: ok(null) }), NOW)).toMatchObject({ ok: false });
  });
});

describe('dnfApplyUpdates', () => {
  it('reads apply_updates of [commands] only', () => {
    expect(dnfApplyUpdates('[commands]\nupgrade_type = security\napply_updates = yes\n')).toBe(true);
    expect(dnfApplyUpdates('[commands]\napply_updates = no\n[emitters]\napply_updates = yes\n')).toBe(false);
    expect(dnfApplyUpdates('[commands]\n# apply_updates = yes\n')).toBeNull();
  });
});

needsTool('/usr/bin/apt-config', 'apt').describe('parseAptConfig against the real apt-config', () => {
  const UNATTENDED = fixture('50unattended-upgrades__debian12-unattended-upgrades-2.9.1+nmu3.txt');
  /** Where apt-config dump and our reading are compared: APT::Periodic and unattended-upgrades' settings. */
  const compared = (name: string) => /^(apt::periodic|unattended-upgrade)::/.test(name);

  /**
   * What apt-config dump says in a root holding these apt.conf.d files (options, and list items as `Name::`
   * lines), and our reading of the same files; null for ours where apt refuses them (apt-config then fails too).
   */
  async function both(files: Record<string, string>) {
    const root = await makeRoot({
      ...Object.fromEntries(Object.entries(files).map(([n, t]) => [`/etc/apt/apt.conf.d/${n}`, t])),
      '/cfg': '',
    });
    const cfg = path.join(root, 'cfg');
    await import('node:fs/promises').then((fs) => fs.writeFile(cfg, `Dir "${root}/";\n`));
    let dump: string | null = null;
    try {
      dump = execFileSync('/usr/bin/apt-config', ['dump'], {
        env: { APT_CONFIG: cfg },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      dump = null;
    }
    const lines = [...(dump ?? '').matchAll(/^([^ ]+) "([^"]*)";$/gm)].map(
      (m) => [m[1]!.toLowerCase(), m[2]!] as const,
    );
    const real = {
      // apt keeps a cleared or list-only name with an empty value: not an option that is set.
      options: new Map(lines.filter(([n, v]) => compared(n) && !n.endsWith('::') && v !== '')),
      lists: new Map<string, string[]>(),
    };
    for (const [n, v] of lines.filter(([n]) => compared(n) && n.endsWith('::'))) {
      const list = n.slice(0, -2);
      real.lists.set(list, [...(real.lists.get(list) ?? []), v]);
    }
    const dir = path.join(root, 'etc', 'apt', 'apt.conf.d');
    const read = parseAptConfig(
      aptConfigParts(readdirSync(dir)).map((n) => ({ path: n, text: readFileSync(path.join(dir, n), 'utf8') })),
    );
    const pick = <T>(map: Map<string, T>, suffix: string) => new Map([...map].filter(([k]) => compared(k + suffix)));
    const ours = read.ok ? { options: pick(read.value.options, ''), lists: pick(read.value.lists, '::') } : null;
    return { real: dump === null ? null : real, ours, read };
  }

  it("this machine's apt.conf.d plus 20auto-upgrades, then a later file switching it off in block syntax", async () => {
    const own = Object.fromEntries(
      readdirSync('/etc/apt/apt.conf.d').map((n) => [n, readFileSync(path.join('/etc/apt/apt.conf.d', n), 'utf8')]),
    );
    const on = 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n';
    const a = await both({ ...own, '20auto-upgrades': on, '50unattended-upgrades': UNATTENDED });
    expect(a.ours).toEqual(a.real);
    expect(a.ours?.options.get('apt::periodic::unattended-upgrade')).toBe('1');
    expect(a.ours?.lists.get('unattended-upgrade::origins-pattern')).toHaveLength(3);
    const b = await both({
      ...own,
      '20auto-upgrades': on,
      '99off.conf': '// switched off\nAPT { Periodic { Unattended-Upgrade "0"; /* for now */ }; };\n',
      '99ignored.disabled': 'APT::Periodic::Update-Package-Lists "0";\n',
    });
    expect(b.ours).toEqual(b.real);
    expect(b.ours?.options.get('apt::periodic::unattended-upgrade')).toBe('0');
    expect(b.ours?.options.get('apt::periodic::update-package-lists')).toBe('1');
  });

  it('#clear drops what earlier files set', async () => {
    const r = await both({ '10on': 'APT::Periodic::Unattended-Upgrade "1";\n', '20clear': '#clear APT::Periodic;\n' });
    expect(r.ours).toEqual(r.real);
    expect(r.ours?.options.has('apt::periodic::unattended-upgrade')).toBe(false);
  });

  // A later file that empties or replaces unattended-upgrades' origins, as an administrator (or a tool) writes it.
  it.each([
    ['#clear alone: no origin left', '#clear Unattended-Upgrade::Origins-Pattern;\n', 0],
    [
      '#clear, then only the main suite (no security)',
      `#clear Unattended-Upgrade::Origins-Pattern;\nUnattended-Upgrade::Origins-Pattern { "origin=Debian,codename=\${distro_codename},label=Debian"; };\n`,
      1,
    ],
    ['#clear in lower case, its ; on the next line', '#clear unattended-upgrade::origins-pattern\n;\n', 0],
    ['#clear of a quoted name', '#clear "Unattended-Upgrade::Origins-Pattern";\n', 0],
    ['#clear after a statement on the same line', 'Unattended-Upgrade::Mail "root"; #clear Unattended-Upgrade;\n', 0],
    ['#clear of the parent', '#clear Unattended-Upgrade;\nUnattended-Upgrade::Origins-Pattern:: "o=x";\n', 1],
    [
      'items added three ways',
      'Unattended-Upgrade::Origins-Pattern:: "x";\nUnattended-Upgrade::Origins-Pattern { "y" };\nunattended-upgrade { origins-pattern:: "z"; };\n',
      6,
    ],
    [
      'a # comment and a // comment',
      'Unattended-Upgrade::Origins-Pattern:: "a#b"; # c\n// #clear Unattended-Upgrade;\n',
      4,
    ],
  ])('%s: the same as apt-config', async (_name, text, items) => {
    const r = await both({ '50unattended-upgrades': UNATTENDED, '99local': text });
    expect(r.ours).toEqual(r.real);
    expect(r.ours?.lists.get('unattended-upgrade::origins-pattern') ?? []).toHaveLength(items);
  });

  it.each([
    ['#clear inside a block', 'Unattended-Upgrade { #clear Origins-Pattern; };\n', /a directive inside a block/],
    [
      '#clear of two names',
      '#clear Unattended-Upgrade::Origins-Pattern Unattended-Upgrade::Allowed-Origins;\n',
      /more than one name/,
    ],
    ['#clear without its ;', '#clear Unattended-Upgrade::Origins-Pattern\n', /text after the last statement/],
    // Found by mutation testing: these were read as if the line were not there, while apt refuses every file.
    ['a directive apt does not know', '#clearfoo Unattended-Upgrade;\n', /a directive apt does not know \(#clearfoo\)/],
    ['a misspelt #include', '#includex "/etc/apt/x";\n', /a directive apt does not know \(#includex\)/],
  ])('%s: apt-config refuses the files, and so does our reading', async (_name, text, why) => {
    const r = await both({ '50unattended-upgrades': UNATTENDED, '99local': text });
    expect(r.real).toBeNull();
    expect(r.read).toEqual({ ok: false, reason: expect.stringMatching(why) });
  });

  // Hostile and unusual spellings a later file can use to switch updates off: ours must agree with apt.
  it.each([
    ['a space before the semicolon', 'APT::Periodic::Unattended-Upgrade "0" ;\n'],
    ['a tab between name and value', 'APT::Periodic::Unattended-Upgrade\t"0";\n'],
    ['name and value on separate lines', 'APT::Periodic::Unattended-Upgrade\n"0"\n;\n'],
    [
      'a value after a comment on the line before',
      'APT::Periodic::Unattended-Upgrade "1"; // on\n#x\nAPT::Periodic::Unattended-Upgrade "0";\n',
    ],
    ['an empty-valued block header', 'APT::Periodic "" { Unattended-Upgrade "0"; };\n'],
    ['no spaces in a block', 'APT::Periodic{Unattended-Upgrade"0";};\n'],
    ['a quoted name', '"APT::Periodic::Unattended-Upgrade" "0";\n'],
    ['a comment between name and value', 'APT::Periodic::Unattended-Upgrade /* x */ "0";\n'],
    [
      'a comment across lines',
      'APT::Periodic::Unattended-Upgrade "1" /* a\nb */ ;\nAPT::Periodic::Unattended-Upgrade /* "1"; */ "0";\n',
    ],
    // Edges found by mutation testing.
    ['a comment opened by /*/', 'APT::Periodic::Unattended-Upgrade /*/ "1"; */ "0";\n'],
    ['a comment never closed', 'APT::Periodic::Unattended-Upgrade "0"; /* open'],
    ['a // comment at the end without a newline', 'APT::Periodic::Unattended-Upgrade "0"; // end'],
    ['a # comment at the end without a newline', 'APT::Periodic::Unattended-Upgrade "0"; # end'],
    ['a comment between name and value without blanks', 'APT::Periodic::Unattended-Upgrade/* x */"0";\n'],
    ['a block header with a value', 'APT::Periodic::Unattended-Upgrade "0" { x "1"; };\n'],
    ['#clear of a name that only starts another', '#clear APT::Periodic::Unattended;\n'],
    ['#clear of another name', '#clear Unattended-Upgrade::Origins-Pattern;\n'],
    ['#clear in capitals', '#CLEAR APT::Periodic;\n'],
    [
      'a quote left open on the line before',
      'Unattended-Upgrade::Mail "a;\n// "\nAPT::Periodic::Unattended-Upgrade "0";\n',
    ],
  ])('%s', async (_name, text) => {
    const on = 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n';
    const r = await both({ '20auto-upgrades': on, '99hostile': text });
    expect(r.ours).toEqual(r.real);
  });
});

describe('originAllowsSecurity', () => {
  it("Debian's three default patterns: the two security ones", () => {
    const patterns = parseAptConfig([
      {
        path: '50unattended-upgrades',
        text: fixture('50unattended-upgrades__debian12-unattended-upgrades-2.9.1+nmu3.txt'),
      },
    ]);
    expect(
      patterns.ok &&
        patterns.value.lists.get('unattended-upgrade::origins-pattern')?.map((p) => originAllowsSecurity(p, 'pattern')),
    ).toEqual([false, true, true]);
  });

  it('a wildcard or no suite at all lets security through; Ubuntu-style Allowed-Origins by their suite', () => {
    expect(originAllowsSecurity('origin=Debian', 'pattern')).toBe(true);
    expect(originAllowsSecurity('origin=Debian,codename=*', 'pattern')).toBe(true);
    expect(originAllowsSecurity('o=Debian,a=stable', 'pattern')).toBe(false);
    expect(originAllowsSecurity('', 'pattern')).toBe(false);
    expect(originAllowsSecurity(`\${distro_id}:\${distro_codename}-security`, 'allowed')).toBe(true);
    expect(originAllowsSecurity(`\${distro_id}:\${distro_codename}-updates`, 'allowed')).toBe(false);
  });
});

describe('apt configuration: edges found by mutation testing', () => {
  it('an #include is not followed: unknown with the file that has it', () => {
    expect(
      parseAptConfig([
        { path: '/etc/apt/apt.conf.d/20auto-upgrades', text: 'APT::Periodic::Unattended-Upgrade "1";\n' },
        { path: '/etc/apt/apt.conf.d/99local', text: '#include "/etc/apt/local-off";\n' },
      ]),
    ).toEqual({ ok: false, reason: '/etc/apt/apt.conf.d/99local has an #include, which shop-audit does not follow' });
  });

  it('the apt.conf.d files apt reads: no extension or .conf, in name order', () => {
    expect(
      aptConfigParts([
        '99local.conf',
        '50unattended-upgrades',
        '20auto-upgrades',
        '20auto-upgrades.dpkg-old',
        '20auto-upgrades.ucf-dist',
        '50x.conf.bak',
        '50x.conf~',
        '50x~.conf',
        '.hidden',
        'with space',
        '01autoremove',
        'a.b.conf',
      ]),
    ).toEqual(['01autoremove', '20auto-upgrades', '50unattended-upgrades', '99local.conf', 'a.b.conf']);
  });

  it('origins: blanks around keys and values, empty entries, and Allowed-Origins split on blanks', () => {
    expect(originAllowsSecurity('origin=Debian, codename=bookworm', 'pattern')).toBe(false);
    expect(originAllowsSecurity('origin=Debian, codename = bookworm-security', 'pattern')).toBe(true);
    expect(originAllowsSecurity(' , ', 'pattern')).toBe(false);
    expect(originAllowsSecurity(' ', 'pattern')).toBe(false);
    expect(originAllowsSecurity('Debian  bookworm-security', 'allowed')).toBe(true);
    expect(originAllowsSecurity('Debian bookworm-updates', 'allowed')).toBe(false);
    // A label or suite with a wildcard may match the security suite.
    expect(originAllowsSecurity('o=Debian,l=Debian*', 'pattern')).toBe(true);
    expect(originAllowsSecurity('o=Debian,a=stable?', 'pattern')).toBe(true);
    expect(originAllowsSecurity('o=Debian,n=[a-z]*', 'pattern')).toBe(true);
  });
});

describe('automatic updates: edges found by mutation testing', () => {
  const policy = (over: Record<string, unknown>) => ({
    DeferQualityUpdates: null,
    DeferQualityUpdatesPeriodInDays: null,
    DeferFeatureUpdates: null,
    DeferFeatureUpdatesPeriodInDays: null,
    ...over,
  });
  const pause = (expiry: string | null, quality: string | null) => ({
    PauseUpdatesExpiryTime: expiry,
    PauseQualityUpdatesEndTime: quality,
    PauseFeatureUpdatesEndTime: null,
  });

  it('Windows: the latest of several pauses counts, in either order; one ending at the scan is over', () => {
    const paused = (p: ReturnType<typeof pause>) =>
      windowsAutoUpdates(windows({ windowsUpdatePause: ok(p) }), NOW) as { ok: true; value: { pausedUntil: unknown } };
    expect(paused(pause('2026-11-01T00:00:00Z', '2027-01-05T10:00:00Z')).value.pausedUntil).toBe('2027-01-05');
    expect(paused(pause('2027-01-05T10:00:00Z', '2026-11-01T00:00:00Z')).value.pausedUntil).toBe('2027-01-05');
    expect(paused(pause('2027-01-05T10:00:00Z', '2027-02-01T00:00:00Z')).value.pausedUntil).toBe('2027-02-01');
    expect(paused(pause(NOW.toISOString(), null)).value.pausedUntil).toBeNull();
    expect(windowsAutoUpdates(windows({ windowsUpdatePause: ok(pause('soon', null)) }), NOW)).toEqual({
      ok: false,
      reason: 'a pause date Windows Update keeps is not a date: soon',
    });
  });

  it('Windows: the policy pause start day read strictly (blanks around it allowed); empty is no pause', () => {
    const start = (value: string) =>
      windowsAutoUpdates(windows({ windowsUpdatePolicy: ok(policy({ PauseQualityUpdatesStartTime: value })) }), NOW);
    expect(start(' 2026-11-20 ')).toMatchObject({ ok: true, value: { pausedUntil: '2026-12-25' } });
    expect(start('')).toMatchObject({ ok: true, value: { automatic: true, pausedUntil: null } });
    expect(start('2026-11-20x')).toMatchObject({ ok: false });
    expect(start('x2026-11-20')).toMatchObject({ ok: false });
  });

  it('Windows: deferral days count only when the deferral is switched on; 14 days is still automatic', () => {
    const deferred = (on: number, days: number) =>
      windowsAutoUpdates(
        windows({
          windowsUpdatePolicy: ok(policy({ DeferQualityUpdates: on, DeferQualityUpdatesPeriodInDays: days })),
        }),
        NOW,
      );
    expect(deferred(0, 30)).toMatchObject({ value: { automatic: true, securityDeferralDays: 0 } });
    expect(deferred(1, 14)).toMatchObject({ value: { automatic: true, securityDeferralDays: 14 } });
    expect(deferred(1, 15)).toMatchObject({ value: { automatic: false, securityDeferralDays: 15 } });
  });

  it('Windows: AUOptions 4 (install by itself) is automatic, and the evidence says what was read', () => {
    expect(
      windowsAutoUpdates(windows({ windowsUpdateAuPolicy: ok({ NoAutoUpdate: 0, AUOptions: 4 }) }), NOW),
    ).toMatchObject({
      ok: true,
      value: {
        automatic: true,
        evidence:
          'Windows Update service start type 3, automatic updates AUOptions 4, not paused, security updates deferred 0 days',
      },
    });
    expect(windowsAutoUpdates(windows(), NOW)).toMatchObject({
      value: {
        evidence:
          'Windows Update service start type 3, automatic updates not set by policy, not paused, security updates deferred 0 days',
      },
    });
    expect(windowsAutoUpdates(windows({ windowsUpdateService: ok(null) }), NOW)).toEqual({
      ok: false,
      reason: 'the Windows Update service (wuauserv) has no start type in the registry',
    });
  });

  it('dnf: [commands] with blanks, apply_updates spelt several ways, and look-alike lines', () => {
    expect(dnfApplyUpdates('  [ commands ]  \n  apply_updates=yes\n')).toBe(true);
    expect(dnfApplyUpdates('[commands]\napply_updates =on\n')).toBe(true);
    expect(dnfApplyUpdates('[commands]\nAPPLY_UPDATES: True\n')).toBe(true);
    expect(dnfApplyUpdates('[commands]\napply_updates = yess\n')).toBe(false);
    expect(dnfApplyUpdates('[commands]\napply_updates = button\n')).toBe(false);
    expect(dnfApplyUpdates('[emitters]\nx[commands]\napply_updates = yes\n')).toBeNull();
    expect(dnfApplyUpdates('[emitters]\n[commands]x\napply_updates = yes\n')).toBeNull();
    expect(dnfApplyUpdates('[commands]\nmy_apply_updates = yes\n')).toBeNull();
  });

  it('macOS: the switches `defaults read` prints (catalina fixture), top-level only', () => {
    const text = fixture(
      'defaults-read-com.apple.SoftwareUpdate__catalina-10.15.7-ansible-101-readme-security-responses-off.txt',
    );
    expect([...parseDefaultsSwitches(text, MACOS_UPDATE_SWITCHES)]).toEqual([
      ['AutomaticCheckEnabled', true],
      ['AutomaticDownload', true],
      ['AutomaticallyInstallMacOSUpdates', false],
      ['CriticalUpdateInstall', false],
      ['ConfigDataInstall', false],
    ]);
    // Other spellings plutil and defaults write leave; a value that is no yes/no, and a nested key, are not read.
    const other = '{\n    A = True;\n    B = "NO";\n    C = false;\n    D = 2;\n    E = "";\n        F = 1;\n}\n';
    expect([...parseDefaultsSwitches(other, ['A', 'B', 'C', 'D', 'E', 'F', 'G'])]).toEqual([
      ['A', true],
      ['B', false],
      ['C', false],
    ]);
  });

  it("macOS: every switch on is automatic; one off is not; one unset is unknown; a profile's value wins", () => {
    const all = (value: boolean) => new Map(MACOS_UPDATE_SWITCHES.map((n) => [n, value]));
    expect(macosAutoUpdates(all(true), new Map())).toEqual({
      ok: true,
      value: {
        automatic: true,
        evidence:
          'Software Update: AutomaticCheckEnabled, AutomaticDownload, AutomaticallyInstallMacOSUpdates, ' +
          'CriticalUpdateInstall, ConfigDataInstall on',
      },
    });
    const someOff = new Map([...all(true), ['CriticalUpdateInstall', false] as const]);
    expect(macosAutoUpdates(someOff, new Map())).toEqual({
      ok: true,
      value: { automatic: false, evidence: 'Software Update: CriticalUpdateInstall off' },
    });
    // A managed profile turning the switch on overrides the Mac's own "off", and one turning it off the Mac's "on".
    expect(macosAutoUpdates(someOff, new Map([['CriticalUpdateInstall', true]]))).toMatchObject({
      value: { automatic: true },
    });
    expect(macosAutoUpdates(all(true), new Map([['AutomaticDownload', false]]))).toEqual({
      ok: true,
      value: { automatic: false, evidence: 'Software Update: AutomaticDownload off' },
    });
    const unset = new Map([...all(true)].filter(([n]) => n !== 'ConfigDataInstall' && n !== 'AutomaticDownload'));
    expect(macosAutoUpdates(unset, new Map())).toEqual({
      ok: false,
      reason:
        "AutomaticDownload, ConfigDataInstall not set in com.apple.SoftwareUpdate: the Mac follows Apple's default, " +
        'which shop-audit does not assume (System Settings > General > Software Update shows it)',
    });
    // Off wins over unset: one switch off is enough to say no.
    expect(macosAutoUpdates(new Map([['AutomaticCheckEnabled', false]]), new Map())).toMatchObject({
      ok: true,
      value: { automatic: false },
    });
  });
});
