import { main } from './main.js';
import { runUsbMode } from './usb.js';

// Entry point of the single-file executables (esbuild bundles from here). Started without
// arguments — double-clicked, or run from the technician's USB stick — it scans and saves the
// reports beside itself; with arguments it is exactly the shop-audit command line.
const args = process.argv.slice(2);
void (args.length === 0 ? runUsbMode() : main(args)).then((code) => {
  process.exitCode = code;
});
