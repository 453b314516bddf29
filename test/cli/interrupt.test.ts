import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeRoot, REPO } from '../helpers/host.js';
import { needsRoot } from '../helpers/tools.js';

// Ctrl-C in the middle of a scan, or a scheduler's SIGTERM when the scan takes too long. Each tool runs in a
// process group of its own (so a timeout can end the tool and all it started); Node dies of these signals
// without its 'exit' event, so the tools ran on after shop-audit was gone — a hung one for ever. Shown with a
// real hanging tool: lsblk replaced, in a private mount namespace, by a script that sleeps.

needsRoot({ '/usr/bin/unshare': 'util-linux', '/usr/bin/lsblk': 'util-linux' }).describe(
  'a scan ended by a signal',
  () => {
    for (const [signal, code] of [
      ['INT', 130],
      ['TERM', 143],
    ] as const)
      it(`SIG${signal}: the tools it started end with it, it exits ${code}, and no report is written`, async () => {
        const root = await makeRoot({});
        const hang = path.join(root, 'lsblk');
        writeFileSync(hang, `#!/bin/sh\necho $$ > ${root}/tool.pid\nexec sleep 60\n`, { mode: 0o755 });
        const cli = `${process.execPath} ${path.join(REPO, 'bin', 'shop-audit.js')}`;
        const script = `
mount --bind ${hang} /usr/bin/lsblk
${cli} scan --quiet --timeout 30 --output ${root}/report.txt & scan=$!
while [ ! -s ${root}/tool.pid ]; do sleep 0.05; done
kill -${signal} $scan; wait $scan; echo "code=$?"
sleep 0.3
tool=$(cat ${root}/tool.pid)
# Ended: gone, or a zombie its new parent has not reaped yet (a container's first process may never reap).
if [ -e /proc/$tool ] && [ "$(cut -d' ' -f3 /proc/$tool/stat)" != Z ]; then echo "tool running"; kill $tool
else echo "tool ended"; fi`;
        const r = spawnSync('/usr/bin/unshare', ['-m', '--propagation', 'private', '/bin/sh', '-c', script], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(r.stdout).toContain(`code=${code}`);
        expect(r.stdout).toContain('tool ended');
        expect(readdirSync(root).sort()).toEqual(['lsblk', 'tool.pid']);
        expect(readFileSync(path.join(root, 'tool.pid'), 'utf8')).toMatch(/^\d+\n$/);
      }, 60_000);
  },
);
