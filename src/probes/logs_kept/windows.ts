import { answerTaker, type Collector } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { regNumber, type AnswerOf } from '../windows/document.js';
import type { LogsKeptFacts } from './facts.js';
import { daysBetween } from './parse.js';

/** The size Windows gives the Security log when nothing sets one (20480 KB). */
const DEFAULT_SECURITY_LOG_MB = 20;

/**
 * The Security log's size limit and what happens when it is full, the policy's values winning over the
 * log's own (the policy keeps MaxSize in KB and its switches as "1", the log MaxSize in bytes).
 */
export function securityLogSettings(
  own: AnswerOf<'securityLog'>,
  policy: AnswerOf<'securityLogPolicy'>,
): Pick<LogsKeptFacts, 'maxSizeMB' | 'whenFull'> {
  const policySize = regNumber(policy?.MaxSize);
  const ownSize = regNumber(own?.MaxSize);
  let maxSizeMB = DEFAULT_SECURITY_LOG_MB;
  if (policySize !== null) maxSizeMB = Math.round(policySize / 1024);
  else if (ownSize !== null) maxSizeMB = Math.round(ownSize / 1024 ** 2);
  const pick = (name: 'Retention' | 'AutoBackupLogFiles') => regNumber(policy?.[name]) ?? regNumber(own?.[name]);
  let whenFull: LogsKeptFacts['whenFull'] = 'overwrite';
  if (pick('AutoBackupLogFiles') === 1) whenFull = 'archive';
  else if ((pick('Retention') ?? 0) !== 0) whenFull = 'stop';
  return { maxSizeMB, whenFull };
}

export const collectWindows: Collector<LogsKeptFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    ['securityLog', 'securityLogPolicy', 'securityLogOldest', 'securityLogonEvent'],
    options,
  );
  const unknown: Record<string, string> = {};
  const take = answerTaker(unknown);
  const own = take('maxSizeMB', a.securityLog);
  const policy = take('maxSizeMB', a.securityLogPolicy);
  const settings: Pick<LogsKeptFacts, 'maxSizeMB' | 'whenFull'> = unknown.maxSizeMB
    ? { maxSizeMB: null, whenFull: null }
    : securityLogSettings(own, policy);
  if (unknown.maxSizeMB) unknown.whenFull = unknown.maxSizeMB;
  const oldest = take('oldestEntry', a.securityLogOldest);
  if (a.securityLogOldest.ok && oldest === null) unknown.oldestEntry = 'the Security log is empty';
  if (unknown.oldestEntry) {
    unknown.coveredDays = unknown.oldestEntry;
    unknown.coveredBy = unknown.oldestEntry;
  }
  return {
    facts: {
      oldestEntry: oldest,
      coveredDays: oldest ? daysBetween(new Date(oldest), options?.now ?? new Date()) : null,
      coveredBy: oldest ? 'the Windows Security event log' : null,
      persistent: true,
      ...settings,
      retentionLimitDays: 0,
      logonEventsLogged: take('logonEventsLogged', a.securityLogonEvent),
    },
    unknown,
    readWith: a.readWith,
  };
};
