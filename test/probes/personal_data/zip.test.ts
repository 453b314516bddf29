import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { Archive, ONE_SHOT, type RangeReader, type ZipLimits } from '../../../src/probes/personal_data/zip.js';
import { DEFAULT_FILE_LIMITS } from '../../../src/probes/personal_data/read-file.js';

const DEFAULT_ZIP_LIMITS = DEFAULT_FILE_LIMITS.zip;

// yauzl through the RandomAccessReader over a range reader (the host's readRange in the probe):
// damaged, truncated, lying and hostile archives end in a named problem, never a hang or a throw.

const reader =
  (zip: Uint8Array, calls: { n: number } = { n: 0 }): RangeReader =>
  async (offset, length) => {
    calls.n++;
    return zip.subarray(offset, offset + length);
  };

async function readAll(zip: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS, read = reader(zip)) {
  const opened = await Archive.open(read, zip.length, limits);
  if (!opened.ok) return { problem: opened.problem, entries: [] as string[], text: '', produced: 0 };
  const budget = { left: limits.maxTotalBytes };
  let text = '';
  let produced = 0;
  let problem = null;
  for (const entry of opened.archive.entries) {
    problem = await opened.archive.inflate(entry, budget, (piece) => {
      produced += piece.length;
      if (text.length < 1000) text += Buffer.from(piece).toString('utf8');
    });
    if (problem) break;
  }
  opened.archive.close();
  return { problem, entries: opened.archive.entries.map((e) => e.name), text, produced };
}

/** Offsets of the central directory headers (signature PK\1\2) of an archive fflate wrote. */
function centralHeaders(zip: Uint8Array): number[] {
  const out: number[] = [];
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) if (view.getUint32(i, true) === 0x02014b50) out.push(i);
  return out;
}

const sheet = strToU8('<sst><si><t>13800138000</t></si></sst>');

describe('zip reading through yauzl over a range reader', () => {
  it('lists the entries and inflates them in pieces', async () => {
    const zip = zipSync({ 'xl/sharedStrings.xml': sheet, 'docProps/app.xml': strToU8('<x/>') });
    const r = await readAll(zip);
    expect(r.problem).toBeNull();
    expect(r.entries).toEqual(['xl/sharedStrings.xml', 'docProps/app.xml']);
    expect(r.text).toContain('13800138000');
  });

  it('names truncated archives, cut anywhere, and never throws', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<si><t>${(i * 7919) % 100000}</t></si>`).join('');
    const zip = zipSync({ 'xl/sharedStrings.xml': strToU8(`<sst>${rows}</sst>`) });
    for (const cut of [0, 10, 100, zip.length >> 1, zip.length - 30, zip.length - 1]) {
      const r = await readAll(zip.subarray(0, cut));
      expect(r.problem, `cut at ${cut}`).toBe('not a zip archive');
    }
    // The end record kept, data cut from the middle: the directory points past what is there.
    const middle = new Uint8Array(zip.length - 200);
    middle.set(zip.subarray(0, 100));
    middle.set(zip.subarray(300), 100);
    expect((await readAll(middle)).problem).toBe('damaged');
  });

  it('says damaged when the reader cannot read a range', async () => {
    const zip = zipSync({ 'xl/sharedStrings.xml': sheet });
    const failing: RangeReader = async (offset, length) =>
      offset < 100 ? null : zip.subarray(offset, offset + length);
    expect((await readAll(zip, DEFAULT_ZIP_LIMITS, failing)).problem).toBe('damaged');
  });

  it('stops a zip bomb at the ratio limit even when its header lies about the size', async () => {
    const bomb = zipSync({ 'xl/sharedStrings.xml': new Uint8Array(16 * 1024 * 1024).fill(0x30) }, { level: 1 });
    const compressed = new DataView(bomb.buffer).getUint32(centralHeaders(bomb)[0]! + 20, true);
    // The header says what it is: refused before inflating anything.
    const honest = await readAll(bomb);
    expect(honest.problem).toBe('zip bomb');
    expect(honest.produced).toBe(0);
    // The header claims 1 KB: inflating starts and stops at compressed × 200 + 1 MiB.
    const lying = Uint8Array.from(bomb);
    new DataView(lying.buffer).setUint32(centralHeaders(lying)[0]! + 24, 1024, true);
    const r = await readAll(lying);
    expect(r.problem).toBe('zip bomb');
    expect(r.produced).toBeLessThanOrEqual(compressed * 200 + 1024 * 1024);
    expect(r.produced).toBeGreaterThan(0);
  });

  it('gives every byte of an entry whether inflated at once (up to ONE_SHOT) or as a stream (larger)', async () => {
    for (const size of [ONE_SHOT, ONE_SHOT + 1]) {
      // A random digit in every 32 zeros: about 23:1, far below the bomb limit, and quick to deflate.
      let seed = 1;
      const digits = new Uint8Array(size).fill(0x30);
      for (let at = 0; at < size; at += 32) {
        seed = (seed * 48271) % 0x7fffffff;
        digits[at] = 0x30 + (seed % 10);
      }
      const zip = zipSync({ 'xl/sharedStrings.xml': digits }, { level: 1 });
      const r = await readAll(zip);
      expect(r.problem, `${size}`).toBeNull();
      expect(r.produced, `${size}`).toBe(size);
    }
  });

  it('stops at the output allowance of the whole archive', async () => {
    const zip = zipSync({ 'a.xml': new Uint8Array(300_000).fill(0x31), 'b.xml': new Uint8Array(300_000).fill(0x32) });
    const r = await readAll(zip, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 400_000 });
    expect(r.problem).toBe('too large');
    expect(r.produced).toBeLessThanOrEqual(400_000);
  });

  it('refuses odd entry names: climbing out, absolute, drive letters, backslashes, control characters', async () => {
    for (const name of [
      '../../word/document.xml',
      '/xl/sharedStrings.xml',
      'C:/x.xml',
      'word\\document.xml',
      'word/doc\u0001.xml',
    ]) {
      expect((await readAll(zipSync({ [name]: sheet }))).problem, name).toBe('odd entry names');
    }
  });

  it('refuses more entries than the limit before listing them', async () => {
    const zip = zipSync(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`e${i}.xml`, strToU8('<x/>')])));
    const calls = { n: 0 };
    const r = await readAll(zip, { ...DEFAULT_ZIP_LIMITS, maxEntries: 49 }, reader(zip, calls));
    expect(r.problem).toBe('too many entries');
    expect(calls.n).toBeLessThanOrEqual(2);
  });

  it('marks encrypted entries, so that they are skipped and named', async () => {
    const zip = Uint8Array.from(zipSync({ 'xl/sharedStrings.xml': sheet }));
    const view = new DataView(zip.buffer);
    // The "encrypted" flag (bit 0) in the local and the central header.
    view.setUint16(6, view.getUint16(6, true) | 1, true);
    const central = centralHeaders(zip)[0]!;
    view.setUint16(central + 8, view.getUint16(central + 8, true) | 1, true);
    const opened = await Archive.open(reader(zip), zip.length, DEFAULT_ZIP_LIMITS);
    expect(opened.ok && opened.archive.entries.map((e) => e.encrypted)).toEqual([true]);
  });
});
