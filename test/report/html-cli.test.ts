import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runMain } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';

// --format html and --lang through the built CLI, on this PC; the error messages through its main in-process.

describe('shop-audit scan --format html', () => {
  it('writes one HTML page in the language asked for, and says so in that language', async () => {
    const root = await makeRoot({});
    const file = path.join(root, 'report.html');
    const r = runCli(['scan', '--format', 'html', '--output', file, '--lang', 'zh-CN', '--profile', 'pci-dss']);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`报告已保存到 ${file}\n`);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<dd>PCI DSS v4.0.1（银行卡支付） (pci-dss)</dd>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('prints the page on standard output without --output; the default language follows the locale', () => {
    const zh = runCli(['scan', '--format', 'html'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stdout).toContain('<html lang="zh-CN">');
    const en = runCli(['scan', '--format', 'html'], { env: { LANG: 'en_GB.UTF-8' } });
    expect(en.stdout).toContain('<html lang="en">');
    expect(en.stdout).toContain('Problems to fix');
  });

  it("the program's own error messages follow --lang too", async () => {
    const root = await makeRoot({
      '/empty.json': JSON.stringify({
        kind: 'shop-audit-bundle',
        schemaVersion: 1,
        os: 'linux',
        elevated: false,
        user: { name: 'u', uid: 1000, home: '/home/u' },
      }),
    });
    const bundle = path.join(root, 'empty.json');
    const zh = await runMain(['scan', '--replay', bundle, '--lang', 'zh-CN']);
    expect(zh.code).toBe(3);
    expect(zh.stderr).toMatch(/^shop-audit: 无法进行检查: /);
    const bad = await makeRoot({ 'bad.yaml': 'rules:\n  - id: Not Valid\n' });
    const rules = await runMain(['scan', '--rules', bad, '--lang=zh-CN']);
    expect(rules.code).toBe(2);
    expect(rules.stderr).toMatch(/shop-audit: \d+ 处规则文件错误；没有进行检查\n$/);
    expect((await runMain(['scan', '--replay', bundle, '--lang', 'en'])).stderr).toMatch(
      /^shop-audit: the scan could not run: /,
    );
  });
});
