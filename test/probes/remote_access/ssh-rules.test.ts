import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplayHost } from '../../../src/host/bundle.js';
import { makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { exited, macBundle, OVERRIDES } from '../../helpers/macos-samples.js';
import { scanWith, statuses } from '../../helpers/scan.js';
import { windowsBundle } from '../../helpers/windows-samples.js';

// The two SSH rules seen to pass and to fail in a whole scan on each OS (the parity check asks for
// it): remote-access.ssh-no-empty-passwords and remote-access.ssh-no-root-password-login.
const fixture = (name: string) => readFile(path.join(REPO, 'test/fixtures/remote_access', name), 'utf8');
// Handwritten: the two settings a careless guide tells a shop to set.
const UNSAFE_CONFIG = 'PermitRootLogin yes\nPasswordAuthentication yes\nPermitEmptyPasswords yes\n';
/** A Linux PC's files: an OS to report, sshd installed, and this sshd_config. */
const linuxWithSshd = async (config: string) =>
  rootHost(
    await makeRoot({
      '/etc/os-release': await readFile(path.join(REPO, 'test/fixtures/os_support/os-release__this-debian12-etc.txt')),
      '/usr/sbin/sshd': '',
      '/etc/ssh/sshd_config': config,
    }),
  );
const sshRules = (s: Record<string, string>) => ({
  empty: s['remote-access.ssh-no-empty-passwords'],
  root: s['remote-access.ssh-no-root-password-login'],
});

describe('the SSH rules on Linux (sshd_config in a temporary root)', () => {
  it("pass on Debian 12's packaged sshd_config (OpenSSH defaults)", async () => {
    const host = await linuxWithSshd(await fixture('sshd_config__this-debian12-openssh9.2-package-default.txt'));
    expect(sshRules(statuses(await scanWith(host, { replayed: false })))).toEqual({ empty: 'pass', root: 'pass' });
  });
  it('fail when root may log in with a password and empty passwords are allowed', async () => {
    const host = await linuxWithSshd(UNSAFE_CONFIG);
    expect(sshRules(statuses(await scanWith(host, { replayed: false })))).toEqual({ empty: 'fail', root: 'fail' });
  });
});

/** A Windows PC with the OpenSSH Server service running and this sshd_config. */
function windowsWithSshd(config: string) {
  const bundle = windowsBundle({
    services: [{ name: 'sshd', displayName: 'OpenSSH SSH Server', state: 'Running', startMode: 'Auto' }],
  });
  bundle.files['C:\\ProgramData\\ssh\\sshd_config'] = { status: 'ok', text: config };
  return createReplayHost(bundle);
}

describe('the SSH rules on Windows (OpenSSH Server)', () => {
  it('pass on the sshd_config Win32-OpenSSH installs', async () => {
    const host = windowsWithSshd(await fixture('sshd_config__win32-openssh-portable-default.txt'));
    expect(sshRules(statuses(await scanWith(host)))).toEqual({ empty: 'pass', root: 'pass' });
  });
  it('fail when its sshd_config allows empty passwords and password logins of administrators', async () => {
    expect(sshRules(statuses(await scanWith(windowsWithSshd(UNSAFE_CONFIG))))).toEqual({ empty: 'fail', root: 'fail' });
  });
});

/** A Mac with Remote Login switched on (launchd override) and this /etc/ssh/sshd_config. */
function macWithRemoteLogin(config: string) {
  const bundle = macBundle({ [OVERRIDES]: exited('disabled services = {\n\t"com.openssh.sshd" => false\n}\n') });
  const file = { status: 'ok', kind: 'file', size: config.length, mtimeMs: 0, mode: 0o644 } as const;
  bundle.stats['/usr/sbin/sshd'] = { ...file, mode: 0o755 };
  bundle.stats['/etc/ssh/sshd_config'] = file;
  bundle.files['/etc/ssh/sshd_config'] = { status: 'ok', text: config };
  return createReplayHost(bundle);
}

describe('the SSH rules on macOS (Remote Login)', () => {
  it('pass when sshd_config leaves the OpenSSH defaults (handwritten: settings commented out)', async () => {
    const host = macWithRemoteLogin('#PermitRootLogin prohibit-password\n#PermitEmptyPasswords no\nUsePAM yes\n');
    expect(sshRules(statuses(await scanWith(host)))).toEqual({ empty: 'pass', root: 'pass' });
  });
  it('fail when sshd_config allows root with a password and empty passwords', async () => {
    expect(sshRules(statuses(await scanWith(macWithRemoteLogin(UNSAFE_CONFIG))))).toEqual({
      empty: 'fail',
      root: 'fail',
    });
  });
});
