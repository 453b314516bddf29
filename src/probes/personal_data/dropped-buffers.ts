// Frees the memory of dropped buffers sooner than V8 would. An Office file leaves buffers behind: its bytes
// and each part's inflated XML (zlib gives a new buffer each time). Their memory lies outside V8's heap and
// is freed when V8 collects the small objects that hold them, which live in its young generation: that
// grows to 16 MB per semi-space and fills slowly here (the scanner allocates few objects), and V8 looks at
// the buffers' own growth only every 64 MB. A 1 GB home folder so peaked at 162 MB (131 MB with
// `node --max-semi-space-size=2`, a flag only Node's start takes). A minor collection (a scavenge of the
// young generation, where little survives) after every MINOR_EVERY bytes dropped, and a full one after
// every FULL_EVERY, bound them instead (measured in docs/personal-data.md). Text files are read into reused
// buffers and leave none.

/** Bytes of buffers dropped between two minor collections. */
export const MINOR_EVERY = 2 * 1024 * 1024;
/**
 * Bytes of buffers dropped between two full collections. Objects in use at two minor collections (those of
 * the files in flight, and their buffers) move to V8's old generation, which only a full collection frees:
 * without it the peak varied from run to run by 30 MB (see docs/personal-data.md).
 */
export const FULL_EVERY = 32 * 1024 * 1024;

type Collector = (type: 'minor' | 'major') => void;

let sinceMinor = 0;
let sinceFull = 0;
let collect: Collector | null | undefined;

/** Tells that buffers of this many bytes were dropped; collects when enough were. */
export function buffersDropped(bytes: number): void {
  sinceMinor += bytes;
  if (sinceMinor < MINOR_EVERY) return;
  sinceFull += sinceMinor;
  sinceMinor = 0;
  collect ??= collector();
  const full = sinceFull >= FULL_EVERY;
  if (full) sinceFull = 0;
  collect?.(full ? 'major' : 'minor');
}

/**
 * V8's `gc` function, taken from a context made while --expose-gc is on; the flag is turned off again at
 * once, so no other code sees a `gc` and V8's flags (which its code caches are checked against) are as
 * before. Null where V8 refuses: the buffers are then freed at V8's own pace, as before.
 */
function collector(): Collector | null {
  // Loaded here, not at start: node:v8 takes ~6 ms to load, and a scan without Office files never needs it.
  const { setFlagsFromString } = process.getBuiltinModule('node:v8');
  const { runInNewContext } = process.getBuiltinModule('node:vm');
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as ((options?: { type: 'minor' }) => void) | undefined;
    // gc() without options for the full one: Node 20's V8 left the old generation's buffers held after
    // gc({ type: 'major' }) (tested).
    return typeof gc === 'function' ? (type) => (type === 'minor' ? gc({ type }) : gc()) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
