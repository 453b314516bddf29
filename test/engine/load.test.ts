import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadProfiles, loadRules } from '../../src/engine/load.js';
import { formatSourceError } from '../../src/errors.js';

// A small fact schema stands in for a probe, so these tests say only what the loader does.
const schemas = new Map([
  [
    'demo',
    z.object({
      enabled: z.boolean().nullable(),
      idleSeconds: z.number().int().nullable(),
      state: z.enum(['on', 'off']).nullable(),
      accounts: z.array(z.object({ name: z.string(), password: z.enum(['set', 'empty']).nullable() })).nullable(),
    }),
  ],
]);

const TEXTS = `
    title: { en: "Demo", zh-CN: "演示" }
    why: { en: "Because.", zh-CN: "因为。" }
    fix:
      linux: { en: ["Do it."], zh-CN: ["做。"] }`;

const rule = (body: string, extra = TEXTS) => `rules:
  - id: demo.rule
    probe: demo
    severity: high
    applies: { os: [linux] }
${body}${extra}
`;

const errorsOf = (text: string) => loadRules([{ file: 'r.yaml', text }], schemas).errors.map(formatSourceError);

describe('rule loader', () => {
  it('loads a valid rule with params and list operators', () => {
    const { rules, errors } = loadRules(
      [{ file: 'r.yaml', text: rule('    check: { all: [ { fact: idleSeconds, lte: $param.max }, { fact: accounts, none: { fact: password, equals: empty } } ] }\n    params: { max: 600 }') }],
      schemas,
    );
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.id, r.file, r.line])).toEqual([['demo.rule', 'r.yaml', 2]]);
  });

  it('names file, line and column for an unknown operator', () => {
    expect(errorsOf(rule('    check: { fact: enabled, equalz: true }'))).toEqual(['r.yaml:6:29: unknown operator "equalz" (operators: equals, in, lte, gte, lt, gt, matches, exists, none, some)']);
  });

  it('rejects an unknown fact and lists the probe\'s facts', () => {
    const [e] = errorsOf(rule('    check: { fact: enabld, equals: true }'));
    expect(e).toMatch(/^r\.yaml:6:20: probe "demo" has no fact "enabld" \(its facts: enabled, idleSeconds, state, accounts\)$/);
  });

  it('rejects an unknown probe', () => {
    expect(errorsOf(rule('    check: { fact: enabled, equals: true }').replace('probe: demo', 'probe: nope'))[0]).toMatch(/^r\.yaml:3:12: unknown probe "nope"/);
  });

  it('rejects values a fact can never have, and operators of the wrong kind', () => {
    expect(errorsOf(rule('    check: { fact: state, equals: of }'))[0]).toContain('fact "state" is one of "on", "off"; not "of"');
    expect(errorsOf(rule('    check: { fact: enabled, lte: 3 }'))[0]).toContain('"lte" compares numbers, but fact "enabled" is true/false');
    expect(errorsOf(rule('    check: { fact: enabled, none: { fact: x, equals: 1 } }'))[0]).toContain('"none" goes over a list');
    expect(errorsOf(rule('    check: { fact: idleSeconds, lte: $param.missing }'))[0]).toContain('$param.missing is not declared');
  });

  it('reports YAML syntax errors with their position', () => {
    const [e] = errorsOf('rules:\n  - id: x\n    check: { fact: a, equals: [1, 2 }\n');
    expect(e).toMatch(/^r\.yaml:3:\d+: /);
  });

  it('reports unknown keys at the key, duplicate ids at the second one, and a missing fix for an OS', () => {
    expect(errorsOf(rule('    check: { fact: enabled, equals: true }\n    colour: red'))[0]).toMatch(/^r\.yaml:7:5: unknown key "colour"/);
    const twice = rule('    check: { fact: enabled, equals: true }') + rule('    check: { fact: enabled, equals: true }').replace('rules:\n', '');
    expect(errorsOf(twice)[0]).toMatch(/rule id "demo\.rule" is already defined at r\.yaml:2$/);
    expect(errorsOf(rule('    check: { fact: enabled, equals: true }').replace('[linux]', '[linux, windows]'))[0]).toContain('fix.windows is missing');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const errors = errorsOf(bomb.join('\n'));
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^r\.yaml:1:1: .*alias/i);
  });
});

describe('profile loader', () => {
  const { rules } = loadRules([{ file: 'r.yaml', text: rule('    check: { fact: idleSeconds, lte: $param.max }\n    params: { max: 600 }') }], schemas);
  const profile = (body: string) => loadProfiles([{ file: 'p.yaml', text: `id: p\ntitle: { en: P, zh-CN: P }\nsource: test\n${body}` }], rules);

  it('accepts params and severities that exist', () => {
    expect(profile('params: { max: 900 }\nseverity: { demo.rule: critical }').errors).toEqual([]);
  });
  it('rejects what no rule has, with positions', () => {
    expect(profile('include: [nothing.*]').errors.map(formatSourceError)).toEqual(['p.yaml:4:11: no rule matches "nothing.*"']);
    expect(profile('params: { max: "ten" }').errors.map(formatSourceError)[0]).toContain('param "max" is a number in the rules, not a string');
    expect(profile('params: { mx: 1 }').errors.map(formatSourceError)[0]).toMatch(/^p\.yaml:4:11: no rule has a param "mx"/);
  });
});
