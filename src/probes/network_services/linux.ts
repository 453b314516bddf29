import { describeFailure, type Host } from '../../host/types.js';
import { unreadable } from '../tools.js';
import type { Collector, ProbeOutput } from '../types.js';
import type { NetworkServicesFacts } from './facts.js';
import { parseProcNet, riskyService, socketInode, toListeners, type ProcSocket } from './parse.js';

const PROC_NET = [
  ['/proc/net/tcp', 'tcp'],
  ['/proc/net/tcp6', 'tcp'],
  ['/proc/net/udp', 'udp'],
  ['/proc/net/udp6', 'udp'],
] as const;
/** At most this many open files are looked at for owners: a PC with more is not waited for. */
const MAX_FDS_LOOKED_AT = 50_000;
/** Processes whose open files are listed at once. */
const BATCH = 16;

/**
 * The programs owning the given socket inodes (root only: /proc/PID/fd of other users is closed),
 * found by the socket:[inode] links in /proc/PID/fd. Stops as soon as every inode has its owner,
 * and after MAX_FDS_LOOKED_AT files whatever was found.
 */
async function owners(host: Host, inodes: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const proc = await host.listDir('/proc');
  if (proc.status !== 'ok') return found;
  const pids = proc.entries.filter((e) => /^\d+$/.test(e));
  let looked = 0;
  for (let i = 0; i < pids.length && found.size < inodes.size && looked < MAX_FDS_LOOKED_AT; i += BATCH) {
    await Promise.all(
      pids.slice(i, i + BATCH).map(async (pid) => {
        const fds = await host.listDir(`/proc/${pid}/fd`);
        if (fds.status !== 'ok') return;
        const mine = fds.entries.slice(0, Math.max(0, MAX_FDS_LOOKED_AT - looked));
        looked += mine.length;
        for (const fd of mine) {
          const link = await host.stat(`/proc/${pid}/fd/${fd}`);
          const inode = link.status === 'ok' && link.linkTarget ? socketInode(link.linkTarget) : null;
          if (!inode || !inodes.has(inode) || found.has(inode)) continue;
          const comm = await host.readFile(`/proc/${pid}/comm`);
          found.set(inode, comm.status === 'ok' ? comm.text.trim() : `process ${pid}`);
        }
      }),
    );
  }
  return found;
}

export const collectLinux: Collector<NetworkServicesFacts> = async (
  host,
): Promise<ProbeOutput<NetworkServicesFacts>> => {
  const sockets: ProcSocket[] = [];
  for (const [path, protocol] of PROC_NET) {
    const r = await host.readFile(path);
    // No tcp6/udp6: the kernel has no IPv6, so nothing listens on it.
    if (r.status === 'missing' && path.endsWith('6')) continue;
    const why =
      r.status !== 'ok'
        ? r.status === 'missing'
          ? `${path}: ${describeFailure(r)}`
          : unreadable(host, path, r)
        : null;
    const parsed = r.status === 'ok' ? parseProcNet(r.text, protocol) : null;
    if (!parsed) {
      const reason = why ?? `${path} is not in the layout the kernel prints`;
      return { facts: { listeners: null, source: null }, unknown: { listeners: reason, source: reason } };
    }
    sockets.push(...parsed);
  }
  // Owners are looked up for the risky ones only: a search through every process's files costs time.
  const wanted = new Set(sockets.filter((s) => !s.loopback && riskyService(s.protocol, s.port)).map((s) => s.inode));
  if (host.elevated && wanted.size > 0) {
    const names = await owners(host, wanted);
    for (const s of sockets) s.program = names.get(s.inode) ?? null;
  }
  const source = `/proc/net/tcp, tcp6, udp, udp6${host.elevated ? '' : ' (the owning programs need root)'}`;
  return { facts: { listeners: toListeners(sockets), source }, unknown: {} };
};
