import type { z } from 'zod';
import { factNames, resolveFact, type FactShape } from './facts-shape.js';
import { compilePattern } from './linear-regex.js';
import { matchesPattern } from './pattern.js';
import {
  COMBINATORS,
  COMPARISONS,
  OS_NAMES,
  ruleSchemas,
  type Condition,
  type ParamValue,
  type Profile,
  type Rule,
} from './rule-schema.js';
import type { SourceError } from '../errors.js';
import { YamlSource, type PathKey } from './yaml-source.js';
import { FAILING, FILTERS, placeholders } from './template.js';

export interface LoadedRule extends Rule {
  file: string;
  line: number;
}

export interface LoadedProfile extends Profile {
  file: string;
}

/** The fact schema of each probe, by probe id: all the engine needs to know about probes. */
export type FactSchemas = ReadonlyMap<string, z.ZodType>;

export interface TextFile {
  file: string;
  text: string;
}

const PARAM_REF = /^\$param\.([A-Za-z_]\w*)$/;
const MAX_NESTING = 16;
const NESTING_KEYS = new Set<PathKey>(['all', 'any', 'not', 'none', 'some']);

/**
 * Parses and checks rule files. Every problem is collected (not just the first), each with the
 * file, line and column, so one `rules validate` run shows everything to fix. `existing` rules
 * (the bundled ones) are already loaded: a new rule may not reuse one of their ids.
 */
export function loadRules(
  files: readonly TextFile[],
  schemas: FactSchemas,
  existing: readonly LoadedRule[] = [],
): { rules: LoadedRule[]; errors: SourceError[] } {
  const rules: LoadedRule[] = [];
  const errors: SourceError[] = [];
  const seen = new Map<string, LoadedRule>(existing.map((r) => [r.id, r]));
  for (const { file, text } of files) {
    const parsed = YamlSource.parse(file, text);
    errors.push(...parsed.errors);
    const src = parsed.source;
    if (!src) continue;
    const value = src.value;
    let entries: { raw: unknown; path: PathKey[] }[];
    if (isRecord(value) && Array.isArray(value.rules) && Object.keys(value).length === 1) {
      entries = value.rules.map((raw, i) => ({ raw, path: ['rules', i] }));
    } else if (isRecord(value) && 'id' in value) {
      entries = [{ raw: value, path: [] }];
    } else {
      errors.push(
        src.errorAt(
          [],
          'a rule file holds one rule (a mapping with id, probe, check, …) or a list of rules under "rules:"',
        ),
      );
      continue;
    }
    for (const { raw, path } of entries) {
      const rule = checkRule(src, raw, path, schemas, errors);
      if (!rule) continue;
      const before = seen.get(rule.id);
      if (before) {
        errors.push(
          src.errorAt([...path, 'id'], `rule id "${rule.id}" is already defined at ${before.file}:${before.line}`),
        );
        continue;
      }
      seen.set(rule.id, rule);
      rules.push(rule);
    }
  }
  return { rules, errors };
}

function checkRule(
  src: YamlSource,
  raw: unknown,
  path: PathKey[],
  schemas: FactSchemas,
  errors: SourceError[],
): LoadedRule | null {
  const before = errors.length;
  const parsed = ruleSchemas().rule.safeParse(raw);
  if (!parsed.success) {
    errors.push(...zodErrors(src, path, parsed.error));
    // Go on with the checks the schema leaves to later (probe, conditions) as far as the rule can
    // be read, so that one `rules validate` shows every error of the file at once.
    if (isRecord(raw) && typeof raw.probe === 'string') {
      const schema = schemas.get(raw.probe);
      if (!schema)
        errors.push(
          src.errorAt(
            [...path, 'probe'],
            `unknown probe "${raw.probe}" (known probes: ${[...schemas.keys()].join(', ')})`,
          ),
        );
      else {
        const ctx: ConditionContext = {
          src,
          errors,
          probe: raw.probe,
          params: isRecord(raw.params) ? (raw.params as Record<string, ParamValue>) : {},
        };
        if (raw.check !== undefined) checkCondition(ctx, raw.check, [...path, 'check'], schema);
        if (isRecord(raw.applies) && raw.applies.when !== undefined)
          checkCondition(ctx, raw.applies.when, [...path, 'applies', 'when'], schema);
      }
    }
    return null;
  }
  const rule = parsed.data;
  const line = src.errorAt(path, '').line;
  const schema = schemas.get(rule.probe);
  if (!schema) {
    errors.push(
      src.errorAt(
        [...path, 'probe'],
        `unknown probe "${rule.probe}" (known probes: ${[...schemas.keys()].join(', ')})`,
      ),
    );
    return null;
  }
  const ctx: ConditionContext = { src, errors, probe: rule.probe, params: rule.params };
  const check = checkCondition(ctx, rule.check, [...path, 'check'], schema);
  const when =
    rule.applies.when === undefined
      ? undefined
      : checkCondition(ctx, rule.applies.when, [...path, 'applies', 'when'], schema);
  checkTemplates(src, rule, path, schema, errors);
  for (const os of rule.applies.os) {
    if (!rule.fix[os])
      errors.push(
        src.errorAt(
          [...path, 'fix'],
          `fix.${os} is missing: a rule that applies to ${os} must say how to fix it there`,
        ),
      );
  }
  if (errors.length > before || !check) return null;
  const applies = when ? { os: rule.applies.os, when } : { os: rule.applies.os };
  return { ...rule, applies, check, file: src.file, line };
}

/**
 * Every placeholder of found, required and the fix steps names a fact of the probe, a declared param or
 * `failing`, with a known filter.
 */
function checkTemplates(
  src: YamlSource,
  rule: z.infer<ReturnType<typeof ruleSchemas>['rule']>,
  path: PathKey[],
  schema: z.ZodType,
  errors: SourceError[],
): void {
  const texts: { at: PathKey[]; text: string }[] = [];
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const field of ['found', 'required'] as const) {
      const text = rule[field]?.[lang];
      if (text) texts.push({ at: [...path, field, lang], text });
    }
    for (const os of OS_NAMES) {
      for (const [i, text] of (rule.fix[os]?.[lang] ?? []).entries())
        texts.push({ at: [...path, 'fix', os, lang, i], text });
    }
  }
  for (const { at, text } of texts) {
    for (const { name, filter } of placeholders(text)) {
      if (filter !== undefined && !(FILTERS as readonly string[]).includes(filter))
        errors.push(src.errorAt(at, `{${name}|${filter}}: unknown filter (filters: ${FILTERS.join(', ')})`));
      if (name === FAILING) continue;
      if (name.startsWith('param.')) {
        if (!Object.hasOwn(rule.params, name.slice('param.'.length)))
          errors.push(src.errorAt(at, `{${name}} is not declared in this rule's params`));
      } else if (!resolveFact(schema, name)) {
        errors.push(
          src.errorAt(
            at,
            `{${name}}: probe "${rule.probe}" has no fact "${name}" (its facts: ${factNames(schema).join(', ')})`,
          ),
        );
      }
    }
  }
}

interface ConditionContext {
  src: YamlSource;
  errors: SourceError[];
  probe: string;
  params: Record<string, ParamValue>;
}

/** Checks one condition against the probe's fact schema; returns it typed, or null after recording errors. */
function checkCondition(ctx: ConditionContext, raw: unknown, path: PathKey[], schema: z.ZodType): Condition | null {
  const fail = (at: PathKey[], message: string, onKey = false) => {
    ctx.errors.push(ctx.src.errorAt(at, message, onKey));
    return null;
  };
  // Evaluation recurses too: a condition nested absurdly deep is refused here, not left to overflow the stack.
  if (path.filter((k) => NESTING_KEYS.has(k)).length > MAX_NESTING)
    return fail(path, `conditions nest more than ${MAX_NESTING} levels deep`);
  if (!isRecord(raw)) return fail(path, 'a condition is a mapping such as { fact: enabled, equals: true }');
  const keys = Object.keys(raw);
  const combinator = keys.find((k) => (COMBINATORS as readonly string[]).includes(k));
  if (combinator) {
    if (keys.length !== 1)
      return fail(
        path,
        `"${combinator}" stands alone in its mapping; found also ${keys.filter((k) => k !== combinator).join(', ')}`,
      );
    const body = raw[combinator];
    if (combinator === 'not') return checkCondition(ctx, body, [...path, 'not'], schema) ? (raw as Condition) : null;
    if (!Array.isArray(body) || body.length === 0)
      return fail([...path, combinator], `"${combinator}" takes a non-empty list of conditions`);
    const parts = body.map((c, i) => checkCondition(ctx, c, [...path, combinator, i], schema));
    return parts.every(Boolean) ? (raw as Condition) : null;
  }
  if (!('fact' in raw))
    return fail(
      path,
      `a condition needs "fact" and one operator (${COMPARISONS.join(', ')}), or one of ${COMBINATORS.join(', ')}`,
    );
  if (typeof raw.fact !== 'string') return fail([...path, 'fact'], 'fact must be a fact name');
  const ops = keys.filter((k) => k !== 'fact');
  const unknownOp = ops.find((k) => !(COMPARISONS as readonly string[]).includes(k));
  if (unknownOp)
    return fail([...path, unknownOp], `unknown operator "${unknownOp}" (operators: ${COMPARISONS.join(', ')})`, true);
  if (ops.length !== 1)
    return fail(
      path,
      ops.length === 0
        ? `fact "${raw.fact}" needs one operator (${COMPARISONS.join(', ')})`
        : `one operator per condition; found ${ops.join(', ')} (combine them with all:)`,
    );
  const op = ops[0] as (typeof COMPARISONS)[number];
  const shape = resolveFact(schema, raw.fact);
  if (!shape)
    return fail(
      [...path, 'fact'],
      `probe "${ctx.probe}" has no fact "${raw.fact}" (its facts: ${factNames(schema).join(', ')})`,
    );
  const value = raw[op];
  const at = [...path, op];
  switch (op) {
    case 'equals':
      return checkLiteral(ctx, value, at, shape, raw.fact) ? (raw as Condition) : null;
    case 'in': {
      const list = paramOr(ctx, value, at);
      if (list === undefined) return null;
      if (!Array.isArray(list) || list.length === 0) return fail(at, '"in" takes a non-empty list of values');
      return list.every((v, i) =>
        checkLiteral(ctx, v, typeof value === 'string' ? at : [...at, i], shape, raw.fact as string),
      )
        ? (raw as Condition)
        : null;
    }
    case 'lte':
    case 'gte':
    case 'lt':
    case 'gt': {
      if (shape.kind !== 'number')
        return fail(at, `"${op}" compares numbers, but fact "${raw.fact}" is ${describe(shape)}`);
      const n = paramOr(ctx, value, at);
      if (n === undefined) return null;
      return typeof n === 'number' ? (raw as Condition) : fail(at, `"${op}" takes a number or $param.NAME`);
    }
    case 'matches': {
      if (shape.kind !== 'string')
        return fail(at, `"matches" tests text, but fact "${raw.fact}" is ${describe(shape)}`);
      if (typeof value !== 'string') return fail(at, '"matches" takes a regular expression as text');
      try {
        compilePattern(value);
      } catch (error) {
        return fail(at, `regular expression not accepted: ${(error as Error).message}`);
      }
      return raw as Condition;
    }
    case 'exists':
      return typeof value === 'boolean' ? (raw as Condition) : fail(at, '"exists" takes true or false');
    case 'none':
    case 'some':
      if (shape.kind !== 'list' || !shape.inner)
        return fail(at, `"${op}" goes over a list, but fact "${raw.fact}" is ${describe(shape)}`);
      // Inside none/some, `fact` names a field of each list item.
      return checkCondition({ ...ctx, probe: `${ctx.probe}: ${raw.fact}[]` }, value, at, shape.inner)
        ? (raw as Condition)
        : null;
  }
}

/** Resolves `$param.NAME` (which must be declared in the rule's params); other values pass through. */
function paramOr(ctx: ConditionContext, value: unknown, at: PathKey[]): unknown {
  if (typeof value !== 'string') return value;
  const ref = PARAM_REF.exec(value);
  if (!ref) return value;
  const name = ref[1]!;
  if (!Object.hasOwn(ctx.params, name)) {
    ctx.errors.push(ctx.src.errorAt(at, `${value} is not declared in this rule's params`));
    return undefined;
  }
  return ctx.params[name];
}

function checkLiteral(ctx: ConditionContext, raw: unknown, at: PathKey[], shape: FactShape, fact: string): boolean {
  const value = paramOr(ctx, raw, at);
  if (value === undefined) return false;
  const type = typeof value;
  const ok =
    (shape.kind === 'boolean' && type === 'boolean') ||
    (shape.kind === 'number' && type === 'number') ||
    (shape.kind === 'string' && type === 'string');
  if (!ok) {
    ctx.errors.push(
      ctx.src.errorAt(at, `fact "${fact}" is ${describe(shape)}; ${JSON.stringify(value)} can never equal it`),
    );
    return false;
  }
  if (shape.values && !shape.values.includes(value)) {
    ctx.errors.push(
      ctx.src.errorAt(
        at,
        `fact "${fact}" is one of ${shape.values.map((v) => JSON.stringify(v)).join(', ')}` +
          `; not ${JSON.stringify(value)}`,
      ),
    );
    return false;
  }
  return true;
}

function describe(shape: FactShape): string {
  if (shape.values) return `one of ${shape.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    boolean: 'true/false',
    number: 'a number',
    string: 'text',
    list: 'a list',
    object: 'a group of facts',
    other: 'not comparable',
  }[shape.kind];
}

/** Profiles: checked against the loaded rules (every id and pattern must match a rule). */
export function loadProfiles(
  files: readonly TextFile[],
  rules: readonly LoadedRule[],
  existing: readonly LoadedProfile[] = [],
): { profiles: LoadedProfile[]; errors: SourceError[] } {
  const profiles: LoadedProfile[] = [];
  const errors: SourceError[] = [];
  const ruleIds = rules.map((r) => r.id);
  const paramTypes = new Map<string, string>();
  for (const r of rules)
    for (const [k, v] of Object.entries(r.params)) paramTypes.set(k, Array.isArray(v) ? 'list' : typeof v);
  for (const { file, text } of files) {
    const parsed = YamlSource.parse(file, text);
    errors.push(...parsed.errors);
    const src = parsed.source;
    if (!src) continue;
    const result = ruleSchemas().profile.safeParse(src.value);
    if (!result.success) {
      errors.push(...zodErrors(src, [], result.error));
      continue;
    }
    const profile = result.data;
    const before = errors.length;
    for (const key of ['include', 'exclude'] as const) {
      (profile[key] ?? []).forEach((pattern, i) => {
        if (!ruleIds.some((id) => matchesPattern(id, pattern)))
          errors.push(src.errorAt([key, i], `no rule matches "${pattern}"`));
      });
    }
    for (const id of Object.keys(profile.severity)) {
      if (!ruleIds.includes(id)) errors.push(src.errorAt(['severity', id], `no rule has the id "${id}"`, true));
    }
    for (const [name, value] of Object.entries(profile.params)) {
      const expected = paramTypes.get(name);
      const actual = Array.isArray(value) ? 'list' : typeof value;
      if (!expected) errors.push(src.errorAt(['params', name], `no rule has a param "${name}"`, true));
      else if (expected !== actual)
        errors.push(src.errorAt(['params', name], `param "${name}" is a ${expected} in the rules, not a ${actual}`));
    }
    const clash = [...existing, ...profiles].find((p) => p.id === profile.id);
    if (clash) errors.push(src.errorAt(['id'], `profile id "${profile.id}" is already defined in ${clash.file}`));
    if (errors.length === before) profiles.push({ ...profile, file });
  }
  return { profiles, errors };
}

function zodErrors(src: YamlSource, base: PathKey[], error: z.ZodError): SourceError[] {
  return error.issues.map((issue) => {
    const path = [...base, ...(issue.path as PathKey[])];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      return src.errorAt(
        [...path, key],
        `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        true,
      );
    }
    return src.errorAt(path, `${where}${issue.message}`);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
