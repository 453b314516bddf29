import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XmlText } from '../../../src/probes/personal_data/xml-text.js';

/** The text of XML as a regular expression sees it: breaks become line feeds, other tags go, an unfinished one too. */
const reference = (xml: string) =>
  xml
    .replace(/<\/[wa]:(?:p|tc)>|<(?:w:(?:br|cr|tab)|a:br)(?![A-Za-z0-9_])[^>]*>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/<[^>]*$/, '');

/** Runs XmlText over the XML cut at `cuts`, and joins what it gives. */
function textOf(xml: string, cuts: number[] = []): string {
  const bytes = Buffer.from(xml);
  const out: Buffer[] = [];
  const text = new XmlText((piece) => out.push(Buffer.from(piece)));
  let at = 0;
  for (const cut of [...cuts, bytes.length].sort((a, b) => a - b)) {
    text.push(bytes.subarray(at, cut));
    at = cut;
  }
  return Buffer.concat(out).toString('utf8');
}

const PIECES = [
  '<w:p>',
  '</w:p>',
  '</a:p>',
  '</w:tc>',
  '</a:tc>',
  '<w:tc>',
  '</w:tcPr>',
  '<w:br/>',
  '<w:br w:type="page"/>',
  '<w:cr/>',
  '<w:tab/>',
  '<w:tabs>',
  '<w:brx/>',
  '<a:br/>',
  '<a:cr/>',
  '<a:tab/>',
  '</w:pPr>',
  '<w:r><w:rPr><w:lang w:val="zh-CN"/></w:rPr><w:t xml:space="preserve">',
  '</w:t></w:r>',
  '<w:proofErr w:type="spellStart"/>',
  '<?xml version="1.0"?>',
  '<>',
  '</>',
  '138',
  '0013',
  '8000',
  '身份证号',
  ' ',
  'X',
];

describe('the text of Word and PowerPoint XML', () => {
  it('joins runs, breaks lines at paragraph and cell ends, drops other tags', () => {
    const xml =
      '<w:p><w:r><w:t>手机 138</w:t></w:r><w:proofErr/><w:r><w:t>0013</w:t></w:r><w:r><w:t>8000</w:t></w:r></w:p>' +
      '<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br w:type="page"/><w:t>c</w:t></w:r></w:p><a:p>d</a:p>';
    expect(textOf(xml)).toBe('手机 13800138000\na\nb\nc\nd\n');
  });

  it('gives what a regular expression gives, wherever the XML is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }),
        fc.uniqueArray(fc.nat(), { maxLength: 12 }),
        (pieces, cuts) => {
          const xml = pieces.join('');
          const length = Buffer.byteLength(xml);
          expect(
            textOf(
              xml,
              cuts.map((c) => c % (length + 1)),
            ),
          ).toBe(reference(xml));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('drops a tag left unfinished at the end', () => {
    expect(textOf('13800138000<w:t')).toBe('13800138000');
  });
});
