// The remote-access tools to look for, from remote-tools.json (made by `npm run catalog` from
// data/remote-tools/curated.yaml and the LOLRMM catalog, Apache-2.0: see NOTICE).
import catalog from './remote-tools.json' with { type: 'json' };
import type { RemoteTool } from './facts.js';

interface CatalogTool extends Pick<RemoteTool, 'id' | 'name' | 'kind'> {
  /** Reported on every scan of the OS it has names for; the others only when something of them is found. */
  listed?: boolean;
  /** signers: the Authenticode signers (certificate subject names) of its programs that sign no other tool. */
  windows?: { products?: string[]; services?: string[]; programs?: string[]; signers?: string[] };
  linux?: { paths?: string[]; programs?: string[]; units?: string[]; perUserSetting?: string };
  macos?: { apps?: string[]; programs?: string[]; labelPrefixes?: string[] };
}

export const REMOTE_TOOLS = catalog.tools as readonly CatalogTool[];

/** Regular-expression source of names, literal but for `*`, which stands for `wildcard`; none match nothing. */
export function namesSource(names: readonly string[], wildcard = '.*'): string {
  return names.map((n) => n.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, wildcard)).join('|') || '(?!)';
}

/** A case-insensitive whole-name matcher (Windows names are not case-sensitive). */
export const namePattern = (names: readonly string[]): RegExp => new RegExp(`^(?:${namesSource(names)})$`, 'i');
