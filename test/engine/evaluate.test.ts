import { describe, expect, it } from 'vitest';
import { evaluate, factValue } from '../../src/engine/evaluate.js';
import type { Condition } from '../../src/engine/rule-schema.js';

// Three leaf conditions whose value is true, false or unknown, over one fact set.
const facts = {
  t: true,
  f: false,
  u: null,
  n: 300,
  s: 'yes',
  list: [
    { name: 'a', v: 1 },
    { name: 'b', v: null },
  ],
};
const leaf = {
  true: { fact: 't', equals: true },
  false: { fact: 'f', equals: true },
  unknown: { fact: 'u', equals: true },
} as const;
type V = keyof typeof leaf;
const val = (c: Condition) => evaluate(c, facts, {}).value;
const values: V[] = ['true', 'false', 'unknown'];

// Kleene's tables written out (T true, F false, U unknown), not derived by the logic under test.
// Rows are the first operand, columns the second, in the order T, F, U.
const T = true;
const F = false;
const U = null;
const ALL = [
  [T, F, U],
  [F, F, F],
  [U, F, U],
];
const ANY = [
  [T, T, T],
  [T, F, U],
  [T, U, U],
];
const NOT = [F, T, U];

describe('three-valued logic (Kleene)', () => {
  it('leaves: a comparison with an unknown fact is unknown', () => {
    expect(values.map((v) => val(leaf[v]))).toEqual([T, F, U]);
  });

  values.forEach((a, i) => {
    values.forEach((b, j) => {
      it(`all(${a}, ${b}) = ${ALL[i]![j]}; any(${a}, ${b}) = ${ANY[i]![j]}`, () => {
        expect(val({ all: [leaf[a], leaf[b]] })).toBe(ALL[i]![j]);
        expect(val({ any: [leaf[a], leaf[b]] })).toBe(ANY[i]![j]);
      });
    });
    it(`not(${a}) = ${NOT[i]}`, () => {
      expect(val({ not: leaf[a] })).toBe(NOT[i]);
    });
  });

  it('an unknown answer names the unknown facts behind it, a decided one names none', () => {
    const both = evaluate({ all: [leaf.unknown, { fact: 'missing', equals: 1 }] }, facts, {});
    expect(both).toEqual({ value: U, unknownFacts: ['u', 'missing'] });
    expect(evaluate({ all: [leaf.unknown, leaf.false] }, facts, {})).toEqual({ value: F, unknownFacts: [] });
    expect(evaluate({ any: [leaf.unknown, leaf.true] }, facts, {})).toEqual({ value: T, unknownFacts: [] });
    expect(evaluate({ any: [leaf.false, leaf.false] }, facts, {})).toEqual({ value: F, unknownFacts: [] });
    expect(evaluate({ all: [leaf.true, leaf.true] }, facts, {})).toEqual({ value: T, unknownFacts: [] });
    expect(evaluate({ not: leaf.unknown }, facts, {})).toEqual({ value: U, unknownFacts: ['u'] });
    expect(evaluate({ not: leaf.false }, facts, {})).toEqual({ value: T, unknownFacts: [] });
  });
});

describe('operators', () => {
  it('compare numbers, including $param references', () => {
    expect(evaluate({ fact: 'n', lte: '$param.max' }, facts, { max: 600 }).value).toBe(true);
    expect(evaluate({ fact: 'n', lte: '$param.max' }, facts, { max: 299 }).value).toBe(false);
    expect(val({ fact: 'n', gt: 300 })).toBe(false);
    expect(val({ fact: 'n', gte: 300 })).toBe(true);
    expect(val({ fact: 'n', lt: 301 })).toBe(true);
  });
  it('in, matches and exists', () => {
    expect(val({ fact: 's', in: ['no', 'yes'] })).toBe(true);
    expect(val({ fact: 's', matches: '^y' })).toBe(true);
    expect(val({ fact: 's', matches: '^n' })).toBe(false);
    expect(val({ fact: 'u', exists: true })).toBe(false);
    expect(val({ fact: 'u', exists: false })).toBe(true);
    expect(val({ fact: 'u', in: ['x'] })).toBe(null);
  });
  it('none/some over a list: an unknown item makes the answer unknown unless another item decides', () => {
    expect(val({ fact: 'list', some: { fact: 'v', equals: 1 } })).toBe(true);
    expect(val({ fact: 'list', none: { fact: 'v', equals: 1 } })).toBe(false);
    expect(val({ fact: 'list', none: { fact: 'v', equals: 2 } })).toBe(null);
    expect(val({ fact: 'list', some: { fact: 'v', equals: 2 } })).toBe(null);
    const r = evaluate({ fact: 'list', none: { fact: 'v', equals: 2 } }, facts, {});
    expect(r.unknownFacts).toEqual(['list[b].v']);
  });
  it('each comparison at, below and above its limit', () => {
    // [operator, fact 299, fact 300, fact 301] against the limit 300.
    const table: [string, boolean, boolean, boolean][] = [
      ['lte', true, true, false],
      ['lt', true, false, false],
      ['gte', false, true, true],
      ['gt', false, false, true],
    ];
    for (const [op, below, at, above] of table) {
      const at300 = (n: number) => evaluate({ fact: 'n', [op]: 300 } as Condition, { n }, {}).value;
      expect([op, at300(299), at300(300), at300(301)]).toEqual([op, below, at, above]);
    }
  });
  it('a comparison it cannot make is unknown: a text fact, a missing $param, a list where a value belongs', () => {
    expect(evaluate({ fact: 's', lte: 5 }, facts, {})).toEqual({ value: null, unknownFacts: ['s'] });
    expect(evaluate({ fact: 'n', gt: '$param.max' }, facts, {})).toEqual({ value: null, unknownFacts: ['n'] });
    expect(evaluate({ fact: 's', some: { fact: 'v', equals: 1 } }, facts, {})).toEqual({
      value: null,
      unknownFacts: ['s'],
    });
    expect(evaluate({ fact: 'u', gte: 1 }, facts, {})).toEqual({ value: null, unknownFacts: ['u'] });
  });
  it('equals, in and matches compare exactly; exists of a known fact', () => {
    expect(val({ fact: 'n', equals: 300 })).toBe(true);
    expect(val({ fact: 'n', equals: '300' })).toBe(false);
    expect(evaluate({ fact: 's', equals: '$param.want' }, facts, { want: 'yes' }).value).toBe(true);
    expect(evaluate({ fact: 's', in: '$param.list' }, facts, { list: ['yes'] }).value).toBe(true);
    expect(evaluate({ fact: 's', in: '$param.list' }, facts, { list: 'yes' }).value).toBe(false);
    expect(val({ fact: 's', in: ['no'] })).toBe(false);
    expect(val({ fact: 'n', matches: '300' })).toBe(false);
    expect(val({ fact: 's', matches: 'Y' })).toBe(false);
    // Patterns are Unicode-aware: one character outside the BMP is one character. (Property classes such as
    // \p{Lu} are refused at load: the linear-time matcher does not support them, test/engine/linear-regex.)
    expect(evaluate({ fact: 'w', matches: '^.$' }, { w: '𝄞' }, {}).value).toBe(true);
    expect(val({ fact: 't', exists: true })).toBe(true);
    expect(val({ fact: 'f', exists: false })).toBe(false);
  });
  it('a list item is named in reasons by id, name, mountPoint or path, else by its position', () => {
    const item = (extra: object) => ({ list: [{ v: null, ...extra }] });
    const unknownOf = (f: Record<string, unknown>) =>
      evaluate({ fact: 'list', some: { fact: 'v', equals: 1 } }, f, {}).unknownFacts;
    expect(unknownOf(item({ id: 'i', name: 'n' }))).toEqual(['list[i].v']);
    expect(unknownOf(item({ name: 'n', mountPoint: '/' }))).toEqual(['list[n].v']);
    expect(unknownOf(item({ mountPoint: '/', path: '/p' }))).toEqual(['list[/].v']);
    expect(unknownOf(item({ path: '/p' }))).toEqual(['list[/p].v']);
    expect(unknownOf(item({ id: 7 }))).toEqual(['list[0].v']);
    // An item that is no record has no facts: a condition on it is unknown.
    expect(evaluate({ fact: 'list', none: { fact: 'v', equals: 1 } }, { list: ['x'] }, {})).toEqual({
      value: null,
      unknownFacts: ['list[0].v'],
    });
    expect(evaluate({ fact: 'list', none: { fact: 'v', equals: 1 } }, { list: [null] }, {})).toEqual({
      value: null,
      unknownFacts: ['list[0].v'],
    });
    expect(evaluate({ fact: 'list', none: { fact: 'v', equals: 1 } }, { list: [] }, {}).value).toBe(true);
    expect(evaluate({ fact: 'list', some: { fact: 'v', equals: 1 } }, { list: [] }, {}).value).toBe(false);
  });
  it("a dotted path reads nested facts, and only the facts' own fields", () => {
    const nested = { a: { b: { c: 5 } }, arr: [1], o: {} };
    expect(factValue(nested, 'a.b.c')).toBe(5);
    expect(factValue(nested, 'a.b')).toEqual({ c: 5 });
    expect(factValue(nested, 'a.x.c')).toBe(null);
    expect(factValue(nested, 'arr.0')).toBe(null);
    expect(factValue(nested, 'o.toString')).toBe(null);
    expect(factValue({ a: undefined }, 'a')).toBe(null);
    // Only records are walked into: not null, not text (whose characters are own properties), not lists.
    expect(factValue({ a: null, s: 'abc' }, 'a.b')).toBe(null);
    expect(factValue({ a: null, s: 'abc' }, 's.0')).toBe(null);
  });
  it('a missing fact in the data reads as unknown, not as false', () => {
    expect(val({ fact: 'nothing.here', equals: false })).toBe(null);
  });
});
