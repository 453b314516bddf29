import type { RangeReader } from './zip.js';

// Reads streams of a Compound File (CFB, "OLE2": the container of legacy .xls/.doc, WPS .et/.wps, and of
// password-protected .xlsx/.docx/.pptx) over the host's readRange, within limits: a sector chain that
// loops or leaves the file, a directory larger than a real one, a stream larger than the file are
// "damaged". Layout as in [MS-CFB]: a 512-byte header, a FAT of sector chains (its sectors named by
// the header and by DIFAT sectors), a directory of 128-byte entries, streams under 4096 bytes in the
// mini stream.

export const CFB_SIGNATURE = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const MAX_REGULAR = 0xfffffffa;
const STREAM = 2;
const ROOT = 5;
/** Contiguous sectors are read together, up to this many bytes at once. */
const READ_AT_ONCE = 1024 * 1024;
/** More directory entries than this: no Office program writes such a file. */
const MAX_ENTRIES = 4096;
/** The mini stream holds streams under 4096 bytes each: one of more than this is no real file's. */
const MAX_MINI_STREAM = 16 * 1024 * 1024;

export type CfbProblem = 'not a compound file' | 'damaged';

interface Entry {
  name: string;
  type: number;
  start: number;
  size: number;
}

export type OpenedCfb = { ok: true; cfb: CompoundFile } | { ok: false; problem: CfbProblem };

export class CompoundFile {
  private constructor(
    private readonly read: RangeReader,
    private readonly sectorSize: number,
    private readonly fat: Uint32Array,
    private readonly entries: Entry[],
    private readonly miniCutoff: number,
    private readonly miniFatStart: number,
  ) {}

  static async open(read: RangeReader, size: number): Promise<OpenedCfb> {
    const header = await read(0, 512);
    if (!header || header.length < 512 || !CFB_SIGNATURE.every((b, i) => header[i] === b))
      return { ok: false, problem: 'not a compound file' };
    const view = new DataView(header.buffer, header.byteOffset, 512);
    const shift = view.getUint16(0x1e, true);
    if (shift !== 9 && shift !== 12) return { ok: false, problem: 'damaged' };
    const sectorSize = 1 << shift;
    const sectors = Math.ceil(Math.max(0, size - sectorSize) / sectorSize);
    const fatSectors = view.getUint32(0x2c, true);
    const perSector = sectorSize / 4;
    // The FAT names every sector of the file once: more FAT sectors than that needs is a lie.
    if (fatSectors > Math.ceil(sectors / perSector) + 1) return { ok: false, problem: 'damaged' };
    const fatIds: number[] = [];
    for (let i = 0; i < 109 && fatIds.length < fatSectors; i++) fatIds.push(view.getUint32(0x4c + i * 4, true));
    let difat = view.getUint32(0x44, true);
    for (let hops = 0; fatIds.length < fatSectors; hops++) {
      if (difat > MAX_REGULAR || difat >= sectors || hops > sectors) return { ok: false, problem: 'damaged' };
      const bytes = await read((difat + 1) * sectorSize, sectorSize);
      if (!bytes || bytes.length < sectorSize) return { ok: false, problem: 'damaged' };
      const d = new DataView(bytes.buffer, bytes.byteOffset, sectorSize);
      for (let i = 0; i < perSector - 1 && fatIds.length < fatSectors; i++) fatIds.push(d.getUint32(i * 4, true));
      difat = d.getUint32(sectorSize - 4, true);
    }
    if (fatIds.some((id) => id >= sectors)) return { ok: false, problem: 'damaged' };
    const fatBytes = await readSectors(read, sectorSize, fatIds);
    if (!fatBytes) return { ok: false, problem: 'damaged' };
    const fat = new Uint32Array(fatBytes.length / 4);
    const fv = new DataView(fatBytes.buffer, fatBytes.byteOffset, fatBytes.length);
    for (let i = 0; i < fat.length; i++) fat[i] = fv.getUint32(i * 4, true);
    const cfb = new CompoundFile(read, sectorSize, fat, [], view.getUint32(0x38, true), view.getUint32(0x3c, true));
    const dirChain = cfb.chain(view.getUint32(0x30, true), MAX_ENTRIES * 128);
    const dir = dirChain && (await readSectors(read, sectorSize, dirChain));
    if (!dir) return { ok: false, problem: 'damaged' };
    for (let at = 0; at + 128 <= dir.length; at += 128) {
      const d = new DataView(dir.buffer, dir.byteOffset + at, 128);
      const nameLength = Math.min(d.getUint16(0x40, true), 64);
      const name = Buffer.from(dir.buffer, dir.byteOffset + at, Math.max(0, nameLength - 2)).toString('utf16le');
      const high = d.getUint32(0x7c, true);
      // Version 3 files (512-byte sectors) leave the high half of the size undefined.
      const streamSize = d.getUint32(0x78, true) + (sectorSize === 512 ? 0 : high * 2 ** 32);
      cfb.entries.push({ name, type: d.getUint8(0x42), start: d.getUint32(0x74, true), size: streamSize });
    }
    return { ok: true, cfb };
  }

  /** Whether a stream of this name (any case) is in the file. */
  has(name: string): boolean {
    return this.find(name) !== null;
  }

  private find(name: string): Entry | null {
    const lower = name.toLowerCase();
    return this.entries.find((e) => e.type === STREAM && e.name.toLowerCase() === lower) ?? null;
  }

  /** The sector chain from `start`, at most `maxBytes` long; null when it loops or leaves the file. */
  private chain(start: number, maxBytes: number, table: Uint32Array = this.fat): number[] | null {
    const ids: number[] = [];
    const limit = Math.min(table.length, Math.ceil(maxBytes / this.sectorSize) + 1);
    for (let id = start; id !== END_OF_CHAIN; id = table[id]!) {
      if (id === FREE || id >= table.length || ids.length >= limit) return null;
      ids.push(id);
    }
    return ids;
  }

  /**
   * Hands the stream's bytes to `onData` in pieces of up to 1 MiB; false when there is no such
   * stream, null when it is damaged, true when done.
   */
  async stream(name: string, onData: (piece: Uint8Array) => void): Promise<boolean | null> {
    const entry = this.find(name);
    if (!entry) return false;
    if (entry.size >= this.miniCutoff) {
      const ids = this.chain(entry.start, entry.size);
      if (!ids || ids.length * this.sectorSize < entry.size) return null;
      let left = entry.size;
      for (let i = 0; i < ids.length && left > 0; ) {
        let run = 1;
        while (i + run < ids.length && ids[i + run] === ids[i]! + run && (run + 1) * this.sectorSize <= READ_AT_ONCE)
          run++;
        const length = Math.min(run * this.sectorSize, left);
        const bytes = await this.read((ids[i]! + 1) * this.sectorSize, length);
        if (!bytes || bytes.length < length) return null;
        onData(bytes);
        left -= length;
        i += run;
      }
      return true;
    }
    // A small stream lies in 64-byte sectors of the mini stream (the root entry's data), chained by the mini FAT.
    const root = this.entries.find((e) => e.type === ROOT);
    // Four bytes per 64-byte mini sector of a mini stream of at most MAX_MINI_STREAM.
    const miniFatIds = this.chain(this.miniFatStart, MAX_MINI_STREAM / 16);
    const rootIds = root && root.size <= MAX_MINI_STREAM ? this.chain(root.start, root.size) : null;
    if (!root || !miniFatIds || !rootIds) return null;
    const miniFatBytes = await readSectors(this.read, this.sectorSize, miniFatIds);
    const mini = await readSectors(this.read, this.sectorSize, rootIds);
    if (!miniFatBytes || !mini) return null;
    const mv = new DataView(miniFatBytes.buffer, miniFatBytes.byteOffset, miniFatBytes.length);
    const miniFat = new Uint32Array(miniFatBytes.length / 4);
    for (let i = 0; i < miniFat.length; i++) miniFat[i] = mv.getUint32(i * 4, true);
    const ids = this.chain(entry.start, entry.size, miniFat);
    if (!ids || ids.length * 64 < entry.size) return null;
    const out = new Uint8Array(entry.size);
    for (let i = 0; i < ids.length; i++) {
      const from = ids[i]! * 64;
      if (from + 64 > mini.length) return null;
      out.set(mini.subarray(from, from + Math.min(64, entry.size - i * 64)), i * 64);
    }
    onData(out);
    return true;
  }
}

/** The bytes of the given sectors in order, contiguous ones read together; null when the file is short. */
async function readSectors(read: RangeReader, sectorSize: number, ids: number[]): Promise<Uint8Array | null> {
  const out = new Uint8Array(ids.length * sectorSize);
  for (let i = 0; i < ids.length; ) {
    let run = 1;
    while (i + run < ids.length && ids[i + run] === ids[i]! + run && (run + 1) * sectorSize <= READ_AT_ONCE) run++;
    const bytes = await read((ids[i]! + 1) * sectorSize, run * sectorSize);
    if (!bytes || bytes.length < run * sectorSize) return null;
    out.set(bytes, i * sectorSize);
    i += run;
  }
  return out;
}
