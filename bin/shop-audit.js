#!/usr/bin/env node
// Launcher: runs the built CLI (one bundled file, scripts/bundle-cli.mjs) and exits with its code.
import { main } from '../dist/bundle/main.mjs';

process.exitCode = await main(process.argv.slice(2));
