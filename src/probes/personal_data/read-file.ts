import type { Host } from '../../host/types.js';
import { describeFailure } from '../../host/types.js';
import { IdentifierScanner, type KindFinding } from './scanner.js';
import { DEFAULT_ZIP_LIMITS, inflateEntry, readDirectory, type RangeReader, type ZipLimits } from './zip.js';

// Reads one file of a format that can hold customer data and tells what identifiers it holds.

export const TEXT_EXTENSIONS = ['.txt', '.csv', '.tsv', '.log', '.json', '.xml', '.html', '.htm'] as const;
export const OFFICE_EXTENSIONS = ['.xlsx', '.docx', '.pptx'] as const;
/** Formats that often hold customer lists but are not read: counted in the coverage instead of guessed at. */
export const UNREAD_EXTENSIONS = { xls: ['.xls', '.et'], doc: ['.doc', '.wps'], pdf: ['.pdf'] } as const;

export type FileFormat = 'text' | 'xlsx' | 'docx' | 'pptx';

export function formatOf(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (TEXT_EXTENSIONS.some((e) => lower.endsWith(e))) return 'text';
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

export const DEFAULT_FILE_LIMITS: FileLimits = { maxTextBytes: 64 * 1024 * 1024, maxOfficeBytes: 100 * 1024 * 1024, zip: DEFAULT_ZIP_LIMITS };

export type FileReading =
  | { status: 'read'; findings: KindFinding[]; bytes: number; partly: string | null }
  | { status: 'failed'; reason: string; bytes: number };

const CHUNK = 4 * 1024 * 1024;

export async function readForIdentifiers(host: Host, path: string, size: number, format: FileFormat, now: Date, limits = DEFAULT_FILE_LIMITS): Promise<FileReading> {
  return format === 'text' ? readText(host, path, size, now, limits) : readOffice(host, path, size, format, now, limits);
}

/**
 * UTF-16 (with a byte-order mark, or recognised by its zero bytes) is decoded; every other text is
 * scanned byte-wise, which finds the same digits in UTF-8, GB18030 and GBK (see scanner.ts).
 */
async function readText(host: Host, path: string, size: number, now: Date, limits: FileLimits): Promise<FileReading> {
  let scanner: IdentifierScanner | null = null;
  let decoder: TextDecoder | null = null;
  let bytes = 0;
  const end = Math.min(size, limits.maxTextBytes);
  for (let offset = 0; offset < end || offset === 0; offset += CHUNK) {
    const r = await host.readRange(path, offset, Math.min(CHUNK, end - offset));
    if (r.status !== 'ok') return { status: 'failed', reason: describeFailure(r), bytes };
    const chunk = r.bytes;
    bytes += chunk.length;
    if (!scanner) {
      const utf16 = utf16Of(chunk);
      decoder = utf16 ? new TextDecoder(utf16) : null;
      scanner = new IdentifierScanner(utf16 ? 'text' : 'bytes', now);
    }
    scanner.push(decoder ? decoder.decode(chunk, { stream: true }) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1'));
    if (chunk.length === 0 || offset + chunk.length >= end) break;
  }
  const findings = scanner!.finish();
  return { status: 'read', findings, bytes, partly: size > limits.maxTextBytes ? `only the first ${limits.maxTextBytes / 1024 / 1024} MiB read` : null };
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
const PARTS: Record<Exclude<FileFormat, 'text'>, RegExp> = {
  xlsx: /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/,
  docx: /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/,
  pptx: /^ppt\/(slides\/slide\d+|notesSlides\/notesSlide\d+)\.xml$/,
};

async function readOffice(host: Host, path: string, size: number, format: Exclude<FileFormat, 'text'>, now: Date, limits: FileLimits): Promise<FileReading> {
  if (size > limits.maxOfficeBytes) return { status: 'failed', reason: `larger than ${limits.maxOfficeBytes / 1024 / 1024} MiB`, bytes: 0 };
  let bytes = 0;
  let failure: string | null = null;
  const read: RangeReader = async (offset, length) => {
    const r = await host.readRange(path, offset, length);
    if (r.status !== 'ok') {
      failure ??= describeFailure(r);
      return null;
    }
    bytes += r.bytes.length;
    return r.bytes;
  };
  const directory = await readDirectory(read, size, limits.zip);
  if (!directory.ok) return { status: 'failed', reason: failure ?? `not read: ${directory.problem}`, bytes };
  const parts = directory.entries.filter((e) => PARTS[format].test(e.name)).sort((a, b) => rank(a.name) - rank(b.name));
  if (parts.length === 0) return { status: 'failed', reason: `not read: no ${format} content in the archive`, bytes };
  const scanner = new IdentifierScanner('bytes', now);
  const budget = { left: limits.zip.maxTotalBytes };
  const problems = new Set<string>();
  for (const part of parts) {
    if (part.encrypted) {
      problems.add('encrypted entries');
      continue;
    }
    // Word and PowerPoint split typed text into runs (<w:r><w:t>138</w:t></w:r><w:r><w:t>0013…):
    // the tags between runs are dropped, the ends of paragraphs and cells become line breaks.
    const xml = format === 'xlsx' ? null : new RunJoiner((text) => scanner.push(text));
    const problem = await inflateEntry(read, part, budget, limits.zip, (piece) => {
      const text = Buffer.from(piece.buffer, piece.byteOffset, piece.length).toString('latin1');
      if (xml) xml.push(text);
      else scanner.push(text);
    });
    xml?.end();
    // Each part is a document of its own: no number runs from one into the next.
    scanner.push('\n');
    if (problem === 'zip bomb' || problem === 'damaged') {
      if (failure) return { status: 'failed', reason: failure, bytes };
      return { status: 'failed', reason: `not read: ${problem}`, bytes };
    }
    if (problem) {
      problems.add(problem);
      break;
    }
  }
  return { status: 'read', findings: scanner.finish(), bytes, partly: problems.size > 0 ? [...problems].join(', ') : null };
}

const rank = (name: string) => (/sharedStrings|document\.xml/.test(name) ? 0 : 1);

const BREAK = /<\/(?:w:p|a:p|w:tc|a:tc)>|<(?:w:br|w:cr|w:tab|a:br)\b[^>]*>/g;
const TAG = /<[^>]*>/g;

/** Turns the XML of a Word or PowerPoint part, arriving in pieces, into its text. */
class RunJoiner {
  private carry = '';
  constructor(private readonly out: (text: string) => void) {}
  push(piece: string): void {
    const text = this.carry + piece;
    const cut = text.lastIndexOf('>') + 1;
    this.carry = text.slice(cut);
    if (this.carry.length > 1024 * 1024) this.carry = ''; // no tag is that long: not XML
    if (cut > 0) this.out(text.slice(0, cut).replace(BREAK, '\n').replace(TAG, ''));
  }
  end(): void {
    if (this.carry) this.out(this.carry.replace(TAG, ''));
    this.carry = '';
  }
}
