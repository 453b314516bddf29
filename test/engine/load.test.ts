import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadProfiles, loadRules } from '../../src/engine/load.js';
import { formatSourceError } from '../../src/errors.js';
import { matchesPattern } from '../../src/engine/pattern.js';
import { factNames, resolveFact, shapeOf } from '../../src/engine/facts-shape.js';

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
      [
        {
          file: 'r.yaml',
          text: rule(
            '    check: { all: [ { fact: idleSeconds, lte: $param.max }, { fact: accounts, none: { fact: password, equals: empty } } ] }\n    params: { max: 600 }',
          ),
        },
      ],
      schemas,
    );
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.id, r.file, r.line])).toEqual([['demo.rule', 'r.yaml', 2]]);
  });

  it('names file, line and column for an unknown operator', () => {
    expect(errorsOf(rule('    check: { fact: enabled, equalz: true }'))).toEqual([
      'r.yaml:6:29: unknown operator "equalz" (operators: equals, in, lte, gte, lt, gt, matches, exists, none, some)',
    ]);
  });

  it("rejects an unknown fact and lists the probe's facts", () => {
    const [e] = errorsOf(rule('    check: { fact: enabld, equals: true }'));
    expect(e).toMatch(
      /^r\.yaml:6:20: probe "demo" has no fact "enabld" \(its facts: enabled, idleSeconds, state, accounts\)$/,
    );
  });

  it('rejects an unknown probe', () => {
    expect(
      errorsOf(rule('    check: { fact: enabled, equals: true }').replace('probe: demo', 'probe: nope'))[0],
    ).toMatch(/^r\.yaml:3:12: unknown probe "nope"/);
  });

  it('rejects values a fact can never have, and operators of the wrong kind', () => {
    expect(errorsOf(rule('    check: { fact: state, equals: of }'))[0]).toContain(
      'fact "state" is one of "on", "off"; not "of"',
    );
    expect(errorsOf(rule('    check: { fact: enabled, lte: 3 }'))[0]).toContain(
      '"lte" compares numbers, but fact "enabled" is true/false',
    );
    expect(errorsOf(rule('    check: { fact: enabled, none: { fact: x, equals: 1 } }'))[0]).toContain(
      '"none" goes over a list',
    );
    expect(errorsOf(rule('    check: { fact: idleSeconds, lte: $param.missing }'))[0]).toContain(
      '$param.missing is not declared',
    );
  });

  it('reports YAML syntax errors with their position', () => {
    const [e] = errorsOf('rules:\n  - id: x\n    check: { fact: a, equals: [1, 2 }\n');
    expect(e).toMatch(/^r\.yaml:3:\d+: /);
  });

  it('reports unknown keys at the key, duplicate ids at the second one, and a missing fix for an OS', () => {
    expect(errorsOf(rule('    check: { fact: enabled, equals: true }\n    colour: red'))[0]).toMatch(
      /^r\.yaml:7:5: unknown key "colour"/,
    );
    const twice =
      rule('    check: { fact: enabled, equals: true }') +
      rule('    check: { fact: enabled, equals: true }').replace('rules:\n', '');
    expect(errorsOf(twice)[0]).toMatch(/rule id "demo\.rule" is already defined at r\.yaml:2$/);
    expect(
      errorsOf(rule('    check: { fact: enabled, equals: true }').replace('[linux]', '[linux, windows]'))[0],
    ).toContain('fix.windows is missing');
  });

  // Each check the loader refuses, with the one error it gives (line 6 is the check's line).
  it.each([
    [
      '{ fact: enabled, equals: true, in: [true] }',
      'one operator per condition; found equals, in (combine them with all:)',
    ],
    [
      '{ fact: enabled }',
      'fact "enabled" needs one operator (equals, in, lte, gte, lt, gt, matches, exists, none, some)',
    ],
    [
      '{ equals: true }',
      'a condition needs "fact" and one operator (equals, in, lte, gte, lt, gt, matches, exists, none, some), or one of all, any, not',
    ],
    ['{ fact: 3, equals: true }', 'fact must be a fact name'],
    ['[ { fact: enabled, equals: true } ]', 'a condition is a mapping such as { fact: enabled, equals: true }'],
    ['{ all: [], fact: enabled }', '"all" stands alone in its mapping; found also fact'],
    ['{ all: [] }', '"all" takes a non-empty list of conditions'],
    ['{ any: { fact: enabled, equals: true } }', '"any" takes a non-empty list of conditions'],
    [
      '{ not: { fact: enabld, equals: true } }',
      'probe "demo" has no fact "enabld" (its facts: enabled, idleSeconds, state, accounts)',
    ],
    [
      '{ any: [ { fact: enabled, equals: true }, { fact: enabled, equals: 1 } ] }',
      'fact "enabled" is true/false; 1 can never equal it',
    ],
    ['{ fact: idleSeconds, equals: "600" }', 'fact "idleSeconds" is a number; "600" can never equal it'],
    ['{ fact: state, equals: true }', 'fact "state" is one of "on", "off"; true can never equal it'],
    ['{ fact: state, in: [] }', '"in" takes a non-empty list of values'],
    ['{ fact: state, in: [on, of] }', 'fact "state" is one of "on", "off"; not "of"'],
    ['{ fact: idleSeconds, gt: "ten" }', '"gt" takes a number or $param.NAME'],
    ['{ fact: state, gte: 1 }', '"gte" compares numbers, but fact "state" is one of "on", "off"'],
    ['{ fact: idleSeconds, matches: "^1" }', '"matches" tests text, but fact "idleSeconds" is a number'],
    ['{ fact: accounts, exists: yes }', '"exists" takes true or false'],
    ['{ fact: accounts, equals: true }', 'fact "accounts" is a list; true can never equal it'],
    [
      '{ fact: accounts, some: { fact: password, equals: unset } }',
      'fact "password" is one of "set", "empty"; not "unset"',
    ],
    [
      '{ fact: accounts, some: { fact: nme, equals: x } }',
      'probe "demo: accounts[]" has no fact "nme" (its facts: name, password)',
    ],
  ])('%s: %s', (check, message) => {
    const errors = errorsOf(rule(`    check: ${check}`));
    expect(errors.map((e) => e.replace(/^r\.yaml:\d+:\d+: /, ''))).toEqual([message]);
    expect(errors[0]).toMatch(/^r\.yaml:6:\d+: /);
  });

  it('accepts each operator on a fact of its kind, and $param where a value goes', () => {
    const checks = [
      '{ fact: enabled, equals: true }',
      '{ fact: state, in: [on, off] }',
      '{ fact: state, in: $param.states }',
      '{ fact: idleSeconds, gte: 1 }',
      '{ fact: idleSeconds, lt: $param.max }',
      '{ fact: state, exists: false }',
      '{ not: { fact: accounts, some: { fact: name, matches: "^adm" } } }',
      '{ any: [ { fact: enabled, equals: $param.on }, { fact: idleSeconds, gt: 5 } ] }',
    ];
    for (const check of checks) {
      expect([check, errorsOf(rule(`    check: ${check}\n    params: { max: 600, states: [on], on: true }`))]).toEqual([
        check,
        [],
      ]);
    }
  });

  it('a param of the wrong kind is refused where it is used', () => {
    expect(errorsOf(rule('    check: { fact: state, in: $param.states }\n    params: { states: on }'))).toEqual([
      'r.yaml:6:31: "in" takes a non-empty list of values',
    ]);
    expect(errorsOf(rule('    check: { fact: idleSeconds, lte: $param.max }\n    params: { max: "600" }'))).toEqual([
      'r.yaml:6:38: "lte" takes a number or $param.NAME',
    ]);
  });

  it('an invalid regular expression is refused with the reason', () => {
    expect(errorsOf(rule('    check: { fact: state, matches: "(" }'))[0]).toMatch(
      /^r\.yaml:6:\d+: regular expression not accepted: a \( group is not closed/,
    );
  });

  it('refuses conditions nested deeper than 16 levels, and accepts 16', () => {
    const nest = (n: number) => '{ not: '.repeat(n) + '{ fact: enabled, equals: true }' + ' }'.repeat(n);
    expect(errorsOf(rule(`    check: ${nest(16)}`))).toEqual([]);
    expect(errorsOf(rule(`    check: ${nest(17)}`)).map((e) => e.replace(/^r\.yaml:\d+:\d+: /, ''))).toEqual([
      'conditions nest more than 16 levels deep',
    ]);
  });

  it('a file that is neither one rule nor a list under rules: is refused as a whole', () => {
    expect(errorsOf('title: x\n')).toEqual([
      'r.yaml:1:1: a rule file holds one rule (a mapping with id, probe, check, …) or a list of rules under "rules:"',
    ]);
    expect(errorsOf('rules: []\nextra: 1\n')[0]).toContain('a rule file holds one rule');
    const single = rule('    check: { fact: enabled, equals: true }')
      .replace('rules:\n  - ', '')
      .replace(/^ {4}/gm, '');
    const loaded = loadRules([{ file: 's.yaml', text: single }], schemas);
    expect([loaded.errors, loaded.rules.map((r) => [r.id, r.line])]).toEqual([[], [['demo.rule', 1]]]);
  });

  it('an id already loaded (a bundled rule) cannot be reused', () => {
    const first = loadRules(
      [{ file: 'a.yaml', text: rule('    check: { fact: enabled, equals: true }') }],
      schemas,
    ).rules;
    const again = loadRules(
      [{ file: 'b.yaml', text: rule('    check: { fact: enabled, equals: true }') }],
      schemas,
      first,
    );
    expect(again.errors.map(formatSourceError)).toEqual([
      'b.yaml:2:9: rule id "demo.rule" is already defined at a.yaml:2',
    ]);
    expect(again.rules).toEqual([]);
  });

  it('applies.when is checked like the check, and kept', () => {
    const when = loadRules(
      [
        {
          file: 'r.yaml',
          text: rule('    check: { fact: enabled, equals: true }').replace(
            'applies: { os: [linux] }',
            'applies: { os: [linux], when: { fact: state, equals: on } }',
          ),
        },
      ],
      schemas,
    );
    expect(when.errors).toEqual([]);
    expect(when.rules[0]?.applies).toEqual({ os: ['linux'], when: { fact: 'state', equals: 'on' } });
    const bad = errorsOf(
      rule('    check: { fact: enabled, equals: true }').replace(
        'applies: { os: [linux] }',
        'applies: { os: [linux], when: { fact: stat, equals: on } }',
      ),
    );
    expect(bad.map((e) => e.replace(/^r\.yaml:\d+:\d+: /, ''))).toEqual([
      'probe "demo" has no fact "stat" (its facts: enabled, idleSeconds, state, accounts)',
    ]);
    expect(
      loadRules([{ file: 'r.yaml', text: rule('    check: { fact: enabled, equals: true }') }], schemas).rules[0]
        ?.applies,
    ).toEqual({ os: ['linux'] });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const errors = errorsOf(bomb.join('\n'));
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^r\.yaml:1:1: .*alias/i);
  });
});

describe('rule loader: templates and a rule the schema refuses (edges found by mutation testing)', () => {
  const fixSteps = (en: string, zh: string) => `
    title: { en: "Demo", zh-CN: "演示" }
    why: { en: "Because.", zh-CN: "因为。" }
    fix:
      linux: { en: ["Do it.", "${en}"], zh-CN: ["做。", "${zh}"] }`;

  it('found, required and fix steps name facts, declared params or failing, with a known filter', () => {
    const good = rule(
      '    check: { fact: enabled, equals: true }\n    params: { max: 600 }\n' +
        '    found: { en: "{enabled} {param.max} {failing|state} {idleSeconds|minutes}", zh-CN: "{state} {failing|seen}" }\n' +
        '    required: { en: "{accounts}", zh-CN: "无" }',
      fixSteps('{failing}', '{param.max|minutes}'),
    );
    expect(errorsOf(good)).toEqual([]);
    const bad = rule(
      '    check: { fact: enabled, equals: true }\n' +
        '    found: { en: "{idleSeconds|hours}", zh-CN: "{param.nope}" }\n' +
        '    required: { en: "{enabld}", zh-CN: "{accounts.name}" }',
      fixSteps('{failing|x}', '{stat}'),
    );
    const facts = '(its facts: enabled, idleSeconds, state, accounts)';
    expect(errorsOf(bad)).toEqual([
      'r.yaml:7:18: {idleSeconds|hours}: unknown filter (filters: minutes, state, seen)',
      `r.yaml:8:21: {enabld}: probe "demo" has no fact "enabld" ${facts}`,
      'r.yaml:12:31: {failing|x}: unknown filter (filters: minutes, state, seen)',
      "r.yaml:7:48: {param.nope} is not declared in this rule's params",
      `r.yaml:8:40: {accounts.name}: probe "demo" has no fact "accounts.name" ${facts}`,
      `r.yaml:12:61: {stat}: probe "demo" has no fact "stat" ${facts}`,
    ]);
    expect(loadRules([{ file: 'r.yaml', text: bad }], schemas).rules).toEqual([]);
  });

  it('a rule the schema refuses still has its probe, check and applies.when checked, all errors at once', () => {
    const noTexts = rule('    check: { fact: enabld, equals: true }\n    applies2: 1\n    params: 3', '').replace(
      'applies: { os: [linux] }',
      'applies: { os: [linux], when: { fact: stat, equals: on } }',
    );
    const facts = '(its facts: enabled, idleSeconds, state, accounts)';
    expect(errorsOf(noTexts)).toEqual([
      'r.yaml:8:13: params: Invalid input: expected record, received number',
      'r.yaml:2:5: title: Invalid input: expected object, received undefined',
      'r.yaml:2:5: why: Invalid input: expected object, received undefined',
      'r.yaml:2:5: fix: Invalid input: expected object, received undefined',
      'r.yaml:7:5: unknown key "applies2"',
      `r.yaml:6:20: probe "demo" has no fact "enabld" ${facts}`,
      `r.yaml:5:43: probe "demo" has no fact "stat" ${facts}`,
    ]);
    // Params the schema refuses count as none: a $param in the check is then undeclared.
    expect(errorsOf(rule('    check: { fact: idleSeconds, lte: $param.max }\n    params: [1]', ''))).toContain(
      "r.yaml:6:38: $param.max is not declared in this rule's params",
    );
    expect(
      errorsOf(rule('    check: { fact: enabled, equals: true }', '').replace('probe: demo', 'probe: nope')),
    ).toEqual([
      'r.yaml:2:5: title: Invalid input: expected object, received undefined',
      'r.yaml:2:5: why: Invalid input: expected object, received undefined',
      'r.yaml:2:5: fix: Invalid input: expected object, received undefined',
      'r.yaml:3:12: unknown probe "nope" (known probes: demo)',
    ]);
    expect(errorsOf(rule('    check: { fact: enabled, equals: true }\n    a: 1\n    b: 2'))).toEqual([
      'r.yaml:7:5: unknown keys "a", "b"',
    ]);
  });

  it('a later file is loaded after an earlier one with errors; rules keep their file and line', () => {
    const ok = rule('    check: { fact: enabled, equals: true }').replace('demo.rule', 'demo.two');
    const { rules, errors } = loadRules(
      [
        { file: 'bad.yaml', text: 'rules: [' },
        { file: 'none.yaml', text: '[1, 2]\n' },
        { file: 'ok.yaml', text: `# a comment\n${ok}` },
      ],
      schemas,
    );
    expect(errors.map(formatSourceError).map((e) => e.split(':').slice(0, 2).join(':'))).toEqual([
      'bad.yaml:1',
      'none.yaml:1',
    ]);
    expect(rules.map((r) => [r.id, r.file, r.line, r.severity, r.probe])).toEqual([
      ['demo.two', 'ok.yaml', 3, 'high', 'demo'],
    ]);
  });
});

describe('rule loader: more edges found by mutation testing', () => {
  // Two probes, and facts of every kind a comparison can be refused on.
  const more = new Map<string, z.ZodType>([
    [
      'demo',
      z.object({
        enabled: z.boolean().nullable(),
        idleSeconds: z.number().nullable(),
        name: z.string(),
        group: z.object({ a: z.boolean() }),
        when: z.date(),
      }),
    ],
    ['other', z.object({ x: z.boolean() })],
  ]);
  const load = (text: string) => {
    const r = loadRules([{ file: 'r.yaml', text }], more);
    return [r.errors.map(formatSourceError), r.rules.map((x) => x.id)];
  };
  const check = (c: string) => load(rule(`    check: ${c}`));

  it('every operator that passes keeps its rule (lt too)', () => {
    for (const c of ['{ fact: idleSeconds, lt: 5 }', '{ fact: idleSeconds, lte: 5 }', '{ fact: name, matches: "^a" }'])
      expect([c, check(c)]).toEqual([c, [[], ['demo.rule']]]);
  });

  it('says what kind a fact is that cannot be compared, and why a pattern or list item is refused, where', () => {
    expect(check('{ fact: name, lte: 1 }')).toEqual([
      ['r.yaml:6:31: "lte" compares numbers, but fact "name" is text'],
      [],
    ]);
    expect(check('{ fact: group, lte: 1 }')).toEqual([
      ['r.yaml:6:32: "lte" compares numbers, but fact "group" is a group of facts'],
      [],
    ]);
    expect(check('{ fact: when, lte: 1 }')).toEqual([
      ['r.yaml:6:31: "lte" compares numbers, but fact "when" is not comparable'],
      [],
    ]);
    expect(check('{ fact: name, matches: 3 }')).toEqual([
      ['r.yaml:6:35: "matches" takes a regular expression as text'],
      [],
    ]);
    expect(check('{ all: [], fact: enabled, x: 1 }')).toEqual([
      ['r.yaml:6:12: "all" stands alone in its mapping; found also fact, x'],
      [],
    ]);
    // The list item that is wrong, not the list.
    expect(check('{ fact: enabled, in: [true, 1] }')).toEqual([
      ['r.yaml:6:40: fact "enabled" is true/false; 1 can never equal it'],
      [],
    ]);
  });

  it("names every known probe, points at fix and applies.when, and at a single-rule file's own lines", () => {
    expect(load(rule('    check: { fact: enabled, equals: true }').replace('probe: demo', 'probe: nope'))).toEqual([
      ['r.yaml:3:12: unknown probe "nope" (known probes: demo, other)'],
      [],
    ]);
    expect(load(rule('    check: { fact: enabled, equals: true }').replace('[linux]', '[linux, windows]'))).toEqual([
      ['r.yaml:10:7: fix.windows is missing: a rule that applies to windows must say how to fix it there'],
      [],
    ]);
    expect(
      load(
        rule('    check: { fact: enabled, equals: true }').replace(
          'applies: { os: [linux] }',
          'applies: { os: [linux], when: { fact: enabld, equals: true } }',
        ),
      ),
    ).toEqual([
      ['r.yaml:5:43: probe "demo" has no fact "enabld" (its facts: enabled, idleSeconds, name, group, when)'],
      [],
    ]);
    const single = rule('    check: { fact: enabled, equalz: true }')
      .replace('rules:\n  - ', '')
      .replace(/^ {4}/gm, '');
    expect(load(single)[0]).toEqual([
      'r.yaml:5:25: unknown operator "equalz" (operators: equals, in, lte, gte, lt, gt, matches, exists, none, some)',
    ]);
  });

  it("an item of rules: that is no mapping, or a probe that is no name, gets only the schema's errors", () => {
    expect(load('rules:\n  - 3\n')).toEqual([['r.yaml:2:5: Invalid input: expected object, received number'], []]);
    const [errors] = load('rules:\n  - { id: x, probe: 3 }\n');
    expect(errors).toContain('r.yaml:2:21: probe: Invalid input: expected string, received number');
    expect((errors as string[]).filter((e) => /unknown probe|condition/.test(e))).toEqual([]);
  });
});

describe('rule and profile schemas (edges found by mutation testing)', () => {
  it('rule ids: lower-case words joined by . or -, whole; effort and refs have defaults', () => {
    const withId = (id: string) => rule('    check: { fact: enabled, equals: true }').replace('demo.rule', id);
    for (const bad of ['Demo.rule', 'demo.rule!', '.demo', 'demo.', 'demo..rule', 'x y']) {
      expect(errorsOf(withId(bad)), bad).toContain('r.yaml:2:9: id: rule ids are lower-case words joined by . or -');
    }
    const { rules, errors } = loadRules([{ file: 'r.yaml', text: withId('a1.b-c') }], schemas);
    expect(errors).toEqual([]);
    expect(rules[0]).toMatchObject({ id: 'a1.b-c', effort: 'moderate', refs: [], params: {} });
  });

  it('profile ids are lower-case words with -, whole; a source is not empty', () => {
    const one = (head: string) =>
      loadProfiles([{ file: 'p.yaml', text: `${head}\ntitle: { en: P, zh-CN: P }\n` }], []).errors.length;
    expect(one('id: shop-basic\nsource: test')).toBe(0);
    for (const bad of ['id: Shop\nsource: test', 'id: shop!\nsource: test', 'id: "!shop"\nsource: test']) {
      expect(one(bad), bad).toBeGreaterThan(0);
    }
    expect(one('id: shop\nsource: ""')).toBeGreaterThan(0);
    expect(one('id: shop\nsource: ab')).toBe(0);
  });
});

describe('profile loader', () => {
  const { rules } = loadRules(
    [{ file: 'r.yaml', text: rule('    check: { fact: idleSeconds, lte: $param.max }\n    params: { max: 600 }') }],
    schemas,
  );
  const profile = (body: string) =>
    loadProfiles([{ file: 'p.yaml', text: `id: p\ntitle: { en: P, zh-CN: P }\nsource: test\n${body}` }], rules);

  it('accepts params and severities that exist', () => {
    expect(profile('params: { max: 900 }\nseverity: { demo.rule: critical }').errors).toEqual([]);
  });
  it('refuses a profile id defined twice, unknown severities and params of the wrong kind, each where it is', () => {
    const { rules: three } = loadRules(
      [
        {
          file: 'r.yaml',
          text: rule(
            '    check: { fact: idleSeconds, lte: $param.max }\n    params: { max: 600, names: [a], on: true }',
          ),
        },
      ],
      schemas,
    );
    const head = 'id: p\ntitle: { en: P, zh-CN: P }\nsource: test\n';
    const twice = loadProfiles(
      [
        { file: 'p.yaml', text: `${head}params: { names: [b], on: false }\n` },
        { file: 'q.yaml', text: head },
      ],
      three,
    );
    expect(twice.errors.map(formatSourceError)).toEqual(['q.yaml:1:5: profile id "p" is already defined in p.yaml']);
    expect(twice.profiles.map((p) => [p.id, p.file, p.params])).toEqual([['p', 'p.yaml', { names: ['b'], on: false }]]);
    // A profile already loaded (a bundled one) cannot be defined again either.
    expect(loadProfiles([{ file: 'x.yaml', text: head }], three, twice.profiles).errors.map(formatSourceError)).toEqual(
      ['x.yaml:1:5: profile id "p" is already defined in p.yaml'],
    );
    const wrong = loadProfiles(
      [
        {
          file: 'p.yaml',
          text: `${head}severity: { demo.other: low, demo.rule: low }\nexclude: [demo.*, x]\nparams: { names: a, on: 1 }\n`,
        },
      ],
      three,
    );
    expect(wrong.errors.map(formatSourceError)).toEqual([
      'p.yaml:5:19: no rule matches "x"',
      'p.yaml:4:13: no rule has the id "demo.other"',
      'p.yaml:6:18: param "names" is a list in the rules, not a string',
      'p.yaml:6:25: param "on" is a boolean in the rules, not a number',
    ]);
    expect(wrong.profiles).toEqual([]);
    const broken = loadProfiles(
      [
        { file: 'p.yaml', text: 'id: P!\ntitle: { en: P }\nsource: test\nx: 1\ny: 2\n' },
        { file: 'z.yaml', text: 'a: [' },
      ],
      three,
    );
    expect(broken.errors.map(formatSourceError).map((e) => e.replace(/ \/.*\/$/, ''))).toEqual([
      'p.yaml:1:5: id: Invalid string: must match pattern',
      'p.yaml:2:8: title.zh-CN: Invalid input: expected string, received undefined',
      'p.yaml:4:1: unknown keys "x", "y"',
      'z.yaml:1:5: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('rejects what no rule has, with positions', () => {
    expect(profile('include: [nothing.*]').errors.map(formatSourceError)).toEqual([
      'p.yaml:4:11: no rule matches "nothing.*"',
    ]);
    expect(profile('params: { max: "ten" }').errors.map(formatSourceError)[0]).toContain(
      'param "max" is a number in the rules, not a string',
    );
    expect(profile('params: { mx: 1 }').errors.map(formatSourceError)[0]).toMatch(
      /^p\.yaml:4:11: no rule has a param "mx"/,
    );
  });
});

describe('rule id patterns in profiles', () => {
  it('a trailing * matches by prefix, anything else only the exact id', () => {
    const table: [string, string, boolean][] = [
      ['screen-lock.idle', 'screen-lock.*', true],
      ['screen-lock', 'screen-lock.*', false],
      ['screen-lockx.idle', 'screen-lock.*', false],
      ['any.rule', '*', true],
      ['screen-lock.idle', 'screen-lock.idle', true],
      ['screen-lock.idle2', 'screen-lock.idle', false],
      ['screen-lock.idle', 'screen-*.idle', false],
      ['a*', 'a*', true],
    ];
    for (const [id, pattern, matches] of table)
      expect([id, pattern, matchesPattern(id, pattern)]).toEqual([id, pattern, matches]);
  });
});

describe("fact shapes read from a probe's schema", () => {
  const inner = z.object({ name: z.string() });
  const schema = z.object({
    flag: z.boolean().nullable(),
    count: z.number().int().optional(),
    ratio: z.number().default(1),
    word: z.string().readonly(),
    state: z.enum(['on', 'off']).nullable(),
    one: z.literal(3),
    yes: z.literal(true),
    text: z.literal('x'),
    items: z.array(inner).nullable(),
    group: z.object({ deep: z.object({ leaf: z.boolean() }).nullable() }),
    when: z.date(),
  });
  it('each kind through nullable, optional, default and readonly wrappers', () => {
    const kinds = ['flag', 'count', 'ratio', 'word', 'state', 'one', 'yes', 'text', 'items', 'group', 'when'].map(
      (f) => {
        const shape = resolveFact(schema, f)!;
        return [f, shape.kind, shape.values ?? null];
      },
    );
    expect(kinds).toEqual([
      ['flag', 'boolean', null],
      ['count', 'number', null],
      ['ratio', 'number', null],
      ['word', 'string', null],
      ['state', 'string', ['on', 'off']],
      ['one', 'number', [3]],
      ['yes', 'boolean', [true]],
      ['text', 'string', ['x']],
      ['items', 'list', null],
      ['group', 'object', null],
      ['when', 'other', null],
    ]);
    expect(resolveFact(schema, 'items')?.inner).toBe(inner);
  });
  it('dotted paths go into objects only; a missing part, a list or a scalar on the way is no fact', () => {
    expect(resolveFact(schema, 'group.deep.leaf')).toEqual({ kind: 'boolean' });
    expect(resolveFact(schema, 'group.deep.none')).toBeNull();
    expect(resolveFact(schema, 'items.name')).toBeNull();
    expect(resolveFact(schema, 'flag.x')).toBeNull();
    expect(resolveFact(schema, 'toString')).toBeNull();
    expect(factNames(schema.nullable())).toEqual([
      'flag',
      'count',
      'ratio',
      'word',
      'state',
      'one',
      'yes',
      'text',
      'items',
      'group',
      'when',
    ]);
    expect(factNames(z.string())).toEqual([]);
    expect(shapeOf(z.array(z.string()).optional())).toMatchObject({ kind: 'list' });
    // A wrapper the loader does not know (catch) is not looked through: not comparable.
    expect(shapeOf(z.boolean().catch(false))).toEqual({ kind: 'other' });
  });
});
