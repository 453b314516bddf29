// Frees the memory of dropped buffers sooner than V8 would. An Office file leaves buffers behind: its bytes
// and each part's inflated XML (zlib gives a new buffer each time). Their memory lies outside V8's heap and
// is freed when V8 collects the small objects that hold them, which live in its young generation: that
// grows to 16 MB per semi-space and fills slowly here (the scanner allocates few objects), and V8 looks at
// the buffers' own growth only every 64 MB. A 1 GB home folder so peaked at 162 MB (131 MB with
// `node --max-semi-space-size=2`, a flag only Node's start takes). A minor collection (a scavenge of the
// young generation, where little survives) after every THRESHOLD bytes dropped bounds them instead; the
// measurements are in docs/personal-data.md. Text files need none: they are read into reused buffers.

/** Bytes of buffers dropped between two collections. */
export const THRESHOLD = 2 * 1024 * 1024;

let dropped = 0;
let minorCollection: (() => void) | null | undefined;

/** Tells that buffers of this many bytes were dropped; collects the young generation when enough were. */
export function buffersDropped(bytes: number): void {
  dropped += bytes;
  if (dropped < THRESHOLD) return;
  dropped = 0;
  minorCollection ??= minorCollector();
  minorCollection?.();
}

/**
 * V8's `gc` function, taken from a context made while --expose-gc is on; the flag is turned off again at
 * once, so no other code sees a `gc` and V8's flags (which its code caches are checked against) are as
 * before. Null where V8 refuses: the buffers are then freed at V8's own pace, as before.
 */
function minorCollector(): (() => void) | null {
  // Loaded here, not at start: node:v8 takes ~6 ms to load, and a scan without Office files never needs it.
  const { setFlagsFromString } = process.getBuiltinModule('node:v8');
  const { runInNewContext } = process.getBuiltinModule('node:vm');
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as ((options: { type: 'minor' }) => void) | undefined;
    return typeof gc === 'function' ? () => gc({ type: 'minor' }) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
