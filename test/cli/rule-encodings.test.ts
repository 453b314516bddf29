import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, STACK_TRACE } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';
import { ruleFile, systemRule } from '../helpers/rules.js';

// A technician writes a rule file in Notepad on a Chinese Windows PC. Notepad before Windows 10 1903 saves "ANSI",
// which there is GBK, and offers "Unicode" (UTF-16). A GBK file was read as UTF-8: `rules validate` said ok and
// every report showed its Chinese as U+FFFD (�); a UTF-16 file was "a rule file holds one rule…" at 1:1. Each is
// now exit 2 naming the file, where the first undecodable byte is, and how to save it.

// The Chinese title of helpers/rules.ts's test rule.
const TITLE = '系统可识别';
const RULES = ruleFile(systemRule('test.os-known', '{ fact: osId, exists: true }'));
// 系统可识别 in GBK (Python: '系统可识别'.encode('gbk')), where the UTF-8 file has it.
const GBK_TITLE = Buffer.from('cfb5cdb3bfc9cab6b1f0', 'hex');

function gbkFile(): Buffer {
  const [before, after] = RULES.split(TITLE) as [string, string];
  return Buffer.concat([Buffer.from(before), GBK_TITLE, Buffer.from(after)]);
}

describe('a rule file that is not UTF-8', () => {
  it('GBK ("ANSI" on Chinese Windows): exit 2 at the first byte that is not UTF-8; nothing scanned', async () => {
    const root = await makeRoot({ '/gbk/r.yaml': gbkFile(), '/utf8/r.yaml': RULES });
    const file = path.join(root, 'gbk', 'r.yaml');
    const line = RULES.split(TITLE)[0]!.split('\n').length;
    // 系统 in GBK (CF B5 CD B3) happens to be well-formed UTF-8 (ϵͳ): the first byte that is not is 可's BF, two
    // characters on.
    const col = RULES.split(TITLE)[0]!.split('\n').pop()!.length + 1 + 2;
    for (const args of [
      ['rules', 'validate', file],
      ['scan', '--rules', path.join(root, 'gbk')],
    ]) {
      const r = await runMain(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${file}:${line}:${col}: not UTF-8 text`);
      expect(r.stderr).toContain('save it as UTF-8');
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(r.stdout).toBe('');
    }
    const ok = await runMain(['rules', 'validate', path.join(root, 'utf8', 'r.yaml')]);
    expect(ok.code).toBe(0);
  });

  it('UTF-16 with its byte-order mark ("Unicode" in Notepad, Windows PowerShell 5.1\'s `>`) is read as such', async () => {
    const root = await makeRoot({
      '/le/r.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RULES, 'utf16le')]),
      '/be/r.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(RULES, 'utf16le').swap16()]),
    });
    for (const order of ['le', 'be']) {
      const r = await runMain([
        'rules',
        'explain',
        'test.os-known',
        '--rules',
        path.join(root, order),
        '--lang',
        'zh-CN',
      ]);
      expect(r.code, `${order}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(TITLE);
    }
  });

  it('a report saved by Windows PowerShell 5.1 (`scan --format json > r.json` is UTF-16) is compared', async () => {
    const root = await makeRoot({ '/rules/r.yaml': RULES });
    const r = await runMain(['scan', '--no-bundled-rules', '--rules', path.join(root, 'rules'), '--format', 'json']);
    const utf16 = path.join(root, 'r.json');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(r.stdout, 'utf16le')]));
    const compared = await runMain(['compare', utf16, utf16]);
    expect(compared.code, compared.stderr).toBe(0);
  });
});
