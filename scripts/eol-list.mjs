// npm run eol:list — the end-of-life table as a list to renew it by: every entry with its end date
// and the vendor page it comes from, side by side with endoflife.date's date for the same release
// (data/endoflife, MIT), marking each difference and each release endoflife.date has that the table
// lacks. endoflife.date only points at what to look at: every date is confirmed on the vendor page
// the entry names before it goes into src/probes/os_support/eol-table.ts.
// `--diff` prints only the differences and the missing releases.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { EOL_TABLE_AS_OF, LINUX_EOL, MACOS_EOL, WINDOWS_EOL } from '../dist/probes/os_support/eol-table.js';

const PRODUCTS = fileURLToPath(new URL('../data/endoflife/products/', import.meta.url));
const day = (v) =>
  v instanceof Date ? v.toISOString().slice(0, 10) : v === false ? null : v === true ? 'ended' : (v ?? null);

/** releaseCycle -> { ends, label } of one endoflife.date product page. */
function product(name, column = 'eol') {
  const front = readFileSync(`${PRODUCTS}${name}.md`, 'utf8').split(/^---$/m)[1];
  const releases = parse(front).releases ?? [];
  return new Map(
    releases.map((r) => [
      String(r.releaseCycle),
      { ends: day(r[column] ?? r.eol), label: r.releaseLabel ?? r.releaseCycle },
    ]),
  );
}

// How each table entry is called on endoflife.date: [product page, releaseCycle].
const WINDOWS_CYCLES = {
  'Windows XP': '5-sp3',
  'Windows Vista': '6-sp2',
  'Windows 7': '7-sp1',
  'Windows 7 SP1': '7-sp1',
  'Windows 8': '8',
  'Windows 8.1': '8.1',
  'Windows 10 Enterprise 2015 LTSB': '10-1507-e-lts',
  'Windows 10 Enterprise 2016 LTSB': '10-1607-e-lts',
  'Windows 10 Enterprise LTSC 2019': '10-1809-e-lts',
  'Windows 10 Enterprise LTSC 2021': '10-21h2-e-lts',
  'Windows 10 IoT Enterprise LTSC 2021': '10-21h2-iot-lts',
  'Windows 11 Enterprise LTSC 2024': '11-24h2-e-lts',
  'Windows 11 IoT Enterprise LTSC 2024': '11-24h2-iot-lts',
};
function windowsKey(entry) {
  const server = entry.name.match(/^Windows Server (\d{4})( R2)?$/);
  if (server) {
    const sp = { 2008: '-sp2', '2008 R2': '-r2-sp1' }[server[1] + (server[2] ?? '')];
    return ['windows-server', sp ? `${server[1]}${sp}` : `${server[1]}${server[2] ? '-r2' : ''}`];
  }
  if (WINDOWS_CYCLES[entry.name]) return ['windows', WINDOWS_CYCLES[entry.name]];
  const feature = entry.name.match(/^Windows (10|11) version (\w+)$/);
  const suffix = entry.channels.includes('home-pro') ? 'w' : 'e';
  return ['windows', `${feature[1]}-${feature[2].toLowerCase()}`, suffix];
}

// Debian's table date is the end of Debian LTS, endoflife.date's "extended security" column.
const LINUX_PRODUCTS = {
  debian: ['debian', 'eoes'],
  ubuntu: ['ubuntu', 'eol'],
  rhel: ['rhel', 'eol'],
  rocky: ['rocky-linux', 'eol'],
  almalinux: ['almalinux', 'eol'],
  centos: ['centos-stream', 'eol'],
  fedora: ['fedora', 'eol'],
  'opensuse-leap': ['opensuse', 'eol'],
  linuxmint: ['linuxmint', 'eol'],
};

const pages = new Map();
const page = (name, column) => {
  const key = `${name}/${column}`;
  if (!pages.has(key)) pages.set(key, product(name, column));
  return pages.get(key);
};
const seen = new Set();
const rows = [];

function compare(family, entry, name, cycle, column = 'eol', suffix) {
  const releases = page(name, column);
  const key = suffix && releases.has(`${cycle}-${suffix}`) ? `${cycle}-${suffix}` : cycle;
  seen.add(`${name}/${key}`);
  const other = releases.get(key);
  const mark = !other
    ? 'not on endoflife.date'
    : other.ends !== (entry.ends ?? null)
      ? `DIFFERS: endoflife.date ${other.ends}`
      : '';
  rows.push({ family, name: entry.name, ends: entry.ends ?? 'no end announced', source: entry.source, mark });
}

for (const e of WINDOWS_EOL) {
  const [p, c, s] = windowsKey(e);
  compare('windows', e, p, c, 'eol', s);
}
for (const e of MACOS_EOL) compare('macos', e, 'macos', e.major);
for (const e of LINUX_EOL) {
  const [p, column] = LINUX_PRODUCTS[e.id];
  compare('linux', e, p, e.version, column);
}

const diffOnly = process.argv.includes('--diff');
console.log(
  `End-of-life table as of ${EOL_TABLE_AS_OF}; compared with endoflife.date in data/endoflife (see its SOURCE.md).`,
);
for (const r of rows)
  if (!diffOnly || r.mark) console.log([r.family, r.name, r.ends, r.source, r.mark].filter(Boolean).join(' | '));

// Releases endoflife.date lists that the table has not got, newer than the table's oldest entries.
const covered = new Set(readdirSync(PRODUCTS).map((f) => f.replace(/\.md$/, '')));
const missing = [];
for (const name of ['windows', 'windows-server', 'macos', ...Object.values(LINUX_PRODUCTS).map(([p]) => p)]) {
  if (!covered.has(name)) continue;
  for (const [cycle, r] of page(name, 'eol')) {
    const ended = r.ends && r.ends !== 'ended' && r.ends < '2020-01-01';
    if (!seen.has(`${name}/${cycle}`) && !ended && r.ends !== 'ended')
      missing.push(`${name} ${r.label} (ends ${r.ends ?? 'no end announced'})`);
  }
}
// Left out on purpose (eol-table.ts says why): Windows Server's semi-annual and annual channels
// (Server Core only, sharing build numbers with the LTSC releases) and LMDE (no reliable os-release ID).
if (missing.length)
  console.log(
    `\nOn endoflife.date but not in the table (ended before 2020 left out):\n${[...new Set(missing)].join('\n')}`,
  );
