import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE, CODE_CACHE } from '../../bin/load-cli.js';
import { makeRoot, REPO } from '../helpers/host.js';

// bin/load-cli.js runs the bundle with V8's code cache the build saved (scripts/code-cache.mjs). V8
// itself checks neither the cache's bytes (a damaged cache crashed Node, exit 139) nor the bundle's
// content (an edited bundle of the same length ran the old code): the launcher checks both against the
// SHA-256s saved with the cache.

/** A copy of the built package (what `node bin/shop-audit.js` reads), whose cache file gets `cache`. */
async function packageWithCache(cache: Buffer): Promise<string> {
  const copy = await makeRoot({});
  for (const part of ['package.json', 'bin', 'dist/bundle', 'dist/bundled-rules.json']) {
    cpSync(path.join(REPO, part), path.join(copy, part), { recursive: true });
  }
  writeFileSync(path.join(copy, path.relative(REPO, CODE_CACHE)), cache);
  return copy;
}

const run = (copy: string, args: string[]) =>
  spawnSync(process.execPath, [path.join(copy, 'bin', 'shop-audit.js'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' },
  });

describe("V8's code cache of the bundle", () => {
  it('the cache the build saved fits this Node, and is used', () => {
    // In a Node of its own, as the CLI runs: V8 also refuses a cache made under other flags, and the test
    // workers run with --liftoff-only (vitest.config.ts).
    const probe = `const { script, main } = require(${JSON.stringify(path.join(REPO, 'bin', 'load-cli.js'))}).loadCli();
      process.stdout.write(JSON.stringify({ main: typeof main, rejected: script.cachedDataRejected }));`;
    const loaded = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(loaded.stderr).toBe('');
    expect(JSON.parse(loaded.stdout)).toEqual({ main: 'function', rejected: false });
    expect(readFileSync(CODE_CACHE).length).toBeGreaterThan(readFileSync(BUNDLE).length / 4);
  });

  it('the bundle is ASCII (read as Latin-1); one with other characters is read as UTF-8 and still speaks Chinese', async () => {
    const bundle = readFileSync(BUNDLE);
    expect(isAscii(bundle)).toBe(true);
    // The texts are there, escaped: the zh-CN report title.
    expect(bundle.toString('latin1')).toContain('\\u7535\\u8111\\u5B89\\u5168\\u68C0\\u67E5');
    const copy = await packageWithCache(readFileSync(CODE_CACHE));
    const edited = path.join(copy, path.relative(REPO, BUNDLE));
    writeFileSync(edited, Buffer.concat([Buffer.from('/* 编辑过的 */ '), bundle]));
    const r = run(copy, ['scan', '--quick', '--lang', 'zh-CN', '--no-color']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('电脑安全检查报告');
  });

  it('a damaged, cut, empty or foreign cache is not used: the CLI still scans', async () => {
    const saved = readFileSync(CODE_CACHE);
    const flipped = Buffer.from(saved);
    for (let i = 1000; i < flipped.length; i += 9973) flipped[i]! ^= 0xff;
    const cases: [string, Buffer][] = [
      ['bytes changed after its checksum', flipped],
      ['cut short', saved.subarray(0, 5000)],
      ['empty', Buffer.alloc(0)],
      ['not a cache at all', Buffer.from('{"not":"a cache"}')],
    ];
    for (const [what, cache] of cases) {
      const copy = await packageWithCache(cache);
      const version = run(copy, ['--version']);
      expect(version.status, what).toBe(0);
      expect(version.stdout.trim(), what).toMatch(/^\d+\.\d+\.\d+/);
    }
    // An edited bundle of the same length runs as edited, not as the cache remembers it.
    const edited = await packageWithCache(saved);
    const bundleFile = path.join(edited, path.relative(REPO, BUNDLE));
    const text = readFileSync(bundleFile, 'utf8');
    expect(text).toContain('"print the version"');
    writeFileSync(bundleFile, text.replace('"print the version"', '"PRINT THE VERSION"'));
    expect(run(edited, ['--help']).stdout).toContain('PRINT THE VERSION');
    // The worst case runs a whole scan: without the check it ended in a segmentation fault.
    const scan = run(await packageWithCache(flipped), ['scan', '--quick', '--format', 'json']);
    expect(scan.signal).toBeNull();
    expect(JSON.parse(scan.stdout).probes.length).toBeGreaterThan(10);
  });
});
