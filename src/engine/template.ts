import { factValue } from './evaluate.js';
import type { ParamValue } from './rule-schema.js';

// The found/required texts of a rule are templates over its facts and params:
//   {minLength}            a fact (a dotted path into the probe's facts)
//   {param.minLength}      a param, as the profile set it
//   {failing}              the names of the list items that break the rule (accounts, shares, tools)
//   {idleSeconds|minutes}  a number of seconds, shown in minutes
//   {failing|state}        the items with whether each is running and starts by itself
//   {failing|seen}         the items with the days each was first and last seen (firstConnected, lastConnected)
// Rules cannot run code, and templates cannot either: a placeholder only names a value.

export const PLACEHOLDER = /\{([A-Za-z_][\w.]*)(?:\|([a-z]+))?\}/g;
export const FILTERS = ['minutes', 'state', 'seen'] as const;
/** The fields that name an item in a filled template, most readable first. */
const DISPLAY_KEYS = ['name', 'mountPoint', 'path', 'id'] as const;
export const FAILING = 'failing';

export interface Placeholder {
  /** `param.X`, `failing` or a fact path. */
  name: string;
  filter: string | undefined;
}

export function placeholders(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1]!, filter: m[2] }));
}

/** The words a filled template needs in the report's language. */
export interface TemplateWords {
  yes: string;
  no: string;
  unknown: string;
  none: string;
  /** Between list items: ", " or "、". */
  separator: string;
  minutes: (n: number) => string;
  running: string;
  startsAtBoot: string;
}

export interface TemplateValues {
  facts: Record<string, unknown>;
  params: Record<string, ParamValue>;
  /** The list items that break the rule, as collected. */
  failing: unknown[];
}

export function fillTemplate(template: string, values: TemplateValues, words: TemplateWords): string {
  return template.replace(PLACEHOLDER, (_, name: string, filter: string | undefined) => {
    const value =
      name === FAILING
        ? values.failing
        : name.startsWith('param.')
          ? (values.params[name.slice('param.'.length)] ?? null)
          : factValue(values.facts, name);
    return show(value, filter, words);
  });
}

function show(value: unknown, filter: string | undefined, words: TemplateWords): string {
  if (value === null || value === undefined) return words.unknown;
  if (filter === 'minutes' && typeof value === 'number') return words.minutes(Math.round(value / 60));
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (Array.isArray(value))
    return value.length === 0 ? words.none : value.map((v) => show(v, filter, words)).join(words.separator);
  if (typeof value === 'object') {
    if (filter === 'state') return withState(value as Record<string, unknown>, words);
    return filter === 'seen' ? withDays(value as Record<string, unknown>, words) : nameOf(value);
  }
  return String(value);
}

function withState(item: Record<string, unknown>, words: TemplateWords): string {
  const state = [
    item.running === true ? words.running : null,
    item.startsAtBoot === true ? words.startsAtBoot : null,
  ].filter(Boolean);
  return state.length ? `${nameOf(item)} (${state.join(words.separator)})` : nameOf(item);
}

/** An item with the days (UTC) it was first and last seen: `SanDisk Cruzer Blade (2024-01-05 – 2024-03-02)`. */
function withDays(item: Record<string, unknown>, words: TemplateWords): string {
  const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);
  const [first, last] = [day(item.firstConnected), day(item.lastConnected)];
  if (!first && !last) return nameOf(item);
  return `${nameOf(item)} (${first ?? words.unknown} – ${last ?? words.unknown})`;
}

export function nameOf(item: unknown): string {
  if (typeof item === 'object' && item !== null) {
    for (const key of DISPLAY_KEYS) {
      const v = (item as Record<string, unknown>)[key];
      if (typeof v === 'string') return v;
    }
  }
  return '?';
}
