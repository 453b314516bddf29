import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cardKey,
  dayNumber,
  isMobile,
  isOtherScheme,
  isUnionPay,
  luhn,
  mask as maskDigits,
  residentIdCheck as idCheck,
  residentIdKey,
  residentIdShape as idShape,
  type IdentifierKind,
} from '../../../src/probes/personal_data/identifiers.js';
import {
  CONTEXT_WORDS_FOR_TEST,
  IdentifierScanner,
  maskIdentifiersIn,
} from '../../../src/probes/personal_data/scanner.js';
import { utf16Of } from '../../../src/probes/personal_data/read-file.js';
// @ts-expect-error a plain JavaScript script shared with the benchmark
import { mobile, residentId, unionPayCard, visaCard } from '../../../scripts/make-pii-corpus.mjs';

const NOW = new Date('2025-06-01T00:00:00Z');
const scan = (text: string) => {
  const s = new IdentifierScanner(NOW);
  s.push(Buffer.from(text), true);
  return s.finish();
};
/** Digit values of a number as written (X as 10), as the checks take them. */
const digits = (s: string) => Uint8Array.from(s, (c) => (c === 'X' ? 10 : c.charCodeAt(0) - 48));
const residentIdShape = (id: string, now: Date) => idShape(digits(id), dayNumber(now));
const residentIdCheck = (id: string) => idCheck(digits(id));
const mask = (kind: IdentifierKind, value: string) => maskDigits(kind, digits(value));

describe('resident ID numbers', () => {
  it('accepts the example of GB 11643-1999 and rejects it with any other check character', () => {
    // The standard's own worked example (a published specimen, not a person's number).
    expect(residentIdShape('11010519491231002X', NOW)).toBe(true);
    expect(residentIdCheck('11010519491231002X')).toBe(true);
    for (const c of '0123456789') expect(residentIdCheck(`11010519491231002${c}`)).toBe(false);
  });
  it('rejects regions that do not exist, impossible and future birth dates', () => {
    expect(residentIdShape('201051194912310023', NOW)).toBe(false); // region 20
    expect(residentIdShape('391051194912310023', NOW)).toBe(false); // region 39
    expect(residentIdShape('110105194902300023', NOW)).toBe(false); // 30 February
    expect(residentIdShape('110105189912310023', NOW)).toBe(false); // before 1900
    expect(residentIdShape('110105202507010023', NOW)).toBe(false); // born after the scan
    expect(residentIdShape('110105202505010023', NOW)).toBe(true);
  });
  it('masks as 6 + 8 stars + 4', () => {
    expect(mask('resident_id', '11010519491231002X')).toBe('110105********002X');
  });
});

describe('mobile and card numbers', () => {
  it('Luhn: the well-known test card passes, one changed digit fails', () => {
    expect(luhn(digits('4111111111111111'))).toBe(true);
    expect(luhn(digits('4111111111111112'))).toBe(false);
    expect(luhn(digits(unionPayCard(7)))).toBe(true);
  });
  it('knows the card schemes that need a card word', () => {
    expect(isOtherScheme(digits('4111111111111111'))).toBe(true);
    expect(isOtherScheme(digits('5500000000000004'))).toBe(true);
    expect(isOtherScheme(digits('9400000000000004'))).toBe(false);
  });
  it('masks mobiles and cards', () => {
    expect(mask('mobile', '13812345678')).toBe('138****5678');
    expect(mask('bank_card', '6222021234567890123')).toBe('6222 **** **** 0123');
  });
});

describe('the scanner', () => {
  const ids = Array.from({ length: 6 }, (_, i) => residentId(i) as string);
  const phones = Array.from({ length: 6 }, (_, i) => mobile(i) as string);

  it('counts distinct identifiers once, however often they appear', () => {
    const found = scan(`手机\n${[...phones, ...phones].join('\n')}\n${ids.join(',')}`);
    expect(found.map((f) => [f.kind, f.count])).toEqual([
      ['resident_id', 6],
      ['mobile', 6],
    ]);
  });
  it('finds numbers split across pieces', () => {
    const s = new IdentifierScanner(NOW);
    const text = Buffer.from(`电话 ${'x'.repeat(100)}\n${phones.join(' ; ')}`);
    for (let i = 0; i < text.length; i += 7) s.push(text.subarray(i, i + 7));
    expect(s.finish()).toEqual([{ kind: 'mobile', count: 6, example: mask('mobile', phones[0]!) }]);
  });
  it('does not count masked values, numbers inside longer runs, letters or decimals', () => {
    const text = [
      '电话 身份证 卡号',
      ...phones.map((p) => `${p.slice(0, 3)}****${p.slice(7)}`),
      ...phones.map((p) => `9${p}`),
      ...phones.map((p) => `A${p}`),
      ...phones.map((p) => `1.${p}`),
    ].join('\n');
    expect(scan(text)).toEqual([]);
  });
  it('drops ID-shaped numbers when most fail the check (order numbers), keeps them when all pass', () => {
    const wrong = Array.from({ length: 20 }, (_, i) => residentId(i, true) as string);
    expect(scan([...wrong, ids[0]].join('\n'))).toEqual([]);
    expect(scan(ids.join('\n'))[0]?.count).toBe(6);
  });
  it('masks identifiers in file names', () => {
    expect(maskIdentifiersIn(`/home/a/张三${ids[0]}.jpg`, NOW)).toBe(`/home/a/张三${mask('resident_id', ids[0]!)}.jpg`);
    expect(maskIdentifiersIn(`/home/a/${phones[1]}/x`, NOW)).toBe(`/home/a/${mask('mobile', phones[1]!)}/x`);
    expect(maskIdentifiersIn('/home/a/IMG_20240501123456.jpg', NOW)).toBe('/home/a/IMG_20240501123456.jpg');
  });
});

describe('the scanner on bytes, in pieces', () => {
  const ids = Array.from({ length: 8 }, (_, i) => residentId(i * 37) as string);
  const phones = Array.from({ length: 8 }, (_, i) => mobile(i * 11) as string);
  const cards = Array.from({ length: 8 }, (_, i) => unionPayCard(i + 3) as string);
  const grouped = (card: string) => card.replace(/(\d{4})(?=\d)/g, '$1 ');
  const text = [
    '收件人,手机,身份证号,银行卡号',
    ...ids.map((id, i) => `张伟${i},${phones[i]},${id},${i % 2 ? grouped(cards[i]!) : cards[i]}`),
    `+86${phones[0]} 1.${phones[1]} ${phones[2]}.5 A${ids[0]} ${ids[1]}0 ${'9'.repeat(300)}`,
  ].join('\r\n');
  const whole = scan(text);

  it('finds IDs (with X), mobiles, and cards written whole or in groups of four', () => {
    expect(whole).toEqual([
      { kind: 'resident_id', count: 8, example: mask('resident_id', ids[0]!) },
      { kind: 'mobile', count: 8, example: mask('mobile', phones[0]!) },
      { kind: 'bank_card', count: 8, example: mask('bank_card', cards[0]!) },
    ]);
    expect(scan('身份证 11010519491231002X 11010519491231002x')[0]).toEqual({
      kind: 'resident_id',
      count: 1,
      example: '110105********002X',
    });
  });

  it('finds the same wherever the bytes are cut into pieces', () => {
    const bytes = Buffer.from(text);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
        const s = new IdentifierScanner(NOW);
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          s.push(bytes.subarray(at, cut));
          at = cut;
        }
        s.push(bytes.subarray(at));
        expect(s.finish()).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('counts distinct identifiers exactly (IDs, mobiles) or by a 53-bit hash that keeps neighbours apart (cards)', () => {
    const many = Array.from({ length: 5000 }, (_, i) => residentId(i) as string);
    expect(new Set(many.map((id) => residentIdKey(digits(id)))).size).toBe(new Set(many).size);
    const neighbours = Array.from({ length: 5000 }, (_, i) => `62220212345${String(i).padStart(8, '0')}`);
    expect(new Set(neighbours.map((c) => cardKey(digits(c), c.length))).size).toBe(5000);
    expect(scan(`手机\n${Array.from({ length: 3000 }, (_, i) => mobile(i)).join('\n')}`)[0]?.count).toBe(3000);
  });

  it('cuts a long line of numbers and spaces between two numbers, never inside one', () => {
    const line = Buffer.from(`电话 ${Array.from({ length: 12_000 }, (_, i) => mobile(i)).join(' ')}`);
    const s = new IdentifierScanner(NOW);
    for (let at = 0; at < line.length; at += 1000) s.push(line.subarray(at, at + 1000));
    expect(s.finish()[0]?.count).toBe(12_000);
  });

  it('counts Visa numbers only beside a card word', () => {
    const visas = Array.from({ length: 6 }, (_, i) => visaCard(i + 1) as string);
    expect(scan(visas.join('\n'))).toEqual([]);
    expect(scan(`Card\n${visas.join('\n')}`)).toEqual([
      { kind: 'bank_card', count: 6, example: mask('bank_card', visas[0]!) },
    ]);
  });

  it('takes each card word in every place and case it is looked for in, and no word that only ends like one', () => {
    const visas = Array.from({ length: 6 }, (_, i) => visaCard(i + 1) as string).join('\n');
    const found = (text: string) => scan(text).some((f) => f.kind === 'bank_card');
    // Found by "ard" with the letter before it checked: at the very start, in a word, after a cut piece.
    for (const word of ['card', 'Card', 'CARD', '<t>Card No</t>', 'creditcard', '银行卡', '卡号'])
      expect(found(`${word}\n${visas}`), word).toBe(true);
    for (const word of ['ard', 'board', 'hard', 'BOARD', 'cArd', 'Ca rd', 'ARD'])
      expect(found(`${word}\n${visas}`), word).toBe(false);
    const s = new IdentifierScanner(NOW);
    s.push(Buffer.from('x'));
    s.push(Buffer.from(`Card\n${visas}`), true);
    expect(s.finish().some((f) => f.kind === 'bank_card')).toBe(true);
  });

  it('looks for the GBK forms of the words in text that may be GBK, not in Office XML (UTF-8)', () => {
    const visas = Array.from({ length: 6 }, (_, i) => visaCard(i + 1) as string).join('\n');
    const gbkCardWord = Buffer.concat([Buffer.from('bfa8bac5', 'hex'), Buffer.from(`\n${visas}`)]);
    const cards = (scanner: IdentifierScanner, bytes: Buffer) => {
      scanner.push(bytes, true);
      return scanner.finish().some((f) => f.kind === 'bank_card');
    };
    expect(cards(new IdentifierScanner(NOW), gbkCardWord)).toBe(true);
    expect(cards(new IdentifierScanner(NOW, { utf8: true }), gbkCardWord)).toBe(false);
    expect(cards(new IdentifierScanner(NOW, { utf8: true }), Buffer.from(`卡号\n${visas}`))).toBe(true);
  });
});

describe('encodings', () => {
  it('the GBK byte forms of the context words spell the words', () => {
    const gbk = new TextDecoder('gb18030');
    for (const { text, gbk: hex } of Object.values(CONTEXT_WORDS_FOR_TEST)) {
      for (const h of hex) expect(text).toContain(gbk.decode(Buffer.from(h, 'hex')));
    }
  });
  it('tells UTF-16 by its byte-order mark or its zero bytes', () => {
    expect(utf16Of(Buffer.from([0xff, 0xfe, 0x31, 0]))).toBe('utf-16le');
    expect(utf16Of(Buffer.from([0xfe, 0xff, 0, 0x31]))).toBe('utf-16be');
    expect(utf16Of(Buffer.from('13800138000 phone list', 'utf16le'))).toBe('utf-16le');
    expect(utf16Of(Buffer.from('13800138000 phone list', 'utf8'))).toBe(null);
  });
});

describe('edges found by mutation testing (handwritten numbers; dates and ranges from GB 11643 and the card schemes)', () => {
  /** An ID of region 110105 with the given birth date and sequence, its check character made by the standard's rule. */
  const withCheck = (first17: string) => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
    return first17 + '10X98765432'[sum % 11];
  };
  const born = (yyyymmdd: string) => withCheck(`110105${yyyymmdd}002`);

  it('birth dates: month and day ranges, leap years by the Gregorian rule, 1900 and the scan day included', () => {
    expect(residentIdShape(born('19490001'), NOW)).toBe(false); // month 0
    expect(residentIdShape(born('19491301'), NOW)).toBe(false); // month 13
    expect(residentIdShape(born('19491200'), NOW)).toBe(false); // day 0
    expect(residentIdShape(born('19491232'), NOW)).toBe(false);
    expect(residentIdShape(born('19490431'), NOW)).toBe(false); // 31 April
    expect(residentIdShape(born('19490430'), NOW)).toBe(true);
    expect(residentIdShape(born('20000431'), NOW)).toBe(false); // 31 April of a leap year
    expect(residentIdShape(born('19490101'), NOW)).toBe(true);
    expect(residentIdShape(born('19000101'), NOW)).toBe(true);
    expect(residentIdShape(born('18991231'), NOW)).toBe(false);
    expect(residentIdShape(born('20000229'), NOW)).toBe(true); // divisible by 400
    expect(residentIdShape(born('19000229'), NOW)).toBe(false); // by 100, not 400
    expect(residentIdShape(born('20240229'), NOW)).toBe(true);
    expect(residentIdShape(born('20230229'), NOW)).toBe(false);
    expect(residentIdShape(born('20230228'), NOW)).toBe(true);
    expect(residentIdShape(born('20250601'), NOW)).toBe(true); // born on the scan's day
    expect(residentIdShape(born('20250602'), NOW)).toBe(false);
  });

  it('an X (or any non-digit) among the first 17 characters is no ID; the 18th may be X', () => {
    expect(residentIdShape('1101051949123100X2', NOW)).toBe(false);
    expect(residentIdShape('X10105194912310022', NOW)).toBe(false);
    expect(idShape(Uint8Array.from([1, 1, 0, 1, 0, 5, 1, 9, 4, 9, 1, 2, 3, 1, 0, 0, 2, 10]), dayNumber(NOW))).toBe(
      true,
    );
    expect(residentIdCheck(born('19491231'))).toBe(true);
  });

  it('mobiles: 1 then 3–9, at any position', () => {
    expect(isMobile(digits('13800138000'))).toBe(true);
    expect(isMobile(digits('19800138000'))).toBe(true);
    expect(isMobile(digits('12800138000'))).toBe(false);
    expect(isMobile(digits('23800138000'))).toBe(false);
    expect(isMobile(digits('913800138000'), 1)).toBe(true);
    expect(isMobile(digits('913800138000'))).toBe(false);
  });

  it('Luhn over the first digits only when a length is given; UnionPay is 62', () => {
    expect(luhn(digits('41111111111111117'), 16)).toBe(true);
    expect(luhn(digits('41111111111111117'))).toBe(false);
    expect(luhn(digits('59'))).toBe(true); // 9 doubled is 18, counted as 9
    expect(luhn(digits('18'))).toBe(true); // 1 doubled is 2
    expect(isUnionPay(digits('6222021234567890123'))).toBe(true);
    expect(isUnionPay(digits('6122021234567890123'))).toBe(false);
    expect(isUnionPay(digits('5222021234567890123'))).toBe(false);
  });

  it('card schemes needing a card word: Mastercard 51–55 and 2221–2720, JCB 3528–3589, each end', () => {
    const other = (prefix: string) => isOtherScheme(digits(prefix.padEnd(16, '0')));
    for (const p of ['4', '51', '55', '2221', '2720', '3528', '3589']) expect(other(p), p).toBe(true);
    for (const p of ['50', '56', '2220', '2721', '3527', '3590', '62']) expect(other(p), p).toBe(false);
  });

  it('masks a card of the given length, and an X inside a number', () => {
    expect(maskDigits('bank_card', digits('622202123456789012399'), 19)).toBe('6222 **** **** 0123');
    expect(mask('resident_id', born('19491231'))).toBe(`110105********002${born('19491231')[17]}`);
  });

  it('keys are whole numbers within 53 bits, different for every birth day, sequence and region', () => {
    const keys = new Set<number>();
    const ids: string[] = [];
    for (const region of ['110105', '820000'])
      for (let day = Date.UTC(1900, 0, 1); day <= Date.UTC(1903, 0, 1); day += 86_400_000) {
        const date = new Date(day).toISOString().slice(0, 10).replace(/-/g, '');
        for (const seq of ['000', '999']) ids.push(withCheck(`${region}${date}${seq}`));
      }
    for (const id of ids) {
      const key = residentIdKey(digits(id));
      expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
      keys.add(key);
    }
    expect(keys.size).toBe(ids.length);
    const card = digits('6222021234567890123');
    const cardKeys = new Set([cardKey(card, 19), cardKey(card, 16)]);
    for (let i = 0; i < 19; i++) {
      const changed = Uint8Array.from(card);
      changed[i] = (changed[i]! + 1) % 10;
      cardKeys.add(cardKey(changed, 19));
    }
    expect(cardKeys.size).toBe(21);
    // Only the card's own digits count: what follows it in the text does not change its key.
    expect(cardKey(digits('62220212345678901235'), 19)).toBe(cardKey(digits('62220212345678901237'), 19));
    for (const key of cardKeys) expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
  });
});
