import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buffersDropped, FULL_EVERY, MINOR_EVERY } from '../../../src/probes/personal_data/dropped-buffers.js';

// The collections that free dropped buffers' memory early (the 1 GB home folder's peak memory in npm run
// bench): they must free them, and turn V8's --expose-gc off again: a context made later has no `gc`, and
// a code cache made later (the build saves one after two scans) is not refused for a flag.

const MB = 1024 * 1024;
const arrayBuffers = () => process.memoryUsage().arrayBuffers;

/** Buffers of `total` bytes that nothing holds once this returns (as zlib's inflated parts are dropped). */
function allocateAndDrop(total: number): number {
  let sum = 0;
  for (let made = 0; made < total; made += MB) sum += Buffer.alloc(MB, 1)[0]!;
  return sum;
}

/**
 * Starts from a full collection, so that the next calls below it are minor ones, once V8 has freed what it
 * found: other tests' buffers are not counted. V8 may free the buffers it found on a thread of its own after
 * the collection, hence `settled` before each measurement after one.
 */
async function afterFull(): Promise<void> {
  buffersDropped(FULL_EVERY);
  await settled();
}
const settled = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('buffersDropped', () => {
  it('frees the memory of buffers dropped in the young generation once MINOR_EVERY bytes were', async () => {
    const gcBefore = runInNewContext('typeof gc');
    await afterFull();
    const before = arrayBuffers();
    expect(allocateAndDrop(24 * MB)).toBe(24);
    // Not freed yet: V8 itself collects them only after 64 MB, or when its young generation is full.
    expect(arrayBuffers() - before).toBeGreaterThan(20 * MB);
    buffersDropped(MINOR_EVERY - 1);
    expect(arrayBuffers() - before).toBeGreaterThan(20 * MB);
    buffersDropped(1);
    await settled();
    expect(arrayBuffers() - before).toBeLessThan(4 * MB);
    expect(runInNewContext('typeof gc')).toBe(gcBefore);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(gcBefore);
  });

  it('frees buffers that outlived two minor collections (the files in flight) at the full one', async () => {
    await afterFull();
    const before = arrayBuffers();
    let held: Buffer[] | null = Array.from({ length: 24 }, () => Buffer.alloc(MB, 1));
    buffersDropped(MINOR_EVERY);
    buffersDropped(MINOR_EVERY);
    expect(held.length).toBe(24);
    held = null;
    buffersDropped(MINOR_EVERY);
    // In V8's old generation now: a minor collection leaves them.
    expect(arrayBuffers() - before).toBeGreaterThan(20 * MB);
    for (let n = 3 * MINOR_EVERY; n < FULL_EVERY; n += MINOR_EVERY) buffersDropped(MINOR_EVERY);
    await settled();
    expect(arrayBuffers() - before).toBeLessThan(4 * MB);
  });
});
