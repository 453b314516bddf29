import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDebugLog } from '../../src/host/debug-log.js';
import { runCli } from '../helpers/cli.js';
import { makeRoot, rootHost } from '../helpers/host.js';

describe('--debug', () => {
  it('logs each host call with its time and outcome, never what came back', async () => {
    const secret = 'hunter2-in-a-file';
    const root = await makeRoot({ '/etc/secret.conf': `password=${secret}\n`, '/etc/empty/.keep': '' });
    const lines: string[] = [];
    const host = withDebugLog(await rootHost(root), (line) => lines.push(line));
    expect(await host.readFile('/etc/secret.conf')).toEqual({ status: 'ok', text: `password=${secret}\n` });
    await host.listDir('/etc/empty');
    await host.stat('/etc/none');
    const ran = await host.exec('/usr/bin/printf', [secret], { input: 'a script' });
    expect(ran).toMatchObject({ status: 'exited', exitCode: 0, stdout: secret });
    await host.exec('/usr/bin/no-such-tool', []);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^debug: +\d+ ms {2}(read|list|stat|run) \S+/);
    expect(lines[0]).toMatch(/read \/etc\/secret\.conf -> 27 characters$/);
    expect(lines[1]).toMatch(/list \/etc\/empty -> 1 entries$/);
    expect(lines[2]).toMatch(/stat \/etc\/none -> missing$/);
    // The arguments are shop-audit's own; the output is the PC's and is only counted.
    expect(lines[3]).toMatch(/run \/usr\/bin\/printf hunter2-in-a-file \(script of 8 characters on stdin\)/);
    expect(lines[3]).toMatch(/ -> exit 0, 17 \+ 0 characters out$/);
    expect(lines[4]).toMatch(/run \/usr\/bin\/no-such-tool -> missing$/);
    expect(lines.slice(0, 3).join('\n')).not.toContain(secret);
  });

  it('the CLI prints every command the scan asks for, and the stack trace of an error', async () => {
    const root = await makeRoot({
      '/empty.json': JSON.stringify({
        kind: 'shop-audit-bundle',
        schemaVersion: 1,
        os: 'linux',
        elevated: false,
        user: { name: 'u', uid: 1000, home: '/home/u' },
      }),
    });
    const r = runCli(['scan', '--debug', '--replay', path.join(root, 'empty.json')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^debug: +\d+ ms {2}read \/etc\/os-release -> missing$/m);
    expect(r.stderr).toMatch(/^debug: +\d+ ms {2}run \/usr\/bin\/\S+.* -> missing$/m);
    expect(r.stderr).toMatch(/^debug: \w*Error: nothing could be read from this replay bundle[^\n]*\n\s+at /m);
    expect(r.stderr).toContain('shop-audit: the scan could not run: nothing could be read');
    // Without --debug: neither.
    const quiet = runCli(['scan', '--replay', path.join(root, 'empty.json')]);
    expect(quiet.stderr).not.toContain('debug:');
  });
});
