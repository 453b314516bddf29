// Pure checks of the three kinds of identifier: what makes a digit string a real one, and how it
// is shown masked. Nothing here keeps or returns a full identifier except to the caller's own count.

export const KINDS = ['resident_id', 'mobile', 'bank_card'] as const;
export type IdentifierKind = (typeof KINDS)[number];

/**
 * First two digits of a mainland resident ID: the province-level division (GB/T 2260), plus 71
 * Taiwan, 81 Hong Kong and 82 Macao as issued on residence permits. Others (e.g. 20, 39) do not exist.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);
/** ISO 7064 MOD 11-2 weights of the 17 digits and the check character for each remainder. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Region code and birth date of an 18-character ID are plausible (the check character not yet looked at). */
export function residentIdShape(id: string, now: Date): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const birth = new Date(Date.UTC(year, month - 1, day));
  // 20230230 rolls over to March: not a real date.
  if (birth.getUTCMonth() !== month - 1) return false;
  return birth.getTime() <= now.getTime();
}

/** The ISO 7064 MOD 11-2 check character is right. */
export function residentIdCheck(id: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

/** A mainland mobile number: 1, then 3–9, then nine digits. */
export const isMobile = (digits: string) => digits.length === 11 && digits[0] === '1' && digits[1]! >= '3';

/** The Luhn check of a card number. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Card number prefixes (IIN ranges) of the card schemes seen in Chinese shops: UnionPay 62 counts
 * on its own; Visa 4, Mastercard 51–55 and 2221–2720, JCB 3528–3589 only with a card word nearby.
 */
export const isUnionPay = (digits: string) => digits.startsWith('62');
export function isOtherScheme(digits: string): boolean {
  if (digits[0] === '4') return true;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  return (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) || (four >= 3528 && four <= 3589);
}

/** How an identifier is shown: enough to recognise the kind and tell two apart, never enough to use it. */
export function mask(kind: IdentifierKind, value: string): string {
  switch (kind) {
    case 'resident_id':
      return `${value.slice(0, 6)}${'*'.repeat(8)}${value.slice(14)}`;
    case 'mobile':
      return `${value.slice(0, 3)}****${value.slice(7)}`;
    case 'bank_card':
      return `${value.slice(0, 4)} **** **** ${value.slice(-4)}`;
  }
}
