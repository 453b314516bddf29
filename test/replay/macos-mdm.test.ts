import { describe, expect, it } from 'vitest';
import { system } from '../../src/probes/system/index.js';
import { renderHtml } from '../../src/report/html.js';
import { renderText } from '../../src/report/text.js';
import { expectHonest } from '../helpers/honesty.js';
import { exited, fixture, macHost, SAMPLED_MAC, sample, type Answers } from '../helpers/macos-samples.js';
import { scanWith } from '../helpers/scan.js';
import { windowsHost } from '../helpers/windows-samples.js';

// Whether an organisation manages the Mac (MDM), replayed from the real output in
// test/fixtures/samples/macos (MANIFEST.md: DEP yes, MDM "Yes (User Approved)", a managed Mac) and the
// sourced fixture in test/fixtures/macos, up to the report's machine section.

const PROFILES = '/usr/bin/profiles status -type enrollment';
const MANAGED: Answers = {
  ...SAMPLED_MAC,
  [PROFILES]: exited(sample('profiles-status-type-enrollment__dep-yes-user-approved.txt')),
};
const UNMANAGED: Answers = {
  ...SAMPLED_MAC,
  [PROFILES]: exited(fixture('profiles-status-type-enrollment__as-quoted-in-a-dep-guide-not-enrolled.txt')),
};

async function collect(answers: Answers) {
  const out = await system.collect.macos(macHost(answers));
  system.facts.parse(out.facts);
  return out;
}

describe('macOS: managed by an organisation (MDM)', () => {
  it('profiles-status-type-enrollment__dep-yes-user-approved.txt: a managed Mac, enrolled via DEP, shown in every report format and language; the MDM server is not kept', async () => {
    const out = await collect(MANAGED);
    expect(out.facts).toMatchObject({ mdmEnrolled: true, mdmEnrolledViaDep: true });
    expectHonest(out);
    const report = await scanWith(macHost(MANAGED));
    expect(report.machine).toMatchObject({ mdmEnrolled: true, mdmEnrolledViaDep: true });
    expect(JSON.stringify(report)).not.toContain('MDMSERVER');
    expect(renderText(report, { color: false })).toContain(
      "Managed by an organisation (MDM): yes, enrolled through Apple's Device Enrollment Program (DEP): whoever manages this Mac may enforce some settings",
    );
    const zh = { ...report, lang: 'zh-CN' as const };
    expect(renderText(zh, { color: false })).toContain('由机构统一管理（MDM）: 是，通过 Apple 设备注册计划（DEP）注册');
    expect(renderHtml(zh)).toContain(
      '<dt>由机构统一管理（MDM）</dt><dd>是，通过 Apple 设备注册计划（DEP）注册：管理这台 Mac 的机构可能会强制某些设置</dd>',
    );
  });

  it('profiles-status-type-enrollment__as-quoted-in-a-dep-guide-not-enrolled.txt: nobody manages the Mac, and the report says so', async () => {
    expect((await collect(UNMANAGED)).facts).toMatchObject({ mdmEnrolled: false, mdmEnrolledViaDep: false });
    const report = await scanWith(macHost(UNMANAGED));
    expect(renderText(report, { color: false })).toContain('Managed by an organisation (MDM): no');
    expect(renderHtml(report)).toContain('<dt>Managed by an organisation (MDM)</dt><dd>no</dd>');
  });

  it('profiles missing, or refusing (hand-written error): unknown with the reason, and the report leaves the line out', async () => {
    const missing = await collect(SAMPLED_MAC);
    expect(missing.facts).toMatchObject({ mdmEnrolled: null, mdmEnrolledViaDep: null });
    expect(missing.unknown.mdmEnrolled).toBe('/usr/bin/profiles status -type enrollment: not found');
    expectHonest(missing);
    const refused = await collect({ ...SAMPLED_MAC, [PROFILES]: exited('', 'profiles: an error\n', 1) });
    expect(refused.unknown.mdmEnrolledViaDep).toBe(
      '/usr/bin/profiles status -type enrollment: exit code 1: profiles: an error',
    );
    expect(renderText(await scanWith(macHost(SAMPLED_MAC)), { color: false })).not.toContain('MDM');
  });

  it('Windows: not read, and not shown', async () => {
    const out = await system.collect.windows(windowsHost({ computerName: 'TILL-PC' }));
    expect(out.unknown.mdmEnrolled).toBe('read on macOS only so far');
    const report = await scanWith(windowsHost({ computerName: 'TILL-PC' }));
    expect(report.machine.mdmEnrolled).toBeNull();
    expect(renderHtml(report)).not.toContain('MDM');
  });
});
