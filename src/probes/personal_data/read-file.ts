import type { Host } from '../../host/types.js';
import { describeFailure } from '../../host/types.js';
import { buffersDropped } from './dropped-buffers.js';
import { IdentifierScanner, type KindFinding } from './scanner.js';
import { XmlText } from './xml-text.js';
import { BiffText } from './biff.js';
import { CompoundFile } from './cfb.js';
// zip.js (yauzl, zlib, streams) is loaded when the first Office file is read: a scan with --quick,
// or without Office files, does not pay for it (about 40 ms of CPU time here).
import type { RangeReader, ZipLimits } from './zip.js';

// Reads one file of a format that can hold customer data and tells what identifiers it holds.

export const TEXT_EXTENSIONS = ['.txt', '.csv', '.tsv', '.log', '.json', '.xml', '.html', '.htm'] as const;
export const OFFICE_EXTENSIONS = ['.xlsx', '.docx', '.pptx'] as const;
/** Excel 97–2003 workbooks, and WPS spreadsheets (.et: the same format; WPS's default in China). */
export const LEGACY_SHEET_EXTENSIONS = ['.xls', '.et'] as const;
/** Formats that often hold customer lists but are not read: counted in the coverage instead of guessed at. */
export const UNREAD_EXTENSIONS = { doc: ['.doc', '.wps'], pdf: ['.pdf'] } as const;

export type FileFormat = 'text' | 'xlsx' | 'docx' | 'pptx' | 'xls';

export function formatOf(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (TEXT_EXTENSIONS.some((e) => lower.endsWith(e))) return 'text';
  if (LEGACY_SHEET_EXTENSIONS.some((e) => lower.endsWith(e))) return 'xls';
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
  /** Encrypted with a password to open: unreadable without it, for the scan as for a thief. */
  | { status: 'protected'; bytes: number }
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
  return readOffice(host, path, size, format, now, limits);
}

/** The host's readRange as archive readers want it, counting the bytes read and keeping the first failure. */
function rangeReader(host: Host, path: string) {
  const state = { bytes: 0, failure: null as string | null };
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

/** An Excel 97–2003 or WPS workbook: its Workbook stream's strings and numbers, scanned as UTF-8. */
async function readLegacySheet(
  host: Host,
  path: string,
  size: number,
  now: Date,
  limits: FileLimits,
): Promise<FileReading> {
  if (size > limits.maxOfficeBytes)
    return { status: 'failed', reason: `larger than ${limits.maxOfficeBytes / 1024 / 1024} MiB`, bytes: 0 };
  const { read, state } = rangeReader(host, path);
  try {
    const opened = await CompoundFile.open(read, size);
    if (!opened.ok)
      return { status: 'failed', reason: state.failure ?? `not read: ${opened.problem}`, bytes: state.bytes };
    const cfb = opened.cfb;
    if (cfb.has(ENCRYPTED_PACKAGE)) return { status: 'protected', bytes: state.bytes };
    const scanner = new IdentifierScanner(now, { utf8: true });
    const biff = new BiffText((text) => scanner.push(text));
    const streamed = await cfb.stream('Workbook', (piece) => {
      if (!biff.problem) biff.push(piece);
    });
    const reason =
      streamed === false
        ? cfb.has('Book')
          ? 'not read: Excel 5.0/95 workbook'
          : 'not read: no workbook in the file'
        : streamed === null
          ? 'not read: damaged'
          : biff.problem === 'not BIFF8'
            ? 'not read: not an Excel 97-2003 workbook'
            : null;
    if (reason) return { status: 'failed', reason: state.failure ?? reason, bytes: state.bytes };
    if (biff.problem === 'encrypted') return { status: 'protected', bytes: state.bytes };
    return { status: 'read', findings: scanner.finish(), bytes: state.bytes, partly: null };
  } finally {
    buffersDropped(state.bytes);
  }
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
const PARTS: Record<Exclude<FileFormat, 'text' | 'xls'>, RegExp> = {
  xlsx: /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/,
  docx: /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/,
  pptx: /^ppt\/(slides\/slide\d+|notesSlides\/notesSlide\d+)\.xml$/,
};

async function readOffice(
  host: Host,
  path: string,
  size: number,
  format: Exclude<FileFormat, 'text' | 'xls'>,
  now: Date,
  limits: FileLimits,
): Promise<FileReading> {
  if (size > limits.maxOfficeBytes)
    return { status: 'failed', reason: `larger than ${limits.maxOfficeBytes / 1024 / 1024} MiB`, bytes: 0 };
  const { read, state } = rangeReader(host, path);
  const { Archive } = await import('./zip.js');
  const opened = await Archive.open(read, size, limits.zip);
  if (!opened.ok) {
    // A password to open makes Office write a compound file holding the encrypted zip.
    if (opened.problem === 'not a zip archive' && !state.failure) {
      const cfb = await CompoundFile.open(read, size);
      if (cfb.ok && cfb.cfb.has(ENCRYPTED_PACKAGE)) return { status: 'protected', bytes: state.bytes };
    }
    return { status: 'failed', reason: state.failure ?? `not read: ${opened.problem}`, bytes: state.bytes };
  }
  const archive = opened.archive;
  const budget = { left: limits.zip.maxTotalBytes };
  try {
    const parts = archive.entries.filter((e) => PARTS[format].test(e.name)).sort((a, b) => rank(a.name) - rank(b.name));
    if (parts.length === 0)
      return { status: 'failed', reason: `not read: no ${format} content in the archive`, bytes: state.bytes };
    const scanner = new IdentifierScanner(now, { utf8: true });
    const problems = new Set<string>();
    for (const part of parts) {
      if (part.encrypted) {
        problems.add('encrypted entries');
        continue;
      }
      // Word and PowerPoint split numbers over runs of text between tags: their tags are dropped.
      const xml = format === 'xlsx' ? null : new XmlText((text) => scanner.push(text));
      const problem = await archive.inflate(part, budget, (piece) => (xml ? xml.push(piece) : scanner.push(piece)));
      // Each part is a document of its own: no number runs from one into the next.
      scanner.push(LINE_BREAK);
      if (problem === 'zip bomb' || problem === 'damaged')
        return { status: 'failed', reason: state.failure ?? `not read: ${problem}`, bytes: state.bytes };
      if (problem) {
        problems.add(problem);
        break;
      }
    }
    return {
      status: 'read',
      findings: scanner.finish(),
      bytes: state.bytes,
      partly: problems.size > 0 ? [...problems].join(', ') : null,
    };
  } finally {
    archive.close();
    // The file's bytes and its inflated parts.
    buffersDropped(state.bytes + limits.zip.maxTotalBytes - budget.left);
  }
}

const LINE_BREAK = Uint8Array.of(0x0a);

const rank = (name: string) => (/sharedStrings|document\.xml/.test(name) ? 0 : 1);
