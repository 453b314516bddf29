import { describe, expect, it } from 'vitest';
import { REASON } from '../../src/probes/types.js';
import { esc, renderHtml } from '../../src/report/html.js';
import { reportSchema, type Report } from '../../src/report/model.js';

// A report as scan() builds it, written by hand for this test: one result of each status, two
// failures of different severity listed in the wrong order, an unknown that needs root.
const report: Report = reportSchema.parse({
  schemaVersion: 1,
  tool: { name: 'shop-audit', version: '9.8.7' },
  generatedAt: '2026-11-23T10:05:00.000Z',
  lang: 'en',
  profile: { id: 'pci-dss', title: 'PCI DSS v4.0.1', source: 'PCI DSS v4.0.1 requirements 8.2.8, 8.3.6' },
  machine: {
    hostname: 'till-1',
    os: 'windows',
    osName: 'Windows 11 Pro',
    osVersion: '23H2',
    user: 'shop',
    elevated: false,
    replayed: true,
  },
  score: { value: 42, grade: 'F', coverage: 70, cappedByCritical: true },
  counts: { pass: 1, fail: 2, unknown: 1, not_applicable: 1, error: 1 },
  policy: { failOn: 'high', minScore: null, strict: false, passed: false, reasons: ['2 failed at high or above'] },
  results: [
    {
      id: 'b.low',
      probe: 'p',
      severity: 'low',
      status: 'fail',
      title: 'Low thing',
      why: 'Minor.',
      fix: ['Do the small thing'],
      refs: [],
      evidence: {},
      reasons: [],
    },
    {
      id: 'a.critical',
      probe: 'p',
      severity: 'critical',
      status: 'fail',
      title: 'Critical thing',
      why: 'Customer data leaks.',
      fix: ['Open Settings', 'Turn it on'],
      refs: [
        { framework: 'pci-dss-4.0.1', control: '8.2.8' },
        { framework: 'cn-pipl', control: 'Art. 51' },
      ],
      evidence: { idleSeconds: 1200 },
      reasons: [],
    },
    {
      id: 'c.unknown',
      probe: 'p',
      severity: 'high',
      status: 'unknown',
      title: 'Unknown thing',
      why: 'w',
      fix: null,
      refs: [],
      evidence: { accounts: null },
      reasons: [`accounts: ${REASON.needsAdmin}`],
    },
    {
      id: 'd.error',
      probe: 'p',
      severity: 'medium',
      status: 'error',
      title: 'Broken thing',
      why: 'w',
      fix: null,
      refs: [],
      evidence: {},
      reasons: ['probe p: timed out'],
    },
    {
      id: 'e.pass',
      probe: 'p',
      severity: 'high',
      status: 'pass',
      title: 'Good thing',
      why: 'w',
      fix: null,
      refs: [],
      evidence: {},
      reasons: [],
    },
    {
      id: 'f.na',
      probe: 'p',
      severity: 'high',
      status: 'not_applicable',
      title: 'Other OS thing',
      why: 'w',
      fix: null,
      refs: [],
      evidence: {},
      reasons: [],
    },
  ],
  probes: [],
});

describe('HTML report (markup)', () => {
  const html = renderHtml(report);
  const at = (text: string) => {
    const i = html.indexOf(text);
    expect(i, text).toBeGreaterThan(0);
    return i;
  };

  it('is one self-contained page: no script, no link, no external resource, a CSP that forbids them', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|https?:\/\//i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('"PingFang SC"');
    expect(html).toContain('"Microsoft YaHei"');
    expect(html).toContain('"Noto Sans CJK SC"');
    expect(html).toMatch(/@page\{size:A4/);
  });

  it('shows score, grade, coverage, the cap, counts, machine, date, version and profile', () => {
    expect(html).toContain('<text x="60" y="58" class="number">42</text>');
    expect(html).toContain('Grade F</p>');
    expect(html).toContain('Coverage 70%');
    expect(html).toContain('capped: a critical check failed');
    expect(html).toContain('<b>2</b> FAIL');
    expect(html).toContain('<b>1</b> ERROR');
    expect(html).toContain('<dd>till-1</dd>');
    expect(html).toContain('<dd>Windows 11 Pro 23H2</dd>');
    expect(html).toContain('<dd>shop (not administrator/root)</dd>');
    expect(html).toContain('<dd>PCI DSS v4.0.1 (pci-dss)</dd>');
    expect(html).toContain('<dd>2026-11-23 10:05 UTC</dd>');
    expect(html).toContain('<dd>9.8.7</dd>');
    expect(html).toContain('from a recorded bundle, not this PC');
  });

  it('orders: failures (most severe first), unknown, errors, passed collapsed, not applicable last', () => {
    expect(at('Critical thing')).toBeLessThan(at('Low thing'));
    expect(at('Low thing')).toBeLessThan(at('Could not check'));
    expect(at('Could not check')).toBeLessThan(at('Checks that failed to run'));
    expect(at('Checks that failed to run')).toBeLessThan(at('<details><summary><h2>Passed (1)'));
    expect(at('Passed (1)')).toBeLessThan(at('Not applicable to this PC (1)'));
  });

  it('a failure has why, numbered steps and the frameworks that ask for it, by name', () => {
    expect(html).toContain('<h4>Why it matters</h4><p>Customer data leaks.</p>');
    expect(html).toContain('<ol><li>Open Settings</li><li>Turn it on</li></ol>');
    expect(html).toContain(
      '<span class="ref">PCI DSS v4.0.1 8.2.8</span> <span class="ref">China Personal Information Protection Law (PIPL) Art. 51</span>',
    );
  });

  it('an unknown says how to get an answer, from its reason', () => {
    expect(html).toContain('<p class="hint">Run shop-audit again as administrator');
    expect(html).toContain(`<li>accounts: ${REASON.needsAdmin}</li>`);
  });

  it('speaks Chinese when the report is zh-CN, framework names included', () => {
    const zh = renderHtml({ ...report, lang: 'zh-CN' });
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('需要修复的问题');
    expect(zh).toContain('<h4>为什么重要</h4>');
    expect(zh).toContain('《个人信息保护法》第五十一条');
    expect(zh).toContain('请以管理员身份');
    expect(zh).toContain('<dd>shop (非管理员/root)</dd>');
  });

  it('esc escapes markup and quotes and shows control and bidi characters as escapes', () => {
    expect(esc(`<b a="1" b='2'>&amp;</b>`)).toBe('&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;amp;&lt;/b&gt;');
    expect(esc('name\u202eexe.txt\u0007')).toBe('name\\u{202e}exe.txt\\u{7}');
    expect(esc(null)).toBe('null');
  });
});
