import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
// @ts-expect-error a plain JavaScript script shared with the benchmark
import { plantedIdentifiers, testCorpus, writeCorpus } from '../../scripts/make-pii-corpus.mjs';

// Canaries: identifiers planted in every format and encoding must never appear in full in anything
// shop-audit writes: reports in every format, the probes command, a --record bundle, error output.

let dir = '';
let data = '';
const planted: string[] = plantedIdentifiers(0);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shop-audit-canary-'));
  data = path.join(dir, 'data');
  writeCorpus(data, testCorpus(0));
  // File names can carry identifiers too (chat programs keep the sender's name for a file).
  writeCorpus(data, {
    [`received/张三${planted[0]}.csv`]: Buffer.from('x'),
    [`${planted[1]}/list.txt`]: Buffer.from(testCorpus(0)['customer/orders.tsv']),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const leaks = (text: string) =>
  planted.filter((id) => text.includes(id) || text.includes(id.replace(/(\d{4})(?=\d)/g, '$1 ')));

describe('no full identifier leaves the process', () => {
  it('reports (text, json, html), the --record bundle and stderr hold counts and masked examples only', async () => {
    const bundle = path.join(dir, 'pc.bundle.json');
    const outputs: Record<string, string> = {};
    for (const format of ['json', 'text', 'html']) {
      const args = ['scan', '--only', 'personal-data.*', '--data-path', data, '--format', format, '--lang', 'en'];
      const r = runCli(format === 'json' ? [...args, '--record', bundle] : args);
      expect(r.code, r.stderr).toBe(1);
      outputs[format] = r.stdout;
      outputs[`${format} stderr`] = r.stderr;
    }
    outputs.bundle = await readFile(bundle, 'utf8');
    const report = JSON.parse(outputs.json!);
    const evidence = report.results.find((x: { id: string }) => x.id === 'personal-data.no-customer-files').evidence;
    // The scan did find the planted customers (so the absence of leaks means something).
    expect(evidence.files.filter((f: { identifiers: number }) => f.identifiers >= 5).length).toBeGreaterThanOrEqual(18);
    expect(outputs.html).toContain('138****');
    expect(JSON.stringify(evidence)).toMatch(/张三110101\*{8}\d{3}[\dX]\.csv|\/138\*{4}\d{4}\/list\.txt/);
    for (const [name, text] of Object.entries(outputs)) expect(leaks(text), name).toEqual([]);

    // Replay: the bundle holds the probe's derived facts, and a replayed scan reports the same files.
    const replayed = runCli([
      'scan',
      '--only',
      'personal-data.*',
      '--replay',
      bundle,
      '--format',
      'json',
      '--lang',
      'en',
    ]);
    expect(replayed.code, replayed.stderr).toBe(1);
    const again = JSON.parse(replayed.stdout).results.find(
      (x: { id: string }) => x.id === 'personal-data.no-customer-files',
    ).evidence;
    expect(again).toEqual(evidence);
    expect(leaks(replayed.stdout)).toEqual([]);
  }, 120_000);

  it('the probes command runs personal_data and shows no planted identifier', () => {
    // It reads this user's own folders (it has no --data-path): the canary here is that nothing leaks on a real run.
    const r = runCli(['probes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).probes.map((p: { id: string }) => p.id)).toContain('personal_data');
    expect(leaks(r.stdout + r.stderr)).toEqual([]);
  }, 120_000);
});
