#!/usr/bin/env node
// Launcher: runs the built CLI and exits with its code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
