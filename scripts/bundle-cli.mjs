// Part of the build: bundles the compiled CLI (dist/cli/main.js and everything it imports, npm
// dependencies included) into dist/bundle/, which bin/shop-audit.js runs. Node then loads a few
// files instead of ~100 small modules, which was most of the start-up time. Commands loaded with
// import() become chunks of their own, so `--version` and `--help` load only the command line.
// dist/bundle/ sits at the same depth as every compiled folder (dist/host/, dist/cli/), so paths
// the code makes from import.meta.url (the package root, two folders up) stay right.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { zodEnglishOnly } from './esbuild-zod-english.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

rmSync(`${dist}bundle`, { recursive: true, force: true });
await build({
  entryPoints: { main: `${dist}cli/main.js` },
  outdir: `${dist}bundle`,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
  // commander is CommonJS and requires Node's modules: give the bundle the real require.
  banner: {
    js: "import { createRequire as __shopAuditRequire } from 'node:module'; const require = __shopAuditRequire(import.meta.url);",
  },
});
