#!/usr/bin/env node
// Launcher: runs the built CLI (load-cli.js) and exits with its code. It exits explicitly once standard
// output is flushed: a read stuck in the kernel or a tool that outlived its deadline must not keep a
// finished scan's process alive.
import { loadCli } from './load-cli.js';

const code = await loadCli().main(process.argv.slice(2));
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
