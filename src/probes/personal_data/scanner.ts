import {
  cardKey,
  dayNumber,
  isMobile,
  isOtherScheme,
  isUnionPay,
  luhn,
  mask,
  residentIdCheck,
  residentIdKey,
  residentIdShape,
  X,
  type IdentifierKind,
} from './identifiers.js';

// Finds identifiers in bytes that arrive in pieces. Text in a byte encoding (UTF-8, GB18030/GBK)
// is scanned as it is: digits are the same bytes in every one of them and no multi-byte character
// of UTF-8 or GBK holds an ASCII digit, so no decoding is needed to find numbers; words that raise
// confidence are looked for in both byte forms. UTF-16 text is turned into UTF-8 first.
// Numbers are found by a loop over the bytes and checked as digit values, and distinct ones are
// kept as 53-bit keys in a typed array: a dense spreadsheet holds hundreds of thousands of them.

/** Kinds whose numbers look like other numbers: a word is needed to take them as identifiers. */
const WORDED = ['mobile', 'bank_card'] as const;
type Worded = (typeof WORDED)[number];

/**
 * Words that say a column or line holds that kind of identifier. Resident IDs need none: the region,
 * birth date and check character already tell them from other numbers (and each word costs a search).
 */
const CONTEXT_WORDS: Record<Worded, { text: string[]; gbk: string[] }> = {
  mobile: {
    text: [
      '手机',
      '电话',
      '联系方式',
      '收件人',
      '收货人',
      '寄件人',
      'Phone',
      'phone',
      'PHONE',
      'Mobile',
      'mobile',
      'MOBILE',
      'Tel',
      'TEL',
    ],
    gbk: ['cad6bbfa', 'b5e7bbb0', 'c1aacfb5b7bdcabd', 'cad5bcfec8cb', 'cad5bbf5c8cb', 'bcc4bcfec8cb'],
  },
  bank_card: {
    text: ['卡号', '银行卡', '开户行', '账号', '帐号', 'Card', 'card', 'CARD'],
    gbk: ['bfa8bac5', 'd2f8d0d0bfa8', 'bfaabba7d0d0', 'd5cbbac5', 'd5cabac5'],
  },
};

/** A context word as bytes (UTF-8 or GBK), looked for from its byte `anchor` (0 or 1), the first checked then. */
interface Needle {
  word: Buffer;
  tail: Buffer;
  anchor: number;
}

/**
 * The words of each kind as bytes, UTF-8 and GBK. Buffer#indexOf per word measured 8× faster than
 * one regular expression of all of them over the same bytes read as latin1 (4 vs 32 ms for 3.8 MB).
 * An ASCII word of four letters or more is looked for without its first letter: indexOf stops at
 * every byte equal to a word's first, and `c` starts every cell of a sheet (`<c r="B2">`): "card"
 * took 1.6 ms per 3 MB of sheet XML, "ard" 0.07 ms.
 */
const needle = (word: Buffer): Needle => {
  const anchor = word.length >= 4 && word.every((c) => c < 0x80) ? 1 : 0;
  return { word, tail: word.subarray(anchor), anchor };
};
const UTF8_CONTEXT = Object.fromEntries(
  WORDED.map((kind) => [kind, CONTEXT_WORDS[kind].text.map((w) => needle(Buffer.from(w, 'utf8')))]),
) as Record<Worded, Needle[]>;
/** Text files may be GBK; Office XML is UTF-8: its scanner leaves out the GBK forms (11 passes fewer). */
const ANY_CONTEXT = Object.fromEntries(
  WORDED.map((kind) => [
    kind,
    [...UTF8_CONTEXT[kind], ...CONTEXT_WORDS[kind].gbk.map((h) => needle(Buffer.from(h, 'hex')))],
  ]),
) as Record<Worded, Needle[]>;

function holds(section: Buffer, { word, tail, anchor }: Needle): boolean {
  for (let at = section.indexOf(tail, anchor); at >= 0; at = section.indexOf(tail, at + 1)) {
    if (anchor === 0 || section[at - 1] === word[0]) return true;
  }
  return false;
}

/** Exposed for the test that checks the GBK byte forms really spell the words. */
export const CONTEXT_WORDS_FOR_TEST = CONTEXT_WORDS;

const DIGIT = 1;
const LETTER = 2;
/** Bytes that may be part of a number as written (digits, letters, and the separators . + - space). */
const IN_NUMBER = 4;
const CLASS = new Uint8Array(256);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT | IN_NUMBER;
for (let c = 65; c <= 90; c++) CLASS[c] = CLASS[c + 32] = LETTER | IN_NUMBER;
for (const c of ' .+-') CLASS[c.charCodeAt(0)] = IN_NUMBER;
const WORD = DIGIT | LETTER;
/** Bytes a number looked for is written with: digits, and the space or dash between groups of four. */
const SPANS = 8;
for (const c of '0123456789 -') CLASS[c.charCodeAt(0)]! |= SPANS;
/** The fewest bytes a number looked for takes: a mobile's 11 digits. */
const SPAN = 11;
const [DOT, PLUS, SPACE, DASH] = ['.', '+', ' ', '-'].map((c) => c.charCodeAt(0)) as [number, number, number, number];

/** Prefixes (second and third digit) allocated to mainland mobile networks; used only when no word says "phone". */
const ALLOCATED = new Uint8Array(100);
for (let p = 0; p < 100; p++) {
  const [a, b] = [Math.floor(p / 10), p % 10];
  ALLOCATED[p] = +(
    a === 3 ||
    a === 5 ||
    a === 8 ||
    (a === 4 && b >= 5) ||
    (a === 6 && [2, 5, 6, 7].includes(b)) ||
    (a === 7 && b <= 8) ||
    (a === 9 && b !== 4)
  );
}

/**
 * A number found: its digits (X as 10) and how many, whether it was written in groups of four, the
 * byte before it, and where it lies.
 */
type OnNumber = (
  digits: Uint8Array,
  length: number,
  grouped: boolean,
  before: number | undefined,
  start: number,
  end: number,
) => void;

/**
 * Calls `on` for every run of 11–19 digits (an ID may end in X) and every card written in groups of
 * four, in bytes[from, to); never for part of a longer run of digits or letters (order numbers,
 * hashes, cell references like B13) nor for a decimal (3.13800138000, 13800138000.25). The bytes
 * around [from, to) are looked at, so a caller cuts pieces only where a number cannot be.
 */
function findNumbers(bytes: Uint8Array, from: number, to: number, digits: Uint8Array, on: OnNumber): void {
  const n = bytes.length;
  let i = from;
  while (i < to) {
    // Every number looked for fills at least SPAN bytes that are digits, spaces or dashes (11 digits;
    // a grouped card is longer), so one that starts in [i, i + SPAN) holds the byte at i + SPAN - 1:
    // where that byte is anything else, the whole span is passed over at once (tags, words, Chinese).
    if (i + SPAN <= to) {
      const last = i + SPAN - 1;
      if (!(CLASS[bytes[last]!]! & SPANS)) {
        i += SPAN;
        continue;
      }
      // The run of such bytes that holds `last`: a number starts at its beginning or later, and only
      // where SPAN of them follow.
      let start = last;
      while (start > i && CLASS[bytes[start - 1]!]! & SPANS) start--;
      let end = last + 1;
      while (end < start + SPAN && end < n && CLASS[bytes[end]!]! & SPANS) end++;
      if (end < start + SPAN) {
        i = end + 1;
        continue;
      }
      // A number starts with a digit: the spaces and dashes before the run's first digit are passed over at once
      // (one at a time, a file of spaces was read eleven times over).
      i = start;
      while (i < end && !isDigit(bytes[i]!)) i++;
    }
    if (!isDigit(bytes[i]!)) {
      i++;
      continue;
    }
    if (i > 0 && CLASS[bytes[i - 1]!]! & LETTER) {
      // Digits inside a word (B13, sheet1, a hash): skip the word.
      while (i < n && CLASS[bytes[i]!]! & WORD) i++;
      continue;
    }
    const start = i;
    while (i < n && CLASS[bytes[i]!]! & DIGIT) i++;
    let length = i - start;
    let x = false;
    if (i < n && CLASS[bytes[i]!]! & LETTER) {
      // 17 digits and X: an ID; any other letter makes it a word.
      x = length === 17 && (bytes[i]! | 0x20) === 0x78 && !(CLASS[bytes[i + 1]!]! & WORD);
      if (!x) {
        while (i < n && CLASS[bytes[i]!]! & WORD) i++;
        continue;
      }
      i++;
      length = 18;
    }
    if (length !== 4 && (length < 11 || length > 19)) continue;
    if (bytes[start - 1] === DOT && CLASS[bytes[start - 2]!]! & DIGIT) continue;
    const grouped = length === 4 ? groupedEnd(bytes, start) : -1;
    if (length === 4 && grouped < 0) continue;
    const end = grouped > 0 ? grouped : i;
    if (bytes[end] === DOT && CLASS[bytes[end + 1]!]! & DIGIT) {
      i = end;
      continue;
    }
    if (grouped > 0) {
      let count = 0;
      for (let k = start; k < end; k++) if (CLASS[bytes[k]!]! & DIGIT) digits[count++] = bytes[k]! - 48;
      on(digits, count, true, bytes[start - 1], start, end);
      i = end;
    } else {
      for (let k = 0; k < length; k++) digits[k] = bytes[start + k]! - 48;
      if (x) digits[17] = X;
      on(digits, length, false, bytes[start - 1], start, end);
    }
  }
}

const isDigit = (c: number) => c <= 57 && c >= 48;
const isSeparator = (c: number | undefined) => c === SPACE || c === DASH;
const isDigitAt = (bytes: Uint8Array, at: number) => at < bytes.length && (CLASS[bytes[at]!]! & DIGIT) !== 0;
const isWordAt = (bytes: Uint8Array, at: number) => at < bytes.length && (CLASS[bytes[at]!]! & WORD) !== 0;

/**
 * End of a card written as four groups of four digits joined by a space or dash, with up to three
 * more digits after (attached or after one more separator); -1 when the bytes at `start` are not one.
 */
function groupedEnd(bytes: Uint8Array, start: number): number {
  let at = start + 4;
  for (let group = 1; group < 4; group++, at += 5) {
    if (!isSeparator(bytes[at])) return -1;
    for (let k = 1; k <= 4; k++) if (!isDigitAt(bytes, at + k)) return -1;
  }
  // at: just after the fourth group. The longest tail that ends the number wins, as a regex would.
  for (const skip of isSeparator(bytes[at]) ? [1, 0] : [0]) {
    let tail = 0;
    while (tail < 3 && isDigitAt(bytes, at + skip + tail)) tail++;
    for (; tail >= (skip ? 1 : 0); tail--)
      if (!isWordAt(bytes, at + skip + tail)) return tail > 0 ? at + skip + tail : at;
  }
  return -1;
}

/** Findings of one kind in one file. */
export interface KindFinding {
  kind: IdentifierKind;
  /** Distinct identifiers of this kind. */
  count: number;
  /** The first one found, masked. */
  example: string;
}

/** At most this many distinct values of one kind are remembered per file; the count stops there. */
export const MAX_DISTINCT = 100_000;
/** Numbers are judged by their share passing the check only when there are at least this many. */
const MIN_FOR_SHARE = 10;

/**
 * Distinct 53-bit keys (never zero), in an open-addressing table of doubles that grows up to
 * MAX_DISTINCT entries: 16 bytes a value at most, no object per value.
 */
class DistinctKeys {
  // Small at first: most files hold no identifier or a few, and a scan meets thousands of files (a
  // 32 KiB table for each of the four kinds was 384 MB of allocations for 3,000 small notes).
  private table = new Float64Array(1 << 4);
  private shift = 32 - 4;
  size = 0;
  add(key: number): void {
    if (this.size >= MAX_DISTINCT) return;
    if (this.size * 2 >= this.table.length) this.grow();
    if (this.insert(this.table, this.shift, key)) this.size++;
  }
  private insert(table: Float64Array, shift: number, key: number): boolean {
    const m = table.length - 1;
    // Multiplicative hashing: the high bits of the product spread keys that differ in any digit.
    // The key's low 30 bits and the rest by float arithmetic (`%` on a double calls fmod).
    const high = Math.floor(key / 0x40000000);
    let at = Math.imul((key - high * 0x40000000) ^ high, 0x9e3779b1) >>> shift;
    for (;;) {
      const here = table[at]!;
      if (here === key) return false;
      if (here === 0) {
        table[at] = key;
        return true;
      }
      at = (at + 1) & m;
    }
  }
  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 4);
    this.shift -= 2;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.insert(this.table, this.shift, old[i]!);
  }
}

interface Tally {
  values: DistinctKeys;
  example: string | null;
}

/** Bytes kept from one piece for the next when none of them can end a number. */
const MAX_CARRY = 64 * 1024;

/**
 * Scans one file's bytes, piece by piece. A piece may end in the middle of a number: the tail after
 * the last byte that cannot be in one is kept and scanned with the next piece.
 */
export class IdentifierScanner {
  private readonly tallies: Record<IdentifierKind | 'other_card', Tally>;
  private readonly context: Record<Worded, boolean> = { mobile: false, bank_card: false };
  private readonly today: number;
  private readonly digits = new Uint8Array(32);
  private carry: Uint8Array = new Uint8Array(0);
  // Shares that tell real identifiers from numbers of the same shape: order numbers fail check digits.
  private idShaped = 0;
  private idValid = 0;
  private unionPayShaped = 0;
  private unionPayValid = 0;
  private mobileShaped = 0;
  private mobileAllocated = 0;
  private readonly mobilePrefixes = new Uint8Array(100);
  private readonly onNumber: OnNumber;

  private readonly words: Record<Worded, Needle[]>;

  /** `utf8`: the bytes are UTF-8 (Office XML), so context words are not looked for in their GBK forms. */
  constructor(now: Date, { utf8 = false } = {}) {
    this.today = dayNumber(now);
    this.words = utf8 ? UTF8_CONTEXT : ANY_CONTEXT;
    const tally = (): Tally => ({ values: new DistinctKeys(), example: null });
    this.tallies = { resident_id: tally(), mobile: tally(), bank_card: tally(), other_card: tally() };
    this.onNumber = (digits, length, grouped, before) => this.classify(digits, length, grouped, before);
  }

  /** Scans a piece of bytes (none of them kept: the caller may reuse the array); `last` flushes the kept tail. */
  push(piece: Uint8Array, last = false): void {
    // One kind of array in the scanning loop (a Buffer is a subclass): the loop stays fast.
    const bytes = new Uint8Array(piece.buffer, piece.byteOffset, piece.length);
    if (last) {
      this.scan(concat(this.carry, bytes), 0, this.carry.length + bytes.length);
      this.carry = new Uint8Array(0);
      return;
    }
    // The kept tail and the head of this piece up to the first place a number cannot be are joined
    // (a few bytes); the rest of the piece is scanned where it lies, without a copy.
    const head = firstCut(bytes);
    if (head < 0) {
      // A copy: the caller may reuse its array once push returns.
      this.carry = this.carry.length > 0 ? concat(this.carry, bytes) : bytes.slice();
      if (this.carry.length > MAX_CARRY) {
        // Digits, letters and spaces with no line break for 64 KiB: cut between two words.
        const cut = wordGap(this.carry);
        this.scan(this.carry, 0, cut);
        this.carry = this.carry.slice(cut);
      }
      return;
    }
    const tail = lastCut(bytes);
    const joined = concat(this.carry, bytes.subarray(0, head + 1));
    this.scan(joined, 0, joined.length - 1);
    this.scan(bytes, head, tail);
    this.carry = bytes.slice(tail);
  }

  private scan(bytes: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    const section = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
    for (const kind of WORDED) {
      if (!this.context[kind] && this.words[kind].some((n) => holds(section, n))) this.context[kind] = true;
    }
    findNumbers(bytes, from, to, this.digits, this.onNumber);
  }

  private classify(d: Uint8Array, length: number, grouped: boolean, before: number | undefined): void {
    const x = d[length - 1] === X && !grouped;
    if (!grouped) {
      // +8613800138000: the country code written without a space.
      if (length === 11 || (length === 13 && d[0] === 8 && d[1] === 6 && before === PLUS)) {
        const o = length - 11;
        if (d[o] === 1) this.mobileShaped++;
        if (isMobile(d, o)) {
          const prefix = d[o + 1]! * 10 + d[o + 2]!;
          if (ALLOCATED[prefix]) {
            this.mobileAllocated++;
            this.mobilePrefixes[prefix] = 1;
          }
          let key = 0;
          for (let i = o; i < length; i++) key = key * 10 + d[i]!;
          this.add('mobile', key, o === 0 ? d : d.subarray(o), 11);
        }
        return;
      }
      if (length === 18 && residentIdShape(d, this.today)) {
        this.idShaped++;
        if (residentIdCheck(d)) {
          this.idValid++;
          this.add('resident_id', residentIdKey(d), d, 18);
        }
        // Shaped like an ID (region, birth date) but failing its check: a mistyped ID or an order number, not a card.
        return;
      }
      if (x) return;
    }
    if (length < 16 || length > 19) return;
    if (isUnionPay(d)) {
      this.unionPayShaped++;
      if (luhn(d, length)) {
        this.unionPayValid++;
        this.add('bank_card', cardKey(d, length), d, length);
      }
    } else if (isOtherScheme(d) && luhn(d, length)) {
      this.add('other_card', cardKey(d, length), d, length);
    }
  }

  private add(kind: IdentifierKind | 'other_card', key: number, d: Uint8Array, length: number): void {
    const tally = this.tallies[kind];
    tally.values.add(key || 1);
    tally.example ??= mask(kind === 'other_card' ? 'bank_card' : kind, d, length);
  }

  /** What the file holds, judged as a whole: only identifiers that pass every test of their kind. */
  finish(): KindFinding[] {
    if (this.carry.length > 0) this.push(new Uint8Array(0), true);
    const out: KindFinding[] = [];
    const mostlyValid = (valid: number, shaped: number) => shaped < MIN_FOR_SHARE || valid / shaped >= 0.5;
    const ids = this.tallies.resident_id;
    if (ids.values.size > 0 && mostlyValid(this.idValid, this.idShaped)) out.push(finding('resident_id', ids));
    // Without a word such as 手机 or 电话, a list of numbers is taken as phones only when nearly all use
    // allocated prefixes, and several different ones (order numbers share one prefix and run in sequence).
    const mobiles = this.tallies.mobile;
    const prefixes = this.mobilePrefixes.reduce((sum, seen) => sum + seen, 0);
    const phoneLike = this.mobileShaped > 0 && this.mobileAllocated / this.mobileShaped >= 0.95 && prefixes >= 3;
    if (mobiles.values.size > 0 && (this.context.mobile || phoneLike)) out.push(finding('mobile', mobiles));
    const unionPay = mostlyValid(this.unionPayValid, this.unionPayShaped) ? this.tallies.bank_card : null;
    // Visa, Mastercard and JCB numbers look like many other numbers: they count only beside a card word.
    const other = this.context.bank_card ? this.tallies.other_card : null;
    // UnionPay and the other schemes' numbers start with different digits: no number is in both.
    const cards = (unionPay?.values.size ?? 0) + (other?.values.size ?? 0);
    const example = (unionPay?.values.size ? unionPay.example : null) ?? other?.example;
    if (cards > 0) out.push({ kind: 'bank_card', count: cards, example: example! });
    return out;
  }
}

const finding = (kind: IdentifierKind, tally: Tally): KindFinding => ({
  kind,
  count: tally.values.size,
  example: tally.example!,
});

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The first byte that cannot be part of a number, or -1. */
function firstCut(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (!(CLASS[bytes[i]!]! & IN_NUMBER)) return i;
  return -1;
}

/** The last byte that cannot be part of a number (the piece is cut before it), or -1. */
function lastCut(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= 0; i--) if (!(CLASS[bytes[i]!]! & IN_NUMBER)) return i;
  return -1;
}

/**
 * The last space, dash, dot or plus sign, where two words meet, in the last 256 bytes; else 64 bytes before
 * the end.
 */
function wordGap(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i > bytes.length - 256; i--) if (!(CLASS[bytes[i]!]! & WORD)) return i;
  return bytes.length - 64;
}

/**
 * The text with every identifier in it masked: file and folder names shown in facts may carry one
 * (WeChat keeps the name a file was sent under, e.g. "张三110101199003071234.jpg").
 */
export function maskIdentifiersIn(text: string, now: Date): string {
  const bytes = Buffer.from(text, 'utf8');
  const today = dayNumber(now);
  const parts: string[] = [];
  let done = 0;
  findNumbers(bytes, 0, bytes.length, new Uint8Array(32), (d, length, grouped, _before, start, end) => {
    let shown: string | null = null;
    if (!grouped && length === 11 && isMobile(d)) shown = mask('mobile', d, 11);
    else if (!grouped && length === 18 && residentIdShape(d, today) && residentIdCheck(d))
      shown = mask('resident_id', d, 18);
    else if (length >= 16 && length <= 19 && d[length - 1] !== X && luhn(d, length))
      shown = mask('bank_card', d, length);
    if (shown === null) return;
    parts.push(bytes.subarray(done, start).toString('utf8'), shown);
    done = end;
  });
  if (done > 0) parts.push(bytes.subarray(done).toString('utf8'));
  return maskGlued(done === 0 ? text : parts.join(''), today);
}

/**
 * Digit runs written against letters (tel13800138000.csv, ID11010119900307123X, SF…A): the scanner
 * takes them for part of a word, but in a name they are what they look like, so they are masked too.
 */
function maskGlued(text: string, today: number): string {
  return text.replace(/\d{11,19}[Xx]?/g, (run) => {
    const x = run.length === 18 && (run[17] === 'X' || run[17] === 'x');
    const digits = x ? run : run.replace(/[Xx]$/, '');
    const tail = run.slice(digits.length);
    const d = Array.from(digits, (c) => (c === 'X' || c === 'x' ? X : c.charCodeAt(0) - 48));
    const n = d.length;
    if (n === 11 && isMobile(d)) return mask('mobile', d, 11) + tail;
    if (n === 18 && residentIdShape(d, today) && residentIdCheck(d)) return mask('resident_id', d, 18) + tail;
    if (n >= 16 && !x && luhn(d, n)) return mask('bank_card', d, n) + tail;
    return run;
  });
}
