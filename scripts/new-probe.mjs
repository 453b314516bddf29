// npm run new:probe NAME: a new probe from the template in scripts/probe-template/ — its facts,
// one collector per OS, a parser, their tests and a fixture folder — with NAME put in, and the
// probe registered in src/probes/index.ts. docs/writing-a-probe.md says what to change next.
// `--root DIR` writes into another copy of the repository (the template's own test uses it).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = fileURLToPath(new URL('probe-template/', import.meta.url));

function fail(message) {
  console.error(`new:probe: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const REPO = fileURLToPath(new URL('..', import.meta.url));
const root = rootAt >= 0 ? path.resolve(args.splice(rootAt, 2)[1] ?? fail('--root needs a folder')) : REPO;
const [id] = args;
if (!id || args.length !== 1) fail('give the new probe id, e.g. npm run new:probe usb_storage');
if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(id)) {
  fail(`"${id}" is not a probe id: lower-case words joined by _, e.g. usb_storage`);
}
if (existsSync(path.join(root, 'src', 'probes', id))) fail(`src/probes/${id} exists already`);

const camel = id.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const names = { __probe_id__: id, __probeName__: camel, __ProbeName__: camel[0].toUpperCase() + camel.slice(1) };
const fill = (text) => text.replace(/__probe_id__|__probeName__|__ProbeName__/g, (k) => names[k]);

const written = [];
for (const file of readdirSync(TEMPLATE, { recursive: true })) {
  const from = path.join(TEMPLATE, file);
  if (!statSync(from).isFile()) continue;
  const target = path.join(root, fill(file).replace(/\.tpl$/, ''));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, fill(readFileSync(from, 'utf8')), { flag: 'wx' });
  written.push(path.relative(root, target));
}

// One import and one entry in the list of probes.
const listFile = path.join(root, 'src', 'probes', 'index.ts');
const list = readFileSync(listFile, 'utf8');
const imports = [...list.matchAll(/^import \{ \w+ \} from '\.\/(\w+)\/index\.js';\n/gm)];
const before = imports.find((m) => m[1] > id) ?? imports.at(-1);
if (!before || !/^export const PROBES[^\n]*= \[\n/m.test(list)) {
  fail('src/probes/index.ts no longer has the shape this script edits: register the probe by hand');
}
const importLine = `import { ${camel} } from './${id}/index.js';\n`;
const at = before[1] > id ? before.index : before.index + before[0].length;
const withImport = list.slice(0, at) + importLine + list.slice(at);
const listEnd = /(^export const PROBES[^\n]*= \[\n(?: {2}.*\n)*?)(\];)/m;
writeFileSync(listFile, withImport.replace(listEnd, `$1  ${camel},\n$2`));
written.push('src/probes/index.ts (registered)');

console.log(`New probe ${id}:\n${written.map((f) => `  ${f}`).join('\n')}\nNext: docs/writing-a-probe.md`);
