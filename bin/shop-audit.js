#!/usr/bin/env node
// Launcher: runs the built CLI (one bundled file, scripts/bundle-cli.mjs) and exits with its code. It
// exits explicitly once standard output is flushed: a read stuck in the kernel or a tool that outlived
// its deadline must not keep a finished scan's process alive.
import { main } from '../dist/bundle/main.mjs';

const code = await main(process.argv.slice(2));
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
