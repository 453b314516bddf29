import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/host.js';

// The rules reference and the probe pages are generated from the built probes and rules
// (scripts/gen-docs.mjs); a rule or fact changed without `npm run docs` fails here.
const { generatedDocs } = (await import(path.join(REPO, 'scripts', 'gen-docs.mjs'))) as {
  generatedDocs: () => Map<string, string>;
};

describe('generated documentation', () => {
  const pages = generatedDocs();

  it('has a rules index and one page per probe', () => {
    expect(pages.has('docs/rules.md')).toBe(true);
    expect([...pages.keys()].filter((p) => p.startsWith('docs/probes/')).length).toBeGreaterThanOrEqual(11);
  });

  it.each([...pages.keys()])('%s is up to date (npm run docs)', (file) => {
    const full = path.join(REPO, file);
    expect(existsSync(full), `${file} is missing: run npm run docs`).toBe(true);
    expect(readFileSync(full, 'utf8')).toBe(pages.get(file));
    // A localised value ({en, zh-CN}) printed as it is shows as [object Object].
    expect(pages.get(file)).not.toContain('[object Object]');
  });

  it('every relative link in README.md and docs/ leads to a file that exists', () => {
    const docs = (readdirSync(path.join(REPO, 'docs'), { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.md'),
    );
    const sources = ['README.md', 'CONTRIBUTING.md', ...docs.map((f) => `docs/${f.split(path.sep).join('/')}`)];
    for (const source of sources) {
      const text = readFileSync(path.join(REPO, source), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        expect(existsSync(path.join(REPO, path.dirname(source), target!)), `${source} links to ${target}`).toBe(true);
      }
    }
  });
});
