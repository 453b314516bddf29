import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli, runMain } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';
import { icuDefaultLocale } from '../../src/i18n/index.js';
import { windowsBundle } from '../helpers/windows-samples.js';

// Without --lang the report speaks the PC's display language (here a replayed Chinese Windows,
// whose UI culture the PowerShell run reports), whatever the locale of the shell running it.
describe('report language', () => {
  const bundleFile = async (uiLanguage: string) => {
    const file = path.join(await makeRoot({}), 'pc.json');
    const winlogon = {
      AutoAdminLogon: '1',
      DefaultUserName: 'shop',
      DefaultDomainName: null,
      ScreenSaverGracePeriod: null,
      DefaultPasswordExists: false,
    };
    writeFileSync(file, JSON.stringify(windowsBundle({ computerName: 'TILL', uiLanguage, winlogon })));
    return file;
  };

  // The shell's locale needs a program of its own (Intl takes it at start); --lang is tested in-process.
  it('a Chinese Windows gives a Chinese report; an English one an English report', async () => {
    const zh = JSON.parse(
      runCli(['scan', '--replay', await bundleFile('zh-CN'), '--format', 'json'], { env: { LANG: 'C.UTF-8' } }).stdout,
    );
    expect(zh.lang).toBe('zh-CN');
    expect(zh.results.find((r: { id: string }) => r.id === 'login.no-auto-login').title).toMatch(/\p{Script=Han}/u);
    const en = JSON.parse(
      runCli(['scan', '--replay', await bundleFile('en-US'), '--format', 'json'], { env: { LANG: 'zh_CN.UTF-8' } })
        .stdout,
    );
    expect(en.lang).toBe('en');
  });

  it('--lang wins over the PC', async () => {
    const r = JSON.parse(
      (await runMain(['scan', '--replay', await bundleFile('zh-CN'), '--format', 'json', '--lang', 'en'])).stdout,
    );
    expect(r.lang).toBe('en');
  });

  it('--lang takes Chinese as zh, zh-Hans or a locale (zh_CN.UTF-8), and refuses a language shop-audit does not speak', async () => {
    for (const tag of ['zh', 'zh-Hans', 'zh_CN.UTF-8', 'zh-CN']) {
      const r = await runMain(['rules', 'explain', 'firewall.enabled', '--lang', tag]);
      expect(r.code, tag).toBe(0);
      expect(r.stdout, tag).toContain('防火墙已打开');
    }
    const fr = await runMain(['rules', 'list', '--lang', 'fr']);
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('"fr" is not a language shop-audit speaks');
  });
});

describe("the PC's locale without --lang", () => {
  it('plural rules resolve the same default locale as a date format, for every locale set', () => {
    expect(icuDefaultLocale()).toBe(Intl.DateTimeFormat().resolvedOptions().locale);
    const both =
      'process.stdout.write(JSON.stringify([new Intl.PluralRules().resolvedOptions().locale, ' +
      'Intl.DateTimeFormat().resolvedOptions().locale]))';
    for (const LANG of ['zh_CN.UTF-8', 'zh_TW.UTF-8', 'en_GB.UTF-8', 'de_DE.UTF-8', 'C.UTF-8', 'pt_BR']) {
      const env = { PATH: process.env.PATH ?? '', LANG };
      const [plural, dateFormat] = JSON.parse(execFileSync(process.execPath, ['-e', both], { env, encoding: 'utf8' }));
      expect(plural, LANG).toBe(dateFormat);
    }
    expect(
      JSON.parse(execFileSync(process.execPath, ['-e', both], { env: { LANG: 'zh_CN.UTF-8' }, encoding: 'utf8' }))[0],
    ).toBe('zh-CN');
  });
});
