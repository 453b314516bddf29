import type { Host } from '../../host/types.js';
import { describeFailure } from '../../host/types.js';
import { buffersDropped } from './dropped-buffers.js';
import { IdentifierScanner, type KindFinding } from './scanner.js';
import { XmlText } from './xml-text.js';
import { BiffText } from './biff.js';
import { CompoundFile } from './cfb.js';
import { ooxmlOpensWithoutPassword, opensWithoutPassword } from './office-password.js';
// zip.js (yauzl, zlib, streams) is loaded when the first Office file is read: a scan with --quick,
// or without Office files, does not pay for it (about 40 ms of CPU time here).
import type { RangeReader, ZipLimits } from './zip.js';

// Reads one file of a format that can hold customer data and tells what identifiers it holds.

export const TEXT_EXTENSIONS = ['.txt', '.csv', '.tsv', '.log', '.json', '.xml', '.html', '.htm'] as const;
export const OFFICE_EXTENSIONS = ['.xlsx', '.docx', '.pptx'] as const;
/** Excel 97–2003 workbooks, and WPS spreadsheets (.et: the same format; WPS's default in China). */
export const LEGACY_SHEET_EXTENSIONS = ['.xls', '.et'] as const;
/** Zip archives: exports are sent and kept zipped (a courier system's daily waybills, a chat's "files.zip"). */
export const ARCHIVE_EXTENSIONS = ['.zip'] as const;
/** Formats that often hold customer lists but are not read: counted in the coverage instead of guessed at. */
export const UNREAD_EXTENSIONS = { doc: ['.doc', '.wps'], pdf: ['.pdf'], archive: ['.rar', '.7z'] } as const;

export type FileFormat = 'text' | 'xlsx' | 'docx' | 'pptx' | 'xls' | 'zip';

export function formatOf(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (TEXT_EXTENSIONS.some((e) => lower.endsWith(e))) return 'text';
  if (LEGACY_SHEET_EXTENSIONS.some((e) => lower.endsWith(e))) return 'xls';
  if (ARCHIVE_EXTENSIONS.some((e) => lower.endsWith(e))) return 'zip';
  for (const f of ['xlsx', 'docx', 'pptx'] as const) if (lower.endsWith(`.${f}`)) return f;
  return null;
}

export interface FileLimits {
  /** Read at most this many bytes of a text file (the rest is "partly read"). */
  maxTextBytes: number;
  /** Office files larger than this are not opened ("partly read" would mean nothing there). */
  maxOfficeBytes: number;
  zip: ZipLimits;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxTextBytes: 64 * 1024 * 1024,
  maxOfficeBytes: 100 * 1024 * 1024,
  zip: { maxEntries: 10_000, maxTotalBytes: 256 * 1024 * 1024, maxRatio: 200 },
};

export type FileReading =
  | { status: 'read'; findings: KindFinding[]; bytes: number; partly: string | null }
  /**
   * Encrypted with a password to open: unreadable without it, for the scan as for a thief. `checked`: the
   * password is known not to be Office's default one (a file that opens without asking).
   */
  | { status: 'protected'; checked: boolean; bytes: number }
  | { status: 'failed'; reason: string; bytes: number };

/** Text is read in pieces of this size: four files in flight stay within a few megabytes. */
const CHUNK = 1024 * 1024;

export async function readForIdentifiers(
  host: Host,
  path: string,
  size: number,
  format: FileFormat,
  now: Date,
  limits = DEFAULT_FILE_LIMITS,
): Promise<FileReading> {
  if (format === 'text') return readText(host, path, size, now, limits);
  if (format === 'xls') return readLegacySheet(host, path, size, now, limits);
  if (format === 'zip') return readZip(host, path, size, now, limits);
  return readOffice(host, path, size, format, now, limits);
}

interface ReadState {
  /** Bytes read from the file so far. */
  bytes: number;
  /** The host's first failure (denied, gone), said before any problem of the format. */
  failure: string | null;
}

/** The host's readRange as archive readers want it, counting the bytes read and keeping the first failure. */
function rangeReader(host: Host, path: string) {
  const state: ReadState = { bytes: 0, failure: null };
  const read: RangeReader = async (offset, length) => {
    const r = await host.readRange(path, offset, length);
    if (r.status !== 'ok') {
      state.failure ??= describeFailure(r);
      return null;
    }
    state.bytes += r.bytes.length;
    return r.bytes;
  };
  return { read, state };
}

/**
 * Reads a file that is opened as a container (a compound file or a zip archive) through `body`: refused over
 * the size limit; the bytes read and inflated are told to buffersDropped when done.
 */
async function readContainer(
  host: Host,
  path: string,
  size: number,
  limits: FileLimits,
  body: (read: RangeReader, state: ReadState, budget: { left: number }) => Promise<FileReading>,
): Promise<FileReading> {
  if (size > limits.maxOfficeBytes)
    return { status: 'failed', reason: `larger than ${limits.maxOfficeBytes / 1024 / 1024} MiB`, bytes: 0 };
  const { read, state } = rangeReader(host, path);
  const budget = { left: limits.zip.maxTotalBytes };
  try {
    return await body(read, state, budget);
  } finally {
    // The file's bytes and what was inflated of it.
    buffersDropped(state.bytes + limits.zip.maxTotalBytes - budget.left);
  }
}

/** An Excel 97–2003 or WPS workbook: its Workbook stream's strings and numbers, scanned as UTF-8. */
function readLegacySheet(host: Host, path: string, size: number, now: Date, limits: FileLimits): Promise<FileReading> {
  return readContainer(host, path, size, limits, async (read, state, budget) => {
    const scanner = new IdentifierScanner(now, { utf8: true });
    const scanned = await scanLegacySheet(read, size, scanner);
    if (typeof scanned === 'object' && 'failed' in scanned && scanned.failed === NOT_CFB && !state.failure) {
      // Web back-ends and courier portals export "Excel" as an HTML table or tab-separated text, or an .xlsx,
      // under an .xls name (Excel opens them with a warning): read as what they are.
      const head = await read(0, 4);
      if (!head || !ZIP_SIGNATURE.every((b, i) => head[i] === b)) return readText(host, path, size, now, limits);
      const inner = await scanOffice(read, size, 'xlsx', scanner, limits, budget, () => state.failure === null);
      return reading(inner, scanner, state);
    }
    return reading(scanned, scanner, state);
  });
}

const NOT_CFB = 'not read: not a compound file';
const OPENS_WITHOUT_PASSWORD = "not read: encrypted with Office's default password, so it opens without one";
/** An EncryptionInfo stream is a few hundred bytes to a few KiB; a larger one is not checked. */
const MAX_ENCRYPTION_INFO = 64 * 1024;

/** A password-protected .xlsx/.docx/.pptx: whether its password is Office's default one, from EncryptionInfo. */
async function encryptedPackage(cfb: CompoundFile): Promise<Scanned> {
  const pieces: Uint8Array[] = [];
  let size = 0;
  const read = await cfb.stream('EncryptionInfo', (piece) => {
    size += piece.length;
    if (size <= MAX_ENCRYPTION_INFO) pieces.push(piece);
  });
  const opens = read && size <= MAX_ENCRYPTION_INFO ? ooxmlOpensWithoutPassword(Buffer.concat(pieces)) : null;
  return opens ? { failed: OPENS_WITHOUT_PASSWORD } : opens === false ? 'protected' : 'encrypted';
}
const ZIP_SIGNATURE = Uint8Array.of(0x50, 0x4b, 0x03, 0x04);

/**
 * What scanning a document into a scanner came to: read (maybe in part), encrypted (with a password checked
 * not to be the default one, or not checked), or why not read.
 */
type Scanned = { partly: string[] } | 'protected' | 'encrypted' | { failed: string };

/** The reading of a whole file from how its scan went; the host's own failure (denied, gone) said first. */
function reading(scanned: Scanned, scanner: IdentifierScanner | null, state: ReadState): FileReading {
  if (typeof scanned === 'string') return { status: 'protected', checked: scanned === 'protected', bytes: state.bytes };
  if ('failed' in scanned) return { status: 'failed', reason: state.failure ?? scanned.failed, bytes: state.bytes };
  const partly = scanned.partly.length > 0 ? [...new Set(scanned.partly)].join(', ') : null;
  return { status: 'read', findings: scanner?.finish() ?? [], bytes: state.bytes, partly };
}

async function scanLegacySheet(read: RangeReader, size: number, scanner: IdentifierScanner): Promise<Scanned> {
  const opened = await CompoundFile.open(read, size);
  if (!opened.ok) return { failed: opened.problem === 'not a compound file' ? NOT_CFB : `not read: ${opened.problem}` };
  const cfb = opened.cfb;
  if (cfb.has(ENCRYPTED_PACKAGE)) return encryptedPackage(cfb);
  const biff = new BiffText((text) => scanner.push(text));
  const streamed = await cfb.stream('Workbook', (piece) => {
    if (!biff.problem) biff.push(piece);
  });
  scanner.push(LINE_BREAK);
  if (streamed === false)
    return { failed: cfb.has('Book') ? 'not read: Excel 5.0/95 workbook' : 'not read: no workbook in the file' };
  if (streamed === null) return { failed: 'not read: damaged' };
  if (biff.problem === 'not BIFF8') return { failed: 'not read: not an Excel 97-2003 workbook' };
  if (biff.problem !== 'encrypted') return { partly: [] };
  const opens = opensWithoutPassword(biff.filePass!);
  if (opens) return { failed: OPENS_WITHOUT_PASSWORD };
  return opens === false ? 'protected' : 'encrypted';
}

/** The stream that holds a password-protected Office Open XML file's encrypted zip ([MS-OFFCRYPTO]). */
const ENCRYPTED_PACKAGE = 'EncryptedPackage';

/**
 * UTF-16 (with a byte-order mark, or recognised by its zero bytes) is decoded and scanned as UTF-8;
 * every other text is scanned byte-wise, which finds the same digits in UTF-8, GB18030 and GBK (see scanner.ts).
 */
async function readText(host: Host, path: string, size: number, now: Date, limits: FileLimits): Promise<FileReading> {
  const into = spareChunks.pop() ?? Buffer.allocUnsafe(CHUNK);
  try {
    return await readTextInto(host, path, size, now, limits, into);
  } finally {
    spareChunks.push(into);
  }
}

/**
 * Read buffers, one per text file in flight, reused: the scanner keeps nothing of the bytes it is
 * given, and 256 MB of text read into new buffers left up to ~64 MB for V8 to free at its own pace.
 */
const spareChunks: Buffer[] = [];

async function readTextInto(
  host: Host,
  path: string,
  size: number,
  now: Date,
  limits: FileLimits,
  into: Buffer,
): Promise<FileReading> {
  let scanner: IdentifierScanner | null = null;
  let decoder: TextDecoder | null = null;
  let bytes = 0;
  const end = Math.min(size, limits.maxTextBytes);
  for (let offset = 0; offset < end || offset === 0; offset += CHUNK) {
    const r = await host.readRange(path, offset, Math.min(CHUNK, end - offset), into);
    if (r.status !== 'ok') return { status: 'failed', reason: describeFailure(r), bytes };
    const chunk = r.bytes;
    bytes += chunk.length;
    if (!scanner) {
      const utf16 = utf16Of(chunk);
      decoder = utf16 ? new TextDecoder(utf16) : null;
      scanner = new IdentifierScanner(now);
    }
    scanner.push(decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk);
    if (chunk.length === 0 || offset + chunk.length >= end) break;
  }
  const findings = scanner!.finish();
  return {
    status: 'read',
    findings,
    bytes,
    partly: size > limits.maxTextBytes ? `only the first ${limits.maxTextBytes / 1024 / 1024} MiB read` : null,
  };
}

/** utf-16le / utf-16be from a byte-order mark, or from zero bytes in every other place (ASCII text in UTF-16). */
export function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 16) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (oddZeros > n / 2 / 3 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > n / 2 / 3 && oddZeros === 0) return 'utf-16be';
  return null;
}

/** The parts of each Office format that hold what people typed; shared strings first, for the header words. */
const PARTS: Record<OfficeFormat, RegExp> = {
  xlsx: /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/,
  docx: /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/,
  pptx: /^ppt\/(slides\/slide\d+|notesSlides\/notesSlide\d+)\.xml$/,
};

function readOffice(
  host: Host,
  path: string,
  size: number,
  format: OfficeFormat,
  now: Date,
  limits: FileLimits,
): Promise<FileReading> {
  return readContainer(host, path, size, limits, async (read, state, budget) => {
    const scanner = new IdentifierScanner(now, { utf8: true });
    const scanned = await scanOffice(read, size, format, scanner, limits, budget, () => state.failure === null);
    return reading(scanned, scanner, state);
  });
}

type OfficeFormat = Exclude<FileFormat, 'text' | 'xls' | 'zip'>;

/** The parts people type into of an Office file (a zip archive), within the archive limits and `budget`. */
async function scanOffice(
  read: RangeReader,
  size: number,
  format: OfficeFormat,
  scanner: IdentifierScanner,
  limits: FileLimits,
  budget: { left: number },
  readable: () => boolean,
): Promise<Scanned> {
  const { Archive } = await import('./zip.js');
  const opened = await Archive.open(read, size, limits.zip);
  if (!opened.ok) {
    // A password to open makes Office write a compound file holding the encrypted zip.
    if (opened.problem === 'not a zip archive' && readable()) {
      const cfb = await CompoundFile.open(read, size);
      if (cfb.ok && cfb.cfb.has(ENCRYPTED_PACKAGE)) return encryptedPackage(cfb.cfb);
    }
    return { failed: `not read: ${opened.problem}` };
  }
  const archive = opened.archive;
  try {
    const parts = archive.entries.filter((e) => PARTS[format].test(e.name)).sort((a, b) => rank(a.name) - rank(b.name));
    if (parts.length === 0) return { failed: `not read: no ${format} content in the archive` };
    const partly: string[] = [];
    for (const part of parts) {
      if (part.encrypted) {
        partly.push('encrypted entries');
        continue;
      }
      // Word and PowerPoint split numbers over runs of text between tags: their tags are dropped.
      const xml = format === 'xlsx' ? null : new XmlText((text) => scanner.push(text));
      const problem = await archive.inflate(part, budget, (piece) => (xml ? xml.push(piece) : scanner.push(piece)));
      // Each part is a document of its own: no number runs from one into the next.
      scanner.push(LINE_BREAK);
      if (problem === 'zip bomb' || problem === 'damaged') return { failed: `not read: ${problem}` };
      if (problem) {
        partly.push(problem);
        break;
      }
    }
    return { partly };
  } finally {
    archive.close();
  }
}

/**
 * A document inside a zip archive is inflated into memory to be read as a file: up to this size (four files
 * in flight hold at most 32 MiB so); a larger one leaves the archive read in part.
 */
const MAX_INNER_DOCUMENT = 8 * 1024 * 1024;

/**
 * A zip archive: its text files, Office files and workbooks read as if they lay in the folder, into one
 * scanner (the archive is the file reported). Archives inside it are not opened; encrypted entries are not
 * read. Every entry draws on the one output budget of the archive, so nesting gives no more than it.
 */
function readZip(host: Host, path: string, size: number, now: Date, limits: FileLimits): Promise<FileReading> {
  return readContainer(host, path, size, limits, async (read, state, budget) => {
    const { Archive } = await import('./zip.js');
    const opened = await Archive.open(read, size, limits.zip);
    if (!opened.ok) return reading({ failed: `not read: ${opened.problem}` }, null, state);
    const archive = opened.archive;
    const scanner = new IdentifierScanner(now);
    const partly: string[] = [];
    try {
      for (const entry of archive.entries) {
        const format = formatOf(entry.name);
        if (!format) continue;
        if (format === 'zip') partly.push('archives inside the archive not opened');
        else if (entry.encrypted) partly.push('encrypted entries');
        else if (format === 'text') {
          let decoder: TextDecoder | null | undefined;
          const problem = await archive.inflate(entry, budget, (piece) => {
            if (decoder === undefined) decoder = utf16Of(piece) ? new TextDecoder(utf16Of(piece)!) : null;
            scanner.push(decoder ? Buffer.from(decoder.decode(piece, { stream: true }), 'utf8') : piece);
          });
          scanner.push(LINE_BREAK);
          if (problem) partly.push(problem);
        } else if (entry.entry.uncompressedSize > MAX_INNER_DOCUMENT) partly.push('a document inside over 8 MiB');
        else {
          // Pieces are fresh buffers (zlib's output), kept as they come; a header that lies is stopped at the cap.
          const pieces: Uint8Array[] = [];
          let total = 0;
          const problem = await archive.inflate(entry, budget, (piece) => {
            total += piece.length;
            if (total <= MAX_INNER_DOCUMENT) pieces.push(piece);
          });
          if (problem || total > MAX_INNER_DOCUMENT) {
            partly.push(problem ?? 'a document inside over 8 MiB');
            continue;
          }
          const bytes = Buffer.concat(pieces, total);
          const inner: RangeReader = async (offset, length) => bytes.subarray(offset, offset + length);
          const scanned =
            format === 'xls'
              ? await scanLegacySheet(inner, bytes.length, scanner)
              : await scanOffice(inner, bytes.length, format, scanner, limits, budget, () => true);
          if (typeof scanned === 'string') partly.push('encrypted documents inside');
          else if ('failed' in scanned) partly.push(`a document inside ${scanned.failed}`);
          else partly.push(...scanned.partly);
        }
        if (budget.left <= 0) break;
      }
    } finally {
      archive.close();
    }
    return reading({ partly }, scanner, state);
  });
}

const LINE_BREAK = Uint8Array.of(0x0a);

const rank = (name: string) => (/sharedStrings|document\.xml/.test(name) ? 0 : 1);
