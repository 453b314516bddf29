import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadProfiles, loadRules } from '../../src/engine/load.js';
import { FACT_SCHEMAS } from '../../src/rule-set.js';
import type { SourceError } from '../../src/errors.js';
import { REPO } from '../helpers/host.js';
import { runCli, runMain, STACK_TRACE } from '../helpers/cli.js';
import { makeRoot } from '../helpers/host.js';

// Property-based tests: valid rule and profile files are mutated at random (wrong types, unknown
// keys, deep nesting, huge strings, YAML aliases, duplicate ids, broken syntax). Every case must
// either load or come back as located errors — the loader never throws.

const RULE_TEXT = readFileSync(path.join(REPO, 'rules', 'screen-lock.yaml'), 'utf8');
const RULE_VALUE = parse(RULE_TEXT) as { rules: Record<string, unknown>[] };
const PROFILE_TEXT = readFileSync(path.join(REPO, 'rules', 'profiles', 'default.yaml'), 'utf8');
const { rules: BASE_RULES } = loadRules([{ file: 'base.yaml', text: RULE_TEXT }], FACT_SCHEMAS);

function expectLocated(errors: SourceError[], file: string): void {
  for (const e of errors) {
    expect(e.file).toBe(file);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.col).toBeGreaterThanOrEqual(1);
    expect(e.message.trim()).not.toBe('');
    expect(e.message).not.toMatch(STACK_TRACE);
  }
}

const anyValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
);

/** Every path to a value inside a JSON-like tree. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}
const ALL_PATHS = paths(RULE_VALUE).filter((p) => p.length > 0);

function setIn(root: unknown, at: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
  return copy;
}

const mutation = fc.oneof(
  // a value of the wrong type anywhere
  fc.record({ kind: fc.constant('replace' as const), at: fc.constantFrom(...ALL_PATHS), value: anyValue }),
  // an unknown key on any mapping
  fc.record({
    kind: fc.constant('add-key' as const),
    at: fc.constantFrom(...ALL_PATHS),
    key: fc.string({ minLength: 1, maxLength: 12 }),
  }),
  // conditions nested deep
  fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 400 }) }),
  // a huge string: up to 100 kB, a thousand times any real title or fix (the loader's time grows with the size:
  // up to 2 MB this case took two thirds of the test's time, up to 500 kB a quarter, for nothing more)
  fc.record({
    kind: fc.constant('huge' as const),
    at: fc.constantFrom(...ALL_PATHS),
    size: fc.integer({ min: 10_000, max: 100_000 }),
  }),
  // the same rule twice
  fc.record({ kind: fc.constant('duplicate' as const) }),
  // characters cut from, or inserted into, the text
  fc.record({
    kind: fc.constant('text' as const),
    offset: fc.nat(RULE_TEXT.length),
    cut: fc.nat(40),
    insert: fc.string({ maxLength: 8 }),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

// Without line folding: the same text for these values (a long run of x has no space to fold at),
// made in a fraction of the time.
const toYaml = (value: unknown) => stringify(value, { lineWidth: 0 });

function apply(m: Mutation): string {
  switch (m.kind) {
    case 'replace':
      return toYaml(setIn(RULE_VALUE, m.at, m.value));
    case 'add-key': {
      const parent = m.at.slice(0, -1);
      return toYaml(setIn(RULE_VALUE, [...parent, m.key], 1));
    }
    case 'nest': {
      let check: unknown = RULE_VALUE.rules[0]!.check;
      for (let i = 0; i < m.depth; i++) check = i % 2 ? { not: check } : { all: [check] };
      // The nested check in flow style (JSON is YAML): block style indents each level further, and
      // writing 400 levels that way took most of this test's time without testing the loader more.
      return toYaml(setIn(RULE_VALUE, ['rules', 0, 'check'], 'NESTED')).replace(
        'check: NESTED',
        `check: ${JSON.stringify(check)}`,
      );
    }
    case 'huge':
      return toYaml(setIn(RULE_VALUE, m.at, 'x'.repeat(m.size)));
    case 'duplicate':
      return toYaml({ rules: [...RULE_VALUE.rules, ...RULE_VALUE.rules] });
    case 'text':
      return RULE_TEXT.slice(0, m.offset) + m.insert + RULE_TEXT.slice(m.offset + m.cut);
  }
}

describe('rule fuzzing', () => {
  it('a mutated rule file either loads or gives located errors; the loader never throws', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const { rules, errors } = loadRules([{ file: 'fuzz.yaml', text: apply(m) }], FACT_SCHEMAS);
        expectLocated(errors, 'fuzz.yaml');
        if (m.kind === 'duplicate' || (m.kind === 'nest' && m.depth > 32)) expect(errors.length).toBeGreaterThan(0);
        expect(rules.length + errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  }, 120_000);

  it('a mutated profile either loads or gives located errors', () => {
    const profileValue = parse(PROFILE_TEXT) as Record<string, unknown>;
    const profilePaths = paths(profileValue).filter((p) => p.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...profilePaths), anyValue, fc.string({ maxLength: 10 }), (at, value, key) => {
        for (const text of [
          stringify(setIn(profileValue, at, value)),
          stringify({ ...profileValue, [key || 'x']: value, include: [key || 'nothing.*'] }),
        ]) {
          const { errors } = loadProfiles([{ file: 'p.yaml', text }], BASE_RULES);
          expectLocated(errors, 'p.yaml');
        }
      }),
      { numRuns: 200, seed: 20261123 },
    );
  });

  it('alias bombs of any size are refused, not expanded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 3, max: 12 }), (levels, width) => {
        const lines = ['a0: &a0 [x]'];
        for (let i = 1; i <= levels; i++)
          lines.push(
            `a${i}: &a${i} [${Array(width)
              .fill(`*a${i - 1}`)
              .join(', ')}]`,
          );
        const { errors } = loadRules([{ file: 'bomb.yaml', text: lines.join('\n') }], FACT_SCHEMAS);
        expect(errors.length).toBeGreaterThan(0);
        expectLocated(errors, 'bomb.yaml');
      }),
      { numRuns: 50, seed: 20261123 },
    );
  });

  it('rules validate exits 0 or 2 with file:line:col, never a stack trace: 4 cases through the real CLI, 8 in-process', async () => {
    const samples = fc.sample(mutation, { numRuns: 12, seed: 7 });
    const root = await makeRoot(Object.fromEntries(samples.map((m, i) => [`/case${i}/rules.yaml`, apply(m)])));
    const expectValidated = (r: { code: number | null; stderr: string }) => {
      expect([0, 2], r.stderr).toContain(r.code);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      if (r.code === 2) expect(r.stderr).toMatch(/rules\.yaml:\d+:\d+: /);
    };
    // A program start each costs more than the whole in-process rest: the process boundary (exit code,
    // what reaches stderr) for a handful, the CLI's main in this process for the others.
    for (let i = 0; i < samples.length; i++) {
      const args = ['rules', 'validate', path.join(root, `case${i}`)];
      expectValidated(i < 4 ? runCli(args) : await runMain(args));
    }
  }, 120_000);
});
