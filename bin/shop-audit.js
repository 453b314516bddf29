#!/usr/bin/env node
// Launcher: runs the built CLI (load-cli.js) and exits with its code. It exits explicitly once standard
// output is flushed: a read stuck in the kernel or a tool that outlived its deadline must not keep a
// finished scan's process alive.
const { realpathSync } = require('node:fs');
const path = require('node:path');

// The package's own folder, also when Node keeps the path of a symlink to this file (--preserve-symlinks-main
// and npm's global install).
const here = path.dirname(realpathSync(__filename));
const args = process.argv.slice(2);

// A reader that stopped reading (`| head -1`) is not an error of shop-audit's.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
});

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered here, from package.json as the CLI answers it: loading the whole CLI would take longer. Node
  // exits by itself once the line is written (a pipe on Windows is asynchronous).
  process.stdout.write(`${require(path.join(here, '..', 'package.json')).version}\n`);
} else {
  /** The launcher itself failed (the program is not built, or damaged): exit 3, the scan could not run. */
  const broken = (error) => {
    process.stderr.write(`shop-audit cannot start: ${error.message.split('\n')[0]} (run npm run build)\n`);
    process.exit(3);
  };
  // Only main is kept: the bundle's bytes (1.8 MB) are freed, and every process a scan starts is forked from
  // a smaller one.
  let main;
  try {
    main = require(path.join(here, 'load-cli.js')).loadCli().main;
  } catch (error) {
    broken(error);
  }
  main(args).then((code) => {
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
  }, broken);
}
