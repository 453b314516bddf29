// Part of the build (bundle-cli.mjs): runs the CLI's bundle — two scans of this machine, which only read it,
// their reports thrown away — and saves V8's code cache of everything compiled by then beside the
// bundle (dist/bundle/shop-audit.cjs.cache). A cache saved after a run holds the functions a scan calls,
// not only the bundle's top level; V8 compiles the rest (other commands, the HTML report) when first used.
import { writeFileSync } from 'node:fs';
import { CODE_CACHE, codeCacheFile, loadCli } from '../bin/load-cli.js';

const { main, script, bundle } = loadCli({ useCache: false });
process.stdout.write = () => true;
try {
  // A scan as scripts run it (JSON, personal data looked for a second at most) and one as people run it (text).
  await main(['scan', '--format', 'json', '--data-time-budget', '1']);
  await main(['scan', '--quick']);
} finally {
  writeFileSync(CODE_CACHE, codeCacheFile(bundle, script.createCachedData()));
}
process.exit(0);
