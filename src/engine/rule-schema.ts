import { z } from 'zod';

// The rule format. Rules are data: they compare facts and nothing else — no rule can run a
// command or read a file. Unknown keys are errors, so a typo never silently weakens a check.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const OS_NAMES = ['windows', 'macos', 'linux'] as const;

/** A literal, or `$param.NAME` which the rule's params (as overridden by the profile) fill in. */
export type ParamValue = number | string | boolean | (string | number | boolean)[];

// The condition tree is recursive and is checked by hand in load.ts, which can say exactly
// which operator is wrong and where; everything else in a rule is checked by this zod schema.
export type Condition =
  | { fact: string; equals: string | number | boolean }
  | { fact: string; in: (string | number | boolean)[] | string }
  | { fact: string; lte: number | string }
  | { fact: string; gte: number | string }
  | { fact: string; lt: number | string }
  | { fact: string; gt: number | string }
  | { fact: string; matches: string }
  | { fact: string; exists: boolean }
  | { fact: string; none: Condition }
  | { fact: string; some: Condition }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const COMPARISONS = ['equals', 'in', 'lte', 'gte', 'lt', 'gt', 'matches', 'exists', 'none', 'some'] as const;
export const COMBINATORS = ['all', 'any', 'not'] as const;

/**
 * How much work a fix is, so a report can put the quick ones first within a severity: `quick`
 * the owner does in a few minutes in Settings, `moderate` takes longer or a restart, `technician`
 * needs someone who knows the PC (reinstalling, encrypting a disk, editing config files).
 */
export const EFFORTS = ['quick', 'moderate', 'technician'] as const;

export const FRAMEWORKS = [
  'cn-dsl',
  'cn-pipl',
  'cn-csl',
  'cn-mlps2-l2',
  'pci-dss-4.0.1',
  'cyber-essentials-3.3',
  'cis-v8',
] as const;

/**
 * The rule and profile schemas, made when first asked for: a scan of the bundled rules (checked when the
 * package was built, scripts/compile-rules.mjs) needs neither, and making them took ~8 ms of every start.
 */
function makeSchemas() {
  const scalar = z.union([z.string(), z.number(), z.boolean()]);
  const paramValue = z.union([z.number(), z.string(), z.boolean(), z.array(scalar)]);
  const severity = z.enum(SEVERITIES);
  const localText = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) }).strict();
  /** Numbered fix steps, one string per step. */
  const steps = z
    .object({ en: z.array(z.string().min(1)).min(1), 'zh-CN': z.array(z.string().min(1)).min(1) })
    .strict();
  const rule = z
    .object({
      id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'rule ids are lower-case words joined by . or -'),
      probe: z.string(),
      severity,
      applies: z
        .object({
          os: z.array(z.enum(OS_NAMES)).min(1),
          /** When this is false the rule is not_applicable (e.g. no desktop, so no screen lock). */
          when: z.unknown().optional(),
        })
        .strict(),
      check: z.unknown(),
      params: z.record(z.string(), paramValue).default({}),
      title: localText,
      /** The problem as a sentence, for a failed check: "The firewall is off". */
      failTitle: localText.optional(),
      /**
       * What was found and what is required, as templates: `{fact}` (a fact path), `{param.NAME}`,
       * `{failing}` (the names of the list items that break the rule), with `|minutes` (from seconds).
       */
      found: localText.optional(),
      required: localText.optional(),
      effort: z.enum(EFFORTS).default('moderate'),
      why: localText,
      fix: z.object({ windows: steps.optional(), macos: steps.optional(), linux: steps.optional() }).strict(),
      /** A control is language-neutral ("8.2.8", "Art. 27") or words in both languages. */
      refs: z
        .array(z.object({ framework: z.enum(FRAMEWORKS), control: z.union([z.string().min(1), localText]) }).strict())
        .default([]),
    })
    .strict();

  const profile = z
    .object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      title: localText,
      /** Where the requirements come from: the standard, its version and the clauses. */
      source: z.union([z.string().min(1), localText]),
      /** Rule ids, or prefixes ending in `*`. Omitted: every rule. */
      include: z.array(z.string()).optional(),
      exclude: z.array(z.string()).default([]),
      /** Overrides of rule params by name, for every rule that has that param. */
      params: z.record(z.string(), paramValue).default({}),
      severity: z.record(z.string(), severity).default({}),
    })
    .strict();
  return { rule, profile };
}

let made: ReturnType<typeof makeSchemas> | undefined;
export const ruleSchemas = () => (made ??= makeSchemas());
type Schemas = ReturnType<typeof makeSchemas>;

export type Rule = Omit<z.infer<Schemas['rule']>, 'check' | 'applies'> & {
  applies: { os: (typeof OS_NAMES)[number][]; when?: Condition };
  check: Condition;
};

export type Profile = z.infer<Schemas['profile']>;
