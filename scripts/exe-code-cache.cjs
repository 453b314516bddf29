// Part of npm run build:exe, run by the Node the Linux executable embeds: runs the executable's bundle
// once as the executable would (bin/run-bundle.cjs), a scan of this machine in JSON with its report thrown away,
// and writes V8's code cache of everything compiled by then. Usage: node exe-code-cache.cjs BUNDLE OUT
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { compileBundle, runBundle } = require('../bin/run-bundle.cjs');

// Outside the executable the program finds the package's files (the bundled rules, package.json) two folders
// up from its own file, as the CLI's bundle in dist/bundle/ does.
const AS_IF_AT = path.join(__dirname, '..', 'dist', 'bundle', 'shop-audit-exe.cjs');

const [bundle, out] = process.argv.slice(2);
const script = compileBundle(readFileSync(bundle, 'latin1'), undefined, 'shop-audit.cjs');
// What the bundle reads as its command line (src/cli/exe.ts): a scan as scripts run it, personal data
// looked for a second at most. Its report goes nowhere.
process.argv = [process.argv[0], bundle, 'scan', '--format', 'json', '--data-time-budget', '1'];
process.stdout.write = () => true;
process.once('beforeExit', () => {
  // 0 or 1 (a check failed): the scan ran to its end. Anything else: a cache of half a run is no use.
  if (process.exitCode !== 0 && process.exitCode !== 1) {
    process.stderr.write(`exe-code-cache: the scan ended with exit code ${process.exitCode}\n`);
    process.exit(1);
  }
  writeFileSync(out, script.createCachedData());
  process.exit(0);
});
runBundle(script, AS_IF_AT, require);
