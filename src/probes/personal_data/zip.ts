import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import * as yauzl from 'yauzl';

// Reads the XML parts of an Office file (xlsx, docx, pptx: zip archives) with yauzl, through a
// RandomAccessReader over the host's readRange (only the host touches files), and within limits:
// entry count, output per entry (ratio: zip bombs) and per archive, names. yauzl refuses absolute
// names, `..` and backslashes (strictFileNames); each entry is inflated with Node's zlib as a
// stream that is stopped as soon as its output passes a limit, so a
// zip bomb costs a few megabytes whatever its headers claim. yauzl hands over the raw data and the
// inflating is done here, with 64 KiB output pieces: yauzl's zlib stream uses Node's default 16 KiB,
// which measured twice the CPU time for the same sheet XML (101 vs 41 ms for 15 MB of output).

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
    let raw: Readable;
    try {
      raw = await new Promise<Readable>((resolve, reject) =>
        this.zip.openReadStream(entry.entry, { decodeFileData: false }, (error, s) =>
          error ? reject(error) : resolve(s),
        ),
      );
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

  close(): void {
    this.zip.close();
  }
}
