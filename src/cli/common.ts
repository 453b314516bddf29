import { z } from 'zod';
import { UsageError } from '../errors.js';
import { readBundledRuleSet } from '../files/package.js';
import { readRuleSources, readText } from '../files/read.js';
import { withDebugLog } from '../host/debug-log.js';
import { createLiveHost } from '../host/live.js';
import type { Host } from '../host/types.js';
import { icuDefaultLocale, langFromLocale } from '../i18n/index.js';
import type { Lang } from '../probes/types.js';
import type { RuleSet } from '../scan.js';
import { debugMode } from './debug.js';

// What several commands share: the language, the rules to load, the host to scan.

export function resolveLang(option: unknown): Lang {
  if (option === 'en' || option === 'zh-CN') return option;
  return langFromLocale(process.env, icuDefaultLocale);
}

export async function loadRulesFromOptions(opts: { rules?: unknown; bundledRules?: unknown }): Promise<RuleSet> {
  const extra = Array.isArray(opts.rules) ? (opts.rules as string[]) : [];
  const bundled = opts.bundledRules !== false;
  if (!bundled && extra.length === 0)
    throw new UsageError('no rules to run: --no-bundled-rules needs at least one --rules DIR');
  // The bundled rules come checked from the build; only the user's own files are parsed here.
  const base = bundled ? readBundledRuleSet() : { rules: [], profiles: [] };
  if (extra.length === 0) return base;
  const { loadRuleSet } = await import('../rule-set.js');
  return loadRuleSet(await readRuleSources(extra), base);
}

/**
 * A number option written in decimal digits ("5", "2.5"): Number() would also take "" as 0,
 * "0x50" as 80 and "1e2" as 100, none of which a person typing a number means.
 */
export const decimal = (option: string, what: string, whole = false) =>
  z
    .string()
    .regex(
      whole ? /^\d{1,9}$/ : /^\d{1,9}(\.\d{1,9})?$/,
      `${option} takes ${what}, written in decimal digits (${whole ? 'e.g. 80' : 'e.g. 5 or 2.5'})`,
    )
    .transform(Number);

/**
 * A file or folder option. An empty value (an unset variable: `--replay "$BUNDLE"`) is a usage error: it was taken
 * as no option at all, and such a replay scanned this PC, an --output went to standard output.
 */
export const pathOption = (option: string) => z.string().min(1, `${option} needs a file or folder name; it was empty`);

export const timeoutSeconds = decimal('--timeout', 'a number of seconds').pipe(
  z.number().gt(0, '--timeout must be more than 0 seconds').max(600, '--timeout is at most 600 seconds'),
);

/** Parses options with a zod schema; any problem is a usage error naming the option. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/** The live PC, or a recorded bundle when --replay is given. */
export async function openHost(
  replay: string | undefined,
  timeoutMs: number,
): Promise<{
  host: Host;
  replayed: boolean;
  collectedBy: { collector: string; version: string; at: string | null } | null;
}> {
  const debug = (host: Host) => (debugMode.on ? withDebugLog(host, (line) => process.stderr.write(`${line}\n`)) : host);
  if (replay) {
    const { file, text } = await readText(replay);
    // Loaded only for a replay: its schemas are start-up time a live scan does not need.
    const { createReplayHost, parseBundle } = await import('../host/bundle.js');
    const bundle = parseBundle(file, text);
    const by = bundle.collectedBy;
    const collectedBy = by ? { collector: by.collector, version: by.version, at: by.at } : null;
    return { host: debug(createReplayHost(bundle)), replayed: true, collectedBy };
  }
  return { host: debug(await createLiveHost({ timeoutMs })), replayed: false, collectedBy: null };
}
