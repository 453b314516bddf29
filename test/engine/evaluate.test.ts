import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Condition } from '../../src/engine/rule-schema.js';

// Three leaf conditions whose value is true, false or unknown, over one fact set.
const facts = { t: true, f: false, u: null, n: 300, s: 'yes', list: [{ name: 'a', v: 1 }, { name: 'b', v: null }] };
const leaf = { true: { fact: 't', equals: true }, false: { fact: 'f', equals: true }, unknown: { fact: 'u', equals: true } } as const;
type V = keyof typeof leaf;
const val = (c: Condition) => evaluate(c, facts, {}).value;
const tri = (v: V) => (v === 'true' ? true : v === 'false' ? false : null);
const values: V[] = ['true', 'false', 'unknown'];

describe('three-valued logic (Kleene)', () => {
  it('leaves: a comparison with an unknown fact is unknown', () => {
    expect(values.map((v) => val(leaf[v]))).toEqual([true, false, null]);
  });

  for (const a of values) {
    for (const b of values) {
      const x = tri(a);
      const y = tri(b);
      const and = x === false || y === false ? false : x === null || y === null ? null : true;
      const or = x === true || y === true ? true : x === null || y === null ? null : false;
      it(`all(${a}, ${b}) = ${and}; any(${a}, ${b}) = ${or}`, () => {
        expect(val({ all: [leaf[a], leaf[b]] })).toBe(and);
        expect(val({ any: [leaf[a], leaf[b]] })).toBe(or);
      });
    }
    it(`not(${a}) = ${tri(a) === null ? null : !tri(a)}`, () => {
      expect(val({ not: leaf[a] })).toBe(tri(a) === null ? null : !tri(a));
    });
  }
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
  it('a missing fact in the data reads as unknown, not as false', () => {
    expect(val({ fact: 'nothing.here', equals: false })).toBe(null);
  });
});
