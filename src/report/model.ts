import { z } from 'zod';
import { EFFORTS, FRAMEWORKS, SEVERITIES } from '../engine/rule-schema.js';
import { STATUSES } from '../engine/score.js';
import { REPORT_SCHEMA_VERSION } from './version.js';

// The report is the one thing every renderer reads and the JSON output is. Its schema is
// published (schema/report.schema.json, generated from this file); bump REPORT_SCHEMA_VERSION
// (version.ts) on any change a script reading the JSON would notice.

const severity = z.enum(SEVERITIES);
const status = z.enum(STATUSES);

export const resultSchema = z.object({
  id: z.string().describe('Stable rule id, e.g. login.no-empty-password'),
  probe: z.string(),
  severity,
  status,
  title: z.string(),
  // Added after schemaVersion 1 was published: a report without them reads them as null (or moderate).
  failTitle: z
    .string()
    .nullable()
    .default(null)
    .describe('The problem as a sentence ("The firewall is off"), shown instead of the title when the check failed'),
  found: z
    .string()
    .nullable()
    .default(null)
    .describe('What was found, in words, when the check failed ("shortest password accepted: 6 characters")'),
  required: z.string().nullable().default(null).describe('What is required, in words ("at least 8 characters")'),
  effort: z
    .enum(EFFORTS)
    .default('moderate')
    .describe('How much work the fix is: quick, moderate, or a job for a technician'),
  why: z.string(),
  /** Numbered fix steps for this OS, in the report's language; null when the rule passed or does not apply. */
  fix: z.array(z.string()).nullable(),
  refs: z.array(z.object({ framework: z.enum(FRAMEWORKS), control: z.string() })),
  /** The facts the rule looked at, as collected (null = could not be read). */
  evidence: z.record(z.string(), z.unknown()),
  /** Why the answer is unknown or error: one line per unreadable fact. */
  reasons: z.array(z.string()),
});

export const probeRunSchema = z.object({
  id: z.string(),
  status: z.enum(['ok', 'partial', 'error', 'unsupported']),
  ms: z.number(),
  unknown: z.record(z.string(), z.string()),
  error: z.string().optional(),
  /** Windows: what answered this probe — the PowerShell script, Windows' own tools (fallback), or both. */
  readWith: z.enum(['powershell', 'fallback', 'mixed']).optional(),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('shop-audit'), version: z.string() }),
  generatedAt: z.string().describe('ISO 8601 time the scan finished'),
  utcOffsetMinutes: z
    .number()
    .int()
    .nullable()
    .default(null)
    .describe(
      "the scanned PC's local time zone at the scan, in minutes east of UTC (added after schemaVersion " +
        '1; null when not recorded)',
    ),
  lang: z.enum(['en', 'zh-CN']),
  profile: z.object({ id: z.string(), title: z.string(), source: z.string() }),
  machine: z.object({
    hostname: z.string().nullable(),
    os: z.enum(['linux', 'macos', 'windows']),
    osName: z.string().nullable(),
    osVersion: z.string().nullable(),
    // Added after schemaVersion 1 was published: a report without them reads them as null.
    architecture: z
      .string()
      .nullable()
      .default(null)
      .describe('processor architecture, e.g. arm64 or x86_64; null where it was not read'),
    consoleUser: z
      .string()
      .nullable()
      .default(null)
      .describe('the account signed in at the screen (macOS); null where not read or nobody is signed in'),
    consoleUserAdmin: z.boolean().nullable().default(null).describe('consoleUser is an administrator'),
    mdmEnrolled: z
      .boolean()
      .nullable()
      .default(null)
      .describe(
        "enrolled in an organisation's device management (MDM), which may enforce settings (macOS); " +
          'null where not read',
      ),
    mdmEnrolledViaDep: z
      .boolean()
      .nullable()
      .default(null)
      .describe("enrolled through Apple's Device Enrollment Program (DEP) (macOS); null where not read"),
    windowsFactsFrom: z
      .enum(['powershell', 'fallback', 'mixed'])
      .nullable()
      .default(null)
      .describe(
        'Windows: facts read by the one PowerShell script, by reg.exe, net, netsh and manage-bde ' +
          'because PowerShell could not run, or both (mixed: PowerShell was stopped half-way); null elsewhere',
      ),
    idHash: z
      .string()
      .nullable()
      .default(null)
      .describe(
        'a one-way hash (SHA-256, truncated) of the machine identity (/etc/machine-id, Windows MachineGuid, ' +
          'macOS IOPlatformUUID), to match reports of the same PC; never the identity itself',
      ),
    user: z.string(),
    elevated: z.boolean(),
    replayed: z.boolean().describe('true when the facts came from a --replay bundle, not from this PC'),
    // Added after schemaVersion 1 was published: a report without it reads it as null.
    collectedBy: z
      .object({
        collector: z.string().describe('the collector that read the PC, e.g. collect.cmd'),
        version: z.string().describe('the shop-audit version the collector came with'),
        at: z.string().nullable().describe("when: ISO 8601 with the PC's UTC offset, or the date as the PC wrote it"),
      })
      .nullable()
      .default(null)
      .describe(
        'set when the facts came from a bundle of the old-Windows collector (collect.cmd, for Windows 7 and 8.1) ' +
          "rather than from shop-audit itself: only what Windows' own tools show was read",
      ),
  }),
  score: z.object({
    value: z.number().int().min(0).max(100).nullable(),
    grade: z.enum(['A', 'B', 'C', 'D', 'F']).nullable(),
    coverage: z.number().int().min(0).max(100).nullable(),
    cappedByCritical: z.boolean(),
  }),
  counts: z.object({
    pass: z.number().int(),
    fail: z.number().int(),
    unknown: z.number().int(),
    not_applicable: z.number().int(),
    error: z.number().int(),
  }),
  policy: z.object({
    failOn: severity,
    minScore: z.number().nullable(),
    strict: z.boolean(),
    passed: z.boolean(),
    reasons: z.array(z.string()),
    // Added after schemaVersion 1 was published: a report without it reads it as null.
    checked: z
      .object({
        rules: z.number().int().describe('rules run, after --only, --skip and the profile'),
        applicable: z.number().int().describe('of those, the ones that apply to this PC'),
        answered: z.number().int().describe('of those, the ones answered pass or fail'),
      })
      .nullable()
      .default(null)
      .describe('how much the verdict rests on: a scan that answered nothing never passes'),
  }),
  results: z.array(resultSchema),
  probes: z.array(probeRunSchema),
});

export type Report = z.infer<typeof reportSchema>;
export type RuleResult = z.infer<typeof resultSchema>;
export type ProbeRun = z.infer<typeof probeRunSchema>;

/** The JSON Schema published for scripts (draft 2020-12). */
export function reportJsonSchema(): unknown {
  return { title: 'shop-audit report', ...(z.toJSONSchema(reportSchema) as object) };
}
