import { describeFailure, type Host } from '../../host/types.js';
import {
  DEFAULT_COLLECT_OPTIONS,
  DEFAULT_WINDOWS_TIMEOUT_MS,
  REASON,
  type Answer,
  type CollectOptions,
} from '../types.js';
import {
  answerSchemas,
  decodeDocument,
  POWERSHELL_ARGS,
  powershellPath,
  type AnswerName,
  type AnswerOf,
  type AnswerPath,
  type ScriptFailure,
  type ScriptOutcome,
} from './document.js';
import { fallbackAnswers } from './fallback.js';
import { ANSWER_MARKER, SCRIPT_QUERIES, windowsScript } from './script.js';

// Every probe's Windows collector asks `windowsAnswers(host, [names], options)`: the script runs once
// per host (per scan) within its time budget, its answers are decoded one by one (document.ts), and
// what it did not answer comes from Windows' own tools (fallback.ts).

const runs = new WeakMap<Host, { deep: boolean; run: Promise<ScriptOutcome> }>();

/** A progress reporter for the script's lines: names the query being read after each answer. */
function progressOf(options: CollectOptions): ((text: string) => void) | undefined {
  const report = options.onProgress;
  if (!report) return undefined;
  let pending = '';
  let done = 0;
  report({ done, total: SCRIPT_QUERIES.length, current: SCRIPT_QUERIES[0] ?? null });
  return (text) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const q = line.startsWith(ANSWER_MARKER)
        ? /^\{"q":"(\w+)"/.exec(line.slice(ANSWER_MARKER.length))?.[1]
        : undefined;
      if (!q) continue;
      done = SCRIPT_QUERIES.indexOf(q) + 1;
      report({ done, total: SCRIPT_QUERIES.length, current: SCRIPT_QUERIES[done] ?? null });
    }
  };
}

/** Runs the script within its own time budget and reads its answer; what it did not give, the fallback reads. */
async function runScript(host: Host, options: CollectOptions): Promise<ScriptOutcome> {
  const timeoutMs = options.windowsTimeoutMs ?? DEFAULT_WINDOWS_TIMEOUT_MS;
  // Started from a PowerShell 7 prompt, Windows PowerShell would inherit PowerShell 7's module path,
  // and its own core cmdlets fail to load (PowerShell/PowerShell#27774): it builds its own without one.
  const r = await host.exec(powershellPath(host), POWERSHELL_ARGS, {
    input: windowsScript(options),
    timeoutMs,
    env: { PSModulePath: null },
    onStdout: progressOf(options),
  });
  let outcome: ScriptOutcome;
  if (r.status === 'exited' || (r.status === 'timeout' && r.stdout)) {
    const decoded = decodeDocument(r.stdout ?? '');
    let stopped = decoded.stopped;
    if (r.status === 'timeout') stopped = `PowerShell did not finish within ${timeoutMs / 1000} s and was stopped`;
    else if (stopped && r.stderr.trim()) stopped = `${stopped}: ${r.stderr.trim().split(/\r?\n/)[0]}`;
    outcome = { document: decoded.document, stopped };
  } else {
    outcome = {
      document: { facts: {}, failed: {} },
      stopped:
        r.status === 'timeout'
          ? `PowerShell did not answer within ${timeoutMs / 1000} s and was stopped`
          : `PowerShell: ${describeFailure(r)}`,
    };
  }
  options.onProgress?.({ done: SCRIPT_QUERIES.length, total: SCRIPT_QUERIES.length, current: null });
  // A query that failed (WMI broken, a cmdlet missing or blocked) is read again with Windows' own tools where
  // they can answer it, as is every query the script did not get to.
  const failed = Object.keys(outcome.document.failed) as AnswerName[];
  if (outcome.stopped === null)
    return failed.length === 0
      ? outcome
      : { ...outcome, fallback: await fallbackAnswers(host, 'its PowerShell query failed', failed) };
  const given = new Set([...Object.keys(outcome.document.facts), ...failed]);
  const missing = (Object.keys(answerSchemas()) as AnswerName[]).filter((n) => !given.has(n));
  return { ...outcome, fallback: await fallbackAnswers(host, outcome.stopped, [...missing, ...failed]) };
}

/** Whether the fallback, not the script, gave this answer (the script failed it or never got to it). */
const fromFallback = (outcome: ScriptOutcome, name: AnswerName): boolean =>
  !Object.hasOwn(outcome.document.facts, name) && Object.hasOwn(outcome.fallback?.facts ?? {}, name);

/**
 * Runs the script once per host object, so every probe of a scan shares the one PowerShell. Every
 * probe of a scan passes the scan's options; a different --deep for the same host is a bug.
 */
export function runWindowsScript(host: Host, options: CollectOptions): Promise<ScriptOutcome> {
  const started = runs.get(host);
  if (started && started.deep !== options.deep)
    throw new Error('the Windows script already ran for this host with another --deep setting');
  let run = started?.run;
  if (!run) {
    run = runScript(host, options);
    runs.set(host, { deep: options.deep, run });
  }
  return run;
}

/** Which path gave the named answers (the script, the fallback, or both). */
export function answerPath(outcome: ScriptOutcome, names: readonly AnswerName[]): AnswerPath {
  const fromScript = names.filter(
    (n) =>
      !fromFallback(outcome, n) &&
      (outcome.stopped === null ||
        Object.hasOwn(outcome.document.facts, n) ||
        Object.hasOwn(outcome.document.failed, n)),
  ).length;
  if (fromScript === names.length) return 'powershell';
  return fromScript === 0 ? 'fallback' : 'mixed';
}

/** Why a query in the script failed, in the report's standard words where one fits. */
export function failureReason(host: Host, name: string, failed: ScriptFailure): string {
  const denied =
    /UnauthorizedAccess|SecurityException|PrivilegeNotHeld/.test(failed.type) ||
    /access (is )?denied|0x80041003|拒绝访问/i.test(failed.message);
  if (denied && !host.elevated) return REASON.needsAdmin;
  if (/CommandNotFoundException/.test(failed.type))
    return `${REASON.notSupported} (${failed.message.split(/\r?\n/)[0]})`;
  return `${name}: ${failed.message.split(/\r?\n/)[0]}`;
}

/** Answers read from the signed-in person's own registry hive (HKCU, or HKU\<SID> of the person at the screen). */
export const PER_USER_ANSWERS: ReadonlySet<AnswerName> = new Set([
  'screenSaverUser',
  'screenSaverPolicy',
  'wakeSignIn',
  'autorunUser',
  'autoplayHandlers',
  'removableStorageUser',
  'removableDisksUser',
  'fileHistory',
  'userShellFolders',
  'userSession',
]);

/**
 * Why per-user answers may not be the shop's settings, or null when they are. An elevated scan with nobody
 * signed in at the screen (or with that not known) has only the scanning account's own settings, which may be
 * a technician's. Windows' own tools (`readBy` fallback) read HKCU, the scanning account's own hive: their
 * answer is the shop's only when that account is the one at the screen (an RMM agent running as SYSTEM, or a
 * local administrator beside an Entra ID user, is not).
 */
function notTheShopsSettings(host: Host, outcome: ScriptOutcome, readBy: 'script' | 'fallback'): string | null {
  if (!host.elevated) return null;
  const failed = outcome.document.failed.consoleUser;
  if (failed)
    return (
      `whose settings these are is not known (${failureReason(host, 'consoleUser', failed)}): run ` +
      `shop-audit as the person who uses this PC`
    );
  const who = answerSchemas().consoleUser.safeParse(outcome.document.facts.consoleUser);
  if (!who.success) return 'whose settings these are is not known: run shop-audit as the person who uses this PC';
  if (who.data.consoleSid === null)
    return (
      "nobody is signed in at the screen, and this elevated scan would read its own account's settings: " +
      'run shop-audit as the person who uses this PC'
    );
  if (readBy === 'fallback' && who.data.consoleSid !== who.data.scanSid)
    return (
      "Windows' own tools read the scanning account's settings, not those of the person at the screen: " +
      'run shop-audit as the person who uses this PC'
    );
  return null;
}

/** Who read a per-user answer whose owner the script can tell: PowerShell, the fallback, or null (no check). */
function perUserReader(outcome: ScriptOutcome, name: AnswerName): 'script' | 'fallback' | null {
  if (Object.hasOwn(outcome.document.facts, name)) return 'script';
  // Without the script's word on who sits at the screen, the fallback's own hive check decides (fallback.ts).
  const scriptSaidWho =
    Object.hasOwn(outcome.document.facts, 'consoleUser') || Object.hasOwn(outcome.document.failed, 'consoleUser');
  return fromFallback(outcome, name) && scriptSaidWho ? 'fallback' : null;
}

/** One answer of the script's document, decoded on its own; one it did not give, from the fallback. */
export function answerFrom<N extends AnswerName>(host: Host, outcome: ScriptOutcome, name: N): Answer<AnswerOf<N>> {
  const readBy = PER_USER_ANSWERS.has(name) ? perUserReader(outcome, name) : null;
  const notShops = readBy && notTheShopsSettings(host, outcome, readBy);
  if (notShops) return { ok: false, reason: notShops };
  const failed = outcome.document.failed[name];
  if (failed)
    return fromFallback(outcome, name)
      ? decodeAnswer(name, outcome.fallback?.facts[name], 'The fallback')
      : { ok: false, reason: failureReason(host, name, failed) };
  if (Object.hasOwn(outcome.document.facts, name))
    return decodeAnswer(name, outcome.document.facts[name], 'PowerShell');
  if (outcome.stopped === null) return { ok: false, reason: `PowerShell gave no answer for ${name}` };
  const fallback = outcome.fallback;
  if (!fallback || !Object.hasOwn(fallback.facts, name))
    return { ok: false, reason: fallback?.reasons[name] ?? outcome.stopped };
  return decodeAnswer(name, fallback.facts[name], 'The fallback');
}

function decodeAnswer<N extends AnswerName>(name: N, value: unknown, source: string): Answer<AnswerOf<N>> {
  const parsed = answerSchemas()[name].safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      reason: `${source}'s answer for ${name} has an unexpected form: ${parsed.error.issues[0]?.message ?? ''}`,
    };
  return { ok: true, value: parsed.data as AnswerOf<N> };
}

/**
 * The named answers for one probe, from the scan's single run of the script (and the fallback for
 * what it did not give), and `readWith`: which path gave them, for the report.
 */
export async function windowsAnswers<N extends AnswerName>(
  host: Host,
  names: readonly N[],
  // Required (undefined means the default): a probe that forgot the scan's options would start a second script.
  options: CollectOptions | undefined,
): Promise<{ [K in N]: Answer<AnswerOf<K>> } & { readWith: AnswerPath }> {
  const outcome = await runWindowsScript(host, options ?? DEFAULT_COLLECT_OPTIONS);
  const answers = Object.fromEntries(names.map((n) => [n, answerFrom(host, outcome, n)])) as {
    [K in N]: Answer<AnswerOf<K>>;
  };
  return Object.assign(answers, { readWith: answerPath(outcome, names) });
}

/** Which path read the scan's Windows facts as a whole: the script alone, the fallback alone, or both. */
export function scriptPath(outcome: ScriptOutcome): AnswerPath {
  const byTools = Object.keys(outcome.fallback?.facts ?? {}).length > 0;
  if (outcome.stopped === null) return byTools ? 'mixed' : 'powershell';
  const given = Object.keys(outcome.document.facts).length + Object.keys(outcome.document.failed).length;
  return given === 0 ? 'fallback' : 'mixed';
}
