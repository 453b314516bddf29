import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { promisify } from 'node:util';
import { NMCLI_ARGS } from '../../src/probes/wifi/linux.js';
import { REPO } from './host.js';

// The real nmcli against a stand-in NetworkManager (nm-dbus-stub.py) on a private D-Bus: this machine has no
// Wi-Fi hardware, so the daemon's side is played, and nmcli's own code prints the lines shop-audit reads.

/** An access point as NetworkManager's D-Bus API describes it (Flags, WpaFlags, RsnFlags). */
export interface AccessPoint {
  ssid: string;
  flags: number;
  wpa: number;
  rsn: number;
  active?: boolean;
}

/** The first line a child prints. */
async function firstLine(child: ChildProcess): Promise<string> {
  let text = '';
  for await (const chunk of child.stdout!) {
    text += String(chunk);
    if (text.includes('\n')) return text.split('\n')[0]!;
  }
  throw new Error(`${child.spawnfile} ended before printing a line`);
}

/** What `nmcli` with the probe's arguments prints (LC_ALL=C, as the scan runs it) for these access points. */
export async function realNmcliOutput(aps: readonly AccessPoint[]): Promise<{ stdout: string; exitCode: number }> {
  const children: ChildProcess[] = [];
  try {
    // Its only complaint as root in a container (it may not raise its file limit) is not worth a log line.
    const bus = spawn('/usr/bin/dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(bus);
    const address = await firstLine(bus);
    const stub = spawn(
      '/usr/bin/python3',
      [path.join(REPO, 'test/helpers/nm-dbus-stub.py'), address, JSON.stringify({ aps })],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(stub);
    if ((await firstLine(stub)) !== 'ready') throw new Error('the NetworkManager stand-in did not start');
    try {
      const { stdout } = await promisify(execFile)('/usr/bin/nmcli', [...NMCLI_ARGS], {
        env: { PATH: '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C', DBUS_SYSTEM_BUS_ADDRESS: address },
        timeout: 10_000,
      });
      return { stdout, exitCode: 0 };
    } catch (e) {
      const failure = e as { stdout?: string; code?: number };
      if (typeof failure.code !== 'number') throw e;
      return { stdout: failure.stdout ?? '', exitCode: failure.code };
    }
  } finally {
    for (const child of children.reverse()) {
      child.kill();
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    }
  }
}
