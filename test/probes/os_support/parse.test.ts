import { describe, expect, it } from 'vitest';
import { daysUntil, findLinuxRelease, newestMacosUpdate, findMacosRelease, findWindowsRelease, macosMajor, newestHotfix, parseHotfixInstalledOn, supportOn, windowsChannel } from '../../../src/probes/os_support/parse.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'os_support', name), 'utf8');

describe('windowsChannel', () => {
  it('reads the servicing channel from EditionID (the registry values Microsoft documents)', () => {
    expect(windowsChannel('Core', null)).toBe('home-pro');
    expect(windowsChannel('Professional', null)).toBe('home-pro');
    expect(windowsChannel('ProfessionalWorkstation', null)).toBe('home-pro');
    expect(windowsChannel('Enterprise', null)).toBe('enterprise');
    expect(windowsChannel('CoreCountrySpecific', null)).toBe('home-pro');
    expect(windowsChannel('EnterpriseG', null)).toBe(null);
    expect(windowsChannel(null, 'Windows 10 Enterprise G')).toBe(null);
    expect(windowsChannel('Education', null)).toBe('enterprise');
    expect(windowsChannel('EnterpriseS', null)).toBe('ltsc');
    expect(windowsChannel('IoTEnterpriseS', null)).toBe('iot-ltsc');
    expect(windowsChannel('ServerStandard', null)).toBe('server');
    expect(windowsChannel('ServerDatacenter', null)).toBe('server');
    // Enterprise multi-session is a client edition on the Enterprise schedule, not a server.
    expect(windowsChannel('ServerRdsh', null)).toBe('enterprise');
  });

  it('falls back to the (always English) ProductName, as the systeminfo samples give it', () => {
    expect(windowsChannel(null, 'Windows 10 Enterprise')).toBe('enterprise');
    expect(windowsChannel(null, 'Windows 7 Professional')).toBe('home-pro');
    expect(windowsChannel(null, 'Windows Server 2012 R2 Standard')).toBe('server');
    expect(windowsChannel(null, 'Windows 10 Enterprise LTSC 2021')).toBe('ltsc');
    expect(windowsChannel(null, 'Windows 10 IoT Enterprise LTSC 2021')).toBe('iot-ltsc');
    expect(windowsChannel(null, 'Windows 10 Pro Education')).toBe('home-pro');
    expect(windowsChannel(null, 'Windows Embedded Thing')).toBe(null);
    expect(windowsChannel('', null)).toBe(null);
  });
});

describe('release lookups', () => {
  it('Windows: the same build has different end dates per channel', () => {
    expect(findWindowsRelease(19045, 'home-pro')?.ends).toBe('2025-10-14');
    expect(findWindowsRelease(19044, 'home-pro')?.ends).toBe('2023-06-13');
    expect(findWindowsRelease(19044, 'enterprise')?.ends).toBe('2024-06-11');
    expect(findWindowsRelease(19044, 'ltsc')?.ends).toBe('2027-01-12');
    expect(findWindowsRelease(19044, 'iot-ltsc')?.ends).toBe('2032-01-13');
    expect(findWindowsRelease(26100, 'server')?.name).toBe('Windows Server 2025');
    expect(findWindowsRelease(26100, 'home-pro')?.name).toBe('Windows 11 version 24H2');
    // Windows 11 26H2 Enterprise has no date in the table yet: unknown, not borrowed from Home/Pro.
    expect(findWindowsRelease(26300, 'enterprise')).toBe(null);
    expect(findWindowsRelease(99999, 'home-pro')).toBe(null);
  });

  it('macOS: the major version of ProductVersion, 10.x up to Catalina', () => {
    expect(macosMajor('10.13')).toBe('10.13');
    expect(macosMajor('10.15.7')).toBe('10.15');
    expect(macosMajor('14.7.1')).toBe('14');
    expect(macosMajor('26.0')).toBe('26');
    expect(macosMajor('10')).toBe(null);
    expect(macosMajor('beta')).toBe(null);
    expect(findMacosRelease('13.7.8')?.ends).toBe('2025-09-15');
    expect(findMacosRelease('15.7.4')?.ends).toBe(null);
  });

  it('Linux: exact versions for Ubuntu/Fedora, the major release for RHEL and its rebuilds', () => {
    expect(findLinuxRelease('ubuntu', '22.04')?.ends).toBe('2027-04-01');
    expect(findLinuxRelease('ubuntu', '22')).toBe(null);
    expect(findLinuxRelease('rhel', '9.4')?.name).toBe('Red Hat Enterprise Linux 9');
    expect(findLinuxRelease('rocky', '9.3')?.ends).toBe('2032-05-31');
    expect(findLinuxRelease('debian', '12')?.ends).toBe('2028-06-30');
    expect(findLinuxRelease('deepin', '23')).toBe(null);
  });

  const supportEnd = (file: string) => /^SUPPORT_END="?([\d-]+)"?$/m.exec(fixture(file))![1];

  it('agrees with the end date a distribution puts in os-release (SUPPORT_END)', () => {
    expect(findLinuxRelease('rocky', '9.3')?.ends).toBe(supportEnd('os-release__rocky-9.3-usr-lib.txt'));
  });

  it("never ends a release before the date its os-release planned: Fedora 42's SUPPORT_END 2026-05-13 slipped to 2026-05-28", () => {
    expect(supportEnd('os-release__fedora-42-usr-lib.txt')).toBe('2026-05-13');
    expect(findLinuxRelease('fedora', '42')?.ends).toBe('2026-05-28');
  });
});

describe('support on a day', () => {
  const entry = { name: 'Windows 10 version 22H2', ends: '2025-10-14', source: 'https://learn.microsoft.com/' };
  it('the end date is the last day with updates', () => {
    expect(supportOn(entry, new Date('2025-10-14T23:59:59Z'))).toMatchObject({ supported: true, daysLeft: 0 });
    expect(supportOn(entry, new Date('2025-10-15T00:00:00Z'))).toMatchObject({ supported: false, daysLeft: -1 });
    expect(supportOn(entry, new Date('2025-09-14T12:00:00Z'))).toMatchObject({ supported: true, daysLeft: 30 });
  });
  it('no announced end: supported, no day count', () => {
    expect(supportOn({ ...entry, ends: null }, new Date('2030-01-01'))).toMatchObject({ supported: true, ends: null, daysLeft: null });
  });
  it('counts whole UTC days', () => {
    expect(daysUntil('2026-12-09', new Date('2026-12-02T23:00:00Z'))).toBe(7);
    expect(daysUntil('2026-05-12', new Date('2026-12-02T07:00:00Z'))).toBe(-204);
  });
});

describe('Win32_QuickFixEngineering InstalledOn', () => {
  it('reads the documented Get-HotFix example (hotfixes__documented-format-get-hotfix-example-1.json): the newest is 2019-05-16', () => {
    const hotfixes = JSON.parse(fixture('hotfixes__documented-format-get-hotfix-example-1.json')) as { installedOn: string }[];
    expect(hotfixes.map((h) => parseHotfixInstalledOn(h.installedOn))).toEqual(['2019-05-16', '2019-01-22', '2019-01-24']);
    expect(newestHotfix(hotfixes.map((h) => h.installedOn))).toEqual({ day: '2019-05-16', unreadable: 0 });
  });

  it('reads a hex FILETIME (Windows Vista and older, per PowerShell\'s own type data) and leaves empty or odd values out', () => {
    // 2019-05-16T00:00:00Z as a FILETIME: (ms + 11644473600000) * 10000, in hex.
    const filetime = ((BigInt(Date.UTC(2019, 4, 16)) + 11_644_473_600_000n) * 10_000n).toString(16).padStart(16, '0');
    expect(parseHotfixInstalledOn(filetime)).toBe('2019-05-16');
    expect(parseHotfixInstalledOn('')).toBe(null);
    expect(parseHotfixInstalledOn(null)).toBe(null);
    expect(parseHotfixInstalledOn('13/40/2019')).toBe(null);
    expect(parseHotfixInstalledOn('2/30/2019')).toBe(null);
    expect(newestHotfix(['', '1/22/2019', 'garbage'])).toEqual({ day: '2019-01-22', unreadable: 2 });
    expect(newestHotfix([''])).toEqual({ day: null, unreadable: 1 });
  });
});

describe('newestMacosUpdate', () => {
  it('is null for a binary or empty plist (not the XML InstallHistory.plist is written as)', () => {
    expect(newestMacosUpdate('bplist00\u0000')).toBe(null);
    expect(newestMacosUpdate('')).toBe(null);
    expect(newestMacosUpdate(fixture('InstallHistory.plist__os-x-10.9-plaso-test-data.xml'))).toEqual({ day: '2013-11-12', name: 'OS X 10.9 (13A603)' });
  });
});
