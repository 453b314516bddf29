// npm run bench: wall time and peak memory of the built CLI, median of 10 runs each.
// Peak RSS is read inside the measured process itself (process.resourceUsage at exit),
// reported on file descriptor 3 so the CLI's own output is untouched.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const cli = fileURLToPath(new URL('../bin/shop-audit.js', import.meta.url));
const hook = `data:text/javascript,${encodeURIComponent("import{writeSync}from'node:fs';process.on('exit',()=>{try{writeSync(3,String(process.resourceUsage().maxRSS))}catch{}})")}`;

function measure(args) {
  const times = [];
  const rss = [];
  const codes = new Set();
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', hook, cli, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    rss.push(Number(r.output[3]) / 1024);
    codes.add(r.status);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), peakRssMb: Math.max(...rss), exitCodes: [...codes] };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const fmt = (m) => `median ${m.median.toFixed(0)} ms (min ${m.min.toFixed(0)}, max ${m.max.toFixed(0)}), peak RSS ${m.peakRssMb.toFixed(1)} MB, exit codes ${m.exitCodes.join(',')}`;
const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';

console.log(`shop-audit bench: node ${process.version}, ${cpu}, ${RUNS} runs each`);
const version = measure(['--version']);
console.log(`--version:              ${fmt(version)}`);
const scan = measure(['scan', '--format', 'json']);
console.log(`scan --format json:     ${fmt(scan)}`);
const targets = [
  ['scan median <= 500 ms', scan.median <= 500],
  ['scan peak RSS <= 80 MB', scan.peakRssMb <= 80],
  ['--version median <= 150 ms', version.median <= 150],
];
for (const [name, ok] of targets) console.log(`${ok ? 'met    ' : 'MISSED '} ${name}`);
