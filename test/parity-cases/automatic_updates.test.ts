import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { scanWith } from '../helpers/scan.js';
import { needsTool } from '../helpers/tools.js';
import { windowsHost } from '../helpers/windows-samples.js';
import { createReplayHost } from '../../src/host/bundle.js';
import { exited, macBundle, SAMPLED_MAC } from '../helpers/macos-samples.js';

// os.automatic-updates in whole scans: Linux on a temporary root with apt's real timer units and the
// real systemctl; Windows through the script's registry answers.

type Report = Awaited<ReturnType<typeof scanWith>>;
const RULE = 'os.automatic-updates';
const ruleOf = (report: Report) => report.results.find((r) => r.id === RULE)!;
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');
const SCAN_DAY = new Date('2026-12-07T08:00:00Z');
const UNITS = '/usr/lib/systemd/system';
const WANTS = '/etc/systemd/system/timers.target.wants';
/** What `dpkg-reconfigure -plow unattended-upgrades` writes to /etc/apt/apt.conf.d/20auto-upgrades (Yes / No). */
const autoUpgrades = (on: boolean) =>
  `APT::Periodic::Update-Package-Lists "${on ? 1 : 0}";\nAPT::Periodic::Unattended-Upgrade "${on ? 1 : 0}";\n`;

/** A Debian PC: apt, this machine's apt timer units (enabled unless `timer` says masked), and the given files. */
async function debianPc(files: Record<string, string | { link: string }>, timer: 'enabled' | 'masked' = 'enabled') {
  const units = Object.fromEntries(
    ['apt-daily.timer', 'apt-daily-upgrade.timer'].flatMap((t) => [
      [`${UNITS}/${t}`, readFileSync(`/lib/systemd/system/${t}`, 'utf8')],
      timer === 'enabled'
        ? [`${WANTS}/${t}`, { link: `${UNITS}/${t}` }]
        : [`/etc/systemd/system/${t}`, { link: '/dev/null' }],
    ]),
  );
  const root = await makeRoot({
    '/etc/os-release': fixture('os-release__this-debian12-etc.txt'),
    '/usr/bin/apt-get': '',
    ...units,
    ...files,
  });
  return rootHost(root);
}

needsTool('/usr/bin/systemctl', 'systemd').describe(`${RULE} on Linux`, () => {
  // unattended-upgrades as Debian 12's package installs it: the program and its 50unattended-upgrades.
  const installed = {
    '/usr/bin/unattended-upgrade': '',
    '/etc/apt/apt.conf.d/50unattended-upgrades': fixture(
      '50unattended-upgrades__debian12-unattended-upgrades-2.9.1+nmu3.txt',
    ),
  };
  const scan = async (host: Promise<Awaited<ReturnType<typeof rootHost>>>) =>
    ruleOf(await scanWith(await host, { only: [RULE], replayed: false, now: SCAN_DAY }));
  /** Switched on with dpkg-reconfigure, then a later file (99local) with this text, and any other files. */
  const onThen = (local: string, files: Record<string, string> = {}) =>
    scan(
      debianPc({
        ...installed,
        '/etc/apt/apt.conf.d/20auto-upgrades': autoUpgrades(true),
        '/etc/apt/apt.conf.d/99local': local,
        ...files,
      }),
    );

  it('unattended-upgrades installed and switched on, timers enabled: passes', async () => {
    const rule = await scan(debianPc({ ...installed, '/etc/apt/apt.conf.d/20auto-upgrades': autoUpgrades(true) }));
    expect(rule.status).toBe('pass');
  });

  it('switched off with dpkg-reconfigure (20auto-upgrades "0"): fails, naming the setting', async () => {
    const rule = await scan(debianPc({ ...installed, '/etc/apt/apt.conf.d/20auto-upgrades': autoUpgrades(false) }));
    expect(rule.status).toBe('fail');
    expect(rule.found).toMatch(/APT::Periodic::Update-Package-Lists is "0"/);
  });

  it('switched on, but apt-daily-upgrade.timer masked: fails', async () => {
    const rule = await scan(
      debianPc({ ...installed, '/etc/apt/apt.conf.d/20auto-upgrades': autoUpgrades(true) }, 'masked'),
    );
    expect(rule.status).toBe('fail');
    expect(rule.found).toMatch(/apt-daily.timer is masked/);
  });

  it('switched on, but a later file sets APT::Periodic::Enable "0" (apt.systemd.daily then exits): fails', async () => {
    const rule = await onThen('APT::Periodic::Enable "0";\n');
    expect(rule.status).toBe('fail');
    expect(rule.found).toMatch(/APT::Periodic::Enable is "0"/);
  });

  it('switched on, but a later file #includes another file apt reads too: unknown, never a pass', async () => {
    const rule = await onThen('#include "/etc/apt/local-off";\n', {
      '/etc/apt/local-off': 'APT::Periodic::Unattended-Upgrade "0";\n',
    });
    expect(rule.status).toBe('unknown');
    expect(JSON.stringify(rule.reasons)).toMatch(/99local has an #include/);
  });

  it('switched on, but a later file #clears Origins-Pattern (nothing is let through): fails', async () => {
    const rule = await onThen('#clear Unattended-Upgrade::Origins-Pattern;\n');
    expect(rule.status).toBe('fail');
    expect(rule.found).toMatch(/Origins-Pattern and Allowed-Origins name no origin/);
  });

  it('#cleared and given back only the main suite: fails; given back the security suite: passes', async () => {
    const only = (pattern: string) =>
      `#clear Unattended-Upgrade::Origins-Pattern;\nUnattended-Upgrade::Origins-Pattern { "${pattern}"; };\n`;
    const main = await onThen(only(`origin=Debian,codename=\${distro_codename},label=Debian`));
    expect(main.status).toBe('fail');
    expect(main.found).toMatch(/name no security origin/);
    const security = await onThen(only(`origin=Debian,codename=\${distro_codename}-security,label=Debian-Security`));
    expect(security.status).toBe('pass');
  });

  it('a #clear inside a block (apt refuses its configuration): unknown, never a pass', async () => {
    const rule = await onThen('Unattended-Upgrade { #clear Origins-Pattern; };\n');
    expect(rule.status).toBe('unknown');
    expect(JSON.stringify(rule.reasons)).toMatch(/apt refuses its configuration/);
  });

  it('unattended-upgrades not installed: fails', async () => {
    const rule = await scan(debianPc({ '/etc/apt/apt.conf.d/20auto-upgrades': autoUpgrades(true) }));
    expect(rule.status).toBe('fail');
    expect(rule.found).toMatch(/not installed/);
  });
});

describe(`${RULE} on Windows`, () => {
  const paused = JSON.parse(fixture('windows-update-ux-settings__nsfocus-blog-2023-pause-100-years.json'));
  const pc = (answers: Record<string, unknown>) =>
    windowsHost({
      windowsUpdatePause: null,
      windowsUpdatePolicy: null,
      windowsUpdateAuPolicy: null,
      windowsUpdateService: { Start: 3 },
      updateOrchestratorService: { Start: 2 },
      windowsUpdateLocal: null,
      ...answers,
    });

  it('no policy, no pause, the service on demand: passes', async () => {
    const report = await scanWith(pc({}), { now: SCAN_DAY });
    expect(ruleOf(report).status).toBe('pass');
  });

  it('the published 100-year pause: fails, paused until 2123-08-22', async () => {
    const report = await scanWith(pc({ windowsUpdatePause: paused }), { now: SCAN_DAY });
    expect(ruleOf(report).status).toBe('fail');
    expect(ruleOf(report).found).toBe('updates are paused until 2123-08-22');
  });

  it('the Windows Update service disabled (Start 4): fails', async () => {
    const report = await scanWith(pc({ windowsUpdateService: { Start: 4 } }), { now: SCAN_DAY });
    expect(ruleOf(report).status).toBe('fail');
  });

  // Chinese "stop Windows Update" batch files point Windows Update at a WSUS server on this PC, which is none
  // (UseWUServer 1, WUServer http://127.0.0.1: test/fixtures/os_support/SOURCES.md); handwritten values.
  it('Windows Update pointed at a server on this PC itself (WUServer http://127.0.0.1): fails', async () => {
    const wsus = (server: string) =>
      pc({
        windowsUpdatePolicy: { WUServer: server },
        windowsUpdateAuPolicy: { NoAutoUpdate: null, AUOptions: null, UseWUServer: 1 },
      });
    const report = await scanWith(wsus('http://127.0.0.1'), { now: SCAN_DAY });
    expect(ruleOf(report).status).toBe('fail');
    expect(ruleOf(report).found).toMatch(/http:\/\/127\.0\.0\.1/);
    // A real update server of a company's network installs what it approves: still automatic.
    expect(ruleOf(await scanWith(wsus('http://wsus.corp.example:8530'), { now: SCAN_DAY })).status).toBe('pass');
  });

  it("Windows 7 set to 'Never check for updates' in Control Panel (Auto Update AUOptions 1): fails", async () => {
    const win7 = { ProductName: 'Windows 7 Professional', CurrentVersion: '6.1', CurrentBuild: '7601' };
    const report = await scanWith(pc({ osVersion: win7, windowsUpdateLocal: { AUOptions: 1 } }), { now: SCAN_DAY });
    expect(ruleOf(report).status).toBe('fail');
  });

  it('the Update Orchestrator service disabled (UsoSvc Start 4): fails', async () => {
    const report = await scanWith(pc({ updateOrchestratorService: { Start: 4 } }), { now: SCAN_DAY });
    expect(ruleOf(report).status).toBe('fail');
  });

  it('the registry could not be read: unknown, never a pass', async () => {
    const report = await scanWith(
      windowsHost(
        { windowsUpdatePause: null, windowsUpdatePolicy: null, windowsUpdateService: { Start: 3 } },
        { failed: { windowsUpdateAuPolicy: { type: 'System.Security.SecurityException', message: 'access denied' } } },
      ),
      { now: SCAN_DAY },
    );
    expect(ruleOf(report).status).toBe('unknown');
  });
});

describe(`${RULE} on macOS`, () => {
  const OWN = '/Library/Preferences/com.apple.SoftwareUpdate';
  const MANAGED = '/Library/Managed Preferences/com.apple.SoftwareUpdate';
  const OFF = fixture(
    'defaults-read-com.apple.SoftwareUpdate__catalina-10.15.7-ansible-101-readme-security-responses-off.txt',
  );
  const NO_DOMAIN = (domain: string) => exited('', `\nDomain ${domain} does not exist\n`, 1);
  /** A Mac whose `defaults read` of its own and its managed Software Update settings print these. */
  const mac = (own: ReturnType<typeof exited>, managed = NO_DOMAIN(MANAGED)) => {
    const bundle = macBundle(SAMPLED_MAC);
    bundle.commands.push(
      { command: '/usr/bin/defaults', args: ['read', OWN], result: own },
      { command: '/usr/bin/defaults', args: ['read', MANAGED], result: managed },
    );
    return createReplayHost(bundle);
  };

  it('the published Catalina settings, Security Responses and macOS updates off: fails, naming them', async () => {
    const rule = ruleOf(await scanWith(mac(exited(OFF)), { now: SCAN_DAY }));
    expect(rule.status).toBe('fail');
    expect(rule.found).toBe(
      'Software Update: AutomaticallyInstallMacOSUpdates, CriticalUpdateInstall, ConfigDataInstall off',
    );
  });

  it('the same settings with the three switches turned on (0 → 1 in the published output): passes', async () => {
    const rule = ruleOf(await scanWith(mac(exited(OFF.replace(/ = 0;/g, ' = 1;'))), { now: SCAN_DAY }));
    expect(rule.status).toBe('pass');
  });

  it('a device-management profile that turns them on overrides the Mac\'s own "off"', async () => {
    const managed = `{\n${['AutomaticCheckEnabled', 'AutomaticDownload', 'AutomaticallyInstallMacOSUpdates', 'CriticalUpdateInstall', 'ConfigDataInstall'].map((k) => `    ${k} = 1;`).join('\n')}\n}\n`;
    expect(ruleOf(await scanWith(mac(exited(OFF), exited(managed)), { now: SCAN_DAY })).status).toBe('pass');
  });

  it('only "install macOS updates" set (the cheat sheet\'s Mac), or no settings at all: unknown', async () => {
    const partly = fixture(
      'defaults-read-com.apple.SoftwareUpdate__catalina-10.15.7-cheatsheet-only-install-macos-updates-set.txt',
    );
    const rule = ruleOf(await scanWith(mac(exited(partly)), { now: SCAN_DAY }));
    expect(rule.status).toBe('unknown');
    expect(JSON.stringify(rule.reasons)).toMatch(
      /AutomaticCheckEnabled, AutomaticDownload, CriticalUpdateInstall, ConfigDataInstall not set/,
    );
    expect(ruleOf(await scanWith(mac(NO_DOMAIN(OWN)), { now: SCAN_DAY })).status).toBe('unknown');
  });
});
