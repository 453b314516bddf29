import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeRoot, REPO } from '../helpers/host.js';
import { needsRoot } from '../helpers/tools.js';

// `sudo shop-audit scan --output report.json --record pc.json`: as root the scan reads what only root may (which
// accounts have an empty or common password; /etc/shadow, redacted, in the bundle), and both files were written 0644,
// readable by every user of the PC. As root they are now 0600 and belong to the person who ran sudo.

function scan(root: string, env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    [
      path.join(REPO, 'bin', 'shop-audit.js'),
      'scan',
      '--quiet',
      '--only',
      'login.*',
      '--format',
      'json',
      '--output',
      path.join(root, 'report.json'),
      '--record',
      path.join(root, 'pc.bundle.json'),
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } },
  );
}

needsRoot().describe('what a scan as root writes', () => {
  it('is readable by its owner only, and owned by the user who ran sudo', async () => {
    const root = await makeRoot({});
    const { SUDO_UID: _u, SUDO_GID: _g, ...env } = process.env as Record<string, string>;
    expect([0, 1]).toContain(scan(root, env).status);
    for (const file of ['report.json', 'pc.bundle.json']) {
      const info = statSync(path.join(root, file));
      expect(info.mode & 0o777, file).toBe(0o600);
      expect(info.uid, file).toBe(0);
    }
    expect([0, 1]).toContain(scan(root, { SUDO_UID: '65534', SUDO_GID: '65534' }).status);
    for (const file of ['report.json', 'pc.bundle.json']) {
      const info = statSync(path.join(root, file));
      expect(info.mode & 0o777, file).toBe(0o600);
      expect([info.uid, info.gid], file).toEqual([65534, 65534]);
    }
  });
});
