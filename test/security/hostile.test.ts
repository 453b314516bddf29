import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLiveHost } from '../../src/host/live.js';
import { createRecordingHost } from '../../src/host/bundle.js';
import { redactSecrets } from '../../src/probes/index.js';
import { makeRoot } from '../helpers/host.js';
import { runMain } from '../helpers/cli.js';
import { scanWith } from '../helpers/scan.js';

// Values a hostile PC controls — the host name and a Samba share's name and path — carry terminal
// escapes, a newline and a right-to-left override. The text report must show them inert; the
// JSON report must keep them exactly.
const HOSTILE_NAME = 'till\u001b]0;owned\u0007\u001b[2J\nfake line\u202eexe.txt';
const HOSTILE_SHARE = 'Movies\u001b[31m<script>alert(1)</script>\u202e';

describe('hostile facts through a whole scan (replayed)', async () => {
  const recording = createRecordingHost(await createLiveHost(), redactSecrets);
  await scanWith(recording.host, { replayed: false });
  const bundle = recording.finish();
  bundle.files['/proc/sys/kernel/hostname'] = { status: 'ok', text: `${HOSTILE_NAME}\n` };
  const testparm = bundle.commands.find((c) => c.command.endsWith('/testparm'));
  const smbd = Object.keys(bundle.stats).find((p) => p.endsWith('/smbd'));
  if (testparm) {
    testparm.result = {
      status: 'exited',
      exitCode: 0,
      // The [global] parameters testparm -s -v always prints, which shop-audit requires of its answer.
      stdout: `[global]\n\tmap to guest = Bad User\n\tserver min protocol = SMB2_02\n\tusershare allow guests = No\n\tusershare max shares = 0\n\tusershare path = /var/lib/samba/usershares\n\tpid directory = /run/samba\n\n[${HOSTILE_SHARE}]\n\tpath = /srv/${HOSTILE_SHARE}\n\tguest ok = Yes\n\tread only = No\n`,
      stderr: '',
    };
  }
  if (smbd) bundle.stats[smbd] = { status: 'ok', kind: 'file', size: 1, mtimeMs: 0, mode: 0o100755 };
  // Temporary roots are removed after each test, so each test writes the bundle afresh.
  const bundleFile = async () => {
    const file = path.join(await makeRoot({}), 'hostile.json');
    writeFileSync(file, JSON.stringify(bundle));
    return file;
  };

  it('the bundle really carries the hostile share (else this test proves nothing)', async () => {
    expect(testparm).toBeDefined();
    const json = JSON.parse((await runMain(['scan', '--replay', await bundleFile(), '--format', 'json'])).stdout);
    expect(JSON.stringify(json.results)).toContain('Movies');
  });

  it('text report: no escape, bell or bidi character gets through; the newline is shown, not obeyed', async () => {
    const r = await runMain(['scan', '--replay', await bundleFile()]);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(r.stdout).toContain('till\\u{1b}]0;owned\\u{7}\\u{1b}[2J ⏎ fake line\\u{202e}exe.txt');
  });

  it('JSON report: the values are kept verbatim', async () => {
    const json = JSON.parse((await runMain(['scan', '--replay', await bundleFile(), '--format', 'json'])).stdout);
    expect(json.machine.hostname).toBe(HOSTILE_NAME);
    expect(JSON.stringify(json)).toContain(JSON.stringify(HOSTILE_SHARE).slice(1, -1));
  });
});
