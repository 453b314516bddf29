import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost, type Bundle } from '../../src/host/bundle.js';
import { createLiveHost } from '../../src/host/live.js';
import { readRuleSources } from '../../src/files/read.js';
import type { Lang } from '../../src/probes/types.js';
import { redactSecrets } from '../../src/probes/index.js';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/model.js';
import { loadRuleSet } from '../../src/rule-set.js';
import { scan, type RuleSet } from '../../src/scan.js';
import { makeRoot, REPO } from '../helpers/host.js';
import { bundledRules } from '../helpers/scan.js';
import { needs } from '../helpers/tools.js';

// The HTML report in a real browser (Debian's Chromium headless shell through playwright-core). The reports are
// real scans of this machine: once as the shop's ordinary user (so some checks are unknown) for
// the screenshots, once replayed with hostile facts and hostile rule text for the XSS corpus.

// Pages go to a temporary folder. Screenshots are taken only for npm run docs:screenshots, which sets
// SHOP_AUDIT_SCREENSHOTS=docs to write the README's two pictures (docs/report-*.png): nothing looks at
// a picture in a test run, and each full-page PNG costs about a second.
let OUTPUT = '';
const SCREENSHOTS = process.env.SHOP_AUDIT_SCREENSHOTS && path.resolve(REPO, process.env.SHOP_AUDIT_SCREENSHOTS);
// Chromium's headless shell (the same Blink as the browser, without its window code: the two browser test files took
// about a quarter less CPU than with /usr/bin/chromium --headless, 2026-12-07), a CJK font for the Chinese page, and
// Samba's testparm for the share-name XSS case.
const tools = needs({
  '/usr/lib/chromium/chromium-headless-shell': 'chromium-headless-shell',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc': 'fonts-noto-cjk',
  '/usr/bin/testparm': 'samba-common-bin',
});
const NOW = () => new Date('2026-11-23T09:30:00Z');

const scanOf = (host: Parameters<typeof scan>[0], set: RuleSet, lang: Lang, profile?: string): Promise<Report> =>
  scan(host, set, {
    lang,
    profile,
    failOn: 'high',
    minScore: null,
    strict: false,
    version: '0.1.0',
    replayed: false,
    probeDeadlineMs: 8000,
    now: NOW,
  });

// Each string tries another way out of the text: a script element, an attribute break with an
// event handler, a javascript: link, closing the <style> or <title> element, an SVG onload.
const CORPUS = [
  `<script>window.__pwned='script';alert('script')</script>`,
  `"><img src=x onerror="window.__pwned='img';alert('img')">`,
  `javascript:window.__pwned='js-url'`,
  `<a href="javascript:window.__pwned='link'">click</a>`,
  `</style><script>window.__pwned='style';alert('style')</script>`,
  `</title><svg onload="window.__pwned='svg'">`,
  `'><iframe srcdoc="<script>parent.__pwned='iframe'</script>">`,
] as const;
const HOSTILE_HOST = `${CORPUS[5]}${CORPUS[0]}`;
const HOSTILE_SHARE = `${CORPUS[1]}`;

/** A rule file and a profile in a temporary folder whose every text field carries the corpus. */
async function hostileRules(): Promise<RuleSet> {
  const quoted = (s: string) => JSON.stringify(s);
  const rule = `rules:
  - id: test.hostile-text
    probe: system
    severity: critical
    applies: { os: [linux, windows, macos] }
    check: { fact: hostname, equals: "a name no PC has" }
    title: { en: ${quoted(CORPUS[0])}, zh-CN: ${quoted(CORPUS[0])} }
    why: { en: ${quoted(CORPUS[1])}, zh-CN: ${quoted(CORPUS[1])} }
    fix:
      linux:
        en: [${CORPUS.map(quoted).join(', ')}]
        zh-CN: [${CORPUS.map(quoted).join(', ')}]
      windows: { en: [${quoted(CORPUS[2])}], zh-CN: [${quoted(CORPUS[2])}] }
      macos: { en: [${quoted(CORPUS[2])}], zh-CN: [${quoted(CORPUS[2])}] }
    refs: [{ framework: cis-v8, control: ${quoted(CORPUS[4])} }]
`;
  const profile = `id: hostile\ntitle: { en: ${quoted(CORPUS[3])}, zh-CN: ${quoted(CORPUS[3])} }\nsource: ${quoted(CORPUS[6])}\n`;
  const dir = await makeRoot({ 'hostile.yaml': rule, 'profiles/hostile.yaml': profile });
  return loadRuleSet(await readRuleSources([dir]), await bundledRules());
}

/** This machine's answers with the host name and a Samba share name replaced by the corpus. */
async function hostileBundle(): Promise<Bundle> {
  const recording = createRecordingHost(await createLiveHost(), redactSecrets);
  await scanOf(recording.host, await bundledRules(), 'en');
  const bundle = recording.finish();
  bundle.files['/proc/sys/kernel/hostname'] = { status: 'ok', text: `${HOSTILE_HOST}\n` };
  const testparm = bundle.commands.find((c) => c.command.endsWith('/testparm'));
  expect(testparm, 'this machine has Samba installed').toBeDefined();
  if (testparm) {
    // With the [global] parameters testparm -s -v always prints, which shop-audit requires of its answer.
    const globals =
      '\tserver min protocol = SMB2_02\n\tusershare allow guests = No\n\tusershare max shares = 0\n\tusershare path = /var/lib/samba/usershares\n\tpid directory = /run/samba\n';
    testparm.result = {
      status: 'exited',
      exitCode: 0,
      stdout: `[global]\n\tmap to guest = Bad User\n${globals}\n[${HOSTILE_SHARE}]\n\tpath = /srv/share\n\tguest ok = Yes\n\tread only = No\n`,
      stderr: '',
    };
    const smbd = Object.keys(bundle.stats).find((p) => p.endsWith('/smbd'));
    if (smbd) bundle.stats[smbd] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o100755 };
  }
  return bundle;
}

let browser: Browser;
let page: Page;
const dialogs: string[] = [];

const requests: string[] = [];

async function open(html: string, name: string, width = 1000): Promise<void> {
  const file = path.join(OUTPUT, `${name}.html`);
  writeFileSync(file, html);
  await page.setViewportSize({ width, height: 900 });
  await page.goto(pathToFileURL(file).href);
}

/** The font families Chromium really drew an element's text with. */
async function fontsUsedFor(selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((f) => f.familyName);
}

tools.describe('HTML report in Chromium', () => {
  beforeAll(async () => {
    OUTPUT = mkdtempSync(path.join(tmpdir(), 'shop-audit-html-'));
    browser = await chromium.launch({
      executablePath: '/usr/lib/chromium/chromium-headless-shell',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // The page must need nothing from outside itself: any request but the file is recorded.
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(OUTPUT, { recursive: true, force: true });
  });

  it.each(['en', 'zh-CN'] as const)(
    'renders a real scan of this PC as the ordinary user in %s (and the README screenshots when asked)',
    async (lang) => {
      const host = await createLiveHost({
        elevated: false,
        user: { name: 'shop', uid: 1000, home: '/home/shop' },
        env: {},
      });
      const report = await scanOf(host, await bundledRules(), lang);
      expect(report.counts.fail).toBeGreaterThan(0);
      await open(renderHtml(report), `report-${lang}`);

      const headings = await page.locator('h2').allInnerTexts();
      const zh = lang === 'zh-CN';
      expect(headings[0]).toBe(zh ? '需要修复的问题' : 'Problems to fix');
      expect(await page.locator('.gauge .number').textContent()).toBe(String(report.score.value));
      expect(await page.locator('section.fail article').count()).toBe(report.counts.fail);
      expect(await page.locator('section.fail article ol li').count()).toBeGreaterThan(report.counts.fail);
      expect(await page.locator('.machine').innerText()).toContain(zh ? '非管理员/root' : 'not administrator/root');
      if (report.counts.unknown > 0)
        expect(await page.locator('section.unknown .hint').first().innerText()).toContain(
          zh ? '以管理员身份' : 'as administrator',
        );
      // Passed items are there but collapsed: in the document, not on the screen.
      expect(await page.locator('section.pass details').getAttribute('open')).toBeNull();
      expect(await page.locator('section.pass li').first().isVisible()).toBe(false);
      // On paper nothing can be clicked open, so printing shows them.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('section.pass li').first().isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
      // Chinese text is drawn with a CJK font, not boxes from a Latin one.
      if (zh)
        expect((await fontsUsedFor('h1')).some((f) => /CJK|YaHei|PingFang|WenQuanYi|Source Han/i.test(f))).toBe(true);

      if (SCREENSHOTS) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `report-${lang}.png`), fullPage: true });
      }
      // On a phone (390 CSS pixels) nothing is wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(requests).toEqual([]);
    },
    60_000,
  );

  it('an XSS corpus in facts (host name, share name) and in rule and profile text never runs and shows as text', async () => {
    const set = await hostileRules();
    const report = await scanOf(createReplayHost(await hostileBundle()), set, 'en', 'hostile');
    const html = renderHtml(report);
    expect(report.machine.hostname).toBe(HOSTILE_HOST);
    expect(report.results.find((r) => r.id === 'test.hostile-text')?.status).toBe('fail');

    // Without the Content-Security-Policy too: escaping alone must keep every string inert.
    const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(withoutCsp).not.toBe(html);
    for (const [variant, text] of [
      ['without-csp', withoutCsp],
      ['with-csp', html],
    ] as const) {
      await open(text, `xss-${variant}`);
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      // Nothing the corpus tried to create exists; the gauge is the page's only SVG.
      expect(await page.locator('script, img, iframe, a, object, embed, [onerror], [onload], [href]').count()).toBe(0);
      expect(await page.locator('svg').count()).toBe(1);
      expect(await page.locator('style').count()).toBe(1);
      expect(await page.title()).toBe(`shop-audit report · ${HOSTILE_HOST}`);

      // And each string is there to read, as the text it is.
      const item = page.locator('article', { has: page.locator('code', { hasText: 'test.hostile-text' }) });
      expect(await item.locator('h3').innerText()).toContain(CORPUS[0]);
      expect(await item.locator('p').nth(1).innerText()).toBe(CORPUS[1]);
      expect(await item.locator('ol li').allInnerTexts()).toEqual([...CORPUS]);
      expect(await item.locator('.ref').innerText()).toBe(`CIS Controls v8 ${CORPUS[4]}`);
      expect(await page.locator('.machine').innerText()).toContain(HOSTILE_HOST);
      expect(await page.locator('.machine').innerText()).toContain(CORPUS[3]);
      expect(await page.locator('footer').innerText()).toContain(CORPUS[6]);
      // The share name reaches the page as evidence of the guest-share failure (JSON, so its quote is escaped).
      expect((await page.locator('pre').allTextContents()).join('\n')).toContain(
        JSON.stringify(HOSTILE_SHARE).slice(1, -1),
      );
    }
    expect(requests).toEqual([]);
  }, 60_000);
});
