import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/host.js';

// The boundaries DESIGN.md draws, checked on the import statements of src/.
const SRC = path.join(REPO, 'src');
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => f.split(path.sep).join('/'));
const imports = (file: string) =>
  [...readFileSync(path.join(SRC, file), 'utf8').matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/gm)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    return spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec;
  });

describe('architecture', () => {
  it('reads the imports it checks', () => {
    expect(imports('host/live.ts')).toContain('node:child_process');
    expect(imports('cli/main.ts')).toContain('cli/commands/scan.js');
  });
  it('only src/host touches the OS (child_process, fs)', () => {
    for (const f of files.filter((f) => !f.startsWith('host/'))) {
      for (const spec of imports(f)) expect(spec, f).not.toMatch(/^(node:)?(child_process|fs|fs\/promises)$/);
    }
  });
  it('probes import only the host interface, shared probe types and their own folder', () => {
    for (const f of files.filter((f) => f.startsWith('probes/'))) {
      for (const spec of imports(f).filter((s) => !s.startsWith('node:') && s !== 'zod')) {
        expect(spec.startsWith('probes/') || spec === 'host/types.js', `${f} imports ${spec}`).toBe(true);
      }
    }
  });
  it('the engine knows nothing of probes, hosts, reports or the CLI', () => {
    for (const f of files.filter((f) => f.startsWith('engine/'))) {
      for (const spec of imports(f)) expect(spec, f).not.toMatch(/^(probes|host|report|cli)\//);
    }
  });
  it('nothing outside the CLI imports the CLI; reports know only the report model and words', () => {
    for (const f of files.filter((f) => !f.startsWith('cli/'))) for (const spec of imports(f)) expect(spec, f).not.toMatch(/^cli\//);
    for (const f of files.filter((f) => f.startsWith('report/'))) for (const spec of imports(f)) expect(spec, f).not.toMatch(/^(probes|host|cli)\/|^scan\.js$/);
  });
});
