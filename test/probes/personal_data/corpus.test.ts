import { symlink, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import type { PersonalDataFacts } from '../../../src/probes/personal_data/facts.js';
import { collectIn, tempDirs } from '../../helpers/personal-data.js';
// @ts-expect-error a plain JavaScript script shared with the benchmark
import { customerRows, makeXlsx, testCorpus, writeCorpus } from '../../../scripts/make-pii-corpus.mjs';

const tempDir = tempDirs();
const collect = collectIn;
const reported = (facts: PersonalDataFacts, root: string) =>
  (facts.files ?? [])
    .filter((f) => f.identifiers >= 5)
    .map((f) => path.relative(root, f.path))
    .sort();

describe('personal_data on a generated corpus', () => {
  for (const seed of [0, 1000]) {
    it(`finds every customer file and no look-alike (seed ${seed})`, async () => {
      const home = await tempDir();
      const files = testCorpus(seed) as Record<string, Buffer>;
      writeCorpus(path.join(home, 'Desktop'), files);
      const { facts, unknown } = await collect(home);
      const root = path.join(home, 'Desktop');
      expect(reported(facts, root)).toEqual(
        Object.keys(files)
          .filter((f) => f.startsWith('customer/'))
          .sort(),
      );
      expect(facts.complete).toBe(true);
      expect(unknown.complete).toBeUndefined();
      expect(facts.folders).toEqual([expect.objectContaining({ path: root, source: 'desktop', status: 'scanned' })]);
      const waybills = facts.files!.find((f) => f.path.endsWith('waybills.xlsx'))!;
      expect(waybills.kinds).toEqual([
        { kind: 'resident_id', count: 12, example: expect.stringMatching(/^\d{6}\*{8}\d{3}[\dX]$/) },
        { kind: 'mobile', count: 12, example: expect.stringMatching(/^1\d\d\*{4}\d{4}$/) },
      ]);
      expect(facts.totals!.resident_id).toBeGreaterThanOrEqual(12 * 10);
    });
  }

  it("looks in --data-path and in the chat programs' folders, and says when a --data-path is missing", async () => {
    const home = await tempDir();
    const extra = await tempDir();
    const csv = Buffer.from(
      customerRows(6)
        .map((r: string[]) => r.join(','))
        .join('\n'),
    );
    await mkdir(path.join(extra, 'x'), { recursive: true });
    await writeFile(path.join(extra, 'x', 'list.csv'), csv);
    const { facts } = await collect(home, { paths: [extra, path.join(extra, 'nope')] });
    expect(facts.files!.map((f) => f.path)).toEqual([path.join(extra, 'x', 'list.csv')]);
    expect(facts.folders).toContainEqual({
      path: path.join(extra, 'nope'),
      source: 'data-path',
      status: 'missing',
      reason: 'not found',
    });
  });

  it('never follows a symbolic link out of the tree, and never opens a FIFO', async () => {
    const home = await tempDir();
    const outside = await tempDir();
    await writeFile(
      path.join(outside, 'secret.csv'),
      Buffer.from(
        customerRows(8)
          .map((r: string[]) => r.join(','))
          .join('\n'),
      ),
    );
    await mkdir(path.join(home, 'Documents'), { recursive: true });
    await symlink(outside, path.join(home, 'Documents', 'linked-folder'));
    await symlink(path.join(outside, 'secret.csv'), path.join(home, 'Documents', 'linked.csv'));
    execFileSync('mkfifo', [path.join(home, 'Documents', 'pipe.csv')]);
    const { facts } = await collect(home);
    expect(facts.files).toEqual([]);
    expect(facts.coverage!.linksSkipped).toBe(2);
    expect(facts.complete).toBe(true);
  });

  it('counts what the time budget left unread, names it, and does not claim completeness', async () => {
    const home = await tempDir();
    writeCorpus(path.join(home, 'Documents'), testCorpus(0));
    // The listing is let run to the end (no deadline), so the budget is spent when reading starts.
    const { facts, unknown } = await collect(home, { budget: 0.000001, listWithoutDeadline: true });
    expect(facts.coverage!.notReached).toBeGreaterThan(0);
    expect(facts.coverage!.notReachedExamples.length).toBeGreaterThan(0);
    expect(facts.complete).toBeNull();
    expect(unknown.complete).toMatch(/not read within the time budget/);
  });

  it('stops listing a folder at the time budget and says the folder was not listed to the end', async () => {
    const home = await tempDir();
    writeCorpus(path.join(home, 'Documents'), testCorpus(0));
    const { facts, unknown } = await collect(home, { budget: 0.000001 });
    expect(facts.folders).toEqual([
      expect.objectContaining({
        status: 'scanned',
        reason: expect.stringMatching(/not all listed within the time budget/),
      }),
    ]);
    expect(facts.coverage!.filesRead).toBe(0);
    expect(facts.complete).toBeNull();
    expect(unknown.complete).toMatch(/1 folders not listed to the end within the time budget/);
  });

  it('counts legacy Word files, PDFs and 7z/rar archives as not read', async () => {
    const home = await tempDir();
    writeCorpus(path.join(home, 'Downloads'), {
      'a.xls': Buffer.from('x'),
      'b.doc': Buffer.from('x'),
      'c.pdf': Buffer.from('x'),
      'd.PDF': Buffer.from('x'),
      'e.7z': Buffer.from('x'),
    });
    const { facts } = await collect(home);
    expect(facts.coverage!.notReadFormats).toEqual({ doc: 1, pdf: 2, archive: 1 });
    // The .xls of one byte is no workbook: read as the text it is.
    expect(facts.coverage!.failed).toEqual([]);
    expect(facts.coverage!.filesRead).toBe(1);
  });
});

describe('malformed archives never hang, crash or use much memory', () => {
  const rows = customerRows(10);
  const zeros = (n: number) => new Uint8Array(n).fill(0x30);
  const cases: Record<string, () => Uint8Array> = {
    // 64 MB of one character in ~64 KB: stopped at the ratio limit after a few MB, whatever the header says.
    'bomb.xlsx': () => zipSync({ 'xl/sharedStrings.xml': zeros(64 * 1024 * 1024) }, { level: 1 }),
    'traversal.docx': () => zipSync({ '../../word/document.xml': strToU8(rows.flat().join(' ')) }),
    'absolute.xlsx': () => zipSync({ '/xl/sharedStrings.xml': strToU8(rows.flat().join(' ')) }),
    'truncated.xlsx': () => makeXlsx(rows).subarray(0, 900),
    // The deflate stream of the only part overwritten in its middle: inflating fails or yields noise.
    'damaged-data.xlsx': () => {
      const zip = Buffer.from(zipSync({ 'xl/sharedStrings.xml': strToU8(rows.flat().join(' ').repeat(20)) }));
      zip.fill(0xff, 80, 400);
      return zip;
    },
    'nested.xlsx': () =>
      zipSync({ 'xl/sharedStrings.xml': strToU8('<sst/>'), 'xl/embeddings/inner.xlsx': makeXlsx(rows) }),
    'many-entries.xlsx': () =>
      zipSync(
        Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`xl/worksheets/sheet${i}.xml`, strToU8('<x/>')])),
      ),
    'not-a-zip.docx': () => Buffer.from(rows.flat().join(',')).subarray(0, 10),
  };
  it('reports none of them, names each as not read, and stays within memory', async () => {
    const home = await tempDir();
    const made = Object.fromEntries(Object.entries(cases).map(([name, make]) => [name, make()]));
    writeCorpus(path.join(home, 'Downloads'), made);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const { facts } = await collect(home);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    expect(facts.files).toEqual([]);
    const reasons = Object.fromEntries(facts.coverage!.failed.map((f) => [path.basename(f.path), f.reason]));
    expect(reasons).toEqual({
      'bomb.xlsx': 'not read: zip bomb',
      'traversal.docx': 'not read: odd entry names',
      'absolute.xlsx': 'not read: odd entry names',
      'truncated.xlsx': 'not read: not a zip archive',
      'damaged-data.xlsx': 'not read: damaged',
      'many-entries.xlsx': 'not read: too many entries',
      'not-a-zip.docx': 'not read: not a zip archive',
    });
    // The spreadsheet inside nested.xlsx holds customers, but archives inside archives are not opened.
    expect(facts.coverage!.filesRead).toBe(1);
    expect(facts.complete).toBeNull();
  }, 30_000);
});
