import { describe, expect, it } from 'vitest';
import { EOL_TABLE_AS_OF } from '../../../src/probes/os_support/eol-table.js';
import { RENDERERS } from '../../../src/report/index.js';
import { scan } from '../../../src/scan.js';
import { bundledRules } from '../../helpers/scan.js';
import { HOTFIXES_EXAMPLE as hotfixes, parseSystemInfo, sample, windowsHost } from '../../helpers/windows-samples.js';

// The os rules through a whole scan on the scan's own clock (injected here): an end-of-life PC
// fails, an old table is said so in every report format, a fresh one is not.

const win7 = {
  ...parseSystemInfo(sample('systeminfo__en-win7-sp1-crlf.txt')),
  EditionID: null,
  DisplayVersion: null,
  ReleaseId: null,
  UBR: null,
};

/** A scan of a Windows PC with these script answers, on the given day. */
async function scanOn(
  day: string,
  lang: 'en' | 'zh-CN' = 'en',
  answers: Record<string, unknown> = { osVersion: win7, hotfixes },
) {
  return scan(windowsHost({ computerName: 'TILL', uiLanguage: 'en-US', ...answers }), await bundledRules(), {
    lang,
    failOn: 'high',
    minScore: null,
    strict: false,
    version: 'test',
    replayed: true,
    probeDeadlineMs: 8000,
    now: () => new Date(`${day}T09:00:00Z`),
  });
}
const result = (report: Awaited<ReturnType<typeof scanOn>>, id: string) => report.results.find((r) => r.id === id)!;
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('os rules', () => {
  it('systeminfo__en-win7-sp1-crlf.txt: Windows 7 fails os.supported; its newest update (2019) fails os.updates-recent', async () => {
    const report = await scanOn(plusDays(EOL_TABLE_AS_OF, 10));
    expect(result(report, 'os.supported')).toMatchObject({
      status: 'fail',
      severity: 'high',
      evidence: { supported: false },
    });
    expect(result(report, 'os.supported').fix?.[0]).toContain('Settings > Windows Update');
    expect(result(report, 'os.updates-recent')).toMatchObject({ status: 'fail' });
  });

  it('a supported Windows updated 35 days ago passes both; 36 days fails the update rule', async () => {
    const ltsc = {
      ProductName: 'Windows 10 Enterprise LTSC 2019',
      EditionID: 'EnterpriseS',
      CurrentBuild: '17763',
      CurrentVersion: '6.3',
      DisplayVersion: null,
      ReleaseId: '1809',
      UBR: 1,
    };
    const day = plusDays(EOL_TABLE_AS_OF, 30);
    const on = (daysAgo: number) => {
      const d = new Date(Date.parse(`${day}T00:00:00Z`) - daysAgo * 86_400_000);
      return scanOn(day, 'en', {
        osVersion: ltsc,
        hotfixes: [{ id: 'KB5000001', installedOn: `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}` }],
      });
    };
    const fresh = await on(35);
    expect(result(fresh, 'os.supported').status).toBe('pass');
    expect(result(fresh, 'os.updates-recent')).toMatchObject({ status: 'pass', evidence: { daysSinceUpdate: 35 } });
    expect(result(await on(36), 'os.updates-recent').status).toBe('fail');
  });

  it('the table is said to be old once it is more than six months old, in the text, JSON and HTML reports, with its date in JSON and HTML', async () => {
    const young = await scanOn(plusDays(EOL_TABLE_AS_OF, 183));
    expect(result(young, 'os.eol-table-current').status).toBe('pass');
    const old = await scanOn(plusDays(EOL_TABLE_AS_OF, 184));
    expect(result(old, 'os.eol-table-current')).toMatchObject({
      status: 'fail',
      severity: 'info',
      evidence: { eolTableAsOf: EOL_TABLE_AS_OF, eolTableAgeDays: 184 },
    });
    const text = RENDERERS.text(old, { color: false });
    expect(text).toMatch(/\[FAIL\] \(info\) shop-audit's list of supported systems is out of date/);
    expect(text).toContain(`Found: list checked ${EOL_TABLE_AS_OF}, 184 days before this scan`);
    expect(text).toContain('Required: at most 183 days old');
    expect(text).toContain('Download the newest shop-audit');
    expect(
      JSON.parse(RENDERERS.json(old)).results.find((r: { id: string }) => r.id === 'os.eol-table-current').evidence
        .eolTableAsOf,
    ).toBe(EOL_TABLE_AS_OF);
    const html = RENDERERS.html(old);
    expect(html).toContain('shop-audit&#39;s list of supported systems is out of date');
    expect(html).toContain(`&quot;eolTableAsOf&quot;: &quot;${EOL_TABLE_AS_OF}&quot;`);
    // The notice weighs nothing: the score is the same with a fresh and an old table.
    expect(old.score.value).toBe(young.score.value);
    const zh = RENDERERS.text(await scanOn(plusDays(EOL_TABLE_AS_OF, 184), 'zh-CN'), { color: false });
    expect(zh).toContain('shop-audit 内置的系统支持期列表已过时');
    expect(zh).toContain('要求：不超过 183 天');
  });
});
