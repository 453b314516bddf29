import { main } from './main.js';

// Entry point of the single-file executables (esbuild bundles from here). Started without
// arguments — double-clicked, or run from the technician's USB stick — it scans and saves the
// reports beside itself; with arguments it is exactly the shop-audit command line. The USB mode
// is loaded only when used, so `--version` does not pay for the scanner's start-up. A bundle dropped on
// the executable (Explorer passes its path as the one argument) is turned into reports the same way.
const args = process.argv.slice(2);
const dropped = args.length === 1 && /\.bundle\.json$/i.test(args[0]!) ? args[0]! : null;
const run = args.length === 0 || dropped ? import('./usb.js').then((usb) => usb.runUsbMode(dropped)) : main(args);
void run.then((code) => {
  process.exitCode = code;
});
