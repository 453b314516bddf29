import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/host.js';

// The boundaries DESIGN.md draws, checked on the import statements of src/.
const SRC = path.join(REPO, 'src');
const files = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.split(path.sep).join('/'));
const imports = (file: string) =>
  [
    ...readFileSync(path.join(SRC, file), 'utf8').matchAll(
      // `import x from '…'`, `export … from '…'`, `import '…'` (for its side effects) and `import(\n '…')`.
      /^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    return spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec;
  });

/**
 * Every import cycle's files, one cycle per tangle (strongly connected component of two or more
 * files, or a file importing itself). Type-only imports count: they tangle the structure as much.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    order.set(file, order.size);
    low.set(file, order.get(file)!);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, order.get(next)!));
    }
    if (low.get(file) !== order.get(file)) return;
    const tangle = stack.splice(stack.indexOf(file));
    if (tangle.length > 1 || graph.get(file)?.includes(file)) cycles.push(tangle.sort());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return cycles;
}

const srcGraph = new Map(
  files.map((f) => [
    f,
    imports(f)
      .map((s) => s.replace(/\.js$/, '.ts'))
      .filter((s) => files.includes(s)),
  ]),
);

/** Folders of probes/ every probe may use: the OS helpers shared by several probes. */
const SHARED_PROBE_FOLDERS = ['linux', 'macos', 'windows'];
const probeFolderOf = (file: string) => /^probes\/([^/]+)\//.exec(file)?.[1] ?? null;

describe('architecture', () => {
  it('reads the imports it checks', () => {
    expect(imports('host/live.ts')).toContain('node:child_process');
    expect(imports('cli/main.ts')).toContain('cli/commands/scan.js');
    expect(srcGraph.get('probes/index.ts')).toContain('probes/system/index.ts');
  });
  it('finds import cycles (a made-up graph)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
    expect(
      importCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });
  it('src/ has no import cycles', () => {
    const cycles = importCycles(srcGraph).map((tangle) => tangle.join(' <-> '));
    expect(cycles, `import cycles: ${cycles.join('; ')}`).toEqual([]);
  });
  it("only src/host (the audited PC) and src/files (shop-audit's own files) touch child_process and fs", () => {
    for (const f of files.filter((f) => !f.startsWith('host/') && !f.startsWith('files/'))) {
      for (const spec of imports(f)) expect(spec, f).not.toMatch(/^(node:)?(child_process|fs|fs\/promises)$/);
    }
  });
  it("the host is the audited PC only: nothing of the engine, reports, CLI, probes or shop-audit's own files", () => {
    for (const f of files.filter((f) => f.startsWith('host/'))) {
      const outside = /^(engine|report|cli|files|probes)\/|^(scan|rule-set)\.js$/;
      for (const spec of imports(f)) expect(spec, f).not.toMatch(outside);
    }
  });
  it('probes import only the host interface, shared probe types and their own folder', () => {
    for (const f of files.filter((f) => f.startsWith('probes/'))) {
      // yauzl reads Office files (zip) for personal_data, through a reader over the host's readRange.
      const library = (s: string) => s === 'zod' || (s === 'yauzl' && f.startsWith('probes/personal_data/'));
      for (const spec of imports(f).filter((s) => !s.startsWith('node:') && !library(s))) {
        expect(spec.startsWith('probes/') || spec === 'host/types.js', `${f} imports ${spec}`).toBe(true);
      }
    }
  });
  it("no probe imports another probe's folder; the shared OS folders import no probe", () => {
    for (const f of files.filter((f) => f.startsWith('probes/') && f !== 'probes/index.ts')) {
      const own = probeFolderOf(f);
      for (const spec of imports(f).filter((s) => s.startsWith('probes/'))) {
        const target = probeFolderOf(spec);
        const allowed = target === null || target === own || SHARED_PROBE_FOLDERS.includes(target);
        expect(allowed, `${f} imports ${spec}`).toBe(true);
      }
    }
  });
  it('the engine knows nothing of probes, hosts, files, reports or the CLI', () => {
    for (const f of files.filter((f) => f.startsWith('engine/'))) {
      for (const spec of imports(f)) expect(spec, f).not.toMatch(/^(probes|host|files|report|cli)\//);
    }
  });
  it('nothing outside the CLI imports the CLI; reports know only the report model and words', () => {
    for (const f of files.filter((f) => !f.startsWith('cli/'))) {
      for (const spec of imports(f)) expect(spec, f).not.toMatch(/^cli\//);
    }
    for (const f of files.filter((f) => f.startsWith('report/'))) {
      for (const spec of imports(f)) expect(spec, f).not.toMatch(/^(probes|host|files|cli)\/|^scan\.js$/);
    }
  });
});
