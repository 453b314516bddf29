import {
  isMobile,
  isOtherScheme,
  isUnionPay,
  KINDS,
  luhn,
  mask,
  residentIdCheck,
  residentIdShape,
  type IdentifierKind,
} from './identifiers.js';

// Finds identifiers in text that arrives in pieces. Text in a byte encoding (UTF-8, GB18030/GBK) is
// scanned as a "byte string" (one character per byte, Buffer#latin1Slice): digits are the same bytes
// in every one of them and no multi-byte character of UTF-8 or GBK holds an ASCII digit, so no
// decoding is needed to find numbers; words that raise confidence are looked for in both byte forms.
// UTF-16 text is decoded first and scanned as ordinary text.

/** Words that say a column or line holds that kind of identifier. */
const CONTEXT_WORDS: Record<IdentifierKind, { text: string[]; gbk: string[] }> = {
  resident_id: { text: ['身份证', '证件号'], gbk: ['c9edb7ddd6a4', 'd6a4bcfebac5'] },
  mobile: {
    text: ['手机', '电话', '联系方式', '收件人', '收货人', '寄件人', 'Phone', 'phone', 'PHONE', 'Mobile', 'mobile', 'MOBILE', 'Tel', 'TEL'],
    gbk: ['cad6bbfa', 'b5e7bbb0', 'c1aacfb5b7bdcabd', 'cad5bcfec8cb', 'cad5bbf5c8cb', 'bcc4bcfec8cb'],
  },
  bank_card: {
    text: ['卡号', '银行卡', '开户行', '账号', '帐号', 'Card', 'card', 'CARD'],
    gbk: ['bfa8bac5', 'd2f8d0d0bfa8', 'bfaabba7d0d0', 'd5cbbac5', 'd5cabac5'],
  },
};

export type HaystackForm = 'bytes' | 'text';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function contextPatterns(form: HaystackForm): Record<IdentifierKind, RegExp> {
  const out = {} as Record<IdentifierKind, RegExp>;
  for (const kind of KINDS) {
    const { text, gbk } = CONTEXT_WORDS[kind];
    const needles =
      form === 'text' ? text : [...text.map((w) => Buffer.from(w, 'utf8').toString('latin1')), ...gbk.map((h) => Buffer.from(h, 'hex').toString('latin1'))];
    out[kind] = new RegExp(needles.map(escapeRegExp).join('|'));
  }
  return out;
}
const CONTEXT = { bytes: contextPatterns('bytes'), text: contextPatterns('text') };

/** Exposed for the test that checks the GBK byte forms really spell the words. */
export const CONTEXT_WORDS_FOR_TEST = CONTEXT_WORDS;

/**
 * A run of 11–19 digits (an ID may end in X), or a card written in groups of four; never part of a
 * longer run of digits or letters (order numbers, hashes, cell references like B13).
 */
const CANDIDATE = /(?<![0-9A-Za-z])(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}(?:[ -]?\d{1,3})?|\d{11,19}[Xx]?)(?![0-9A-Za-z])/g;

/** Prefixes (second and third digit) allocated to mainland mobile networks; used only when no word says "phone". */
const MOBILE_PREFIXES = /^1(?:[358]\d|4[5-9]|6[2567]|7[0-8]|9[0-35-9])/;

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

interface Tally {
  values: Set<string>;
  example: string | null;
}

/**
 * Scans one file's text, piece by piece. A piece may end in the middle of a number: the tail after
 * the last separator is kept and scanned with the next piece.
 */
export class IdentifierScanner {
  private readonly tallies: Record<IdentifierKind | 'other_card', Tally>;
  private readonly context: Record<IdentifierKind, boolean> = { resident_id: false, mobile: false, bank_card: false };
  private readonly patterns: Record<IdentifierKind, RegExp>;
  private carry = '';
  // Shares that tell real identifiers from numbers of the same shape: order numbers fail check digits.
  private idShaped = 0;
  private idValid = 0;
  private unionPayShaped = 0;
  private unionPayValid = 0;
  private mobileShaped = 0;
  private mobileAllocated = 0;
  private readonly mobilePrefixes = new Set<string>();

  constructor(
    form: HaystackForm,
    private readonly now: Date,
  ) {
    this.patterns = CONTEXT[form];
    const tally = (): Tally => ({ values: new Set(), example: null });
    this.tallies = { resident_id: tally(), mobile: tally(), bank_card: tally(), other_card: tally() };
  }

  /** Scans a piece of text; `last` flushes the kept tail. */
  push(piece: string, last = false): void {
    let text = this.carry + piece;
    if (!last && text.length > 64) {
      const cut = safeCut(text);
      this.carry = text.slice(cut);
      text = text.slice(0, cut);
    } else if (!last) {
      this.carry = text;
      return;
    } else {
      this.carry = '';
    }
    this.scan(text);
  }

  private scan(text: string): void {
    for (const kind of KINDS) if (!this.context[kind] && this.patterns[kind].test(text)) this.context[kind] = true;
    CANDIDATE.lastIndex = 0;
    for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
      const at = m.index;
      const end = at + m[0].length;
      // 3.13800138000 and 13800138000.25 are amounts, not numbers standing alone.
      if (text[at - 1] === '.' && isDigit(text[at - 2])) continue;
      if (text[end] === '.' && isDigit(text[end + 1])) continue;
      this.classify(m[0], text[at - 1]);
    }
  }

  private classify(raw: string, before: string | undefined): void {
    const grouped = /[ -]/.test(raw);
    const digits = grouped ? raw.replace(/[ -]/g, '') : raw.toUpperCase();
    if (!grouped) {
      // +8613800138000: the country code written without a space.
      if (digits.length === 11 || (digits.length === 13 && digits.startsWith('86') && before === '+')) {
        const number = digits.length === 13 ? digits.slice(2) : digits;
        if (number[0] === '1') this.mobileShaped++;
        if (isMobile(number)) {
          if (MOBILE_PREFIXES.test(number)) {
            this.mobileAllocated++;
            this.mobilePrefixes.add(number.slice(0, 3));
          }
          this.add('mobile', number);
        }
        return;
      }
      if (digits.length === 18 && residentIdShape(digits, this.now)) {
        this.idShaped++;
        if (residentIdCheck(digits)) {
          this.idValid++;
          this.add('resident_id', digits);
        }
        // Shaped like an ID (region, birth date) but failing its check: a mistyped ID or an order number, not a card.
        return;
      }
      if (digits.endsWith('X')) return;
    }
    if (digits.length < 16 || digits.length > 19) return;
    if (isUnionPay(digits)) {
      this.unionPayShaped++;
      if (luhn(digits)) {
        this.unionPayValid++;
        this.add('bank_card', digits);
      }
    } else if (isOtherScheme(digits) && luhn(digits)) {
      this.add('other_card', digits);
    }
  }

  private add(kind: IdentifierKind | 'other_card', value: string): void {
    const tally = this.tallies[kind];
    if (tally.values.size >= MAX_DISTINCT) return;
    tally.values.add(value);
    tally.example ??= mask(kind === 'other_card' ? 'bank_card' : kind, value);
  }

  /** What the file holds, judged as a whole: only identifiers that pass every test of their kind. */
  finish(): KindFinding[] {
    if (this.carry) this.push('', true);
    const out: KindFinding[] = [];
    const mostlyValid = (valid: number, shaped: number) => shaped < MIN_FOR_SHARE || valid / shaped >= 0.5;
    const ids = this.tallies.resident_id;
    if (ids.values.size > 0 && mostlyValid(this.idValid, this.idShaped)) out.push(finding('resident_id', ids));
    // Without a word such as 手机 or 电话, a list of numbers is taken as phones only when nearly all use
    // allocated prefixes, and several different ones (order numbers share one prefix and run in sequence).
    const mobiles = this.tallies.mobile;
    const phoneLike = this.mobileShaped > 0 && this.mobileAllocated / this.mobileShaped >= 0.95 && this.mobilePrefixes.size >= 3;
    if (mobiles.values.size > 0 && (this.context.mobile || phoneLike)) out.push(finding('mobile', mobiles));
    const cards = new Set(mostlyValid(this.unionPayValid, this.unionPayShaped) ? this.tallies.bank_card.values : []);
    let example = cards.size > 0 ? this.tallies.bank_card.example : null;
    // Visa, Mastercard and JCB numbers look like many other numbers: they count only beside a card word.
    if (this.context.bank_card) {
      for (const v of this.tallies.other_card.values) cards.add(v);
      example ??= this.tallies.other_card.example;
    }
    if (cards.size > 0) out.push({ kind: 'bank_card', count: cards.size, example: example! });
    return out;
  }
}

const finding = (kind: IdentifierKind, tally: Tally): KindFinding => ({ kind, count: tally.values.size, example: tally.example! });
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Where a piece can be cut without splitting a number: after the last line break, else after any other separator. */
function safeCut(text: string): number {
  const newline = text.lastIndexOf('\n');
  if (newline >= text.length - 65536 && newline > 0) return newline;
  for (let i = text.length - 1; i > 0 && i > text.length - 256; i--) {
    if (!/[0-9A-Za-z .+-]/.test(text[i]!)) return i;
  }
  // A very long run of digits and letters is no identifier anyway: cut it.
  return text.length - 64;
}

/**
 * The text with every identifier in it masked: file and folder names shown in facts may carry one
 * (WeChat keeps the name a file was sent under, e.g. "张三110101199003071234.jpg").
 */
export function maskIdentifiersIn(text: string, now: Date): string {
  return text.replace(CANDIDATE, (raw) => {
    const digits = raw.replace(/[ -]/g, '').toUpperCase();
    if (digits.length === 11 && isMobile(digits)) return mask('mobile', digits);
    if (digits.length === 18 && residentIdShape(digits, now) && residentIdCheck(digits)) return mask('resident_id', digits);
    if (digits.length >= 16 && digits.length <= 19 && /^\d+$/.test(digits) && luhn(digits)) return mask('bank_card', digits);
    return raw;
  });
}
