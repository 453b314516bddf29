import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectIn, tempDirs } from '../../helpers/personal-data.js';
// @ts-expect-error a plain JavaScript script shared with the benchmark
import { customerRows, writeCorpus } from '../../../scripts/make-pii-corpus.mjs';

// What a hostile or unusual shop PC puts in the probe's way. Each case ends in the data found, or in
// "incomplete" with the reason: never in a clean pass over what was not read.

const tempDir = tempDirs();
const csv = (count: number, start = 0) =>
  Buffer.from(
    customerRows(count, start)
      .map((r: string[]) => r.join(','))
      .join('\n'),
  );

describe('what the probe could not read to the end is never a clean pass', () => {
  it('a customer list deeper than the folders listed makes the scan incomplete', async () => {
    const home = await tempDir();
    const deep = Array.from({ length: 18 }, (_, i) => `d${i}`).join('/');
    writeCorpus(path.join(home, 'Documents'), { [`${deep}/waybills.csv`]: csv(20) });
    const { facts, unknown } = await collectIn(home);
    expect(facts.files).toEqual([]);
    expect(facts.complete).toBeNull();
    expect(unknown.complete).toMatch(/1 folders not listed to the end/);
  });

  it('a text file read only up to the cap (customers after 64 MiB of padding) makes the scan incomplete', async () => {
    const home = await tempDir();
    const padding = Buffer.alloc(64 * 1024 * 1024 + 10, 0x20);
    writeCorpus(path.join(home, 'Desktop'), { 'export.csv': Buffer.concat([padding, csv(20)]) });
    const { facts, unknown } = await collectIn(home);
    expect(facts.coverage!.partlyRead).toBe(1);
    expect(facts.complete).toBeNull();
    expect(unknown.complete).toMatch(/1 files read only in part/);
  }, 30_000);
});
