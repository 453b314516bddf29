import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPackTemplates } from '../../src/files/package.js';
import { compareReports, comparisonSection, renderComparisonHtml } from '../../src/report/compare.js';
import { renderFleetHtml, summariseReports } from '../../src/report/fleet.js';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/model.js';
import { packTemplatesSchema, renderPack } from '../../src/report/pack.js';
import { scan } from '../../src/scan.js';
import { makeRoot, rootHost } from '../helpers/host.js';
import { bundledRules } from '../helpers/scan.js';
import { needs } from '../helpers/tools.js';

// The report, the comparison, the fleet summary and the rectification pack in a real browser, in
// both languages, and printed to A4 PDF by Chromium, which poppler's pdfinfo reads back. The PDFs go
// to a temporary folder removed at the end; SHOP_AUDIT_PRINTS=DIR keeps them in DIR, with PNG pages
// made by pdftoppm, for a person to look at. Never into docs/.

const tools = needs({
  '/usr/lib/chromium/chromium-headless-shell': 'chromium-headless-shell',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc': 'fonts-noto-cjk',
  '/usr/bin/pdfinfo': 'poppler-utils',
});
const execFileAsync = promisify(execFile);
const TEMPLATES = packTemplatesSchema.parse(parse(readPackTemplates()));
let OUT = '';
let browser: Browser;

async function pc(name: string, id: string, lockMinutes: number, autoLogin: boolean): Promise<string> {
  return makeRoot({
    '/etc/os-release': readFileSync('/etc/os-release'),
    '/proc/sys/kernel/hostname': `${name}\n`,
    '/etc/machine-id': `${id}\n`,
    '/usr/bin/plasmashell': '',
    '/home/tester/.config/kscreenlockerrc': `[Daemon]\nAutolock=true\nRequirePassword=true\nTimeout=${lockMinutes}\nLockGrace=0\n`,
    ...(autoLogin ? { '/etc/sddm.conf': '[Autologin]\nUser=shopkeeper\n' } : {}),
  });
}

const scanAt = async (root: string, iso: string, lang: 'en' | 'zh-CN'): Promise<Report> =>
  scan(await rootHost(root), await bundledRules(), {
    lang,
    failOn: 'high',
    minScore: null,
    strict: false,
    version: '0.1.0',
    replayed: false,
    probeDeadlineMs: 8000,
    now: () => new Date(iso),
  });

tools.describe('printable pages', () => {
  beforeAll(async () => {
    const keep = process.env.SHOP_AUDIT_PRINTS;
    OUT = keep ? path.resolve(keep) : mkdtempSync(path.join(tmpdir(), 'shop-audit-print-'));
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: '/usr/lib/chromium/chromium-headless-shell',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (process.env.SHOP_AUDIT_PRINTS) process.stdout.write(`printed pages in ${OUT}\n`);
    else rmSync(OUT, { recursive: true, force: true });
  });

  it.each(['en', 'zh-CN'] as const)(
    '%s: report, compare, summary and pack render in Chromium without overflow, load nothing, and print to A4 PDF',
    async (lang) => {
      const before = await scanAt(
        await pc('TILL', '0f1e2d3c4b5a69788796a5b4c3d2e1f0', 30, true),
        '2026-11-15T09:00:00Z',
        lang,
      );
      const after = await scanAt(
        await pc('TILL', '0f1e2d3c4b5a69788796a5b4c3d2e1f0', 10, false),
        '2026-12-01T09:00:00Z',
        lang,
      );
      const other = await scanAt(
        await pc('水果店', '1a2b3c4d5e6f708192a3b4c5d6e7f801', 10, true),
        '2026-12-02T09:00:00Z',
        lang,
      );
      const changes = compareReports(before, after);
      expect(changes.fixed.map((r) => r.id).sort()).toEqual(['login.no-auto-login', 'screen-lock.idle-timeout']);
      const pages: Record<string, string> = {
        report: renderHtml(after, comparisonSection(changes)),
        compare: renderComparisonHtml(changes),
        summary: renderFleetHtml(summariseReports([before, after, other], lang)),
        pack: renderPack(after, TEMPLATES, changes),
      };
      // The four pages at once, each in its own tab of the one browser.
      const printPage = async ([name, html]: [string, string]) => {
        const file = path.join(OUT, `${name}-${lang}.html`);
        writeFileSync(file, html);
        const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
        const requests: string[] = [];
        page.on('request', (r) => {
          if (!r.url().startsWith('file:')) requests.push(r.url());
        });
        await page.goto(pathToFileURL(file).href);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${name} ${lang} wider than the window`).toBeLessThanOrEqual(0);
        expect(requests, name).toEqual([]);
        const text = await page.evaluate(() => document.body.innerText);
        if (lang === 'zh-CN') expect(text, name).toMatch(/\p{Script=Han}{4}/u);
        await page.emulateMedia({ media: 'print' });
        const pdf = path.join(OUT, `${name}-${lang}.pdf`);
        await page.pdf({ path: pdf, format: 'A4', printBackground: true });
        await page.close();
        expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
        // poppler reads the PDF back: its page count (the pack's forms need more than one page).
        const info = await execFileAsync('/usr/bin/pdfinfo', [pdf], { encoding: 'utf8' });
        printedPages[name] = Number(/^Pages:\s+(\d+)$/m.exec(info.stdout)?.[1]);
        // Pictures of the pages, for a person to look at.
        if (process.env.SHOP_AUDIT_PRINTS)
          await execFileAsync('/usr/bin/pdftoppm', ['-png', '-r', '60', pdf, path.join(OUT, `${name}-${lang}`)]);
      };
      const printedPages: Record<string, number> = {};
      await Promise.all(Object.entries(pages).map(printPage));
      const fixedIn = {
        pack: lang === 'zh-CN' ? '已整改的问题及时间' : 'What was fixed, and when',
        templates:
          lang === 'zh-CN'
            ? [
                '网络与数据安全管理制度',
                '网络安全负责人任命书',
                '数据安全事件应急预案',
                '员工安全培训记录',
                '个人信息处理清单',
              ]
            : ['Network and data security rules', 'Staff security training record'],
      };
      expect(pages.pack).toContain(fixedIn.pack);
      for (const title of fixedIn.templates) expect(pages.pack).toContain(title);
      expect(pages.pack).toContain(
        lang === 'zh-CN' ? '《个人信息保护法》第五十一条' : 'Personal Information Protection Law Art. 51',
      );
      expect(printedPages.report).toBeGreaterThanOrEqual(1);
      expect(printedPages.compare).toBeGreaterThanOrEqual(1);
      expect(printedPages.summary).toBeGreaterThanOrEqual(1);
      expect(printedPages.pack).toBeGreaterThanOrEqual(2);
    },
    120_000,
  );
});
