import { once } from 'node:events';
import { createInflateRaw } from 'node:zlib';

// Reads the XML parts of an Office file (xlsx, docx, pptx: zip archives) through a bounded window:
// the central directory is parsed here (a few fields: no library needed), and each wanted entry is
// inflated as a stream by Node's own zlib, stopped as soon as its output passes the limits, so a zip
// bomb costs a few megabytes whatever its headers claim. A zip library was tried: yauzl needs a
// file descriptor (only the host may hold one); fflate's inflate, in JavaScript, ran 5x slower than
// zlib here (277 vs 54 ms for 3.8 MB of sheet XML), and it is kept for writing test archives only.

/** Reads `length` bytes at `offset` of the archive; null when it cannot. */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array | null>;

export interface ZipLimits {
  /** More entries than this: not an Office file anyone made by hand; refused. */
  maxEntries: number;
  /** Stop inflating the archive after this many bytes of output in all. */
  maxTotalBytes: number;
  /** An entry giving more than ratio × its compressed size (plus 1 MiB) is a zip bomb. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxTotalBytes: 256 * 1024 * 1024, maxRatio: 200 };

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  localOffset: number;
}

/** Why an archive, or part of it, was not read; the words go into the report's coverage. */
export type ZipProblem = 'not a zip archive' | 'zip64 or spanned archive' | 'too many entries' | 'odd entry names' | 'zip bomb' | 'damaged' | 'too large';

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; problem: ZipProblem };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Lists the entries from the central directory at the end of the archive. */
export async function readDirectory(read: RangeReader, size: number, limits: ZipLimits): Promise<ZipDirectory> {
  const tailLength = Math.min(size, 22 + 65535);
  const tail = await read(size - tailLength, tailLength);
  if (!tail) return { ok: false, problem: 'damaged' };
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) return { ok: false, problem: 'not a zip archive' };
  const count = view.getUint16(at + 10, true);
  const cdSize = view.getUint32(at + 12, true);
  const cdOffset = view.getUint32(at + 16, true);
  if (view.getUint16(at + 4, true) !== 0 || count === 0xffff || cdOffset === 0xffffffff) return { ok: false, problem: 'zip64 or spanned archive' };
  if (count > limits.maxEntries) return { ok: false, problem: 'too many entries' };
  if (cdOffset + cdSize > size) return { ok: false, problem: 'damaged' };
  const cd = await read(cdOffset, cdSize);
  if (!cd || cd.length < cdSize) return { ok: false, problem: 'damaged' };
  const dv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || dv.getUint32(p, true) !== CENTRAL) return { ok: false, problem: 'damaged' };
    const nameLength = dv.getUint16(p + 28, true);
    const next = p + 46 + nameLength + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
    if (next > cd.length) return { ok: false, problem: 'damaged' };
    const name = new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLength));
    if (oddName(name)) return { ok: false, problem: 'odd entry names' };
    entries.push({
      name,
      method: dv.getUint16(p + 10, true),
      encrypted: (dv.getUint16(p + 8, true) & 1) === 1,
      compressedSize: dv.getUint32(p + 20, true),
      localOffset: dv.getUint32(p + 42, true),
    });
    p = next;
  }
  return { ok: true, entries };
}

/** Names an Office program never writes: absolute, climbing out (../), drive letters, backslashes, control characters. */
export function oddName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name === '' || name.startsWith('/') || /(^|\/)\.\.(\/|$)|\\|^[A-Za-z]:|[\u0000-\u001f]/.test(name);
}

const READ_AT_ONCE = 1024 * 1024;

/**
 * Inflates one entry, handing each piece of output to `onData`. Returns null when done, or the
 * problem that stopped it. `budget.left` is the archive's remaining output allowance.
 */
export async function inflateEntry(read: RangeReader, entry: ZipEntry, budget: { left: number }, limits: ZipLimits, onData: (piece: Uint8Array) => void): Promise<ZipProblem | null> {
  const header = await read(entry.localOffset, 30);
  if (!header || header.length < 30) return 'damaged';
  const hv = new DataView(header.buffer, header.byteOffset, 30);
  if (hv.getUint32(0, true) !== LOCAL) return 'damaged';
  const start = entry.localOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
  const entryCap = entry.compressedSize * limits.maxRatio + 1024 * 1024;
  let produced = 0;
  let problem: ZipProblem | null = null;
  const take = (piece: Uint8Array) => {
    if (problem) return;
    produced += piece.length;
    budget.left -= piece.length;
    if (produced > entryCap) problem = 'zip bomb';
    else if (budget.left < 0) problem = 'too large';
    else onData(piece);
  };
  if (entry.method !== 0 && entry.method !== 8) return 'damaged';
  const inflater = entry.method === 8 ? createInflateRaw() : null;
  let broken = false;
  // 'close' comes after the end, an error or destroy(): whatever happens, nothing waits for ever.
  const closed = inflater ? once(inflater, 'close').catch(() => (broken = true)) : Promise.resolve();
  inflater?.on('data', (piece: Buffer) => {
    take(piece);
    if (problem) inflater.destroy();
  });
  inflater?.on('error', () => (broken = true));
  for (let offset = 0; offset < entry.compressedSize && !problem && !broken; offset += READ_AT_ONCE) {
    const length = Math.min(READ_AT_ONCE, entry.compressedSize - offset);
    const chunk = await read(start + offset, length);
    if (!chunk || chunk.length < length) {
      inflater?.destroy();
      return 'damaged';
    }
    if (!inflater) take(chunk);
    else if (!inflater.write(chunk)) await Promise.race([once(inflater, 'drain').catch(() => (broken = true)), closed]);
  }
  if (inflater && !problem && !broken) {
    inflater.end();
    await closed;
  }
  if (problem) return problem;
  return broken ? 'damaged' : null;
}

