import { describeFailure, type Host } from '../../host/types.js';
import { DEFAULT_COLLECT_OPTIONS, REASON, type Answer, type CollectOptions } from '../types.js';
import {
  ANSWERS,
  decodeDocument,
  POWERSHELL_ARGS,
  powershellPath,
  type AnswerName,
  type AnswerOf,
  type ScriptFailure,
  type ScriptOutcome,
} from './document.js';
import { fallbackAnswers } from './fallback.js';
import { windowsScript } from './script.js';

// Every probe's Windows collector asks `windowsAnswers(host, [names], options)`: the script runs once
// per host (per scan), its document is decoded answer by answer (document.ts), and when PowerShell
// cannot run the answers come from Windows' own tools (fallback.ts).

const runs = new WeakMap<Host, { deep: boolean; run: Promise<ScriptOutcome> }>();

/**
 * Runs the script once per host object, so every probe of a scan shares the one PowerShell. Every
 * probe of a scan passes the scan's options; a different --deep for the same host is a bug.
 */
export function runWindowsScript(host: Host, options: CollectOptions): Promise<ScriptOutcome> {
  const started = runs.get(host);
  if (started && started.deep !== options.deep) throw new Error('the Windows script already ran for this host with another --deep setting');
  let run = started?.run;
  if (!run) {
    run = host.exec(powershellPath(host), POWERSHELL_ARGS, { input: windowsScript(options) }).then((r): ScriptOutcome => {
      if (r.status !== 'exited') return { ok: false, reason: `PowerShell: ${describeFailure(r)}` };
      const decoded = decodeDocument(r.stdout);
      if (decoded.ok || !r.stderr.trim()) return decoded;
      return { ok: false, reason: `${decoded.reason}: ${r.stderr.trim().split(/\r?\n/)[0]}` };
    }).then(async (outcome): Promise<ScriptOutcome> => (outcome.ok ? outcome : { ...outcome, fallback: await fallbackAnswers(host, outcome.reason) }));
    runs.set(host, { deep: options.deep, run });
  }
  return run;
}

/** Why a query in the script failed, in the report's standard words where one fits. */
export function failureReason(host: Host, name: string, failed: ScriptFailure): string {
  const denied = /UnauthorizedAccess|SecurityException|PrivilegeNotHeld/.test(failed.type) || /access (is )?denied|0x80041003|拒绝访问/i.test(failed.message);
  if (denied && !host.elevated) return REASON.needsAdmin;
  if (/CommandNotFoundException/.test(failed.type)) return `${REASON.notSupported} (${failed.message.split(/\r?\n/)[0]})`;
  return `${name}: ${failed.message.split(/\r?\n/)[0]}`;
}

/** One answer of the script's document, decoded on its own. */
export function answerFrom<N extends AnswerName>(host: Host, outcome: ScriptOutcome, name: N): Answer<AnswerOf<N>> {
  if (!outcome.ok) {
    const fallback = outcome.fallback;
    if (!fallback || !Object.hasOwn(fallback.facts, name)) return { ok: false, reason: fallback?.reasons[name] ?? outcome.reason };
    return decodeAnswer(name, fallback.facts[name], 'The fallback');
  }
  const failed = outcome.document.failed[name];
  if (failed) return { ok: false, reason: failureReason(host, name, failed) };
  if (!Object.hasOwn(outcome.document.facts, name)) return { ok: false, reason: `PowerShell gave no answer for ${name}` };
  return decodeAnswer(name, outcome.document.facts[name], 'PowerShell');
}

function decodeAnswer<N extends AnswerName>(name: N, value: unknown, source: string): Answer<AnswerOf<N>> {
  const parsed = ANSWERS[name].safeParse(value);
  if (!parsed.success) return { ok: false, reason: `${source}'s answer for ${name} has an unexpected form: ${parsed.error.issues[0]?.message ?? ''}` };
  return { ok: true, value: parsed.data as AnswerOf<N> };
}

/** The named answers for one probe, from the scan's single run of the script. */
export async function windowsAnswers<N extends AnswerName>(
  host: Host,
  names: readonly N[],
  // Required (undefined means the default): a probe that forgot the scan's options would start a second script.
  options: CollectOptions | undefined,
): Promise<{ [K in N]: Answer<AnswerOf<K>> }> {
  const outcome = await runWindowsScript(host, options ?? DEFAULT_COLLECT_OPTIONS);
  return Object.fromEntries(names.map((n) => [n, answerFrom(host, outcome, n)])) as { [K in N]: Answer<AnswerOf<K>> };
}
