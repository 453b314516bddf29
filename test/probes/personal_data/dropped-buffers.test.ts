import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buffersDropped, THRESHOLD } from '../../../src/probes/personal_data/dropped-buffers.js';

// The minor collection that frees dropped buffers' memory early (the 1 GB home folder's peak memory
// in npm run bench): it must free them, and turn V8's --expose-gc off again: a context made later has no
// `gc`, and a code cache made later (the build saves one after two scans) is not refused for a flag.

const MB = 1024 * 1024;

/** Buffers of `total` bytes that nothing holds once this returns (as zlib's inflated parts are dropped). */
function allocateAndDrop(total: number): number {
  let sum = 0;
  for (let made = 0; made < total; made += MB) sum += Buffer.alloc(MB, 1)[0]!;
  return sum;
}

describe('buffersDropped', () => {
  it('frees the memory of buffers dropped in the young generation once THRESHOLD bytes were', () => {
    const gcBefore = runInNewContext('typeof gc');
    buffersDropped(THRESHOLD); // the collector is made on first use
    const before = process.memoryUsage().arrayBuffers;
    expect(allocateAndDrop(24 * MB)).toBe(24);
    // Not freed yet: V8 itself collects them only after 64 MB, or when its young generation is full.
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(20 * MB);
    buffersDropped(THRESHOLD - 1);
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(20 * MB);
    buffersDropped(1);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * MB);
    expect(runInNewContext('typeof gc')).toBe(gcBefore);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(gcBefore);
  });
});
