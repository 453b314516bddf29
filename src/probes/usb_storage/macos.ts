import { type Collector, unreadFacts } from '../types.js';
import { type UsbStorageFacts, facts as schema } from './facts.js';

/**
 * macOS restricts USB storage only through device management: the disk-management declaration of macOS 15 and later
 * (com.apple.configuration.diskmanagement.settings) or, up to macOS 11, a profile's media mount controls. Neither is
 * read: no published output of where a Mac keeps them was found to test a reader on.
 */
const NOT_READ =
  'not read on macOS: USB storage is restricted there only by device management (a disk-management declaration ' +
  "or a profile's mount controls), which shop-audit does not read";

export const collectMacos: Collector<UsbStorageFacts> = async () => {
  const facts: UsbStorageFacts = unreadFacts(schema);
  return { facts, unknown: Object.fromEntries(Object.keys(facts).map((k) => [k, NOT_READ])) };
};
