// Runs the CLI's one-file bundle as CommonJS runs a module, with V8's code cache: for `node bin/shop-audit.js`
// (load-cli.js) and as the entry point of the Linux single-file executable (scripts/build-exe.mjs), where
// the program travels as an SEA asset with a cache made at build by a run on the same Node
// (scripts/exe-code-cache.cjs). Node's own SEA code cache holds only the bundle's top level, so every function
// a scan calls was compiled again at each start (~80 ms). Inside the executable both are in one file that
// nobody edits without breaking its checksum, so unlike load-cli.js no hash ties them together; V8 refuses a
// cache of another Node or other flags, and then compiles as usual.
const vm = require('node:vm');
const path = require('node:path');

/** The bundle compiled with CommonJS's wrapper: the same text where a cache is made and used (V8 checks its length). */
function compileBundle(source, cachedData, filename) {
  // On the bundle's first line, so that line numbers in stack traces stay right.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  return new vm.Script(wrapped, { filename, cachedData });
}

/** Runs the compiled bundle as the module `filename`, and gives what it exports (the CLI's main). */
function runBundle(script, filename, requireFn) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireFn, module, filename, path.dirname(filename));
  return module.exports;
}

const sea = require('node:sea');
if (sea.isSea()) {
  // The build writes the bundle in ASCII (scripts/ascii-bundle.mjs): Latin-1 is its text.
  const source = Buffer.from(sea.getRawAsset('shop-audit.cjs')).toString('latin1');
  const script = compileBundle(source, Buffer.from(sea.getRawAsset('shop-audit.cjs.cache')), 'shop-audit.cjs');
  if (process.argv.includes('--debug')) {
    const said = script.cachedDataRejected ? 'refused by this Node: compiled afresh' : 'used';
    process.stderr.write(`debug: V8 code cache of the program ${said}\n`);
  }
  // The executable's bundle starts the CLI itself (src/cli/exe.ts), reading process.argv.
  runBundle(script, process.execPath, require);
} else {
  module.exports = { compileBundle, runBundle };
}
