import { main } from './main.js';

// Entry point of the single-file executables (esbuild bundles from here).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
