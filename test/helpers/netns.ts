import { spawn, type ChildProcess } from 'node:child_process';

const started: ChildProcess[] = [];
/** Kills the listeners listenInNetns started; test/setup/each-file.ts runs it after every test. */
export function stopListeners(): void {
  for (const child of started.splice(0)) child.kill('SIGKILL');
}

/**
 * A real Node.js process in a private network namespace (`unshare -n`: only its own loopback, so
 * nothing it opens reaches this machine's network) listening on the given TCP and UDP addresses.
 * Resolves with its PID once every socket is open: /proc/PID/net shows that namespace's sockets,
 * /proc/PID/fd its open sockets. Killed after the test. Needs root.
 */
export function listenInNetns(sockets: { tcp?: [string, number][]; udp?: [string, number][] }): Promise<number> {
  const program = `
    const net = require('node:net'), dgram = require('node:dgram');
    const wait = [];
    for (const [host, port] of ${JSON.stringify(sockets.tcp ?? [])})
      wait.push(new Promise((ok) => net.createServer().listen(port, host, ok)));
    for (const [host, port] of ${JSON.stringify(sockets.udp ?? [])})
      wait.push(new Promise((ok) => dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4').bind(port, host, ok)));
    Promise.all(wait).then(() => process.stdout.write('ready\\n'));
    setTimeout(() => process.exit(0), 60000);`;
  // unshare without --fork execs node itself: the child's PID is the listener's.
  const child = spawn('/usr/bin/unshare', ['-n', process.execPath, '-e', program], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve(child.pid!));
    child.on('exit', (code) => reject(new Error(`listener exited (${code}): ${err}`)));
  });
}
