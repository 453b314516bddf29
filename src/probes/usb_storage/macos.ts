import { type Collector, unreadFacts } from '../types.js';
import { type UsbStorageFacts, facts as schema } from './facts.js';

/** macOS restricts USB storage only through a management (MDM) profile, which shop-audit does not read yet. */
const NOT_READ = 'not read on macOS: USB storage is restricted there only by a management (MDM) profile';

export const collectMacos: Collector<UsbStorageFacts> = async () => {
  const facts: UsbStorageFacts = unreadFacts(schema);
  return { facts, unknown: Object.fromEntries(Object.keys(facts).map((k) => [k, NOT_READ])) };
};
