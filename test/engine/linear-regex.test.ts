import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError } from '../../src/engine/linear-regex.js';
import { runMain } from '../helpers/cli.js';
import { REPO, makeRoot } from '../helpers/host.js';

// Issue 13, class 2: a rule's `matches` pattern can be catastrophic for a backtracking engine;
// shop-audit runs patterns in linear time, so a scan never hangs on a rule.

const CATASTROPHIC = ['(a+)+$', '(a|aa)+b', '(.*a){20}', '(a*)*b', '^(\\w+\\s?)*$', '(x+x+)+y', '.*.*.*.*.*.*z'];

describe('linear-time patterns', () => {
  it('agree with JavaScript RegExp on the patterns rules use and many more', () => {
    const patterns = [
      '^\\d{4}-\\d{2}-\\d{2}$',
      'a|b',
      '^(?:ab|cd)+$',
      '[^a-c]x',
      'colou?r',
      'a{2,3}',
      'a{2,}',
      '\\.',
      '^$',
      '[\\d.]+',
      'x*?y',
      '^(?<name>ab)c',
      '\\u0041\\x42',
      '[-a]',
      '中文',
      'a.c',
    ];
    const texts = [
      '',
      'a',
      'b',
      '2024-05-01',
      '2024-5-01',
      'abcd',
      'abab',
      'dx',
      'ax',
      'color',
      'colour',
      'aa',
      'aaaa',
      '.',
      '1.2.3',
      'xxy',
      'abc',
      'AB',
      '-',
      '中文字',
      'a\nc',
      'abc\n',
    ];
    for (const p of patterns) {
      const mine = compilePattern(p);
      const theirs = new RegExp(p, 'u');
      for (const t of texts) expect(mine.test(t), `/${p}/ on ${JSON.stringify(t)}`).toBe(theirs.test(t));
    }
  });

  it('agree with RegExp on random patterns over a small alphabet (fast-check)', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '(a|b)', '(?:ab)', '^', '$');
    const quant = fc.constantFrom('', '', '*', '+', '?', '{1,2}', '{2}');
    const pattern = fc
      .array(
        fc.tuple(atom, quant).map(([a, q]) => (a === '^' || a === '$' ? a : a + q)),
        { minLength: 1, maxLength: 6 },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(pattern, fc.stringMatching(/^[ab1]{0,8}$/), (p, t) => {
        expect(compilePattern(p).test(t)).toBe(new RegExp(p, 'u').test(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('catastrophic patterns against a long text end in milliseconds', () => {
    const text = `${'a'.repeat(50_000)}!`;
    for (const p of CATASTROPHIC) {
      const started = Date.now();
      compilePattern(p).test(text);
      expect(Date.now() - started, p).toBeLessThan(2000);
    }
  });

  it('refuses what no linear engine can run, saying why', () => {
    expect(() => compilePattern('(a)\\1')).toThrow(/backreferences/);
    expect(() => compilePattern('a(?=b)')).toThrow(/lookahead and lookbehind/);
    expect(() => compilePattern('(?<!a)b')).toThrow(/lookahead and lookbehind/);
    expect(() => compilePattern('(a{1000}){1000}')).toThrow(/too large/);
    expect(() => compilePattern('(a')).toThrow(PatternError);
  });
});

describe('rules validate and scan never hang on a rule', () => {
  const rule = (pattern: string) => `rules:
  - id: test.catastrophic
    probe: system
    severity: high
    applies: { os: [linux] }
    check: { fact: hostname, matches: '${pattern}' }
    title: { en: "Host name", zh-CN: "主机名" }
    why: { en: "A test rule.", zh-CN: "测试规则。" }
    fix: { linux: { en: ["Nothing."], zh-CN: ["无。"] } }
`;
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO, 'bin', 'shop-audit.js'), ...args], {
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('catastrophic patterns load and a scan over a 100,000-character host name ends', async () => {
    // Loading each through the CLI's main in-process; the scan below, which could hang, in a program of its own.
    for (const p of CATASTROPHIC) {
      const root = await makeRoot({ '/rules/r.yaml': rule(p), '/etc/hostname': '' });
      expect((await runMain(['rules', 'validate', path.join(root, 'rules')])).code, p).toBe(0);
    }
    // A replayed PC whose host name is 100,000 a's: the scan must end (exit 0/1), not hang.
    const root = await makeRoot({ '/rules/r.yaml': rule('(a+)+$') });
    const bundle = {
      kind: 'shop-audit-bundle',
      schemaVersion: 1,
      os: 'linux',
      elevated: true,
      user: { name: 'root', uid: 0, home: '/root' },
      files: { '/proc/sys/kernel/hostname': { status: 'ok', text: `${'a'.repeat(100_000)}!\n` } },
    };
    const file = path.join(root, 'b.json');
    spawnSync('/bin/sh', ['-c', `cat > ${file}`], { input: JSON.stringify(bundle) });
    const started = Date.now();
    const r = cli([
      'scan',
      '--no-bundled-rules',
      '--rules',
      path.join(root, 'rules'),
      '--replay',
      file,
      '--format',
      'json',
    ]);
    expect(r.error).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(JSON.parse(r.stdout).results[0].status).toBe('fail');
  }, 120_000);

  it('a pattern with a backreference is refused at load time with file:line:col', async () => {
    const root = await makeRoot({ '/rules/r.yaml': rule('(a)\\1') });
    const r = cli(['rules', 'validate', path.join(root, 'rules')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/r\.yaml:6:\d+: .*backreferences/);
  });
});
