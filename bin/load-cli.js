// Loads the built CLI: one CommonJS bundle (scripts/bundle-cli.mjs), compiled with V8's code cache that the
// build saved beside it (scripts/code-cache.mjs). The cache spares V8 parsing the whole bundle at every start,
// about a third of a scan's time on a slow PC. V8 refuses a cache made by another Node version or with other
// flags (it then compiles afresh: only slower), but it checks neither the cache's bytes (a damaged cache
// crashed Node) nor the bundle's content (only its length: an edited bundle of the same length ran the old
// code). So the file starts with the SHA-256 of the bundle it was made for and of the cache itself, and a
// cache that does not match both is not used.
// CommonJS (bin/package.json): Node then starts without its ES module loader, a few ms sooner.
const { isAscii } = require('node:buffer');
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const { compileBundle, runBundle } = require('./run-bundle.cjs');

const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'shop-audit.cjs');
const CODE_CACHE = `${BUNDLE}.cache`;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/** The file the build saves: the SHA-256 of the bundle's bytes and of V8's code cache, then the cache. */
const codeCacheFile = (bundle, cache) => Buffer.concat([sha256(bundle), sha256(cache), cache]);

/** V8's code cache from the build for this bundle, or undefined when there is none or it does not match. */
function savedCodeCache(bundle) {
  let saved;
  try {
    saved = readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
  const cache = saved.subarray(64);
  const fits = sha256(bundle).equals(saved.subarray(0, 32)) && sha256(cache).equals(saved.subarray(32, 64));
  return fits ? cache : undefined;
}

/** The CLI's entry (main), the compiled script (whose code cache the build saves) and the bundle's bytes. */
function loadCli({ useCache = true } = {}) {
  const bundle = readFileSync(BUNDLE);
  const cachedData = useCache ? savedCodeCache(bundle) : undefined;
  // The build writes the bundle in ASCII (scripts/bundle-cli.mjs), which decodes faster as Latin-1.
  const text = isAscii(bundle) ? bundle.toString('latin1') : bundle.toString('utf8');
  const script = compileBundle(text, cachedData, BUNDLE);
  const { main } = runBundle(script, BUNDLE, createRequire(BUNDLE));
  return { main, script, bundle };
}

module.exports = { BUNDLE, CODE_CACHE, codeCacheFile, loadCli };
