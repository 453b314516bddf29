import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aptConfigParts,
  dnfApplyUpdates,
  parseAptConfig,
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
    ...over,
  }) as Parameters<typeof windowsAutoUpdates>[0];

describe('windowsAutoUpdates', () => {
  it('nothing set, service on demand (3): automatic', () => {
    const r = windowsAutoUpdates(windows(), NOW);
    expect(r).toMatchObject({ ok: true, value: { automatic: true, pausedUntil: null, securityDeferralDays: 0 } });
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
  /** What apt-config dump says of APT::Periodic in a root holding these apt.conf.d files. */
  async function both(files: Record<string, string>) {
    const root = await makeRoot({
      ...Object.fromEntries(Object.entries(files).map(([n, t]) => [`/etc/apt/apt.conf.d/${n}`, t])),
      '/cfg': '',
    });
    const cfg = path.join(root, 'cfg');
    await import('node:fs/promises').then((fs) => fs.writeFile(cfg, `Dir "${root}/";\n`));
    const dump = execFileSync('/usr/bin/apt-config', ['dump'], { env: { APT_CONFIG: cfg }, encoding: 'utf8' });
    const real = new Map(
      [...dump.matchAll(/^(APT::Periodic::[^ ]+) "([^"]*)";$/gm)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
    );
    const dir = path.join(root, 'etc', 'apt', 'apt.conf.d');
    const parts = aptConfigParts(readdirSync(dir));
    const ours = parseAptConfig(parts.map((n) => readFileSync(path.join(dir, n), 'utf8')));
    const periodic = new Map([...ours].filter(([k]) => k.startsWith('apt::periodic::')));
    return { real, periodic };
  }

  it("this machine's apt.conf.d plus 20auto-upgrades, then a later file switching it off in block syntax", async () => {
    const own = Object.fromEntries(
      readdirSync('/etc/apt/apt.conf.d').map((n) => [n, readFileSync(path.join('/etc/apt/apt.conf.d', n), 'utf8')]),
    );
    const on = 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n';
    const a = await both({ ...own, '20auto-upgrades': on });
    expect(a.periodic).toEqual(a.real);
    expect(a.periodic.get('apt::periodic::unattended-upgrade')).toBe('1');
    const b = await both({
      ...own,
      '20auto-upgrades': on,
      '99off.conf': '// switched off\nAPT { Periodic { Unattended-Upgrade "0"; /* for now */ }; };\n',
      '99ignored.disabled': 'APT::Periodic::Update-Package-Lists "0";\n',
    });
    expect(b.periodic).toEqual(b.real);
    expect(b.periodic.get('apt::periodic::unattended-upgrade')).toBe('0');
    expect(b.periodic.get('apt::periodic::update-package-lists')).toBe('1');
  });

  it('#clear drops what earlier files set', async () => {
    const r = await both({ '10on': 'APT::Periodic::Unattended-Upgrade "1";\n', '20clear': '#clear APT::Periodic;\n' });
    expect(r.periodic).toEqual(new Map([...r.real].filter(([, v]) => v !== '')));
    expect(r.periodic.has('apt::periodic::unattended-upgrade')).toBe(false);
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
  ])('%s', async (_name, text) => {
    const on = 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n';
    const r = await both({ '20auto-upgrades': on, '99hostile': text });
    expect(r.periodic.get('apt::periodic::unattended-upgrade')).toBe(r.real.get('apt::periodic::unattended-upgrade'));
  });
});
