// npm run lint: no line of src/ is longer than 120 characters (the project's style), named by file:line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX = 120;
const src = fileURLToPath(new URL('../src/', import.meta.url));
const long = [];
for (const name of readdirSync(src, { recursive: true })) {
  if (!name.endsWith('.ts')) continue;
  const lines = readFileSync(path.join(src, name), 'utf8').split('\n');
  lines.forEach((line, i) => {
    if ([...line].length > MAX) long.push(`src/${name}:${i + 1}: ${[...line].length} characters`);
  });
}
if (long.length > 0) {
  console.error(`${long.length} line(s) of src/ are over ${MAX} characters:\n${long.join('\n')}`);
  process.exit(1);
}
