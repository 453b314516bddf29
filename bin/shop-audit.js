#!/usr/bin/env node
// Launcher: runs the built CLI (load-cli.js) and exits with its code. It exits explicitly once standard
// output is flushed: a read stuck in the kernel or a tool that outlived its deadline must not keep a
// finished scan's process alive.
const { loadCli } = require('./load-cli.js');

const args = process.argv.slice(2);
// `--version` alone is answered here, from package.json as the CLI answers it: loading the whole CLI
// for it would take longer than the answer.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Nothing else is running: Node exits by itself once the line is written (a pipe on Windows is asynchronous).
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  loadCli()
    .main(args)
    .then((code) => {
      process.exitCode = code;
      process.stdout.write('', () => process.exit(code));
    });
}
