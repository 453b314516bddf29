// Loaded into each measured process by scripts/bench.mjs (NODE_OPTIONS=--require): at exit it writes the
// process's own peak RSS (KB) and CPU time (µs) to file descriptor 3. CommonJS, so that measuring does not
// start Node's ES module loader, which the launcher does not use.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  try {
    writeSync(3, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  } catch {
    // Not started by the bench: no descriptor 3.
  }
});
