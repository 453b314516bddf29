import { describe, expect, it } from 'vitest';
import {
  compareDebianVersions,
  countSecurityUpgrades,
  daysUntil,
  findLinuxRelease,
  findMacosRelease,
  findWindowsRelease,
  isoDay,
  isSecurityRelease,
  lastUpgradeDay,
  macosMajor,
  newestHotfix,
  newestMacosUpdate,
  parseHotfixInstalledOn,
  parseStanzas,
  supportOn,
  tableAgeDays,
  windowsChannel,
} from '../../../src/probes/os_support/parse.js';
import { EOL_TABLE_AS_OF } from '../../../src/probes/os_support/eol-table.js';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../../helpers/host.js';
import { parseAptSimulatedUpgrade } from '../../helpers/apt-repo.js';

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
    expect(supportOn({ ...entry, ends: null }, new Date('2030-01-01'))).toMatchObject({
      supported: true,
      ends: null,
      daysLeft: null,
    });
  });
  it('counts whole UTC days', () => {
    expect(daysUntil('2026-12-09', new Date('2026-12-02T23:00:00Z'))).toBe(7);
    expect(daysUntil('2026-05-12', new Date('2026-12-02T07:00:00Z'))).toBe(-204);
  });
});

describe('Win32_QuickFixEngineering InstalledOn', () => {
  it('reads the documented Get-HotFix example (hotfixes__handwritten-documented-format-get-hotfix-example-1.json): the newest is 2019-05-16', () => {
    const hotfixes = JSON.parse(fixture('hotfixes__handwritten-documented-format-get-hotfix-example-1.json')) as {
      installedOn: string;
    }[];
    expect(hotfixes.map((h) => parseHotfixInstalledOn(h.installedOn))).toEqual([
      '2019-05-16',
      '2019-01-22',
      '2019-01-24',
    ]);
    expect(newestHotfix(hotfixes.map((h) => h.installedOn))).toEqual({ day: '2019-05-16', unreadable: 0 });
  });

  it("reads a hex FILETIME (Windows Vista and older, per PowerShell's own type data) and leaves empty or odd values out", () => {
    // 2019-05-16T00:00:00Z as a FILETIME (100 ns steps since 1601), worked out apart from the code.
    expect(parseHotfixInstalledOn('01d50b7a4e028000')).toBe('2019-05-16');
    expect(parseHotfixInstalledOn('01D50B7A4E028000')).toBe('2019-05-16');
    // Before 2000 or after 2099: a FILETIME that is no install date.
    expect(parseHotfixInstalledOn('01bf5321fb038000')).toBe(null);
    expect(parseHotfixInstalledOn('022f722ca1cdc000')).toBe(null);
    expect(parseHotfixInstalledOn('01bf54b44fd70000')).toBe('2000-01-02');
    expect(parseHotfixInstalledOn('01d50b7a4e02800')).toBe(null);
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
    expect(newestMacosUpdate(fixture('InstallHistory.plist__os-x-10.9-plaso-test-data.xml'))).toEqual({
      day: '2013-11-12',
      name: 'OS X 10.9 (13A603)',
    });
  });
});

describe('apt: pending security updates and the last upgrade', () => {
  it('counts the packages of apt-get -s dist-upgrade whose candidate comes from a -security suite (apt-get-s-dist-upgrade__this-debian12-2026-12-06.txt)', () => {
    const output = readFileSync(
      path.join(REPO, 'test/fixtures/os_support/apt-get-s-dist-upgrade__this-debian12-2026-12-06.txt'),
      'utf8',
    );
    expect(parseAptSimulatedUpgrade(output)).toEqual({ security: 93, upgrades: 143 });
  });

  it('reads several origins and Ubuntu suites; output without the summary line is no answer', () => {
    const ubuntu =
      'Inst libssl3t64 [3.0.13-0ubuntu3.4] (3.0.13-0ubuntu3.5 Ubuntu:24.04/noble-updates, Ubuntu:24.04/noble-security [amd64])\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n';
    expect(parseAptSimulatedUpgrade(ubuntu)).toEqual({ security: 1, upgrades: 1 });
    expect(parseAptSimulatedUpgrade('')).toBeNull();
    expect(parseAptSimulatedUpgrade('Inst a [1] (2 Debian-Security:12/stable-security [amd64])\n')).toBeNull();
  });

  it('an upgrade in either log counts, an install does not', () => {
    const history =
      'Start-Date: 2026-05-01  10:00:00\nInstall: a:amd64 (1)\nEnd-Date: 2026-05-01  10:00:01\n\nStart-Date: 2026-04-01  10:00:00\nUpgrade: b:amd64 (1, 2)\nEnd-Date: 2026-04-01  10:00:01\n';
    expect(lastUpgradeDay(history, '')).toBe('2026-04-01');
    expect(
      lastUpgradeDay(
        history,
        '2026-04-20 08:00:00 upgrade c:amd64 1 2\n2026-06-01 08:00:00 install d:amd64 <none> 1\n',
      ),
    ).toBe('2026-04-20');
    expect(lastUpgradeDay('', '')).toBeNull();
  });
});

describe("compareDebianVersions (dpkg's algorithm)", () => {
  const sign = (a: string, b: string) => compareDebianVersions(a, b);

  it("orders deb-version(7)'s example ~~ < ~~a < ~ < (empty) < a, and Debian Policy 5.6.12's cases", () => {
    const ordered = ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a'];
    for (let i = 0; i < ordered.length - 1; i++)
      expect(sign(ordered[i]!, ordered[i + 1]!), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
    expect(sign('1.0~rc1-1', '1.0-1')).toBe(-1); // a release candidate before the release
    expect(sign('1:1.0-1', '2.0-1')).toBe(1); // the epoch first
    expect(sign('0:1.0', '1.0')).toBe(0); // no epoch is epoch 0
    expect(sign('1.0', '1.0-0')).toBe(0); // no revision compares as revision 0
    expect(sign('1.01', '1.1')).toBe(0); // digit runs are numbers
    expect(sign('1.10', '1.9')).toBe(1);
    expect(sign('1.0-1', '1.0-1+deb12u1')).toBe(-1);
    expect(sign('1.0+b1', '1.0.1')).toBe(-1); // + sorts before . (both after letters)
    expect(sign('1.0a', '1.0+')).toBe(-1);
    expect(sign('2.30-1ubuntu3.5', '2.30-1ubuntu3.10')).toBe(-1);
  });

  it('agrees with the real dpkg --compare-versions on over 200 generated pairs', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = (chars: string) => chars[random(chars.length)]!;
    const part = (first: string) => first + Array.from({ length: random(6) }, () => pick('0123456789ab.+~~')).join('');
    const version = () =>
      `${random(4) === 0 ? `${random(3)}:` : ''}${part(pick('0123456789'))}${random(2) ? `-${part(pick('0123456789abz~'))}` : ''}`;
    const mutate = (v: string) => {
      const i = random(v.length + 1);
      return random(2) ? v.slice(0, i) + pick('0129a+~.') + v.slice(i) : v.slice(0, i) + v.slice(i + 1);
    };
    const pairs = Array.from({ length: 500 }, () => {
      const a = version();
      const b = random(3) ? mutate(a) : version();
      return [a, b] as const;
    }).filter(([, b]) => /^(\d+:)?\d[0-9a-z.+~]*(-[0-9a-z.+~]+)?$/.test(b));
    const script =
      'while read a b; do if dpkg --compare-versions "$a" lt "$b"; then echo -1; ' +
      'elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done';
    const input = pairs.map(([a, b]) => `${a} ${b}\n`).join('');
    const dpkg = execFileSync('/bin/sh', ['-c', script], { input, encoding: 'utf8' }).trim().split('\n').map(Number);
    expect(pairs.length).toBeGreaterThan(200);
    expect(pairs.map(([a, b]) => `${a} ${b} ${sign(a, b)}`)).toEqual(pairs.map(([a, b], i) => `${a} ${b} ${dpkg[i]}`));
  }, 120_000);
});

describe('apt lists and dpkg status', () => {
  it('a Release names a security suite by Suite or Codename (Debian stable-security, Ubuntu jammy-security)', () => {
    expect(
      isSecurityRelease(
        'Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: bookworm-security\n',
      ),
    ).toBe(true);
    expect(
      isSecurityRelease('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Ubuntu\nSuite: jammy-security\n'),
    ).toBe(true);
    expect(
      isSecurityRelease('Origin: Debian\nSuite: stable\nCodename: bookworm\nDescription: not bookworm-security\n'),
    ).toBe(false);
  });

  it('reads the wanted fields of each stanza, skipping continuation lines', () => {
    const text =
      'Package: a\nStatus: hold ok installed\nDescription: x\n Version: 9\nVersion: 1\n\n\nPackage: b\nVersion: 2\n';
    expect(parseStanzas(text, ['Package', 'Version', 'Status'])).toEqual([
      { Package: 'a', Status: 'hold ok installed', Version: '1' },
      { Package: 'b', Version: '2' },
    ]);
  });

  it('counts an installed package once however many newer security versions are listed', () => {
    const installed = [{ Package: 'a', Architecture: 'amd64', Version: '1', Status: 'install ok installed' }];
    const security = [
      { Package: 'a', Architecture: 'amd64', Version: '2' },
      { Package: 'a', Architecture: 'all', Version: '3' },
    ];
    expect(countSecurityUpgrades(installed, security)).toBe(1);
    expect(countSecurityUpgrades([{ ...installed[0]!, Status: 'deinstall ok config-files' }], security)).toBe(0);
  });
});
// Handwritten values in the documented forms (EditionID and ProductName values, sw_vers, os-release,
// WMI dates, InstallHistory.plist entries), each at an edge of "supported or not".
describe('os_support at its edges (handwritten)', () => {
  it('EditionID: each listed value in any case; Server* and the G editions; ProductName words only when EditionID says nothing', () => {
    const table: [string | null, string | null, string | null][] = [
      ['professionaleducation', null, 'home-pro'],
      ['CoreSingleLanguage', null, 'home-pro'],
      ['Cloud', null, 'home-pro'],
      ['Starter', null, 'home-pro'],
      ['EnterpriseN', null, 'enterprise'],
      ['EducationN', null, 'enterprise'],
      ['IoTEnterprise', null, 'enterprise'],
      ['IoTEnterpriseK', null, 'enterprise'],
      ['EnterpriseSN', null, 'ltsc'],
      ['IoTEnterpriseSK', null, 'iot-ltsc'],
      ['serverstandard', null, 'server'],
      ['EnterpriseGN', null, null],
      ['ProfessionalX', 'Windows 10 Enterprise', 'enterprise'],
      ['Unknown', null, null],
      [' Core ', null, 'home-pro'],
      [null, 'Windows 10 Enterprise LTSB 2016', 'ltsc'],
      [null, 'Windows 7 Home Premium', 'home-pro'],
      [null, 'Windows 8.1 Enterprise Pro', 'home-pro'],
      [null, 'Windows 10 Education', 'enterprise'],
      [null, 'Windows XP Business', 'home-pro'],
      [null, 'Windows Vista Ultimate', 'home-pro'],
      [null, 'Windows Vista Home Basic', 'home-pro'],
      [null, 'Windows 7 Starter', 'home-pro'],
      [null, 'Windows 11 Professional', 'home-pro'],
      [null, 'Windows Server 2019 Datacenter', 'server'],
      [null, 'Windows ServerX', null],
      [null, 'Windows 10 LTSCX', null],
      [null, null, null],
      ['Enterprise', 'Windows 10 Enterprise G', null],
    ];
    for (const [edition, name, channel] of table)
      expect([edition, name, windowsChannel(edition, name)]).toEqual([edition, name, channel]);
  });

  it('macOS and Linux lookups: 10.x needs its minor, other majors stand alone; exact and major matches', () => {
    expect([macosMajor(' 11.7.10 '), macosMajor('10.9'), macosMajor('9.2'), macosMajor('x14'), macosMajor('')]).toEqual(
      ['11', '10.9', '9', null, null],
    );
    expect(findMacosRelease('beta')).toBe(null);
    expect(findMacosRelease('99.1')).toBe(null);
    expect(findMacosRelease('10.13.6')?.name).toMatch(/10\.13/);
    expect(findLinuxRelease('ubuntu', '22.04.3')).toBe(null);
    expect(findLinuxRelease('rhel', '9')?.name).toBe('Red Hat Enterprise Linux 9');
    expect(findLinuxRelease('RHEL', '9.4')).toBe(null);
  });

  it('support and the table age on a given day (UTC, whatever the hour)', () => {
    const entry = { name: 'x', ends: '2025-10-14', source: 's' };
    expect(supportOn(entry, new Date('2025-10-13T00:00:00Z'))).toEqual({
      release: 'x',
      supported: true,
      ends: '2025-10-14',
      daysLeft: 1,
      source: 's',
    });
    expect(daysUntil('2024-03-01', new Date('2024-02-28T23:59:59Z'))).toBe(2);
    expect(tableAgeDays(new Date(`${EOL_TABLE_AS_OF}T12:00:00Z`)) === 0).toBe(true);
    expect(tableAgeDays(new Date(Date.parse(`${EOL_TABLE_AS_OF}T00:00:00Z`) + 10 * 86_400_000))).toBe(10);
    expect(isoDay(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
  });

  it('WMI dates: M/D/YYYY with one or two digits, the 29th of February, years before 2000 and other shapes left out', () => {
    const table: [string, string | null][] = [
      ['5/16/2019', '2019-05-16'],
      ['05/06/2019', '2019-05-06'],
      [' 1/2/2020 ', '2020-01-02'],
      ['2/29/2024', '2024-02-29'],
      ['2/29/2023', null],
      ['12/31/1999', null],
      ['1/1/2000', '2000-01-01'],
      ['0/10/2019', null],
      ['2019-05-16', null],
      ['5/16/19', null],
      ['123/1/2019', null],
    ];
    for (const [text, day] of table) expect([text, parseHotfixInstalledOn(text)]).toEqual([text, day]);
    expect(newestHotfix(['1/2/2020', '12/30/2019', '1/10/2020'])).toEqual({ day: '2020-01-10', unreadable: 0 });
    expect(newestHotfix([])).toEqual({ day: null, unreadable: 0 });
  });

  it('InstallHistory: the newest macOS update or installer by date; config-data, other processes and bad dates left out', () => {
    const entry = (process: string, date: string, name: string, version: string, contentType?: string) =>
      `<dict>\n<key>date</key>\n<date>${date}</date>\n<key>displayName</key>\n<string>${name}</string>\n<key>displayVersion</key>\n<string>${version}</string>\n` +
      `${contentType ? `<key>contentType</key>\n<string>${contentType}</string>\n` : ''}<key>processName</key>\n<string>${process}</string>\n</dict>`;
    const plist = (...entries: string[]) =>
      `<?xml version="1.0"?>\n<plist version="1.0">\n<array>\n${entries.join('\n')}\n</array>\n</plist>\n`;
    expect(
      newestMacosUpdate(
        plist(
          entry('softwareupdated', '2024-03-01T10:00:00Z', 'macOS Sonoma 14.4', '14.4'),
          entry('softwareupdated', '2024-05-01T10:00:00Z', 'XProtectPlistConfigData', '5000', 'config-data'),
          entry('App Store', '2024-06-01T10:00:00Z', 'Pages', '14'),
          entry('macOS installer', '2024-04-01T23:30:00Z', 'macOS 14.4.1', ''),
          entry('softwareupdated', 'not a date', 'Broken', '1'),
          entry('OS X Installer', '2024-02-01T10:00:00Z', 'OS X', '10.11'),
        ),
      ),
    ).toEqual({ day: '2024-04-01', name: 'macOS 14.4.1' });
    expect(
      newestMacosUpdate(
        plist(
          entry('Mac OS X installer', '2015-01-01T00:00:00Z', 'Mac OS X', '10.10'),
          entry('softwareupdated', '2015-01-01T00:00:00Z', 'Same time', '1'),
        ),
      ),
    ).toEqual({ day: '2015-01-01', name: 'Mac OS X 10.10' });
    expect(newestMacosUpdate(plist(entry('installer', '2024-01-01T00:00:00Z', 'pkg', '1')))).toBe(null);
  });
});

describe('os_support parsers: edges found by mutation testing (handwritten values)', () => {
  it('dpkg orders letters of both cases before + and ., as the real dpkg --compare-versions does', () => {
    const pairs = [
      ['1A', '1+'],
      ['1Z', '1+'],
      ['1a', '1.'],
      ['1z', '1.'],
      ['1A', '1a'],
      ['1Z', '1z'],
      ['1@', '1Z'],
      ['1[', '1a'],
      ['1`', '1z'],
      ['1{', '1z'],
      ['1.0A1', '1.0~'],
      ['1.0', '1.0A'],
    ];
    const script =
      'while read a b; do if dpkg --compare-versions "$a" lt "$b"; then echo -1; ' +
      'elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done';
    const input = pairs.map(([a, b]) => `${a} ${b}\n`).join('');
    const dpkg = execFileSync('/bin/sh', ['-c', script], { input, encoding: 'utf8' }).trim().split('\n').map(Number);
    expect(pairs.map(([a, b]) => `${a} ${b} ${compareDebianVersions(a!, b!)}`)).toEqual(
      pairs.map(([a, b], i) => `${a} ${b} ${dpkg[i]}`),
    );
  });

  it('macOS and Linux lookups: a bare major version, and a two-digit major', () => {
    expect(macosMajor('15')).toBe('15');
    expect(findLinuxRelease('rhel', '10.0')?.name).toBe('Red Hat Enterprise Linux 10');
  });

  it('WMI dates: nothing before or after the date, no impossible day; FILETIME bounds are exclusive', () => {
    for (const text of ['x5/16/2019', '5/16/2019x', '2/30/2019', '13/1/2019'])
      expect([text, parseHotfixInstalledOn(text)]).toEqual([text, null]);
    // 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z as FILETIMEs, worked out apart from the code.
    expect(parseHotfixInstalledOn('01bf53eb256d4000')).toBeNull();
    expect(parseHotfixInstalledOn('022f716377640000')).toBeNull();
    // 17 hex digits, or 16 with more after them, are no FILETIME.
    expect(parseHotfixInstalledOn('001d50b7a4e028000')).toBeNull();
    expect(parseHotfixInstalledOn('01d50b7a4e028000x')).toBeNull();
    expect(parseHotfixInstalledOn('01d50b7a4e0280000')).toBeNull();
  });

  it('InstallHistory: a Software Update entry newer than the installer counts; the text must be a plist', () => {
    const entry = (process: string, date: string, name: string) =>
      `<dict>\n<key>date</key>\n<date>${date}</date>\n<key>displayName</key>\n<string>${name}</string>\n` +
      `<key>processName</key>\n<string>${process}</string>\n</dict>`;
    const plist = (...entries: string[]) =>
      `<?xml version="1.0"?>\n<plist version="1.0">\n<array>\n${entries.join('\n')}\n</array>\n</plist>\n`;
    const update = entry('softwareupdated', '2024-06-01T10:00:00Z', 'macOS Sonoma 14.5');
    const installer = entry('macOS installer', '2024-04-01T10:00:00Z', 'macOS 14.4.1');
    expect(newestMacosUpdate(plist(installer, update))).toEqual({ day: '2024-06-01', name: 'macOS Sonoma 14.5' });
    expect(newestMacosUpdate(`<array>\n${update}\n</array>\n`)).toBeNull();
    // Only the installer's own names: no other process that merely contains them.
    for (const process of ['my macOS installer', 'macOS installer helper', 'softwareupdated2', ''])
      expect([process, newestMacosUpdate(plist(entry(process, '2024-06-01T10:00:00Z', 'x')))]).toEqual([process, null]);
  });

  it('deb822 stanzas: blank lines first or last, blanks-only separators, no newline at the end', () => {
    expect(parseStanzas('\n\nPackage: a\nVersion: 1\n\n\n', ['Package', 'Version'])).toEqual([
      { Package: 'a', Version: '1' },
    ]);
    expect(parseStanzas('Package: a\n  \nPackage: b\nVersion: 2', ['Package', 'Version'])).toEqual([
      { Package: 'a' },
      { Package: 'b', Version: '2' },
    ]);
  });

  it('a Release names a security suite by its Codename alone, and one without a Codename line is read', () => {
    expect(isSecurityRelease('Origin: Debian\nSuite: stable\nCodename: bookworm-security\n')).toBe(true);
    expect(isSecurityRelease('Origin: Debian\nSuite: stable\n')).toBe(false);
    expect(isSecurityRelease('Origin: Debian\nSuite: security-stable\nCodename: security-bookworm\n')).toBe(false);
  });

  it('pending security updates: by name and architecture, only newer versions, only installed packages', () => {
    const installed = (Package: string, Architecture: string, Version: string) => ({
      Package,
      Architecture,
      Version,
      Status: 'install ok installed',
    });
    const count = (dpkg: Record<string, string>[], security: Record<string, string>[]) =>
      countSecurityUpgrades(dpkg, security);
    expect(
      count(
        [installed('libc6', 'amd64', '2.36-9')],
        [{ Package: 'libc6', Architecture: 'amd64', Version: '2.36-9+deb12u4' }],
      ),
    ).toBe(1);
    // Another architecture's build is not this one's update; "all" on either side is.
    expect(
      count(
        [installed('libc6', 'i386', '2.36-9')],
        [{ Package: 'libc6', Architecture: 'amd64', Version: '2.36-9+deb12u4' }],
      ),
    ).toBe(0);
    expect(
      count(
        [installed('tzdata', 'all', '2024a-0')],
        [{ Package: 'tzdata', Architecture: 'amd64', Version: '2025b-0' }],
      ),
    ).toBe(1);
    expect(
      count(
        [installed('tzdata', 'amd64', '2024a-0')],
        [{ Package: 'tzdata', Architecture: 'all', Version: '2025b-0' }],
      ),
    ).toBe(1);
    // The same version, or an older one, is nothing to install; one newer among several is enough.
    expect(
      count(
        [installed('curl', 'amd64', '7.88.1-10+deb12u8')],
        [{ Package: 'curl', Architecture: 'amd64', Version: '7.88.1-10+deb12u8' }],
      ),
    ).toBe(0);
    expect(
      count(
        [installed('curl', 'amd64', '7.88.1-10+deb12u8')],
        [
          { Package: 'curl', Architecture: 'amd64', Version: '7.88.1-10+deb12u5' },
          { Package: 'curl', Architecture: 'amd64', Version: '7.88.1-10+deb12u12' },
        ],
      ),
    ).toBe(1);
    // Entries without a name or a version are skipped, on either side.
    expect(
      count(
        [installed('tzdata', 'all', '2024a-0'), { Package: 'x', Status: 'install ok installed' }],
        [
          { Package: 'tzdata', Architecture: 'all' },
          { Version: '9' },
          { Package: 'tzdata', Architecture: 'all', Version: '2025b-0' },
        ],
      ),
    ).toBe(1);
    // Held packages are not upgraded by apt.
    expect(
      count(
        [{ ...installed('curl', 'amd64', '1'), Status: 'hold ok installed' }],
        [{ Package: 'curl', Architecture: 'amd64', Version: '2' }],
      ),
    ).toBe(0);
  });

  it('the last upgrade: the newest day of either log, whichever is read first', () => {
    const history =
      'Start-Date: 2026-12-01  06:30:01\nCommandline: /usr/bin/unattended-upgrade\nUpgrade: curl:amd64 (1, 2)\nEnd-Date: 2026-12-01  06:30:09\n';
    const dpkg = '2026-11-01 06:30:02 upgrade curl:amd64 1 2\n';
    expect(lastUpgradeDay(history, dpkg)).toBe('2026-12-01');
    expect(lastUpgradeDay(history.replaceAll('2026-12-01', '2026-10-01'), dpkg)).toBe('2026-11-01');
  });
});
