import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError } from '../../src/engine/linear-regex.js';

// Issue 13, class 2: a rule's `matches` pattern can be catastrophic for a backtracking engine;
// shop-audit runs patterns in linear time, so a scan never hangs on a rule.

const CATASTROPHIC = ['(a+)+$', '(a|aa)+b', '(.*a){20}', '(a*)*b', '^(\\w+\\s?)*$', '(x+x+)+y', '.*.*.*.*.*.*z'];

/** What compilePattern says when it refuses `pattern` (a PatternError), or '' when it accepts it. */
function refusal(pattern: string): string {
  try {
    compilePattern(pattern);
    return '';
  } catch (error) {
    expect(error, pattern).toBeInstanceOf(PatternError);
    return (error as Error).message;
  }
}

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

  it('agree with RegExp on escapes, classes, ranges and line ends (edges found by mutation testing)', () => {
    const cases: [string, string[]][] = [
      ['^\\s+$', [' \t', '\u00a0', '\u3000', 'a', '']],
      ['^\\S+$', ['ab', 'a b', '']],
      ['^\\D\\W$', ['a-', '1-', 'a_', '-!']],
      ['^[\\w-]+$', ['a-b_9', 'a b', 'Z', '[']],
      ['^[a\\-z]$', ['-', 'b', 'a', 'z']],
      ['^[\\x41-\\x43]$', ['A', 'C', 'D', '@']],
      ['^[^\\d]$', ['1', 'x']],
      ['^[0-9A-Fa-f]+$', ['09af', 'AF', 'g', '/', ':', '@', 'G', '`']],
      ['^\\w+$', ['aZ_09', 'A', 'z', 'Az', 'a-b', '@', '[', '`', '{', '/', ':']],
      ['^[a-a]$', ['a', 'b']],
      ['^[a-]$', ['-', 'a', 'b']],
      ['^[-a]$', ['-', 'a', 'b']],
      ['^a{2,}$', ['a', 'aa', 'aaaaa']],
      ['^a??b$', ['b', 'ab', 'aab']],
      ['^a{1,2}?b$', ['b', 'ab', 'aab', 'aaab']],
      ['^\\u{41}\\u0042\\x43$', ['ABC', 'AB']],
      ['^\\d+$', ['0189', '/', ':']],
      ['\\u{1F600}', ['x\u{1F600}', 'x']],
      ['^\\u0041\\x42\\t\\n\\r\\f\\v\\0$', ['AB\t\n\r\f\v\0', 'AB']],
      ['^a.c$', ['abc', 'a\rc', 'a\u2028c', 'a\u2029c', 'a\nc', 'a\u{1F600}c']],
      ['^\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\/$', ['.*+?()[]{}|^$\\/', 'a']],
      ['^a{0}b$', ['b', 'ab']],
      ['^a{2}$', ['a', 'aa', 'aaa']],
      ['^a{1,}$', ['', 'a', 'aaaa']],
      ['^(?:ab){2,3}$', ['ab', 'abab', 'ababab', 'abababab']],
      ['^(a|bc|d)$', ['a', 'bc', 'd', 'b', 'abc']],
      ['^$', ['', 'a']],
      ['a$', ['ba', 'ab']],
      ['^a', ['ab', 'ba']],
      ['x*?y', ['y', 'xxy', 'x']],
      ['(?<word>ab)+c', ['ababc', 'ac']],
      // JavaScript's empty class matches nothing and [^] any character, a line end too.
      ['a[]', ['a', 'a]', '']],
      ['^[^]$', ['a', '\n', ']', '']],
    ];
    for (const [p, texts] of cases) {
      const mine = compilePattern(p);
      const theirs = new RegExp(p, 'u');
      for (const t of texts) expect(mine.test(t), `/${p}/ on ${JSON.stringify(t)}`).toBe(theirs.test(t));
    }
  });

  it('says why a pattern is refused (edges found by mutation testing)', () => {
    const refused: [string, string][] = [
      ['\\', 'the pattern ends with a lone \\'],
      ['(a)\\1', 'backreferences (\\1, \\k<name>) are not supported: they cannot be matched in linear time'],
      ['\\k<x>', 'backreferences (\\1, \\k<name>) are not supported: they cannot be matched in linear time'],
      ['\\b', 'word boundaries (\\b, \\B) are not supported'],
      ['a\\B', 'word boundaries (\\b, \\B) are not supported'],
      ['\\x4', '\\x needs hexadecimal digits'],
      ['\\u12', '\\u needs hexadecimal digits'],
      ['\\u{}', '\\u needs hexadecimal digits'],
      ['\\q', '\\q is not supported'],
      ['[a', 'a [ class is not closed'],
      ['[z-a]', 'a range in a [ class is out of order'],
      ['[a-\\d]', 'a range in a [ class is out of order'],
      [
        'a(?=b)',
        'lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: they cannot be matched in linear time',
      ],
      [
        '(?x)',
        'lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: they cannot be matched in linear time',
      ],
      ['(a', 'a ( group is not closed'],
      ['(?<n', 'a ( group is not closed'],
      ['*a', 'unexpected *'],
      ['+a', 'unexpected +'],
      ['?a', 'unexpected ?'],
      ['{1}', 'unexpected {'],
      ['a}', 'unexpected }'],
      ['a]', 'unexpected ]'],
      ['a)', 'unexpected )'],
      ['a{2,1}', 'a {n,m} quantifier has m smaller than n'],
      ['a{x}', 'a { quantifier must be {n}, {n,} or {n,m} with numbers up to 9999'],
      ['a{10000}', 'a { quantifier must be {n}, {n,} or {n,m} with numbers up to 9999'],
      ['^*', '* cannot repeat ^ or $'],
      ['$+', '+ cannot repeat ^ or $'],
    ];
    for (const [p, message] of refused) {
      const said = refusal(p);
      expect(said.replace(/ \(at character \d+ of the pattern\)$/, ''), p).toBe(message);
      expect(said, p).toMatch(/ \(at character \d+ of the pattern\)$/);
    }
    expect(() => compilePattern('(a{1000}){1000}')).toThrow(
      'the pattern is too large (more than 20000 states once repetitions are expanded)',
    );
    // The largest pattern that fits is accepted: a{9999} is 10,000 states or so.
    expect(compilePattern('^a{9999}$').test('a'.repeat(9999))).toBe(true);
  });

  it('refuses what JavaScript refuses, pointing at the character it is about', () => {
    // [pattern, what is said, the character (1-based) it points at]: a rule author's RegExp would throw too.
    const refused: [string, string, number | undefined][] = [
      ['[]a]', 'unexpected ]', 4],
      ['a**', '* cannot repeat a repetition (JavaScript refuses a** and a{2}{3})', 3],
      ['a{2}{3}', '{ cannot repeat a repetition (JavaScript refuses a** and a{2}{3})', 5],
      ['a*??', '? cannot repeat a repetition (JavaScript refuses a** and a{2}{3})', 4],
      ['ab+*', '* cannot repeat a repetition (JavaScript refuses a** and a{2}{3})', 4],
      ['ab(c', 'a ( group is not closed', 3],
      ['ab[c', 'a [ class is not closed', 3],
      ['x\\q', '\\q is not supported', 2],
      ['xy\\', 'the pattern ends with a lone \\', 3],
      ['a[bz-c]', 'a range in a [ class is out of order', 4],
      [
        'ab(?=c',
        'lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: they cannot be matched in linear time',
        3,
      ],
      ['ab)', 'unexpected )', 3],
      ['ab|*', 'unexpected *', 4],
      ['^a{3,1}', 'a {n,m} quantifier has m smaller than n', 3],
      ['\\!', 'JavaScript refuses this pattern: Invalid escape', undefined],
      ['[\\d-z]', 'JavaScript refuses this pattern: Invalid character class', undefined],
      ['(?<a>x)(?<a>y)', 'JavaScript refuses this pattern: Duplicate capture group name', undefined],
    ];
    for (const [p, message, at] of refused) {
      expect(() => new RegExp(p, 'u'), p).toThrow(SyntaxError);
      expect(refusal(p), p).toBe(at === undefined ? message : `${message} (at character ${at} of the pattern)`);
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
