import type { Collector } from '../types.js';
import { type LogsKeptFacts, noLogFacts } from './facts.js';

/**
 * macOS's unified log keeps entries by its own per-subsystem rules (often days to a few weeks) and keeps no
 * sign-in record for months; reading how far back it reaches takes `log show` over the whole store, too slow
 * for a scan. Every fact is unknown with that reason.
 */
const NOT_READ =
  "not read on macOS: the unified log's reach is only known by reading all of it (log show), " +
  'which is too slow for a scan';

export const collectMacos: Collector<LogsKeptFacts> = async () => {
  const facts = noLogFacts();
  return { facts, unknown: Object.fromEntries(Object.keys(facts).map((k) => [k, NOT_READ])) };
};
