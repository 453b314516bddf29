import { describe, expect, it } from 'vitest';
import { makeRoot, rootHost } from '../helpers/host.js';
import { everyOutput } from '../helpers/scan.js';

// Canary secrets placed where passwords live on Linux. None may reach a report (any format),
// the `probes` output, a reason, or a --record bundle. (Files hand-written in the real formats.)
const CANARY = 'CANARY7f3a9';
const files = {
  '/etc/passwd': `root:x:0:0:root:/root:/bin/bash\nold:$1$${CANARY}$hashinpasswd:1001:1001::/home/old:/bin/bash\nshop:x:1000:1000::/home/shop:/bin/bash\n`,
  '/etc/shadow': `root:$6$${CANARY}salt$${CANARY}hashhashhash:19000:0:99999:7:::\nshop:!$y$j9T$${CANARY}$locked:19000:0:99999:7:::\n`,
  '/etc/login.defs': 'UID_MIN 1000\n',
  '/etc/xdg/autostart/x11vnc.desktop': `[Desktop Entry]\nType=Application\nName=x11vnc\nExec=x11vnc -forever -passwd ${CANARY}pw\n`,
  '/home/shop/.config/autostart/vnc.desktop': `[Desktop Entry]\nType=Application\nExec=/usr/bin/x11vnc -passwd ${CANARY}home\n`,
  '/usr/bin/x11vnc': '',
  '/etc/ssh/sshd_config': 'PermitRootLogin no\n',
  '/etc/os-release': 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
};

describe('secrets never leave the PC', () => {
  it('shadow and passwd hashes and passwords in autostart command lines stay out of every output', async () => {
    const root = await makeRoot(files);
    const { report, outputs } = await everyOutput(
      await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } }),
      { replayed: false },
    );
    // The canary files were really read (else this test would prove nothing).
    expect(outputs.bundle).toContain('/etc/shadow');
    expect(outputs.bundle).toContain('x11vnc.desktop');
    expect(report.results.find((r) => r.id === 'login.no-empty-password')?.status).toBe('pass');
    for (const [name, text] of Object.entries(outputs)) expect(text, name).not.toContain(CANARY);
  });
});
