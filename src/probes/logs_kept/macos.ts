import type { Host } from '../../host/types.js';
import { unreadable } from '../tools.js';
import { type CollectOptions, type Collector, REASON } from '../types.js';
import { type LogsKeptFacts, noLogFacts } from './facts.js';
import { daysBetween, wtmpBegins } from './parse.js';

/** The unified log's main store: numbered .tracev3 files of about 10 MB, the oldest removed as new ones are made. */
const PERSIST = '/var/db/diagnostics/Persist';
export const LAST = '/usr/bin/last';

type Source = { at: Date; by: string };

/**
 * A lower bound for how far the unified log reaches: the time its oldest file in Persist was last written (its
 * entries are older still). Reading the entries themselves (`log show`) takes too long for a scan.
 */
async function unifiedLogOldest(host: Host): Promise<{ source: Source | null; files: number } | { reason: string }> {
  const listed = await host.listDir(PERSIST);
  if (listed.status === 'missing') return { source: null, files: 0 };
  if (listed.status !== 'ok') return { reason: unreadable(host, PERSIST, listed) };
  let oldest: { at: number; file: string } | null = null;
  const files = listed.entries.filter((name) => name.endsWith('.tracev3'));
  for (const name of files) {
    const path = `${PERSIST}/${name}`;
    const stat = await host.stat(path);
    // A file logd removed since the listing is simply gone; one that cannot be looked at might be the oldest.
    if (stat.status !== 'ok' && stat.status !== 'missing') return { reason: unreadable(host, path, stat) };
    if (stat.status === 'ok' && stat.kind === 'file' && (!oldest || stat.mtimeMs < oldest.at))
      oldest = { at: stat.mtimeMs, file: path };
  }
  const by = oldest && `the unified log (${oldest.file}, last written; its entries are older)`;
  return { source: oldest && by ? { at: new Date(oldest.at), by } : null, files: files.length };
}

/** The oldest record of the sign-in record `last` reads (logins, logouts, restarts), or why not. */
async function signInRecordBegins(host: Host): Promise<{ source: Source } | { reason: string }> {
  const r = await host.exec(LAST, [], { env: { TZ: 'UTC' } });
  if (r.status !== 'exited') return { reason: `${LAST}: ${r.status === 'failed' ? r.message : r.status}` };
  const begins = r.exitCode === 0 ? wtmpBegins(r.stdout) : null;
  if (!begins) return { reason: `${LAST} printed no "wtmp begins" line in UTC (exit code ${r.exitCode})` };
  return { source: { at: begins, by: 'the sign-in record (last)' } };
}

/**
 * How far back the Mac's logs reach: the older of the unified log's oldest file and the sign-in record's oldest
 * record, both read. macOS has no setting for the unified log's size or age: logd removes its oldest files itself.
 */
export const collectMacos: Collector<LogsKeptFacts> = async (host, options?: CollectOptions) => {
  const now = options?.now ?? new Date();
  const facts = noLogFacts();
  const noSetting = "macOS has no such setting: logd removes the unified log's oldest files by its own rules";
  const unknown: Record<string, string> = {
    maxSizeMB: noSetting,
    whenFull: noSetting,
    retentionLimitDays: noSetting,
    logonEventsLogged: REASON.notOnThisOs,
  };
  const [unified, signIns] = await Promise.all([unifiedLogOldest(host), signInRecordBegins(host)]);
  if ('reason' in unified) unknown.persistent = unified.reason;
  else if (unified.files > 0) facts.persistent = true;
  else unknown.persistent = `no log file in ${PERSIST}`;

  // Both are needed: one unread could reach further back than the other (a fail on half the logs is a guess).
  const reasons = [unified, signIns].flatMap((r) => ('reason' in r ? [r.reason] : []));
  const sources = [unified, signIns].flatMap((r) => ('source' in r && r.source ? [r.source] : []));
  const oldest = sources.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  if (oldest && reasons.length === 0) {
    facts.oldestEntry = oldest.at.toISOString();
    facts.coveredDays = daysBetween(oldest.at, now);
    facts.coveredBy = oldest.by;
  } else {
    const reason = reasons.join('; ') || `no log entries found (no unified log in ${PERSIST})`;
    for (const key of ['oldestEntry', 'coveredDays', 'coveredBy']) unknown[key] = reason;
  }
  return { facts, unknown };
};
