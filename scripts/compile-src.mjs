// Part of npm run build: src/**/*.ts to dist/**/*.js, file by file (no bundling), and the JSON data files the
// sources import copied beside them. esbuild only removes the types, in a fraction of the time tsc takes to
// emit; the type check is `tsc -p tsconfig.test.json` in npm test (src and tests together), so it is not done
// twice. dist/ is what bin/ (through dist/bundle), the executables' build and scripts/*.mjs load.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// Names, not Dirents: Node 20's recursive listing with file types leaves some files out.
const files = readdirSync(src, { recursive: true });
const named = (ext) => files.filter((f) => f.endsWith(ext)).map((f) => path.join(src, f));

await build({
  entryPoints: named('.ts'),
  outdir: dist,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  logLevel: 'warning',
});
for (const file of named('.json')) {
  const to = path.join(dist, path.relative(src, file));
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(file, to);
}
