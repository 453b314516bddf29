import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usbRound } from '../../src/cli/usb.js';
import { compareReports, renderComparisonText } from '../../src/report/compare.js';
import { renderFleetCsv, renderFleetText, summariseReports } from '../../src/report/fleet.js';
import { renderJunit } from '../../src/report/junit.js';
import { packTemplatesSchema, renderPack } from '../../src/report/pack.js';
import type { Report } from '../../src/report/model.js';
import { scan } from '../../src/scan.js';
import { runCli, runMain } from '../helpers/cli.js';
import { makeRoot, REPO, rootHost } from '../helpers/host.js';
import { bundledRules } from '../helpers/scan.js';

// The technician's round on real scans: a temporary root holding a KDE Plasma desktop (the real
// collectors read its kscreenlockerrc and sddm.conf), this machine's os-release, a host name and a
// machine id (scan dates all more than six months after the built-in support table, so its notice fails in
// every scan alike). "Clean" locks after 10 minutes; "misconfigured" after 30 and logs in by itself.

const MACHINE_ID = '5c2e9d6a1f3b4e8d9a7c6b5e4d3c2b1a';
const kscreenlocker = (minutes: number) =>
  `[Daemon]\nAutolock=true\nRequirePassword=true\nTimeout=${minutes}\nLockGrace=0\n`;
const AUTO_LOGIN = '[Autologin]\nUser=shopkeeper\nSession=plasma\n';

function pcFiles(name: string, id: string): Record<string, string | Buffer> {
  return {
    '/etc/os-release': readFileSync('/etc/os-release'),
    '/proc/sys/kernel/hostname': `${name}\n`,
    '/etc/machine-id': `${id}\n`,
    '/usr/bin/plasmashell': '',
    '/home/tester/.config/kscreenlockerrc': kscreenlocker(10),
  };
}

function misconfigure(root: string): void {
  writeFileSync(path.join(root, 'home/tester/.config/kscreenlockerrc'), kscreenlocker(30));
  writeFileSync(path.join(root, 'etc/sddm.conf'), AUTO_LOGIN);
}

const at = (iso: string) => () => new Date(iso);

async function scanRoot(root: string, now: string, lang: 'en' | 'zh-CN' = 'en'): Promise<Report> {
  return scan(await rootHost(root), await bundledRules(), {
    lang,
    failOn: 'high',
    minScore: null,
    strict: false,
    version: 'test',
    replayed: false,
    probeDeadlineMs: 8000,
    now: at(now),
  });
}

const failing = (r: Report) => r.results.filter((x) => x.status === 'fail').map((x) => x.id);

describe('compare', () => {
  it('a clean and a misconfigured scan of the same PC: exactly the new failures, with what was found and what is required', async () => {
    const root = await makeRoot(pcFiles('TILL', MACHINE_ID));
    const clean = await scanRoot(root, '2026-11-15T09:00:00Z');
    misconfigure(root);
    const bad = await scanRoot(root, '2026-12-01T09:00:00Z');
    const expected = failing(bad)
      .filter((id) => !failing(clean).includes(id))
      .sort();
    expect(expected).toEqual(['login.no-auto-login', 'screen-lock.idle-timeout']);

    const c = compareReports(clean, bad);
    expect(c.samePc).toBe(true);
    expect(c.newFailures.map((r) => r.id).sort()).toEqual(expected);
    expect(c.fixed).toEqual([]);
    expect(c.stillFailing.map((r) => r.id).sort()).toEqual(failing(clean).sort());
    const text = renderComparisonText(c);
    expect(text).toContain('New problems (2):');
    expect(text).toContain(
      'The screen does not lock soon enough when nobody is at the PC — screen lock on: yes; asks for the password: yes; locks after 30 minutes',
    );
    expect(text).toContain('The PC logs in by itself when it starts — logs in by itself as: shopkeeper');

    // The other way round, the same two are fixed.
    const back = compareReports(bad, clean);
    expect(back.fixed.map((r) => r.id).sort()).toEqual(expected);
    expect(back.newFailures).toEqual([]);

    // Through the CLI: exit 1 for a new high failure, 0 when only critical ones count, 2 for another schema version.
    const dir = await makeRoot({
      'old.json': JSON.stringify(clean),
      'new.json': JSON.stringify(bad),
      'future.json': JSON.stringify({ ...bad, schemaVersion: 99 }),
    });
    // The exit code as the shell sees it once; the other runs through the CLI's main in-process.
    const compare = (...args: string[]) => ['compare', path.join(dir, 'old.json'), ...args];
    const r = runCli(compare(path.join(dir, 'new.json')));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('New problems (2):');
    expect((await runMain(compare(path.join(dir, 'new.json'), '--fail-on', 'critical'))).code).toBe(0);
    const json = JSON.parse((await runMain(compare(path.join(dir, 'new.json'), '--format', 'json'))).stdout);
    expect(json.newFailures.map((x: { id: string }) => x.id).sort()).toEqual(expected);
    const future = await runMain(compare(path.join(dir, 'future.json')));
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('report schema version 99 is not one this shop-audit reads');
  });
});

describe('summary and junit', () => {
  it('several reports: one row per PC (its latest visit) and how many PCs fail each rule; CSV with a BOM for Excel', async () => {
    const a = await makeRoot(pcFiles('水果店', MACHINE_ID));
    const b = await makeRoot(pcFiles('BARBER', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'));
    const aFirst = await scanRoot(a, '2026-11-15T09:00:00Z');
    misconfigure(a);
    const aLater = await scanRoot(a, '2026-12-01T09:00:00Z');
    const bOnly = await scanRoot(b, '2026-12-02T09:00:00Z');
    const fleet = summariseReports([aFirst, bOnly, aLater], 'en');
    expect(fleet.pcs).toBe(2);
    expect(fleet.rows.map((r) => [r.name, r.generatedAt])).toEqual([
      ['BARBER', bOnly.generatedAt],
      ['水果店', aLater.generatedAt],
    ]);
    const tally = Object.fromEntries(fleet.rules.map((x) => [x.id, x.failing]));
    expect(tally['screen-lock.idle-timeout']).toBe(1);
    expect(tally['login.no-auto-login']).toBe(1);
    for (const id of failing(bOnly)) expect(tally[id], id).toBe(failing(aLater).includes(id) ? 2 : 1);
    expect(fleet.rows.find((r) => r.name === '水果店')!.highFailed).toBe(
      aLater.results.filter((x) => x.status === 'fail' && x.severity === 'high').length,
    );
    expect(renderFleetText(fleet)).toContain(
      `1/2  (high) The PC logs in by itself when it starts  login.no-auto-login`,
    );
    const csv = renderFleetCsv(fleet);
    expect(csv.startsWith('\uFEFF"Computer","Date","Score"')).toBe(true);
    expect(csv).toContain('"水果店"');
    expect(csv.split('\r\n')).toHaveLength(4);

    // The CLI reads a folder of reports, as a stick's reports/ holds them.
    const dir = await makeRoot({
      'a1.json': JSON.stringify(aFirst),
      'a2.json': JSON.stringify(aLater),
      'b.json': JSON.stringify(bOnly),
      'notes.txt': 'not a report',
    });
    const r = await runMain(['summary', dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toHaveLength(2);
  });

  it('junit: one test case per rule; a failure is a <failure>, an unknown an <error>, never a pass', async () => {
    const root = await makeRoot(pcFiles('TILL', MACHINE_ID));
    misconfigure(root);
    const report = await scanRoot(root, '2026-12-01T09:00:00Z');
    const xml = renderJunit(report);
    expect(xml.match(/<testcase /g)).toHaveLength(report.results.length);
    expect(xml.match(/<failure /g)?.length ?? 0).toBe(report.counts.fail);
    expect(xml.match(/<error /g)?.length ?? 0).toBe(report.counts.unknown + report.counts.error);
    expect(report.counts.unknown).toBeGreaterThan(0);
    expect(xml.match(/<skipped\/>/g)?.length ?? 0).toBe(report.counts.not_applicable);
    expect(xml).toContain('message="The screen does not lock soon enough when nobody is at the PC"');
  });
});

describe('the rectification pack', () => {
  it("fills the list of personal information from the personal_data probe's findings, masked, and names the fixed items", async () => {
    // A waybill export on the shop user's desktop with eight customers' mobile numbers.
    const mobiles = [
      '13800138001',
      '13912345678',
      '15011112222',
      '18622223333',
      '17733334444',
      '13655556666',
      '15977778888',
      '18899990000',
    ];
    const csv = `姓名,手机,地址\n${mobiles.map((m, i) => `客户${i},${m},北京市朝阳区${i}号`).join('\n')}\n`;
    const root = await makeRoot({ ...pcFiles('TILL', MACHINE_ID), '/home/tester/Desktop/快递单.csv': csv });
    writeFileSync(path.join(root, 'etc/sddm.conf'), AUTO_LOGIN);
    const before = await scanRoot(root, '2026-11-15T09:00:00Z', 'zh-CN');
    writeFileSync(path.join(root, 'etc/sddm.conf'), '');
    const report = await scanRoot(root, '2026-12-01T09:00:00Z', 'zh-CN');
    const result = report.results.find((r) => r.id === 'personal-data.no-customer-files')!;
    expect(result.status).toBe('fail');
    const { parse } = await import('yaml');
    const templates = packTemplatesSchema.parse(parse(readFileSync(path.join(REPO, 'templates', 'pack.yaml'), 'utf8')));
    const changes = compareReports(before, report);
    expect(changes.fixed.map((r) => r.id)).toEqual(['login.no-auto-login']);
    const html = renderPack(report, templates, changes);
    expect(html).toContain(`两次检查之间已整改 ${changes.before.local}`);
    expect(html).toContain(changes.fixed[0]!.title);
    expect(html).toContain('本次检查在这台电脑上发现');
    expect(html).toMatch(/快递单\.csv：8 个顾客号码/);
    for (const m of mobiles) expect(html).not.toContain(m);
    expect(html).toContain('个人信息处理清单');
    expect(html).toContain('《个人信息保护法》第五十一条第（二）项');
    expect(html).toContain('签字');
  });
});

describe('USB mode remembers', () => {
  it('the second visit to the same PC says what changed since the first; the machine id is kept hashed only', async () => {
    const root = await makeRoot(pcFiles('TILL', MACHINE_ID));
    const stick = await makeRoot({ 'reports/.keep': '' });
    const folders = [path.join(stick, 'reports')];
    const first = await usbRound(await rootHost(root), await bundledRules(), {
      lang: 'en',
      folders,
      now: at('2026-11-15T09:00:00Z'),
    });
    expect(first.text).not.toContain('What changed since');
    misconfigure(root);
    const second = await usbRound(await rootHost(root), await bundledRules(), {
      lang: 'en',
      folders,
      now: at('2026-12-01T09:00:00Z'),
    });
    expect(second.text).toContain('What changed since the visit of 2026-11-15');
    expect(second.text).toContain('New problems (2):');
    expect(second.text).toMatch(/- \(high\) The PC logs in by itself when it starts/);
    const saved = readdirSync(folders[0]!).filter((n) => n.startsWith('TILL-2026-12-01'));
    expect(saved.sort()).toEqual(['TILL-2026-12-01_090000.html', 'TILL-2026-12-01_090000.json']);
    const html = readFileSync(path.join(folders[0]!, saved[0]!), 'utf8');
    expect(html).toContain('<section class="changes">');
    expect(html).toContain('New problems (2)');
    const json = readFileSync(path.join(folders[0]!, saved[1]!), 'utf8');
    expect(JSON.parse(json).machine.idHash).toMatch(/^[0-9a-f]{24}$/);
    expect(json + html + second.text).not.toContain(MACHINE_ID);

    // Another PC's report on the stick is not taken for this one.
    const other = await makeRoot(pcFiles('TILL', 'ffeeddccbbaa99887766554433221100'));
    const third = await usbRound(await rootHost(other), await bundledRules(), {
      lang: 'en',
      folders,
      now: at('2026-12-02T09:00:00Z'),
    });
    expect(third.text).not.toContain('What changed since');
  });
});
