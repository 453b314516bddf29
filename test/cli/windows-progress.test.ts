import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeRoot, REPO } from '../helpers/host.js';
import { needsTool } from '../helpers/tools.js';
import { windowsBundle } from '../helpers/windows-samples.js';

// Issue 14: while the one PowerShell runs, stderr says what is being checked — on a terminal only.
// The terminal is a real pseudo-terminal (util-linux `script`), the PC a replayed Windows bundle.
const script = needsTool('script', 'util-linux');

async function bundleFile(): Promise<string> {
  const dir = await makeRoot({});
  const file = path.join(dir, 'windows.bundle.json');
  writeFileSync(file, JSON.stringify(windowsBundle({ computerName: 'SHOP-PC' })));
  return file;
}

describe('progress of the Windows script on stderr', () => {
  it('stderr is not a terminal (a pipe): no progress line, the report alone on stdout', async () => {
    const run = runCli(['scan', '--replay', await bundleFile(), '--format', 'json']);
    expect(run.stderr).not.toMatch(/Asking Windows|正在询问/);
    expect(JSON.parse(run.stdout).machine.hostname).toBe('SHOP-PC');
  });

  script.it('on a terminal: "Asking Windows n/total: query" as the answers come; --quiet: none', async () => {
    const file = await bundleFile();
    const onTerminal = (...extra: string[]) =>
      spawnSync(
        'script',
        [
          '-qec',
          [
            process.execPath,
            path.join(REPO, 'bin', 'shop-audit.js'),
            'scan',
            '--replay',
            file,
            '--lang',
            'en',
            ...extra,
          ].join(' '),
          '/dev/null',
        ],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TERM: 'dumb' }, timeout: 60_000 },
      ).stdout;
    expect(onTerminal()).toMatch(/Asking Windows \d+\/\d+: computerName/);
    expect(onTerminal('--quiet')).not.toMatch(/Asking Windows/);
  });
});
