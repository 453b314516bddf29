// Part of npm run build: dist/collect.cmd and dist/collect.ps1, the old-Windows collector (Windows 7 and 8.1,
// where the executable cannot start), generated from the built fallback's command table so that it runs
// exactly the commands shop-audit's fallback reads (src/probes/windows/collector.ts). build:exe ships them
// beside the executables.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { collectCmd, COLLECT_PS1 } = await import(path.join(ROOT, 'dist', 'probes', 'windows', 'collector.js'));
const { version } = JSON.parse(
  await import('node:fs').then((fs) => fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')),
);
writeFileSync(path.join(ROOT, 'dist', 'collect.cmd'), collectCmd(version));
writeFileSync(path.join(ROOT, 'dist', 'collect.ps1'), COLLECT_PS1);
