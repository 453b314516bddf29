import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { osSupport } from '../../../src/probes/os_support/index.js';
import { REASON } from '../../../src/probes/types.js';
import { REPO } from '../../helpers/host.js';
import { expectHonest } from '../../helpers/honesty.js';
import { createReplayHost } from '../../../src/host/bundle.js';
import { exited, macBundle, macHost, sample as macSample, SAMPLED_MAC, SW_VERS } from '../../helpers/macos-samples.js';
import { HOTFIXES_EXAMPLE as hotfixes, parseSystemInfo, sample, windowsHost } from '../../helpers/windows-samples.js';

// Windows from the shared systeminfo samples (turned into the script's osVersion answer; systeminfo
// shows no EditionID, so the channel comes from the product name) and the documented Get-HotFix
// example; macOS from the shared sw_vers sample.

const NOW = new Date('2026-12-02T08:00:00Z');
/** The scan's options as a scan on NOW passes them. */
const AT = { deep: false, now: NOW };
const osVersionOf = (name: string) => ({
  ...parseSystemInfo(sample(name)),
  EditionID: null,
  DisplayVersion: null,
  ReleaseId: null,
  UBR: null,
});

describe('os_support on Windows', () => {
  it('all three systeminfo samples are end-of-life, with the date and the Microsoft page that says so', async () => {
    const expected = {
      'systeminfo__en-win10-20H2-domain-member.txt': {
        release: 'Windows 10 version 20H2',
        supportEnds: '2023-05-09',
        supportSource: 'https://learn.microsoft.com/en-us/lifecycle/products/windows-10-enterprise-and-education',
      },
      'systeminfo__en-win7-sp1-crlf.txt': {
        release: 'Windows 7 SP1',
        supportEnds: '2020-01-14',
        supportSource: 'https://learn.microsoft.com/en-us/lifecycle/products/windows-7',
      },
      'systeminfo__zh-CN-server2012r2-workgroup.txt': {
        release: 'Windows Server 2012 R2',
        supportEnds: '2023-10-10',
        supportSource: 'https://learn.microsoft.com/en-us/lifecycle/products/windows-server-2012-r2',
      },
    };
    for (const [name, facts] of Object.entries(expected)) {
      const out = await osSupport.collect.windows(windowsHost({ osVersion: osVersionOf(name), hotfixes }), AT);
      expect(out.facts, name).toMatchObject({ ...facts, supported: false });
      expect(out.facts.daysUntilSupportEnds, name).toBeLessThan(0);
      expectHonest(out);
    }
  });

  it('the same Windows 10 21H2 build is ended on Pro, supported on Enterprise LTSC, longer still on IoT LTSC (EditionID decides)', async () => {
    const os = (EditionID: string, ProductName: string) => ({
      ProductName,
      EditionID,
      CurrentBuild: '19044',
      CurrentVersion: '6.3',
      DisplayVersion: '21H2',
      ReleaseId: '2009',
      UBR: 5737,
    });
    const facts = async (edition: string, name: string) =>
      (await osSupport.collect.windows(windowsHost({ osVersion: os(edition, name), hotfixes }), AT)).facts;
    expect(await facts('Professional', 'Windows 10 Pro')).toMatchObject({
      release: 'Windows 10 version 21H2',
      supported: false,
      supportEnds: '2023-06-13',
    });
    expect(await facts('EnterpriseS', 'Windows 10 Enterprise LTSC 2021')).toMatchObject({
      release: 'Windows 10 Enterprise LTSC 2021',
      supported: true,
      supportEnds: '2027-01-12',
      daysUntilSupportEnds: 41,
    });
    expect(await facts('IoTEnterpriseS', 'Windows 10 IoT Enterprise LTSC 2021')).toMatchObject({
      supported: true,
      supportEnds: '2032-01-13',
    });
  });

  it('Windows 11 says "Windows 10" in ProductName; the build decides (CurrentBuild 26100 = 24H2)', async () => {
    const osVersion = {
      ProductName: 'Windows 10 Pro',
      EditionID: 'Professional',
      CurrentBuild: '26100',
      CurrentVersion: '6.3',
      DisplayVersion: '24H2',
      ReleaseId: '2009',
      UBR: 4061,
    };
    const out = await osSupport.collect.windows(windowsHost({ osVersion, hotfixes }), AT);
    expect(out.facts).toMatchObject({
      release: 'Windows 11 version 24H2',
      supported: false,
      supportEnds: '2026-10-13',
      daysUntilSupportEnds: -50,
    });
  });

  it('the newest installed update of the documented Get-HotFix example is 2019-05-16', async () => {
    const out = await osSupport.collect.windows(
      windowsHost({ osVersion: osVersionOf('systeminfo__en-win7-sp1-crlf.txt'), hotfixes }),
      AT,
    );
    expect(out.facts).toMatchObject({
      lastUpdate: '2019-05-16',
      updateEvidence: 'Win32_QuickFixEngineering (newest installed update)',
    });
    expect(out.facts.daysSinceUpdate).toBe(2757);
  });

  it('updates without a date, an empty history and a failed query are each unknown with their own reason', async () => {
    const osVersion = osVersionOf('systeminfo__en-win10-20H2-domain-member.txt');
    const undated = await osSupport.collect.windows(
      windowsHost({ osVersion, hotfixes: [{ id: 'KB4578968', installedOn: '' }] }),
      AT,
    );
    expect(undated.unknown.lastUpdate).toBe('none of the 1 installed updates records when it was installed');
    const none = await osSupport.collect.windows(windowsHost({ osVersion, hotfixes: null }), AT);
    expect(none.unknown.lastUpdate).toMatch(/lists no installed updates/);
    const failed = await osSupport.collect.windows(
      windowsHost(
        { osVersion },
        {
          elevated: false,
          failed: { hotfixes: { type: 'Microsoft.Management.Infrastructure.CimException', message: 'Access denied' } },
        },
      ),
      AT,
    );
    expect(failed.unknown.lastUpdate).toBe(REASON.needsAdmin);
    for (const out of [undated, none, failed]) expectHonest(out);
  });

  it('a build or an edition shop-audit does not know is unknown, never a guess', async () => {
    const future = await osSupport.collect.windows(
      windowsHost({
        osVersion: {
          ProductName: 'Windows 10 Pro',
          EditionID: 'Professional',
          CurrentBuild: '29999',
          CurrentVersion: '6.3',
        },
        hotfixes,
      }),
      AT,
    );
    expect(future.unknown.supported).toMatch(
      /^Windows build 29999 \(home-pro edition\) is not in shop-audit's end-of-life table/,
    );
    const odd = await osSupport.collect.windows(
      windowsHost({
        osVersion: { ProductName: 'Windows Embedded Thing', EditionID: 'Thing', CurrentBuild: '19045' },
        hotfixes,
      }),
      AT,
    );
    expect(odd.unknown.supported).toMatch(
      /the edition \(EditionID Thing, Windows Embedded Thing\) is not one shop-audit knows/,
    );
    expect(odd.facts.eolTableAsOf).toBe(null);
    for (const out of [future, odd]) expectHonest(out);
  });
});

describe('os_support on macOS', () => {
  it('sw_vers__macos-10.13-no-patch-tabs.txt: High Sierra, end of life', async () => {
    const out = await osSupport.collect.macos(macHost(SAMPLED_MAC), AT);
    expect(out.facts).toMatchObject({
      release: 'macOS 10.13 High Sierra',
      supported: false,
      supportEnds: '2020-12-01',
      supportSource: 'https://support.apple.com/en-us/100100',
    });
    expect(out.unknown.lastUpdate).toBe('/Library/Receipts/InstallHistory.plist: not found');
    expectHonest(out);
  });

  it('InstallHistory.plist__os-x-10.9-plaso-test-data.xml: the last update is the OS X 10.9 install; background data updates and third-party packages do not count', async () => {
    const history = readFileSync(
      path.join(REPO, 'test', 'fixtures', 'os_support', 'InstallHistory.plist__os-x-10.9-plaso-test-data.xml'),
      'utf8',
    );
    const bundle = {
      ...macBundle(SAMPLED_MAC),
      files: { '/Library/Receipts/InstallHistory.plist': { status: 'ok' as const, text: history } },
    };
    const out = await osSupport.collect.macos(createReplayHost(bundle), AT);
    expect(out.facts).toMatchObject({
      lastUpdate: '2013-11-12',
      updateEvidence: '/Library/Receipts/InstallHistory.plist: OS X 10.9 (13A603)',
    });
    expect(out.facts.daysSinceUpdate).toBe(4768);
    // Without the OS X installer entry, only config-data and a third-party pkg remain: no update recorded.
    const rest = history.replace(/<dict>[\s\S]*?OS X Installer[\s\S]*?<\/dict>/, '');
    const none = await osSupport.collect.macos(
      createReplayHost({
        ...bundle,
        files: { '/Library/Receipts/InstallHistory.plist': { status: 'ok' as const, text: rest } },
      }),
      AT,
    );
    expect(none.unknown.lastUpdate).toBe(
      '/Library/Receipts/InstallHistory.plist records no install by Software Update or the macOS installer',
    );
    expectHonest(none);
  });

  it('a current macOS with no announced end: supported, the end date unknown with the reason; sw_vers missing: unknown', async () => {
    const current = await osSupport.collect.macos(
      macHost({ [SW_VERS]: exited(macSample('sw_vers__macos-10.13-no-patch-tabs.txt').replace('10.13', '15.7.4')) }),
      AT,
    );
    expect(current.facts).toMatchObject({
      release: 'macOS 15 Sequoia',
      supported: true,
      supportEnds: null,
      daysUntilSupportEnds: null,
    });
    expect(current.unknown.supportEnds).toMatch(/no end of support announced as of/);
    const missing = await osSupport.collect.macos(macHost({}), AT);
    expect(missing.unknown.supported).toBe('/usr/bin/sw_vers: not found');
    for (const out of [current, missing]) expectHonest(out);
  });
});
