// Part of the build (bundle-cli.mjs): runs the CLI's bundle once — a quick scan of this machine, which only
// reads it, its report thrown away — and saves V8's code cache of everything compiled by then beside the
// bundle (dist/bundle/shop-audit.cjs.cache). A cache saved after a run holds the functions a scan calls,
// not only the bundle's top level; V8 compiles the rest (other commands, the HTML report) when first used.
import { writeFileSync } from 'node:fs';
import { CODE_CACHE, codeCacheFile, loadCli } from '../bin/load-cli.js';

const { main, script } = loadCli({ useCache: false });
process.stdout.write = () => true;
try {
  await main(['scan', '--quick', '--format', 'json']);
} finally {
  writeFileSync(CODE_CACHE, codeCacheFile(script.createCachedData()));
}
process.exit(0);
