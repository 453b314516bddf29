#!/usr/bin/env node
// Generates folders of made-up customer files and look-alikes for the personal_data tests and
// benchmark: every identifier is invented (valid check digits, no real person), written into a
// temporary folder, never committed. `node scripts/make-pii-corpus.mjs DIR [MEGABYTES]` writes a
// mixed home folder of about that size.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const REGIONS = ['110101', '310104', '440305', '510107', '330106', '420102', '610113', '230103', '620102', '130102'];

/** A resident ID number with a real region, birth date and check character; `wrongCheck` breaks the last. */
export function residentId(i, wrongCheck = false) {
  const region = REGIONS[i % REGIONS.length];
  const year = 1950 + (i % 50);
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  const body = `${region}${year}${month}${day}${String(i % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(body[k]) * WEIGHTS[k];
  const check = CHECK[sum % 11];
  return body + (wrongCheck ? CHECK[(sum + 1) % 11] : check);
}

const MOBILE_PREFIXES = ['138', '139', '150', '186', '177', '199', '135', '158', '189', '166'];
export const mobile = (i) =>
  `${MOBILE_PREFIXES[i % MOBILE_PREFIXES.length]}${String((i * 7919) % 100000000).padStart(8, '0')}`;

function luhnComplete(body) {
  let sum = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = Number(body[i]);
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}
/** A UnionPay card number (62…, 19 digits) with a valid Luhn digit. */
export const unionPayCard = (i) => luhnComplete(`622202${String(i * 104729).padStart(12, '0')}`);
/** A Visa-shaped number (4…, 16 digits) with a valid Luhn digit. */
export const visaCard = (i) => luhnComplete(`453201${String(i * 7741).padStart(9, '0')}`);

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴霞'];
const ADDRESSES = ['北京市朝阳区建国路88号', '上海市徐汇区漕溪北路1号', '深圳市南山区科技园', '成都市锦江区春熙路'];

/** GB18030/GBK encoding (Node has a decoder only): a table made by decoding every two-byte code. */
let gbkTable = null;
export function encodeGbk(text) {
  if (!gbkTable) {
    gbkTable = new Map();
    const d = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const s = d.decode(Uint8Array.of(a, b));
        if (s.length === 1 && !gbkTable.has(s)) gbkTable.set(s, [a, b]);
      }
    }
  }
  const out = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80) out.push(code);
    else out.push(...(gbkTable.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}

export function encode(text, encoding) {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be': {
      const le = Buffer.from(text, 'utf16le');
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
    }
    case 'gbk':
      return encodeGbk(text);
    default:
      throw new Error(`unknown encoding ${encoding}`);
  }
}

/** A waybill export as a courier outlet keeps it: name, phone, ID, address. */
export function customerRows(count, start = 0) {
  const rows = [['收件人', '手机', '身份证号', '地址']];
  for (let i = start; i < start + count; i++)
    rows.push([NAMES[i % NAMES.length], mobile(i), residentId(i), ADDRESSES[i % ADDRESSES.length]]);
  return rows;
}

const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const column = (n) => String.fromCharCode(65 + n);

/** A minimal valid .xlsx: strings in sharedStrings, numbers (phones) as numeric cells, as Excel writes them. */
export function makeXlsx(rows, extraEntries = {}) {
  const strings = [];
  const index = new Map();
  const sheetRows = rows.map((row, r) => {
    const cells = row.map((v, c) => {
      const ref = `${column(c)}${r + 1}`;
      if (/^\d{1,15}$/.test(String(v))) return `<c r="${ref}"><v>${v}</v></c>`;
      if (!index.has(v)) {
        index.set(v, strings.length);
        strings.push(v);
      }
      return `<c r="${ref}" t="s"><v>${index.get(v)}</v></c>`;
    });
    return `<row r="${r + 1}">${cells.join('')}</row>`;
  });
  const ct =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>';
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(ct),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows.join('')}</sheetData></worksheet>`,
      ),
      'xl/sharedStrings.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${xmlEscape(s)}</t></si>`).join('')}</sst>`,
      ),
      ...extraEntries,
    }),
  );
}

/** A minimal .docx whose numbers are split over several runs, as Word does after edits. */
export function makeDocx(paragraphs) {
  const runs = (text) =>
    text
      .match(/.{1,5}/gsu)
      .map(
        (part) => `<w:r><w:rPr><w:lang w:val="zh-CN"/></w:rPr><w:t xml:space="preserve">${xmlEscape(part)}</w:t></w:r>`,
      )
      .join('<w:proofErr w:type="spellStart"/>');
  const body = paragraphs.map((p) => `<w:p>${runs(p)}</w:p>`).join('');
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      'word/document.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
      ),
    }),
  );
}

/** A minimal .pptx with one slide per paragraph. */
export function makePptx(paragraphs) {
  const slides = {};
  paragraphs.forEach((p, i) => {
    slides[`ppt/slides/slide${i + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>${xmlEscape(p)}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`,
    );
  });
  return Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), ...slides }));
}

const csv = (rows, sep = ',') => rows.map((r) => r.join(sep)).join('\r\n') + '\r\n';

/**
 * The test corpus: `customer/…` files each hold at least 5 distinct identifiers of a kind the probe
 * must find; `lookalike/…` files hold numbers that only look like them.
 */
export function testCorpus(seed = 0) {
  const rows = customerRows(12, seed);
  const lines = rows.slice(1);
  const text = csv(rows);
  const cards = [['姓名', '卡号'], ...Array.from({ length: 8 }, (_, i) => [NAMES[i], unionPayCard(seed + i)])];
  const files = {
    'customer/waybills-utf8.csv': encode(text, 'utf-8'),
    'customer/waybills-bom.csv': encode(text, 'utf-8-bom'),
    'customer/waybills-gbk.csv': encode(text, 'gbk'),
    'customer/members-utf16le.txt': encode(csv(rows, '\t'), 'utf-16le'),
    'customer/members-utf16be.txt': encode(csv(rows, '\t'), 'utf-16be'),
    'customer/orders.tsv': encode(csv(rows, '\t'), 'utf-8'),
    'customer/export.json': encode(JSON.stringify(lines.map(([name, phone, id]) => ({ name, phone, id }))), 'utf-8'),
    'customer/members.xml': encode(
      `<members>${lines.map(([n, p, id]) => `<m><name>${n}</name><tel>${p}</tel><idcard>${id}</idcard></m>`).join('')}</members>`,
      'utf-8',
    ),
    'customer/list.html': encode(
      `<table>${lines.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`,
      'utf-8',
    ),
    'customer/sms.log': encode(
      lines.map(([, p], i) => `2024-05-0${(i % 9) + 1} 10:00:0${i % 10} 发送短信 手机=${p} ok`).join('\n'),
      'utf-8',
    ),
    'customer/phones-no-header.txt': encode(lines.map(([, p]) => p).join('\n'), 'utf-8'),
    'customer/cards.csv': encode(csv(cards), 'gbk'),
    'customer/visa-with-word.csv': encode(
      csv([['card number', 'name'], ...Array.from({ length: 6 }, (_, i) => [visaCard(seed + i), `n${i}`])]),
      'utf-8',
    ),
    'customer/cards-grouped.txt': encode(
      Array.from({ length: 6 }, (_, i) => unionPayCard(seed + 50 + i).replace(/(\d{4})(?=\d)/g, '$1 ')).join('\n'),
      'utf-8',
    ),
    'customer/waybills.xlsx': makeXlsx(rows),
    'customer/contract.docx': makeDocx(lines.map(([n, p, id]) => `客户${n}，身份证号码${id}，联系电话${p}。`)),
    'customer/slides.pptx': makePptx(lines.map(([n, p]) => `${n} 手机 ${p}`)),
    'customer/plus86.txt': encode(lines.map(([, p]) => `tel:+86${p}`).join('\n'), 'utf-8'),
  };
  const lookalikes = {
    'lookalike/wrong-check-ids.csv': encode(
      csv([['身份证号'], ...Array.from({ length: 20 }, (_, i) => [residentId(seed + i, true)])]),
      'utf-8',
    ),
    'lookalike/masked.csv': encode(
      csv([
        ['手机', '身份证', '卡号'],
        ...lines.map(([, p, id], i) => [
          `${p.slice(0, 3)}****${p.slice(7)}`,
          `${id.slice(0, 6)}********${id.slice(14)}`,
          `6222 **** **** ${String(1000 + i)}`,
        ]),
      ]),
      'utf-8',
    ),
    'lookalike/barcodes.csv': encode(
      csv([
        ['商品', '条码'],
        ...Array.from({ length: 30 }, (_, i) => [`苹果${i}`, `69${String(10000000000 + i * 3331).slice(0, 11)}`]),
      ]),
      'utf-8',
    ),
    'lookalike/timestamps.log': encode(
      Array.from({ length: 50 }, (_, i) => `${1700000000000 + i * 1013} 20240501${String(100000 + i)} tick`).join('\n'),
      'utf-8',
    ),
    'lookalike/order-numbers.csv': encode(
      csv([
        ['订单号', '金额'],
        ...Array.from({ length: 60 }, (_, i) => [
          `62${String(48271 * (i + 1) * 99991).padStart(17, '0')}`,
          `${10 + i}.50`,
        ]),
      ]),
      'utf-8',
    ),
    'lookalike/sequential-orders.txt': encode(
      Array.from({ length: 40 }, (_, i) => String(13000000001 + i)).join('\n'),
      'utf-8',
    ),
    'lookalike/waybills-only.xlsx': makeXlsx([
      ['运单号', '快递公司'],
      ...Array.from({ length: 40 }, (_, i) => [`SF${String(1400000000000 + i * 7)}`, '顺丰']),
      ...Array.from({ length: 40 }, (_, i) => [String(773000000000 + i * 13), '申通']),
      ...Array.from({ length: 20 }, (_, i) => [`YT${String(4300000000000 + i)}`, '圆通']),
    ]),
    'lookalike/price-list.txt': encode(
      `水果价格表\n苹果 5.80元/斤\n香蕉 3.50元/斤\n订购电话: ${mobile(3)}  座机 010-62345678\n`,
      'utf-8',
    ),
    'lookalike/visa-no-word.csv': encode(
      csv([['ref', 'qty'], ...Array.from({ length: 6 }, (_, i) => [visaCard(seed + 100 + i), '1'])]),
      'utf-8',
    ),
    'lookalike/amounts.csv': encode(
      csv([['金额'], ...Array.from({ length: 20 }, (_, i) => [`0.${mobile(i)}`])]),
      'utf-8',
    ),
    'lookalike/hashes.txt': encode(
      Array.from({ length: 20 }, (_, i) => `sha a${mobile(i)}${residentId(i)}f`).join('\n'),
      'utf-8',
    ),
  };
  return { ...files, ...lookalikes };
}

/** Every identifier the test corpus holds in full, for canary checks: none may appear in any output. */
export function plantedIdentifiers(seed = 0) {
  const out = new Set();
  for (let i = seed; i < seed + 12; i++) {
    out.add(residentId(i));
    out.add(mobile(i));
  }
  for (let i = 0; i < 8; i++) out.add(unionPayCard(seed + i));
  for (let i = 0; i < 6; i++) out.add(visaCard(seed + i));
  for (let i = 0; i < 6; i++) out.add(unionPayCard(seed + 50 + i));
  return [...out];
}

export function writeCorpus(dir, files) {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/make-pii-corpus.mjs DIR');
    process.exit(2);
  }
  writeCorpus(dir, testCorpus());
  console.log(`wrote ${Object.keys(testCorpus()).length} files to ${dir}`);
}
