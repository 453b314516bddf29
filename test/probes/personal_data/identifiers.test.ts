import { describe, expect, it } from 'vitest';
import { isOtherScheme, luhn, mask, residentIdCheck, residentIdShape } from '../../../src/probes/personal_data/identifiers.js';
import { CONTEXT_WORDS_FOR_TEST, IdentifierScanner, maskIdentifiersIn } from '../../../src/probes/personal_data/scanner.js';
import { utf16Of } from '../../../src/probes/personal_data/read-file.js';
// @ts-expect-error a plain JavaScript script shared with the benchmark
import { mobile, residentId, unionPayCard } from '../../../scripts/make-pii-corpus.mjs';

const NOW = new Date('2025-06-01T00:00:00Z');
const scan = (text: string) => {
  const s = new IdentifierScanner('text', NOW);
  s.push(text, true);
  return s.finish();
};

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
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn(unionPayCard(7))).toBe(true);
  });
  it('knows the card schemes that need a card word', () => {
    expect(isOtherScheme('4111111111111111')).toBe(true);
    expect(isOtherScheme('5500000000000004')).toBe(true);
    expect(isOtherScheme('9400000000000004')).toBe(false);
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
    const s = new IdentifierScanner('text', NOW);
    const text = `电话 ${'x'.repeat(100)}\n${phones.join(' ; ')}`;
    for (let i = 0; i < text.length; i += 7) s.push(text.slice(i, i + 7));
    expect(s.finish()).toEqual([{ kind: 'mobile', count: 6, example: mask('mobile', phones[0]!) }]);
  });
  it('does not count masked values, numbers inside longer runs, letters or decimals', () => {
    const text = ['电话 身份证 卡号', ...phones.map((p) => `${p.slice(0, 3)}****${p.slice(7)}`), ...phones.map((p) => `9${p}`), ...phones.map((p) => `A${p}`), ...phones.map((p) => `1.${p}`)].join('\n');
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
