// Loads the built CLI: one CommonJS bundle (scripts/bundle-cli.mjs), compiled with V8's code cache that the
// build saved beside it (scripts/code-cache.mjs). V8 checks the cache against its own version, flags and the
// bundle's source, and compiles afresh when it does not fit (another Node than the build's): only slower.
// The cache spares V8 parsing the whole bundle at every start, about a third of a scan's time on a slow PC.
// V8 does not check the cache's bytes themselves (a damaged one crashed Node): the file starts with their
// SHA-256, and a cache whose bytes do not match it is not used.
// CommonJS (bin/package.json): Node then starts without its ES module loader, a few ms sooner.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'shop-audit.cjs');
const CODE_CACHE = `${BUNDLE}.cache`;

/** The file the build saves: the SHA-256 of V8's code cache, then the cache. */
const codeCacheFile = (cache) => Buffer.concat([createHash('sha256').update(cache).digest(), cache]);

/** V8's code cache from the build, or undefined when there is none or its bytes are not what was saved. */
function savedCodeCache() {
  let saved;
  try {
    saved = readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
  const cache = saved.subarray(32);
  return createHash('sha256').update(cache).digest().equals(saved.subarray(0, 32)) ? cache : undefined;
}

/** The CLI's entry (main) and the compiled script, whose code cache the build saves. */
function loadCli({ useCache = true } = {}) {
  const cachedData = useCache ? savedCodeCache() : undefined;
  // CommonJS's own wrapper, on the bundle's first line so that line numbers in stack traces stay right.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(BUNDLE, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE));
  return { main: module.exports.main, script };
}

module.exports = { BUNDLE, CODE_CACHE, codeCacheFile, loadCli };
