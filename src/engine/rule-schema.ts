import { z } from 'zod';

// The rule format. Rules are data: they compare facts and nothing else — no rule can run a
// command or read a file. Unknown keys are errors, so a typo never silently weakens a check.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severitySchema = z.enum(SEVERITIES);

export const OS_NAMES = ['windows', 'macos', 'linux'] as const;

/** A literal, or `$param.NAME` which the rule's params (as overridden by the profile) fill in. */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

// The condition tree is recursive, so its TypeScript type is written out by hand.
export type Condition =
  | { fact: string; equals: unknown }
  | { fact: string; in: unknown[] | string }
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

const number = z.union([z.number(), z.string().regex(/^\$param\.[A-Za-z_][\w]*$/, 'expected a number or $param.NAME')]);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ fact: z.string(), equals: scalar }).strict(),
    z.object({ fact: z.string(), in: z.union([z.array(scalar), z.string()]) }).strict(),
    z.object({ fact: z.string(), lte: number }).strict(),
    z.object({ fact: z.string(), gte: number }).strict(),
    z.object({ fact: z.string(), lt: number }).strict(),
    z.object({ fact: z.string(), gt: number }).strict(),
    z.object({ fact: z.string(), matches: z.string() }).strict(),
    z.object({ fact: z.string(), exists: z.boolean() }).strict(),
    z.object({ fact: z.string(), none: conditionSchema }).strict(),
    z.object({ fact: z.string(), some: conditionSchema }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
) as z.ZodType<Condition>;

export const localTextSchema = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) }).strict();
/** Numbered fix steps, one string per step. */
const stepsSchema = z.object({ en: z.array(z.string().min(1)).min(1), 'zh-CN': z.array(z.string().min(1)).min(1) }).strict();

export const FRAMEWORKS = [
  'cn-dsl',
  'cn-pipl',
  'cn-csl',
  'cn-mlps2-l2',
  'pci-dss-4.0.1',
  'cyber-essentials-3.3',
  'cis-v8-ig1',
] as const;

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'rule ids are lower-case words joined by . or -'),
    probe: z.string(),
    severity: severitySchema,
    applies: z
      .object({
        os: z.array(z.enum(OS_NAMES)).min(1),
        /** When this is false the rule is not_applicable (e.g. no desktop, so no screen lock). */
        when: conditionSchema.optional(),
      })
      .strict(),
    check: conditionSchema,
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(scalar)])).default({}),
    title: localTextSchema,
    why: localTextSchema,
    fix: z.object({ windows: stepsSchema.optional(), macos: stepsSchema.optional(), linux: stepsSchema.optional() }).strict(),
    refs: z.array(z.object({ framework: z.enum(FRAMEWORKS), control: z.string().min(1) }).strict()).default([]),
  })
  .strict();

export type Rule = z.infer<typeof ruleSchema>;

/** A rule file holds one rule or a list of them under `rules:`. */
export const ruleFileSchema = z.union([z.object({ rules: z.array(z.unknown()).min(1) }).strict(), z.record(z.string(), z.unknown())]);

export const profileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: localTextSchema,
    /** Where the requirements come from: the standard, its version and the clauses. */
    source: z.string().min(1),
    /** Rule ids, or prefixes ending in `*`. Omitted: every rule. */
    include: z.array(z.string()).optional(),
    exclude: z.array(z.string()).default([]),
    /** Overrides of rule params by name, for every rule that has that param. */
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(scalar)])).default({}),
    severity: z.record(z.string(), severitySchema).default({}),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;
