import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingHost, createReplayHost } from '../../../src/host/bundle.js';
import type { Host } from '../../../src/host/types.js';
import { redactSecrets } from '../../../src/probes/index.js';
import type { RemoteAccessFacts } from '../../../src/probes/remote_access/facts.js';
import { remoteAccess } from '../../../src/probes/remote_access/index.js';
import { REASON } from '../../../src/probes/types.js';
import { cpuWithSparseFiles, makeRoot, REPO, rootHost } from '../../helpers/host.js';
import { runInNamespace } from '../../helpers/namespace.js';
import { needsRoot, needsTool } from '../../helpers/tools.js';

const fixture = (name: string) => readFile(path.join(REPO, 'test/fixtures/remote_access', name), 'utf8');
const collect = remoteAccess.collect.linux!;

/** Running processes as the kernel shows them: /proc/PID/comm. PID 1 is always there. */
function procs(names: string[]): Record<string, string> {
  const files: Record<string, string> = { '/proc/1/comm': 'systemd\n' };
  for (const [i, n] of names.entries()) files[`/proc/${100 + i}/comm`] = `${n}\n`;
  return files;
}

/** The real Debian ssh.service, enabled the way its postinst enabled it on this machine. */
async function enabledSsh(): Promise<Record<string, string | { link: string }>> {
  return {
    '/usr/sbin/sshd': '',
    '/usr/lib/systemd/system/ssh.service': await fixture('ssh.service__this-debian12-openssh9.2-package.service'),
    '/etc/systemd/system/sshd.service': { link: '/usr/lib/systemd/system/ssh.service' },
    '/etc/systemd/system/multi-user.target.wants/ssh.service': { link: '/usr/lib/systemd/system/ssh.service' },
  };
}

/** A host that answers some calls itself: how a PC behaves that this machine cannot be made into. */
function withOverrides(
  host: Host,
  over: {
    exec?: (cmd: string, args: Parameters<Host['exec']>[1]) => ReturnType<Host['exec']> | null;
    denied?: string[];
  },
): Host {
  return {
    ...host,
    exec: (cmd, args, opts) => over.exec?.(cmd, args) ?? host.exec(cmd, args, opts),
    readFile: async (p) => (over.denied?.includes(p) ? { status: 'denied' } : host.readFile(p)),
    listDir: async (p) => (over.denied?.includes(p) ? { status: 'denied' } : host.listDir(p)),
  };
}

const tool = (facts: RemoteAccessFacts, id: string) => facts.tools.find((t) => t.id === id)!;

/** Every null fact has a reason, and every reason belongs to a null fact. */
function expectHonest(out: Awaited<ReturnType<typeof collect>>) {
  remoteAccess.facts.parse(out.facts);
  const nulls: string[] = [];
  for (const [k, v] of Object.entries(out.facts.ssh)) if (v === null) nulls.push(`ssh.${k}`);
  for (const t of out.facts.tools)
    for (const k of ['installed', 'running', 'startsAtBoot'] as const)
      if (t[k] === null) nulls.push(`tools[${t.id}].${k}`);
  for (const [k, v] of Object.entries(out.facts.rdp)) if (v === null) nulls.push(`rdp.${k}`);
  expect(Object.keys(out.unknown).sort()).toEqual(nulls.sort());
}

needsTool('/usr/bin/systemctl', 'systemd').describe('remote_access on Linux (temporary root, real systemctl)', () => {
  it('sshd_config with PermitEmptyPasswords yes, non-root: config files, OpenSSH defaults for the rest', async () => {
    const root = await makeRoot({
      ...(await enabledSsh()),
      '/etc/ssh/sshd_config': 'PermitEmptyPasswords yes\n',
      ...procs(['sshd', 'bash']),
    });
    const out = await collect(await rootHost(root));
    expect(out.facts.ssh).toEqual({
      installed: true,
      running: true,
      startsAtBoot: true,
      permitRootLogin: 'prohibit-password',
      passwordAuthentication: true,
      permitEmptyPasswords: true,
      source: 'config-files',
    });
    expect(out.facts.tools.every((t) => t.installed === false && t.running === false && t.startsAtBoot === false)).toBe(
      true,
    );
    expectHonest(out);
  });

  it('an Include read first sets PermitEmptyPasswords before the main file; Match blocks do not count', async () => {
    const root = await makeRoot({
      '/usr/sbin/sshd': '',
      '/etc/ssh/sshd_config':
        'Include sshd_config.d/*.conf\nPermitEmptyPasswords no\nPasswordAuthentication no\nMatch User bob\n  PermitRootLogin yes\n',
      '/etc/ssh/sshd_config.d/10-shop.conf': 'PermitEmptyPasswords yes\n',
      '/etc/ssh/sshd_config.d/20-later.conf': 'PermitEmptyPasswords no\nMatch all\nPermitRootLogin No\n',
      '/etc/ssh/sshd_config.d/.hidden.conf': 'PasswordAuthentication yes\n',
      '/etc/ssh/sshd_config.d/readme.txt': 'PermitRootLogin yes\n',
      ...procs([]),
    });
    const out = await collect(await rootHost(root));
    expect(out.facts.ssh).toMatchObject({
      permitEmptyPasswords: true,
      passwordAuthentication: false,
      permitRootLogin: 'no',
      source: 'config-files',
    });
    // No unit file: sshd does not start at boot; no process: not running.
    expect(out.facts.ssh).toMatchObject({ installed: true, running: false, startsAtBoot: false });
    expectHonest(out);
  });

  it('an unreadable Include leaves unknown what it might set, and keeps what was set before it', async () => {
    const root = await makeRoot({
      '/usr/sbin/sshd': '',
      '/etc/ssh/sshd_config': 'PermitRootLogin yes\nInclude /etc/ssh/sshd_config.d/*.conf\n',
      '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication yes\n',
      ...procs([]),
    });
    const out = await collect(
      withOverrides(await rootHost(root), { denied: ['/etc/ssh/sshd_config.d/50-cloud-init.conf'] }),
    );
    expect(out.facts.ssh.permitRootLogin).toBe('yes');
    expect(out.facts.ssh.passwordAuthentication).toBeNull();
    expect(out.facts.ssh.permitEmptyPasswords).toBeNull();
    expect(out.unknown['ssh.passwordAuthentication']).toBe(REASON.needsRoot);
    expectHonest(out);
  });

  it('an invalid value is unknown, not a default', async () => {
    const root = await makeRoot({
      '/usr/sbin/sshd': '',
      '/etc/ssh/sshd_config': 'PermitRootLogin maybe\n',
      ...procs([]),
    });
    const out = await collect(await rootHost(root));
    expect(out.facts.ssh.permitRootLogin).toBeNull();
    expect(out.unknown['ssh.permitRootLogin']).toMatch(/line 1: invalid value "maybe"/);
    expect(out.facts.ssh.permitEmptyPasswords).toBe(false);
    expectHonest(out);
  });

  it('no sshd: settings are unknown because there is no server, not safe', async () => {
    const root = await makeRoot({ ...procs([]) });
    const out = await collect(await rootHost(root));
    expect(out.facts.ssh).toMatchObject({
      installed: false,
      running: false,
      startsAtBoot: false,
      permitEmptyPasswords: null,
      source: null,
    });
    expect(out.unknown['ssh.permitEmptyPasswords']).toBe('does not exist on this PC: SSH server not installed');
    expectHonest(out);
  });

  it('600 sparse 4 MB files a user planted in ~/.config/autostart are not read through, and say so', async () => {
    const root = await makeRoot({ '/usr/bin/anydesk': '', '/home/tester/.bashrc': '' });
    let out: Awaited<ReturnType<typeof collect>> | undefined;
    // Costs the user no disk; read through, 2.4 GB of reads and many seconds of root's scan.
    const cpuMs = await cpuWithSparseFiles(root, '/home/tester/.config/autostart', 600, 4 * 1024 * 1024, async () => {
      out = await collect(await rootHost(root));
    });
    expect(JSON.stringify(out?.unknown)).toMatch(/autostart: 600 entries, only the first 500 read/);
    expect(cpuMs).toBeLessThan(2000);
  });

  it('enabled x11vnc.service and xrdp.service, a TigerVNC instance, per-user autostart and user unit', async () => {
    const root = await makeRoot({
      '/usr/bin/x11vnc': '',
      '/usr/sbin/xrdp': '',
      '/usr/bin/anydesk': '',
      '/usr/libexec/gnome-remote-desktop-daemon': '',
      '/etc/systemd/system/x11vnc.service': await fixture('x11vnc.service__handwritten-typical-admin-unit.service'),
      '/usr/lib/systemd/system/xrdp.service': await fixture('xrdp.service__debian12-xrdp-0.9.21-package.service'),
      '/usr/lib/systemd/system/xrdp-sesman.service': await fixture(
        'xrdp-sesman.service__debian12-xrdp-0.9.21-package.service',
      ),
      '/usr/lib/systemd/system/tigervncserver@.service': await fixture(
        'tigervncserver@.service__debian12-tigervnc-1.12-package.service',
      ),
      '/etc/systemd/system/multi-user.target.wants/x11vnc.service': { link: '/etc/systemd/system/x11vnc.service' },
      '/etc/systemd/system/multi-user.target.wants/xrdp.service': { link: '/usr/lib/systemd/system/xrdp.service' },
      '/etc/systemd/system/multi-user.target.wants/xrdp-sesman.service': {
        link: '/usr/lib/systemd/system/xrdp-sesman.service',
      },
      '/etc/systemd/system/multi-user.target.wants/tigervncserver@:1.service': {
        link: '/usr/lib/systemd/system/tigervncserver@.service',
      },
      '/usr/lib/systemd/user/gnome-remote-desktop.service': await fixture(
        'gnome-remote-desktop.service__debian12-grd-43.3-package-user-unit.service',
      ),
      '/home/alice/.config/systemd/user/gnome-session.target.wants/gnome-remote-desktop.service': {
        link: '/usr/lib/systemd/user/gnome-remote-desktop.service',
      },
      '/home/alice/.config/autostart/anydesk.desktop':
        '[Desktop Entry]\nType=Application\nExec=/usr/bin/anydesk --tray\n',
      '/etc/xdg/autostart/at-spi-dbus-bus.desktop': await fixture(
        'at-spi-dbus-bus.desktop__this-debian12-etc-xdg-autostart.desktop',
      ),
      ...procs(['x11vnc', 'gnome-remote-de']),
    });
    const out = await collect(await rootHost(root));
    const pick = (id: string) => {
      const { installed, running, startsAtBoot } = tool(out.facts, id);
      return { installed, running, startsAtBoot };
    };
    expect(pick('vnc-x11vnc')).toEqual({ installed: true, running: true, startsAtBoot: true });
    expect(pick('xrdp')).toEqual({ installed: true, running: false, startsAtBoot: true });
    // Enabled although its program is gone: the unit is the evidence.
    expect(pick('vnc-tigervnc')).toEqual({ installed: false, running: false, startsAtBoot: true });
    expect(pick('gnome-remote-desktop')).toEqual({ installed: true, running: true, startsAtBoot: true });
    expect(pick('anydesk')).toEqual({ installed: true, running: false, startsAtBoot: true });
    expect(pick('teamviewer')).toEqual({ installed: false, running: false, startsAtBoot: false });
    expect(tool(out.facts, 'xrdp').kind).toBe('remote-desktop-server');
    expect(tool(out.facts, 'anydesk').kind).toBe('remote-support-app');
    expectHonest(out);
  });

  it('a disabled xrdp.service is installed but does not start at boot', async () => {
    const root = await makeRoot({
      '/usr/sbin/xrdp': '',
      '/usr/lib/systemd/system/xrdp.service': await fixture('xrdp.service__debian12-xrdp-0.9.21-package.service'),
      ...procs(['xrdp']),
    });
    const out = await collect(await rootHost(root));
    expect(tool(out.facts, 'xrdp')).toMatchObject({ installed: true, running: true, startsAtBoot: false });
  });

  it("another user's unreadable home makes startsAtBoot unknown (needs root) unless something proves it", async () => {
    const root = await makeRoot({
      '/usr/bin/x11vnc': '',
      '/etc/systemd/system/x11vnc.service': await fixture('x11vnc.service__handwritten-typical-admin-unit.service'),
      '/etc/systemd/system/multi-user.target.wants/x11vnc.service': { link: '/etc/systemd/system/x11vnc.service' },
      '/home/bob/.config/autostart/notes.desktop': '[Desktop Entry]\nExec=gedit\n',
      ...procs([]),
    });
    const out = await collect(withOverrides(await rootHost(root), { denied: ['/home/bob/.config/autostart'] }));
    expect(tool(out.facts, 'vnc-x11vnc').startsAtBoot).toBe(true);
    expect(tool(out.facts, 'anydesk').startsAtBoot).toBeNull();
    expect(out.unknown['tools[anydesk].startsAtBoot']).toBe(REASON.needsRoot);
    expectHonest(out);
  });

  it('Vino is started by a per-user GNOME setting no file shows: unknown when installed', async () => {
    const root = await makeRoot({ '/usr/libexec/vino-server': '', ...procs([]) });
    const out = await collect(await rootHost(root));
    expect(tool(out.facts, 'vnc-vino')).toMatchObject({ installed: true, running: false, startsAtBoot: null });
    expect(out.unknown['tools[vnc-vino].startsAtBoot']).toMatch(/Settings > Sharing/);
    expectHonest(out);
  });

  it('processes hidden (hidepid: PID 1 not visible) as non-root: running is unknown', async () => {
    const root = await makeRoot({ '/proc/4242/comm': 'bash\n', '/usr/sbin/sshd': '', '/etc/ssh/sshd_config': '' });
    const out = await collect(await rootHost(root));
    expect(out.facts.ssh.running).toBeNull();
    expect(tool(out.facts, 'todesk').running).toBeNull();
    expect(out.unknown['ssh.running']).toBe(REASON.needsRoot);
    expectHonest(out);
    // Root sees every process, so the same view proves nothing runs.
    const asRoot = await collect(await rootHost(root, { elevated: true }));
    expect(tool(asRoot.facts, 'todesk').running).toBe(false);
  });

  it('without systemctl nothing tells what starts at boot', async () => {
    const root = await makeRoot({ '/usr/sbin/sshd': '', '/etc/ssh/sshd_config': '', ...procs([]) });
    const out = await collect(
      withOverrides(await rootHost(root), {
        exec: (cmd) => (cmd.endsWith('/systemctl') ? Promise.resolve({ status: 'missing' }) : null),
      }),
    );
    expect(out.facts.ssh.startsAtBoot).toBeNull();
    expect(tool(out.facts, 'teamviewer').startsAtBoot).toBeNull();
    expect(out.unknown['ssh.startsAtBoot']).toMatch(/systemctl not found/);
    expectHonest(out);
  });
});

describe('remote_access elevated: sshd -T', () => {
  needsTool('/usr/sbin/sshd', 'openssh-server').it(
    "runs the real sshd -T on the root's config, or falls back to the files when sshd -T cannot run",
    async () => {
      const root = await makeRoot({
        '/usr/sbin/sshd': '',
        '/etc/ssh/sshd_config': 'PermitEmptyPasswords yes\nPermitRootLogin yes\n',
        ...procs([]),
      });
      const out = await collect(await rootHost(root, { elevated: true }));
      // sshd -T needs the real sshd, root (host keys) and /run/sshd (made by systemd when the service starts).
      const canTest = existsSync('/usr/sbin/sshd') && existsSync('/run/sshd') && process.getuid?.() === 0;
      expect(out.facts.ssh).toMatchObject({
        permitEmptyPasswords: true,
        permitRootLogin: 'yes',
        passwordAuthentication: true,
        source: canTest ? 'sshd-T' : 'config-files',
      });
      expectHonest(out);
    },
  );

  it('takes the values sshd -T prints (sshd-T__this-debian12-openssh9.2-rootlogin-yes-password-no-empty-yes.txt) over the files', async () => {
    const stdout = await fixture('sshd-T__this-debian12-openssh9.2-rootlogin-yes-password-no-empty-yes.txt');
    const root = await makeRoot({ '/usr/sbin/sshd': '', '/etc/ssh/sshd_config': 'PermitRootLogin no\n', ...procs([]) });
    const host = withOverrides(await rootHost(root, { elevated: true }), {
      exec: (cmd) =>
        cmd === '/usr/sbin/sshd' ? Promise.resolve({ status: 'exited', exitCode: 0, stdout, stderr: '' }) : null,
    });
    const out = await collect(host);
    expect(out.facts.ssh).toMatchObject({
      permitRootLogin: 'yes',
      passwordAuthentication: false,
      permitEmptyPasswords: true,
      source: 'sshd-T',
    });
    expectHonest(out);
  });

  it('runs sshd -T once (for root) when no Match block selects connections; per account and client when one does', async () => {
    const stdout = await fixture('sshd-T__this-debian12-openssh9.2-rootlogin-yes-password-no-empty-yes.txt');
    const specs = async (config: string) => {
      const root = await makeRoot({
        '/usr/sbin/sshd': '',
        '/etc/ssh/sshd_config': config,
        '/etc/passwd': 'root:x:0:0::/root:/bin/bash\nshop:x:1000:1000::/home/shop:/bin/bash\n',
        ...procs([]),
      });
      const ran: string[] = [];
      const host = withOverrides(await rootHost(root, { elevated: true }), {
        exec: (cmd, args) => {
          if (cmd !== '/usr/sbin/sshd') return null;
          ran.push(String(args.at(-1)));
          return Promise.resolve({ status: 'exited', exitCode: 0, stdout, stderr: '' });
        },
      });
      expect((await collect(host)).facts.ssh.source).toBe('sshd-T');
      return ran;
    };
    const once = await specs('PermitRootLogin no\nMatch all\nPasswordAuthentication no\n');
    expect(once).toHaveLength(1);
    expect(once[0]).toMatch(/^user=root,/);
    const each = await specs('PermitRootLogin no\nMatch User shop\nPasswordAuthentication yes\n');
    expect(each).toHaveLength(4);
    expect(each.filter((spec) => spec.startsWith('user=shop,'))).toHaveLength(2);
  });

  it('falls back to the config files when sshd -T fails (this machine: "Missing privilege separation directory: /run/sshd", exit 255)', async () => {
    const root = await makeRoot({ '/usr/sbin/sshd': '', '/etc/ssh/sshd_config': 'PermitRootLogin no\n', ...procs([]) });
    const host = withOverrides(await rootHost(root, { elevated: true }), {
      exec: (cmd) =>
        cmd === '/usr/sbin/sshd'
          ? Promise.resolve({
              status: 'exited',
              exitCode: 255,
              stdout: '',
              stderr: 'Missing privilege separation directory: /run/sshd\n',
            })
          : null,
    });
    const out = await collect(host);
    expect(out.facts.ssh).toMatchObject({ permitRootLogin: 'no', source: 'config-files' });
    expectHonest(out);
  });

  it('a non-root scan never runs sshd -T', async () => {
    const root = await makeRoot({ '/usr/sbin/sshd': '', '/etc/ssh/sshd_config': '', ...procs([]) });
    const ran: string[] = [];
    const base = await rootHost(root);
    await collect({
      ...base,
      exec: (cmd, args, opts) => {
        ran.push(cmd);
        return base.exec(cmd, args, opts);
      },
    });
    expect(ran).not.toContain('/usr/sbin/sshd');
  });
});

/**
 * A root scan's host whose sshd is the real one, run in a private mount namespace whose /run holds the sshd folder
 * it insists on, with a host key made at /etc/ssh/ssh_host_ed25519_key of the temporary root.
 */
async function realSshdHost(root: string): Promise<Host> {
  const sshd = '/usr/sbin/sshd';
  const run = await makeRoot({ 'sshd/.keep': '' });
  execFileSync('/usr/bin/ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-f',
    path.join(root, 'etc/ssh/ssh_host_ed25519_key'),
  ]);
  const base = await rootHost(root, { elevated: true, user: { name: 'root', uid: 0, home: '/root' } });
  return {
    ...base,
    exec: async (cmd, args, opts) => {
      if (cmd !== sshd) return base.exec(cmd, args, opts);
      const argv = args.map((a) => (typeof a === 'string' ? a : path.join(root, a.path)));
      const r = runInNamespace({ '/run': run }, sshd, argv);
      return { status: 'exited', exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

describe('remote_access: sshd Match blocks decide per connection', () => {
  const SSHD = '/usr/sbin/sshd';
  const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n';
  // Global values closed; Match blocks open them again for some or all connections.
  const CONFIG = [
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    'PermitRootLogin no',
    'PasswordAuthentication no',
    'PermitEmptyPasswords no',
    'Match User bob',
    '  PermitRootLogin yes',
    'Match Address *',
    '  PermitRootLogin yes',
    'Match User alice',
    '  PasswordAuthentication yes',
    '',
  ].join('\n');

  /** The real sshd -T on CONFIG (its HostKey the key made inside the temporary root, as the -f argument is). */
  async function withRealSshd(root: string): Promise<Host> {
    const host = await realSshdHost(root);
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(path.join(root, 'etc/ssh/sshd_config'), CONFIG.replace('/etc/ssh/', `${root}/etc/ssh/`)),
    );
    return host;
  }

  needsRoot({ [SSHD]: 'openssh-server' }).it(
    'as root: the real sshd -T -C for root and each login account sees what Match turns back on',
    async () => {
      const root = await makeRoot({
        '/usr/sbin/sshd': '',
        '/etc/passwd': PASSWD,
        '/etc/ssh/sshd_config': '',
        ...procs([]),
      });
      const host = await withRealSshd(root);
      // sshd -T alone, as shop-audit ran it before: the global values, every one closed.
      const global = await host.exec(SSHD, ['-T', '-f', { path: '/etc/ssh/sshd_config' }]);
      expect(global.status === 'exited' && global.stdout).toMatch(/^permitrootlogin no$/m);
      expect(global.status === 'exited' && global.stdout).toMatch(/^passwordauthentication no$/m);

      const out = await collect(host);
      expect(out.facts.ssh).toMatchObject({
        permitRootLogin: 'yes',
        passwordAuthentication: true,
        permitEmptyPasswords: false,
        source: 'sshd-T',
      });
      expectHonest(out);
    },
  );

  needsRoot({ [SSHD]: 'openssh-server' }).it(
    'as root: a Match on an address nobody tried that opens sshd further is unknown',
    async () => {
      const root = await makeRoot({
        '/usr/sbin/sshd': '',
        '/etc/passwd': PASSWD,
        '/etc/ssh/sshd_config': '',
        ...procs([]),
      });
      const host = await withRealSshd(root);
      const config = `${CONFIG}Match Address 10.0.0.0/8 LocalPort 2222\n  PermitEmptyPasswords yes\n`;
      await import('node:fs/promises').then((fs) =>
        fs.writeFile(path.join(root, 'etc/ssh/sshd_config'), config.replace('/etc/ssh/', `${root}/etc/ssh/`)),
      );
      const out = await collect(host);
      expect(out.facts.ssh).toMatchObject({
        permitRootLogin: 'yes',
        passwordAuthentication: true,
        permitEmptyPasswords: null,
        source: 'sshd-T',
      });
      expect(out.unknown['ssh.permitEmptyPasswords']).toBe(
        '/etc/ssh/sshd_config line 12: "Match Address 10.0.0.0/8 LocalPort 2222" sets permitemptypasswords yes for the connections it selects, which shop-audit cannot list',
      );
      expectHonest(out);
    },
  );

  needsRoot({ [SSHD]: 'openssh-server' }).it(
    "the service's own sshd options (SSHD_OPTS of /etc/default/ssh, a drop-in's ExecStart -f) beat sshd_config",
    async () => {
      const root = await makeRoot({
        ...(await enabledSsh()),
        '/etc/passwd': PASSWD,
        '/etc/ssh/sshd_config': '',
        // Debian's ssh.service: EnvironmentFile=-/etc/default/ssh, ExecStart=/usr/sbin/sshd -D $SSHD_OPTS.
        '/etc/default/ssh':
          '# Options to pass to sshd\nSSHD_OPTS="-o PermitEmptyPasswords=yes -oPermitRootLogin=yes"\n',
        ...procs([]),
      });
      const host = await withRealSshd(root);
      const closed = [
        `HostKey ${root}/etc/ssh/ssh_host_ed25519_key`,
        'PermitRootLogin no',
        'PasswordAuthentication no',
        'PermitEmptyPasswords no',
        '',
      ].join('\n');
      const write = (file: string, text: string) =>
        import('node:fs/promises').then(async (fs) => {
          await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
          await fs.writeFile(path.join(root, file), text);
        });
      await write('/etc/ssh/sshd_config', closed);
      // sshd itself: options given with -o come before the file, and sshd keeps the first value it reads.
      const real = await host.exec(SSHD, [
        '-T',
        '-f',
        { path: '/etc/ssh/sshd_config' },
        '-o',
        'PermitEmptyPasswords=yes',
      ]);
      expect(real.status === 'exited' && real.stdout).toMatch(/^permitemptypasswords yes$/m);

      const asRoot = await collect(host);
      expect(asRoot.facts.ssh).toMatchObject({
        permitRootLogin: 'yes',
        passwordAuthentication: false,
        permitEmptyPasswords: true,
        source: 'sshd-T',
      });
      expectHonest(asRoot);
      // A --record bundle of it replays the same answer: the service's options are kept (not the unit files,
      // whose settings a bundle leaves out).
      const recording = createRecordingHost({ ...host }, redactSecrets);
      expect((await collect(recording.host)).facts.ssh).toEqual(asRoot.facts.ssh);
      expect((await collect(createReplayHost(recording.finish()))).facts.ssh).toEqual(asRoot.facts.ssh);
      const files = await collect(await rootHost(root));
      expect(files.facts.ssh).toMatchObject({
        permitRootLogin: 'yes',
        passwordAuthentication: false,
        permitEmptyPasswords: true,
        source: 'config-files',
      });
      expectHonest(files);

      // A drop-in that starts sshd on another file: that file is the one sshd reads.
      await write(
        '/etc/systemd/system/ssh.service.d/shop.conf',
        '[Service]\nExecStart=\nExecStart=/usr/sbin/sshd -D -f /etc/ssh/shop_config\n',
      );
      await write('/etc/ssh/shop_config', closed.replace('PasswordAuthentication no', 'PasswordAuthentication yes'));
      // A host serves one scan (the unit folders are listed once for it): a new one sees the drop-in.
      for (const out of [await collect({ ...host }), await collect(await rootHost(root))]) {
        expect(out.facts.ssh).toMatchObject({
          permitRootLogin: 'no',
          passwordAuthentication: true,
          permitEmptyPasswords: false,
        });
        expectHonest(out);
      }
    },
  );

  it('a service that starts sshd through a wrapper, or whose environment file cannot be read: unknown', async () => {
    const files = {
      ...(await enabledSsh()),
      '/etc/ssh/sshd_config': 'PermitRootLogin no\n',
      '/etc/systemd/system/ssh.service.d/netns.conf':
        '[Service]\nExecStart=\nExecStart=/usr/sbin/ip netns exec shop /usr/sbin/sshd -D $SSHD_OPTS\n',
      ...procs([]),
    };
    const wrapped = await collect(await rootHost(await makeRoot(files)));
    expect(wrapped.facts.ssh.permitRootLogin).toBeNull();
    expect(wrapped.unknown['ssh.permitRootLogin']).toBe(
      '/etc/systemd/system/ssh.service.d/netns.conf: ExecStart runs /usr/sbin/ip, not sshd: its options cannot be read',
    );
    expectHonest(wrapped);

    const root = await makeRoot({ ...(await enabledSsh()), '/etc/ssh/sshd_config': '', ...procs([]) });
    const out = await collect(withOverrides(await rootHost(root), { denied: ['/etc/default/ssh'] }));
    expect(out.facts.ssh.permitEmptyPasswords).toBeNull();
    expect(out.unknown['ssh.permitEmptyPasswords']).toBe('cannot read /etc/default/ssh (permission denied)');
    expectHonest(out);
  });

  it('without root the files: Match Address * applies to all, a Match User (or one inside an Include) is unknown, not the global value', async () => {
    const root = await makeRoot({
      '/usr/sbin/sshd': '',
      '/etc/ssh/sshd_config': `Include sshd_config.d/*.conf\n${CONFIG}`,
      '/etc/ssh/sshd_config.d/50-lan.conf': 'Match Address 192.168.0.0/16\nInclude /etc/ssh/lan.conf\n',
      '/etc/ssh/lan.conf': 'PermitEmptyPasswords yes\n',
      ...procs([]),
    });
    const out = await collect(await rootHost(root));
    // Match User bob cannot select root's connections: it does not count for PermitRootLogin.
    expect(out.facts.ssh).toMatchObject({
      permitRootLogin: 'yes',
      passwordAuthentication: null,
      permitEmptyPasswords: null,
      source: 'config-files',
    });
    expect(out.unknown['ssh.passwordAuthentication']).toBe(
      '/etc/ssh/sshd_config line 11: "Match User alice" sets passwordauthentication yes for the connections it selects; run as root so sshd -T -C can tell who gets it',
    );
    expect(out.unknown['ssh.permitEmptyPasswords']).toMatch(
      /^\/etc\/ssh\/lan.conf line 1: "Match Address 192.168.0.0\/16" sets permitemptypasswords yes/,
    );
    expectHonest(out);
  });
});

describe('remote_access: keyboard-interactive through PAM asks for the password too', () => {
  const SSHD = '/usr/sbin/sshd';
  // PasswordAuthentication no alone: KbdInteractiveAuthentication keeps its default (yes), and with UsePAM yes
  // PAM's conversation takes the account's password, so root still logs in with one.
  const CLOSED_BY_PASSWORD_ONLY = 'PermitRootLogin yes\nPasswordAuthentication no\nUsePAM yes\n';
  const cases: [string, string, boolean][] = [
    ['PasswordAuthentication no alone, UsePAM yes', CLOSED_BY_PASSWORD_ONLY, true],
    ['and KbdInteractiveAuthentication no', `${CLOSED_BY_PASSWORD_ONLY}KbdInteractiveAuthentication no\n`, false],
    [
      'and its old name ChallengeResponseAuthentication no',
      `${CLOSED_BY_PASSWORD_ONLY}ChallengeResponseAuthentication no\n`,
      false,
    ],
    [
      'UsePAM no (no password method behind keyboard-interactive)',
      'PermitRootLogin yes\nPasswordAuthentication no\n',
      false,
    ],
  ];

  it('without root, from the files', async () => {
    for (const [name, config, expected] of cases) {
      const root = await makeRoot({ '/usr/sbin/sshd': '', '/etc/ssh/sshd_config': config, ...procs([]) });
      const out = await collect(await rootHost(root));
      expect(out.facts.ssh, name).toMatchObject({ passwordAuthentication: expected, source: 'config-files' });
      expectHonest(out);
    }
  });

  needsRoot({ [SSHD]: 'openssh-server' }).it('as root, from the real sshd -T -C', async () => {
    for (const [name, config, expected] of cases) {
      const root = await makeRoot({ '/usr/sbin/sshd': '', '/etc/ssh/sshd_config': '', ...procs([]) });
      const host = await realSshdHost(root);
      const keyFile = path.join(root, 'etc/ssh/ssh_host_ed25519_key');
      await import('node:fs/promises').then((fs) =>
        fs.writeFile(path.join(root, 'etc/ssh/sshd_config'), `HostKey ${keyFile}\n${config}`),
      );
      // What the real sshd says of keyboard-interactive, so the case tests what it claims to.
      const dump = await host.exec(SSHD, ['-T', '-f', { path: '/etc/ssh/sshd_config' }]);
      expect(dump.status === 'exited' && dump.stdout, name).toMatch(
        expected ? /^kbdinteractiveauthentication yes$/m : /^(kbdinteractiveauthentication|usepam) no$/m,
      );
      const out = await collect(host);
      expect(out.facts.ssh, name).toMatchObject({ passwordAuthentication: expected, source: 'sshd-T' });
      expectHonest(out);
    }
  });

  it('a Match block that turns keyboard-interactive back on for some connections is unknown without root', async () => {
    const config = `${CLOSED_BY_PASSWORD_ONLY}KbdInteractiveAuthentication no\nMatch User alice\n  KbdInteractiveAuthentication yes\n`;
    const root = await makeRoot({ '/usr/sbin/sshd': '', '/etc/ssh/sshd_config': config, ...procs([]) });
    const out = await collect(await rootHost(root));
    expect(out.facts.ssh.passwordAuthentication).toBeNull();
    expect(out.unknown['ssh.passwordAuthentication']).toBe(
      '/etc/ssh/sshd_config line 6: "Match User alice" sets kbdinteractiveauthentication yes for the connections it selects; run as root so sshd -T -C can tell who gets it',
    );
    expectHonest(out);
  });
});
