import { main } from './main.js';

// Entry point of the single-file executables (esbuild bundles from here). Started without
// arguments — double-clicked, or run from the technician's USB stick — it scans and saves the
// reports beside itself; with arguments it is exactly the shop-audit command line. The USB mode
// is loaded only when used, so `--version` does not pay for the scanner's start-up.
const args = process.argv.slice(2);
const run = args.length === 0 ? import('./usb.js').then((usb) => usb.runUsbMode()) : main(args);
void run.then((code) => {
  process.exitCode = code;
});
