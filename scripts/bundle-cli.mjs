// Part of the build: bundles the compiled CLI (dist/cli/main.js and everything it imports, npm
// dependencies included) into one CommonJS file, dist/bundle/shop-audit.cjs, which bin/shop-audit.js
// runs (bin/load-cli.js), then saves V8's code cache for it (scripts/code-cache.mjs). One file with a
// code cache starts faster than ES module chunks: V8 neither links modules nor parses the code again.
// dist/bundle/ sits at the same depth as every compiled folder (dist/host/, dist/cli/), so paths
// the code makes from import.meta.url (the package root, two folders up) stay right.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-bundle.mjs';
import { zodEnglishOnly } from './esbuild-zod-english.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

rmSync(`${dist}bundle`, { recursive: true, force: true });
const { outputFiles } = await build({
  entryPoints: [`${dist}cli/main.js`],
  outfile: `${dist}bundle/shop-audit.cjs`,
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
  // The ESM sources locate the package with import.meta.url; in the bundle that is the bundle's own file.
  define: { 'import.meta.url': '__shopAuditUrl' },
  banner: { js: 'const __shopAuditUrl = require("node:url").pathToFileURL(__filename).href;' },
});
mkdirSync(`${dist}bundle`);
writeFileSync(outputFiles[0].path, asciiOnly(outputFiles[0].text));
execFileSync(process.execPath, [fileURLToPath(new URL('code-cache.mjs', import.meta.url))], { stdio: 'inherit' });
