import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import * as yauzl from 'yauzl';

// Reads the XML parts of an Office file (xlsx, docx, pptx: zip archives) with yauzl, through a
// RandomAccessReader over the host's readRange (only the host touches files), and within limits:
// entry count, output per entry (ratio: zip bombs) and per archive, names. yauzl refuses absolute
// names, `..` and backslashes (strictFileNames); each entry is inflated with Node's zlib as a
// stream that is stopped as soon as its output passes a limit, so a
// zip bomb costs a few megabytes whatever its headers claim. yauzl hands over the raw data and the
// inflating is done here, with 64 KiB output pieces: yauzl's zlib stream uses Node's default 16 KiB,
// which measured twice the CPU time for the same sheet XML (101 vs 41 ms for 15 MB of output).
// An entry that says it inflates to at most ONE_SHOT bytes is inflated at once into one buffer of
// that size (`inflateRawSync` with `maxOutputLength`): half the CPU time of the stream for a 3 MB
// sheet (2.7 vs 5.7 ms), and no stream machinery or 64 KiB buffers for the collector. An entry whose
// header lies, or whose data is damaged, is then read as a stream as before, so limits and problems
// are the same either way.

/** Reads `length` bytes at `offset` of the archive; null when it cannot. */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array | null>;

export interface ZipLimits {
  /** More entries than this: not an Office file anyone made by hand; refused. */
  maxEntries: number;
  /** Stop inflating the archive after this many bytes of output in all. */
  maxTotalBytes: number;
  /** An entry giving (or claiming) more than ratio × its compressed size (plus 1 MiB) is a zip bomb. */
  maxRatio: number;
}

/** Why an archive, or part of it, was not read; the words go into the report's coverage. */
export type ZipProblem =
  | 'not a zip archive'
  | 'spanned archive'
  | 'too many entries'
  | 'odd entry names'
  | 'zip bomb'
  | 'damaged'
  | 'too large';

const READ_AT_ONCE = 1024 * 1024;
/**
 * An archive up to this size is read whole, once: yauzl asks for many small ranges (directory,
 * each entry's header, its data), and each read opens the file anew. Four files in flight keep at
 * most 16 MiB so.
 */
const WHOLE = 4 * 1024 * 1024;
const NO_DATA = 'the archive could not be read';
/**
 * Entries up to this size (as their header says) are inflated at once; larger ones as a stream. The
 * collector hands each one over to the scanner without waiting in between, so only one such buffer is
 * in use at a time, whatever the number of files in flight.
 */
export const ONE_SHOT = 8 * 1024 * 1024;
/** Pieces the inflated bytes are handed over in: the Word text extractor's buffer stays this small. */
const PIECE = 64 * 1024;

/** yauzl's random access over the host: a small archive read once, a larger one in pieces of at most 1 MiB. */
export class HostRangeReader extends yauzl.RandomAccessReader {
  private whole: Promise<Uint8Array | null> | null = null;
  constructor(
    private readonly readRange: RangeReader,
    private readonly size: number,
  ) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    const read = this.readRange;
    if (this.size <= WHOLE) this.whole ??= read(0, this.size);
    const whole = this.whole;
    async function* pieces() {
      if (whole) {
        const bytes = await whole;
        if (!bytes || bytes.length < end) throw new Error(NO_DATA);
        yield Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
        return;
      }
      for (let offset = start; offset < end; offset += READ_AT_ONCE) {
        const length = Math.min(READ_AT_ONCE, end - offset);
        const piece = await read(offset, length);
        if (!piece || piece.length < length) throw new Error(NO_DATA);
        yield Buffer.from(piece.buffer, piece.byteOffset, piece.length);
      }
    }
    return Readable.from(pieces(), { objectMode: false });
  }
}

/** yauzl's errors, in the report's words. */
function problemOf(error: unknown): ZipProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of central directory record signature not found/i.test(message)) return 'not a zip archive';
  if (/multi-disk/i.test(message)) return 'spanned archive';
  if (/invalid characters in fileName|absolute path|invalid relative path/i.test(message)) return 'odd entry names';
  return 'damaged';
}

/**
 * Names yauzl lets through that no Office program writes: empty, or with control characters (looked
 * for in the raw bytes: yauzl shows a name without the UTF-8 flag in code page 437, \x01 as ☺).
 */
const oddName = (entry: yauzl.Entry) =>
  entry.fileNameRaw.length === 0 || entry.fileNameRaw.some((c) => c < 0x20 || c === 0x7f);

export interface ZipEntry {
  name: string;
  encrypted: boolean;
  entry: yauzl.Entry;
}

export type OpenedArchive = { ok: true; archive: Archive } | { ok: false; problem: ZipProblem };

/** An archive whose directory was read: its entries, each inflated on request. */
export class Archive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly entries: ZipEntry[],
    private readonly limits: ZipLimits,
  ) {}

  static async open(read: RangeReader, size: number, limits: ZipLimits): Promise<OpenedArchive> {
    const options = {
      lazyEntries: true,
      autoClose: false,
      strictFileNames: true,
      validateEntrySizes: true,
      decodeStrings: true,
    };
    let zip: yauzl.ZipFile;
    try {
      zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.fromRandomAccessReader(new HostRangeReader(read, size), size, options, (error, z) =>
          error ? reject(error) : resolve(z),
        ),
      );
    } catch (error) {
      return { ok: false, problem: problemOf(error) };
    }
    if (zip.entryCount > limits.maxEntries) {
      zip.close();
      return { ok: false, problem: 'too many entries' };
    }
    const listed = await new Promise<ZipEntry[] | ZipProblem>((resolve) => {
      const entries: ZipEntry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (oddName(entry)) return resolve('odd entry names');
        entries.push({ name: entry.fileName, encrypted: entry.isEncrypted(), entry });
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', (error) => resolve(problemOf(error)));
      zip.readEntry();
    });
    if (typeof listed === 'string') {
      zip.close();
      return { ok: false, problem: listed };
    }
    return { ok: true, archive: new Archive(zip, listed, limits) };
  }

  /**
   * Inflates one entry, handing each piece of output to `onData`. Returns null when done, or the
   * problem that stopped it. `budget.left` is the archive's remaining output allowance.
   */
  async inflate(
    entry: ZipEntry,
    budget: { left: number },
    onData: (piece: Uint8Array) => void,
  ): Promise<ZipProblem | null> {
    const { compressedSize, uncompressedSize } = entry.entry;
    const entryCap = compressedSize * this.limits.maxRatio + 1024 * 1024;
    if (uncompressedSize > entryCap) return 'zip bomb';
    const method = entry.entry.compressionMethod;
    if (method !== 0 && method !== 8) return 'damaged';
    // Both sizes bounded: a header may claim a small output for a large compressed entry, whose raw
    // bytes are held in memory here.
    if (method === 8 && uncompressedSize <= ONE_SHOT && compressedSize <= ONE_SHOT) {
      const whole = await this.inflateAtOnce(entry.entry);
      if (whole) return handOver(whole, entryCap, budget, onData);
    }
    let raw: Readable;
    try {
      raw = await this.rawStream(entry.entry);
    } catch (error) {
      return problemOf(error);
    }
    const stream = method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 64 * 1024 })) : raw;
    // A read error reaches the loop below through the inflater.
    if (stream !== raw) raw.on('error', (error) => stream.destroy(error));
    let produced = 0;
    try {
      for await (const piece of stream as AsyncIterable<Buffer>) {
        produced += piece.length;
        budget.left -= piece.length;
        if (produced > entryCap) return 'zip bomb';
        if (budget.left < 0) return 'too large';
        onData(piece);
      }
    } catch (error) {
      return problemOf(error);
    } finally {
      // Also when the loop is left early: reading and inflating stop at once.
      raw.destroy();
      stream.destroy();
    }
    return null;
  }

  private rawStream(entry: yauzl.Entry): Promise<Readable> {
    return new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, { decodeFileData: false }, (error, s) => (error ? reject(error) : resolve(s))),
    );
  }

  /** The entry inflated into one buffer; null when it gives more than its header says, or fails. */
  private async inflateAtOnce(entry: yauzl.Entry): Promise<Buffer | null> {
    try {
      const pieces: Buffer[] = [];
      for await (const piece of await this.rawStream(entry)) pieces.push(piece as Buffer);
      const raw = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
      // One output buffer of the announced size (+1 to tell "more than that"): no growing, no copy.
      const size = entry.uncompressedSize + 1;
      const bytes = inflateRawSync(raw, { maxOutputLength: size, chunkSize: Math.max(size, 64) });
      return bytes.length < size ? bytes : null;
    } catch {
      return null;
    }
  }

  close(): void {
    this.zip.close();
  }
}

/** Inflated bytes handed over in pieces, within the entry's and the archive's output limits. */
function handOver(
  bytes: Buffer,
  entryCap: number,
  budget: { left: number },
  onData: (piece: Uint8Array) => void,
): ZipProblem | null {
  for (let at = 0; at < bytes.length; at += PIECE) {
    const piece = bytes.subarray(at, at + PIECE);
    budget.left -= piece.length;
    if (at + piece.length > entryCap) return 'zip bomb';
    if (budget.left < 0) return 'too large';
    onData(piece);
  }
  return null;
}
