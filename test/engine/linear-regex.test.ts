import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError } from '../../src/engine/linear-regex.js';

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
