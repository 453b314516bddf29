import type { Condition, ParamValue } from './rule-schema.js';
import { compilePattern, type LinearPattern } from './linear-regex.js';

/** Three-valued truth: null is "unknown" — a fact that could not be read. */
export type Tri = boolean | null;

export interface Evaluation {
  value: Tri;
  /** Fact paths whose unknown value made (part of) the answer unknown. */
  unknownFacts: string[];
}

type Facts = Record<string, unknown>;

/**
 * Evaluates a condition over facts with Kleene logic: `all` is false if any part is false, else
 * unknown if any is unknown; `any` is true if any part is true, else unknown if any is unknown.
 * A comparison with a fact that is null (unknown) is unknown — never true, never false.
 */
export function evaluate(
  condition: Condition,
  facts: Facts,
  params: Record<string, ParamValue>,
  prefix = '',
): Evaluation {
  if ('all' in condition)
    return combine(
      condition.all.map((c) => evaluate(c, facts, params, prefix)),
      false,
    );
  if ('any' in condition)
    return combine(
      condition.any.map((c) => evaluate(c, facts, params, prefix)),
      true,
    );
  if ('not' in condition) {
    const inner = evaluate(condition.not, facts, params, prefix);
    return { value: inner.value === null ? null : !inner.value, unknownFacts: inner.unknownFacts };
  }
  const value = factValue(facts, condition.fact);
  const path = prefix + condition.fact;
  if ('exists' in condition) return known((value !== null) === condition.exists);
  if (value === null) return { value: null, unknownFacts: [path] };

  if ('equals' in condition) return known(value === resolve(condition.equals, params));
  if ('in' in condition) {
    const list = resolve(condition.in, params);
    return known(Array.isArray(list) && list.includes(value as never));
  }
  if ('matches' in condition) return known(typeof value === 'string' && compiled(condition.matches).test(value));
  if ('none' in condition || 'some' in condition) {
    if (!Array.isArray(value)) return { value: null, unknownFacts: [path] };
    const inner = 'none' in condition ? condition.none : condition.some;
    const parts = value.map((item, i) =>
      evaluate(inner, isRecord(item) ? item : {}, params, `${path}[${itemName(item, i)}].`),
    );
    const some = combine(parts, true);
    return 'none' in condition
      ? { value: some.value === null ? null : !some.value, unknownFacts: some.unknownFacts }
      : some;
  }
  const limit = resolve(
    'lte' in condition
      ? condition.lte
      : 'gte' in condition
        ? condition.gte
        : 'lt' in condition
          ? condition.lt
          : condition.gt,
    params,
  );
  if (typeof value !== 'number' || typeof limit !== 'number') return { value: null, unknownFacts: [path] };
  if ('lte' in condition) return known(value <= limit);
  if ('gte' in condition) return known(value >= limit);
  if ('lt' in condition) return known(value < limit);
  return known(value > limit);
}

function combine(parts: Evaluation[], anyMode: boolean): Evaluation {
  // any: a true part decides; all: a false part decides.
  const decisive = parts.find((p) => p.value === anyMode);
  if (decisive) return { value: anyMode, unknownFacts: [] };
  const unknown = parts.filter((p) => p.value === null);
  if (unknown.length > 0) return { value: null, unknownFacts: unknown.flatMap((p) => p.unknownFacts) };
  return { value: !anyMode, unknownFacts: [] };
}

function known(value: boolean): Evaluation {
  return { value, unknownFacts: [] };
}

function resolve(value: unknown, params: Record<string, ParamValue>): unknown {
  if (typeof value === 'string' && value.startsWith('$param.')) return params[value.slice('$param.'.length)];
  return value;
}

/** A dotted path into the facts; anything missing reads as null (unknown). */
export function factValue(facts: Facts, path: string): unknown {
  let current: unknown = facts;
  for (const part of path.split('.')) {
    if (!isRecord(current) || !Object.hasOwn(current, part)) return null;
    current = current[part];
  }
  return current ?? null;
}

/** The fields that name a list item in reasons (`accounts[alice].password`), first found wins. */
export const ITEM_KEYS = ['id', 'name', 'mountPoint', 'path'] as const;

function itemName(item: unknown, index: number): string {
  if (isRecord(item)) {
    for (const key of ITEM_KEYS) if (typeof item[key] === 'string') return item[key] as string;
  }
  return String(index);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Linear-time patterns (see linear-regex.ts), compiled once per pattern.
const patterns = new Map<string, LinearPattern>();
function compiled(source: string): LinearPattern {
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = compilePattern(source);
    patterns.set(source, pattern);
  }
  return pattern;
}
