// Entry point of the Linux single-file executable (scripts/build-exe.mjs). The program itself travels as an
// SEA asset, with V8's code cache made at build by a run of the program on the same Node (exe-code-cache.cjs).
// Node's own SEA code cache holds only the bundle's top level, so every function a scan calls was compiled
// again at each start (~80 ms more than this on the build machine). Both are in the executable, which
// nobody edits without breaking its checksum, so unlike bin/load-cli.js no hash ties them together; V8
// refuses a cache of another Node or other flags, and then compiles as usual.
const vm = require('node:vm');
const path = require('node:path');

/** The bundle compiled as CommonJS does it (the same text at build and at run: V8 checks the length). */
function compileBundle(source, cachedData) {
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  return new vm.Script(wrapped, { filename: 'shop-audit.cjs', cachedData });
}

/** Runs the compiled bundle: it reads process.argv and starts the CLI (src/cli/exe.ts). */
function runBundle(script, filename) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, filename, path.dirname(filename));
}

const sea = require('node:sea');
if (sea.isSea()) {
  // The build writes the bundle in ASCII (scripts/ascii-bundle.mjs): Latin-1 is its text.
  const source = Buffer.from(sea.getRawAsset('shop-audit.cjs')).toString('latin1');
  const script = compileBundle(source, Buffer.from(sea.getRawAsset('shop-audit.cjs.cache')));
  if (process.argv.includes('--debug')) {
    const said = script.cachedDataRejected ? 'refused by this Node: compiled afresh' : 'used';
    process.stderr.write(`debug: V8 code cache of the program ${said}\n`);
  }
  runBundle(script, process.execPath);
} else {
  module.exports = { compileBundle, runBundle };
}
