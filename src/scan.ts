import { evaluate, factValue } from './engine/evaluate.js';
import type { LoadedProfile, LoadedRule } from './engine/load.js';
import { matchesPattern } from './engine/pattern.js';
import type { Condition, Severity } from './engine/rule-schema.js';
import { checkedOf, countStatuses, judgePolicy, scoreResults, type Status } from './engine/score.js';
import { ScanFailedError, UsageError } from './errors.js';
import type { Host } from './host/types.js';
import { PROBES } from './probes/index.js';
import { langOfLocale, policyReason, templateWords } from './i18n/index.js';
import { fillTemplate, type TemplateValues } from './engine/template.js';
import { DEFAULT_COLLECT_OPTIONS, isAbsence, type CollectOptions, type Lang, type Probe } from './probes/types.js';
import type { ProbeRun, Report, RuleResult } from './report/model.js';
import { REPORT_SCHEMA_VERSION } from './report/version.js';

export interface RuleSet {
  rules: LoadedRule[];
  profiles: LoadedProfile[];
}

export const DEFAULT_PROFILE = 'default';

export interface Selection {
  profile?: string | undefined;
  /** --quick: leave out the probes that take their own time (reading documents for personal data). */
  quick?: boolean | undefined;
  only?: readonly string[] | undefined;
  skip?: readonly string[] | undefined;
}

/** The profile's rules with its params and severities applied, narrowed by --only / --skip. */
export function selectRules(
  set: RuleSet,
  selection: Selection,
): { profile: LoadedProfile | null; rules: LoadedRule[] } {
  const wanted = selection.profile ?? DEFAULT_PROFILE;
  const profile = set.profiles.find((p) => p.id === wanted) ?? null;
  if (!profile && selection.profile !== undefined) {
    const known = set.profiles.map((p) => p.id).join(', ') || 'none';
    throw new UsageError(`unknown profile "${wanted}"`, `profiles: ${known} (see: shop-audit profiles)`);
  }
  for (const [flag, patterns] of [
    ['--only', selection.only],
    ['--skip', selection.skip],
  ] as const) {
    for (const pattern of patterns ?? []) {
      if (!set.rules.some((r) => matchesPattern(r.id, pattern)))
        throw new UsageError(`${flag} ${pattern}: no rule has that id`, 'see: shop-audit rules list');
    }
  }
  const picked = set.rules.filter((r) => {
    if (profile?.include && !profile.include.some((p) => matchesPattern(r.id, p))) return false;
    if (profile?.exclude.some((p) => matchesPattern(r.id, p))) return false;
    if (selection.only?.length && !selection.only.some((p) => matchesPattern(r.id, p))) return false;
    if (selection.skip?.some((p) => matchesPattern(r.id, p))) return false;
    if (selection.quick && PROBES.find((p) => p.id === r.probe)?.extraTimeMs) return false;
    return true;
  });
  const rules = picked.map((r) => {
    const params = { ...r.params };
    for (const name of Object.keys(params))
      if (profile && Object.hasOwn(profile.params, name)) params[name] = profile.params[name]!;
    return { ...r, params, severity: profile?.severity[r.id] ?? r.severity };
  });
  return { profile, rules };
}

export interface ProbeOutcome {
  run: ProbeRun;
  facts: Record<string, unknown> | null;
}

/** Runs one probe on the host; any failure of the probe itself becomes an `error` outcome, never a crash. */
export async function runProbe(
  probe: Probe,
  host: Host,
  deadlineMs: number,
  options: CollectOptions = DEFAULT_COLLECT_OPTIONS,
): Promise<ProbeOutcome> {
  return (await runProbeInTime(probe, host, deadlineMs, options)).outcome;
}

/** runProbe, saying whether the probe gave no answer within its deadline. */
async function runProbeInTime(
  probe: Probe,
  host: Host,
  deadlineMs: number,
  options: CollectOptions,
): Promise<{ outcome: ProbeOutcome; late: boolean }> {
  // process.hrtime, not performance.now(): the first use of `performance` loads ten of Node's modules (~2 ms).
  const started = process.hrtime.bigint();
  const ms = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const collect = probe.collect[host.os];
  if (!collect)
    return { outcome: { run: { id: probe.id, status: 'unsupported', ms: 0, unknown: {} }, facts: null }, late: false };
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  try {
    const allowedMs = deadlineMs + (probe.extraTimeMs?.(options) ?? 0);
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        late = true;
        reject(new Error(`gave no answer within ${allowedMs / 1000} s`));
      }, allowedMs);
    });
    const output = await Promise.race([collect(host, options), deadline]);
    const parsed = probe.facts.safeParse(output.facts);
    if (!parsed.success)
      throw new Error(`collected facts do not match the probe's schema: ${parsed.error.issues[0]?.message ?? ''}`);
    const facts = parsed.data as Record<string, unknown>;
    const gaps = Object.values(output.unknown).filter((reason) => !isAbsence(reason));
    // A probe about something this OS does not have (AutoRun on Linux) read nothing, and that is no error.
    const nothingRead = Object.keys(facts).length > 0 && !anythingKnown(facts) && gaps.length > 0;
    const status = nothingRead ? 'error' : gaps.length > 0 ? 'partial' : 'ok';
    const run: ProbeRun = { id: probe.id, status, ms: ms(), unknown: output.unknown };
    if (output.readWith) run.readWith = output.readWith;
    if (nothingRead) run.error = 'nothing could be read';
    return { outcome: { run, facts }, late: false };
  } catch (error) {
    return { outcome: failedProbe(probe.id, ms(), (error as Error).message), late };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether any fact, at any depth of nested groups, was read (a list counts as read). */
function anythingKnown(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'object' && !Array.isArray(value)) return Object.values(value).some(anythingKnown);
  return true;
}

/** Runs the probes in parallel, reporting each as it finishes. */
export async function runProbes(
  probes: readonly Probe[],
  host: Host,
  deadlineMs: number,
  onDone?: (id: string, done: number, total: number) => void,
  options: CollectOptions = DEFAULT_COLLECT_OPTIONS,
): Promise<Map<string, ProbeOutcome>> {
  // What a probe read after its deadline may be in a --record bundle (written when the whole scan ends), and would
  // answer at once on replay: the probes that gave no answer in time are kept in it, and give none on replay either.
  const onRecord = await host.derive(NO_ANSWER_IN_TIME, async (): Promise<unknown> => ({}));
  const late: Record<string, string> = {};
  let done = 0;
  const outcomes = await Promise.all(
    probes.map(async (p) => {
      const lateOnRecord = (onRecord as Record<string, unknown> | null)?.[p.id];
      let outcome: ProbeOutcome;
      if (typeof lateOnRecord === 'string') outcome = failedProbe(p.id, 0, lateOnRecord);
      else {
        const ran = await runProbeInTime(p, host, deadlineMs, options);
        outcome = ran.outcome;
        if (ran.late) {
          late[p.id] = outcome.run.error ?? '';
          await host.derive(NO_ANSWER_IN_TIME, async () => ({ ...late }));
        }
      }
      onDone?.(p.id, ++done, probes.length);
      return outcome;
    }),
  );
  return new Map(outcomes.map((o) => [o.run.id, o]));
}

/** The derived answer of a --record bundle that names the probes that gave no answer in time, with why. */
const NO_ANSWER_IN_TIME = 'scan.noAnswerInTime';

const failedProbe = (id: string, ms: number, error: string): ProbeOutcome => ({
  run: { id, status: 'error', ms, unknown: {}, error },
  facts: null,
});

export interface ScanOptions extends Selection {
  /** The report's language; with `langFromPc`, only the fallback. */
  lang: Lang;
  /**
   * Speak the PC's own display language (Windows UI culture, macOS AppleLanguages, the Unix
   * locale — the system probe's displayLanguage) when it is known: for --lang not given.
   */
  langFromPc?: boolean;
  failOn: Severity;
  minScore: number | null;
  strict: boolean;
  version: string;
  replayed: boolean;
  /** The bundle came from the old-Windows collector (Bundle.collectedBy). */
  collectedBy?: { collector: string; version: string; at: string | null } | null;
  /** How long one probe may take in all (its commands each have their own timeout). */
  probeDeadlineMs: number;
  /** --deep: also the checks that leave a trace on the PC (see CollectOptions). */
  deep?: boolean;
  /** Windows: the PowerShell script's own time budget (see CollectOptions). */
  windowsTimeoutMs?: number;
  /** Told what the Windows script is checking while it runs. */
  onProgress?: CollectOptions['onProgress'];
  /** --data-path and --data-time-budget (see CollectOptions). */
  personalData?: CollectOptions['personalData'];
  onProbeDone?: (id: string, done: number, total: number) => void;
  now?: () => Date;
}

/**
 * The time the PC is judged at. A --record bundle keeps it: a replay judges the PC as it was when recorded (its
 * logs reach no further back for being replayed later); a bundle without it, at the time of the replay.
 */
export async function scanTime(host: Host, now: Date = new Date()): Promise<Date> {
  const kept = await host.derive('scan.time', async (): Promise<unknown> => now.toISOString());
  return typeof kept === 'string' && !Number.isNaN(Date.parse(kept)) ? new Date(kept) : now;
}

/** The core API: rules → probes → evaluate → score → Report. */
export async function scan(host: Host, set: RuleSet, options: ScanOptions): Promise<Report> {
  const { profile, rules } = selectRules(set, options);
  const needed = new Set(['system', ...rules.filter((r) => r.applies.os.includes(host.os)).map((r) => r.probe)]);
  const probes = PROBES.filter((p) => needed.has(p.id));
  const collectOptions: CollectOptions = {
    deep: options.deep ?? false,
    now: await scanTime(host, options.now?.()),
    ...(options.windowsTimeoutMs ? { windowsTimeoutMs: options.windowsTimeoutMs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.personalData ? { personalData: options.personalData } : {}),
  };
  const outcomes = await runProbes(probes, host, options.probeDeadlineMs, options.onProbeDone, collectOptions);

  const system = outcomes.get('system')!;
  const others = [...outcomes.values()].filter((o) => o.run.id !== 'system' && o.run.status !== 'unsupported');
  if (system.run.status === 'error' || (others.length > 0 && others.every((o) => o.run.status === 'error'))) {
    throw new ScanFailedError(
      `nothing could be read from this ${options.replayed ? 'replay bundle' : 'PC'}` +
        `: ${system.run.error ?? 'every check failed'}`,
      options.replayed
        ? 'the bundle holds no answers for this scan; record one with --record on the PC'
        : 'run again with sudo or as administrator; if it still fails, report it with the output of ' +
            '`shop-audit probes`',
    );
  }

  const finished = options.now?.() ?? new Date();
  const shown = system.facts?.displayLanguage;
  const lang = options.langFromPc && typeof shown === 'string' ? langOfLocale(shown) : options.lang;
  const results = rules.map((rule) => evaluateRule(rule, host, outcomes.get(rule.probe), lang));
  const score = scoreResults(results);
  const policy = judgePolicy(results, score, options);
  const sys = system.facts ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const flag = (v: unknown) => (typeof v === 'boolean' ? v : null);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'shop-audit', version: options.version },
    generatedAt: finished.toISOString(),
    utcOffsetMinutes: -finished.getTimezoneOffset(),
    lang,
    profile: profile
      ? {
          id: profile.id,
          title: profile.title[lang],
          source: typeof profile.source === 'string' ? profile.source : profile.source[lang],
        }
      : {
          id: 'all',
          title: lang === 'zh-CN' ? '全部规则' : 'All rules',
          source: lang === 'zh-CN' ? '已加载的全部规则' : 'every loaded rule',
        },
    machine: {
      hostname: text(sys.hostname),
      os: host.os,
      osName: text(sys.osName),
      osVersion: text(sys.osVersion),
      architecture: text(sys.architecture),
      consoleUser: text(sys.consoleUser),
      consoleUserAdmin: flag(sys.consoleUserAdmin),
      mdmEnrolled: flag(sys.mdmEnrolled),
      mdmEnrolledViaDep: flag(sys.mdmEnrolledViaDep),
      idHash: text(sys.machineIdHash),
      user: host.user.name,
      elevated: host.elevated,
      replayed: options.replayed,
      collectedBy: options.collectedBy ?? null,
      windowsFactsFrom:
        sys.windowsFactsFrom === 'powershell' || sys.windowsFactsFrom === 'fallback' || sys.windowsFactsFrom === 'mixed'
          ? sys.windowsFactsFrom
          : null,
    },
    score,
    counts: countStatuses(results),
    policy: {
      failOn: options.failOn,
      minScore: options.minScore,
      strict: options.strict,
      passed: policy.passed,
      reasons: policy.reasons.map((r) => policyReason(lang, r)),
      checked: checkedOf(results),
    },
    results,
    probes: [...outcomes.values()].map((o) => o.run),
  };
}

function evaluateRule(rule: LoadedRule, host: Host, outcome: ProbeOutcome | undefined, lang: Lang): RuleResult {
  const words = templateWords(lang);
  const fill = (template: string | undefined, values: TemplateValues) =>
    template === undefined ? null : fillTemplate(template, values, words);
  const noFacts: TemplateValues = { facts: {}, params: rule.params, failing: [] };
  const result = (
    status: Status,
    evidence: Record<string, unknown>,
    reasons: string[],
    values = noFacts,
  ): RuleResult => ({
    id: rule.id,
    probe: rule.probe,
    severity: rule.severity,
    status,
    title: rule.title[lang],
    failTitle: rule.failTitle?.[lang] ?? null,
    found: status === 'fail' ? fill(rule.found?.[lang], values) : null,
    required: fill(rule.required?.[lang], values),
    effort: rule.effort,
    why: rule.why[lang],
    fix: status === 'fail' ? (rule.fix[host.os]?.[lang].map((step) => fill(step, values)!) ?? null) : null,
    refs: rule.refs.map((r) => ({
      framework: r.framework,
      control: typeof r.control === 'string' ? r.control : r.control[lang],
    })),
    evidence,
    reasons,
  });
  if (!rule.applies.os.includes(host.os)) return result('not_applicable', {}, []);
  if (!outcome || outcome.run.status === 'unsupported' || !outcome.facts) {
    const why =
      outcome?.run.status === 'error'
        ? `probe ${rule.probe} failed: ${outcome.run.error}`
        : `this version of shop-audit cannot yet check this on ${host.os}`;
    return result(outcome?.run.status === 'error' ? 'error' : 'unknown', {}, [why]);
  }
  const facts = outcome.facts;
  const evidence = Object.fromEntries(referencedFacts(rule).map((f) => [f, factValue(facts, f)]));
  const reasonsFor = (paths: string[]) => [...new Set(paths.map((p) => `${p}: ${reasonFor(outcome.run.unknown, p)}`))];
  if (rule.applies.when) {
    const when = evaluate(rule.applies.when, facts, rule.params);
    if (when.value === false) return result('not_applicable', evidence, []);
  }
  const check = evaluate(rule.check, facts, rule.params);
  if (check.value === null) return result('unknown', evidence, reasonsFor(check.unknownFacts));
  return result(check.value ? 'pass' : 'fail', evidence, [], {
    facts,
    params: rule.params,
    failing: check.value ? [] : failingItems(rule.check, facts, rule.params),
  });
}

/**
 * The items of the lists a rule's `none` conditions go over that break it: the accounts without a password,
 * the open shares.
 */
function failingItems(condition: Condition, facts: Record<string, unknown>, params: LoadedRule['params']): unknown[] {
  if ('all' in condition) return condition.all.flatMap((c) => failingItems(c, facts, params));
  if ('any' in condition) return condition.any.flatMap((c) => failingItems(c, facts, params));
  if ('not' in condition || !('none' in condition)) return [];
  const list = factValue(facts, condition.fact);
  if (!Array.isArray(list)) return [];
  return list.filter(
    (item) =>
      typeof item === 'object' &&
      item !== null &&
      evaluate(condition.none, item as Record<string, unknown>, params).value === true,
  );
}

/** The reason recorded for a fact, or for the nearest enclosing fact (`accounts[bob].password` → `accounts`). */
function reasonFor(unknown: Record<string, string>, path: string): string {
  for (let p = path; p; p = p.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, '')) {
    const reason = unknown[p];
    if (reason) return reason;
    if (!/[.[]/.test(p)) break;
  }
  return 'could not be read';
}

/** Top-level facts a rule looks at, for the evidence shown beside its result. */
function referencedFacts(rule: LoadedRule): string[] {
  const out = new Set<string>();
  const walk = (c: Condition) => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else out.add(c.fact);
  };
  walk(rule.check);
  if (rule.applies.when) walk(rule.applies.when);
  return [...out];
}
