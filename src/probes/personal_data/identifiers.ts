// Pure checks of the three kinds of identifier: what makes a digit string a real one, and how it
// is shown masked. Nothing here keeps or returns a full identifier except to the caller's own count.
// The checks take digit values (0–9, and 10 for an ID's final X) so that the scanner, which meets
// hundreds of thousands of numbers in a dense spreadsheet, never builds a string or a Date for one.

export const KINDS = ['resident_id', 'mobile', 'bank_card'] as const;
export type IdentifierKind = (typeof KINDS)[number];

/** Digit values of a number, X (an ID's check character) as 10. */
export type Digits = ArrayLike<number>;
/** The value standing for an ID's final X among digit values. */
export const X = 10;

/**
 * First two digits of a mainland resident ID: the province-level division (GB/T 2260), plus 71
 * Taiwan, 81 Hong Kong and 82 Macao as issued on residence permits. Others (e.g. 20, 39) do not exist.
 */
const PROVINCES = new Uint8Array(100);
for (const p of [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
]) {
  PROVINCES[p] = 1;
}
/** ISO 7064 MOD 11-2 weights of the 17 digits and the check value (X as 10) for each remainder. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = [1, 0, X, 9, 8, 7, 6, 5, 4, 3, 2];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A day as one comparable number, yyyymmdd (UTC). */
export const dayNumber = (date: Date) =>
  date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();

const value = (d: Digits, from: number, count: number) => {
  let v = 0;
  for (let i = from; i < from + count; i++) v = v * 10 + d[i]!;
  return v;
};

/** Region code and birth date of an 18-character ID are plausible (the check character not yet looked at). */
export function residentIdShape(d: Digits, today: number): boolean {
  for (let i = 0; i < 17; i++) if (d[i]! > 9) return false;
  if (!PROVINCES[d[0]! * 10 + d[1]!]) return false;
  const year = value(d, 6, 4);
  const month = d[10]! * 10 + d[11]!;
  const day = d[12]! * 10 + d[13]!;
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // 20230230 is not a real date.
  if (day > DAYS_IN_MONTH[month - 1]! + (month === 2 && leap ? 1 : 0)) return false;
  return year * 10000 + month * 100 + day <= today;
}

/** The ISO 7064 MOD 11-2 check character is right. */
export function residentIdCheck(d: Digits): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += d[i]! * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === d[17];
}

/**
 * A key that tells two IDs apart, exactly, within 53 bits: region (6 digits), birth date as a day
 * count from 1900 and the 3-digit sequence (the check character follows from them).
 */
export function residentIdKey(d: Digits): number {
  const date = (value(d, 6, 4) - 1900) * 372 + (d[10]! * 10 + d[11]! - 1) * 31 + (d[12]! * 10 + d[13]! - 1);
  return (value(d, 0, 6) * 75_000 + date) * 1000 + value(d, 14, 3);
}

/** A mainland mobile number: 1, then 3–9, then nine digits. */
export const isMobile = (d: Digits, from = 0) => d[from] === 1 && d[from + 1]! >= 3;

/** The Luhn check of a card number. */
export function luhn(d: Digits, length = d.length): boolean {
  let sum = 0;
  for (let i = length - 1, double = false; i >= 0; i--, double = !double) {
    let v = d[i]!;
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

/**
 * A 53-bit hash of a card number (16–19 digits do not fit in 53 bits): two 32-bit FNV-1a style
 * hashes with different multipliers. Two of 100,000 cards share one with a chance near 10⁻⁶.
 */
export function cardKey(d: Digits, length: number): number {
  let a = 0x811c9dc5;
  let b = length;
  for (let i = 0; i < length; i++) {
    a = Math.imul(a ^ d[i]!, 0x01000193);
    b = Math.imul(b ^ d[i]!, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

/**
 * Card number prefixes (IIN ranges) of the card schemes seen in Chinese shops: UnionPay 62 counts
 * on its own; Visa 4, Mastercard 51–55 and 2221–2720, JCB 3528–3589 only with a card word nearby.
 */
export const isUnionPay = (d: Digits) => d[0] === 6 && d[1] === 2;
export function isOtherScheme(d: Digits): boolean {
  if (d[0] === 4) return true;
  const two = value(d, 0, 2);
  const four = value(d, 0, 4);
  return (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) || (four >= 3528 && four <= 3589);
}

/** How an identifier is shown: enough to recognise the kind and tell two apart, never enough to use it. */
export function mask(kind: IdentifierKind, d: Digits, length = d.length): string {
  const text = (from: number, to: number) => {
    let s = '';
    for (let i = from; i < to; i++) s += d[i] === X ? 'X' : String(d[i]);
    return s;
  };
  switch (kind) {
    case 'resident_id':
      return `${text(0, 6)}${'*'.repeat(8)}${text(14, 18)}`;
    case 'mobile':
      return `${text(0, 3)}****${text(7, 11)}`;
    case 'bank_card':
      return `${text(0, 4)} **** **** ${text(length - 4, length)}`;
  }
}
