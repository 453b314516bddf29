import { describeFailure, type Host } from '../../host/types.js';
import { parseMountInfo, type Mount } from '../linux/parse.js';
import { runFirstFound } from '../tools.js';
import type { Answer, ProbeOutput } from '../types.js';
import type { DiskEncryptionFacts } from './facts.js';
import {
  chainsForDevicePath,
  chainsForMount,
  cryptKnames,
  encryptionOf,
  type DmUuids,
  type Encryption,
} from './layers.js';
import { parseLsblkJson, parseLsblkTree, parseProcSwaps, type BlockDevice } from './parse.js';

const LSBLK = ['/usr/bin/lsblk', '/bin/lsblk'];
// Newest format first. util-linux before 2.37 has no MOUNTPOINTS column (it shows one mount point of
// a btrfs device with several), before 2.27 no JSON: each older form is tried only when lsblk rejects the newer.
const LSBLK_FORMATS = [
  { args: ['-J', '-o', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINTS'], parse: parseLsblkJson },
  { args: ['-J', '-o', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT'], parse: parseLsblkJson },
  { args: ['-o', 'NAME,KNAME,TYPE,FSTYPE,MOUNTPOINT'], parse: parseLsblkTree },
];

const firstLine = (s: string) => s.trim().split('\n')[0] ?? '';

async function readTree(host: Host): Promise<Answer<BlockDevice[]>> {
  for (const format of LSBLK_FORMATS) {
    const { result } = await runFirstFound(host, LSBLK, format.args);
    if (result.status === 'missing') return { ok: false, reason: 'lsblk not installed (util-linux)' };
    if (result.status !== 'exited') return { ok: false, reason: `lsblk: ${describeFailure(result)}` };
    if (result.exitCode !== 0) {
      if (/unknown column|invalid option|unrecognized option/i.test(result.stderr)) continue;
      return { ok: false, reason: `lsblk failed: ${firstLine(result.stderr) || `exit code ${result.exitCode}`}` };
    }
    const tree = format.parse(result.stdout);
    return tree
      ? { ok: true, value: tree }
      : { ok: false, reason: 'lsblk printed something that is not a device list' };
  }
  return { ok: false, reason: 'lsblk rejected every output format tried' };
}

async function readText<T>(host: Host, path: string, parse: (text: string) => T): Promise<Answer<T>> {
  const file = await host.readFile(path);
  return file.status === 'ok'
    ? { ok: true, value: parse(file.text) }
    : { ok: false, reason: `${path}: ${describeFailure(file)}` };
}

async function readDmUuids(host: Host, tree: readonly BlockDevice[]): Promise<DmUuids> {
  const entries = await Promise.all(
    cryptKnames(tree).map(async (kname) => {
      const file = await host.readFile(`/sys/block/${kname}/dm/uuid`);
      return [
        kname,
        file.status === 'ok'
          ? { uuid: file.text }
          : { reason: `/sys/block/${kname}/dm/uuid: ${describeFailure(file)}` },
      ] as const;
    }),
  );
  return new Map(entries);
}

/** Why a mount has no device in lsblk's list, in words that say what to do. */
function notOnDisk(mountPoint: string, mount: Mount | undefined): string {
  if (!mount) return `${mountPoint} is not on a disk lsblk lists`;
  const where = `${mountPoint} is on ${mount.fsType} (${mount.source}), not on a disk lsblk lists`;
  if (/^(overlay|aufs|fuse-overlayfs)$/.test(mount.fsType))
    return `${where}: this looks like a container; scan the PC itself`;
  if (/^(nfs4?|cifs|smb3|9p|virtiofs)$/.test(mount.fsType))
    return `${where}: it lives on another machine; check that machine's disk`;
  return where;
}

export async function collectLinux(host: Host): Promise<ProbeOutput<DiskEncryptionFacts>> {
  const unknown: Record<string, string> = {};
  const [tree, mountsRead, swapsRead] = await Promise.all([
    readTree(host),
    readText(host, '/proc/self/mountinfo', parseMountInfo),
    readText(host, '/proc/swaps', parseProcSwaps),
  ]);
  const devices = tree.ok ? tree.value : [];
  const dmUuids = await readDmUuids(host, devices);
  // mountinfo is the truth about what is mounted where; lsblk's own list stands in when it cannot be read.
  const mounts = mountsRead.ok ? mountsRead.value : mountsFromTree(devices);
  // The last mount on a path hides the ones before it.
  const mountAt = (mountPoint: string) => mounts.filter((m) => m.mountPoint === mountPoint).at(-1);
  const judge = (chains: BlockDevice[][], otherwise: string): Encryption => {
    if (!tree.ok) return { encrypted: null, method: null, reason: tree.reason };
    return chains.length > 0 ? encryptionOf(chains, dmUuids) : { encrypted: null, method: null, reason: otherwise };
  };

  const volumeOf = (mountPoint: string) => {
    const mount = mountAt(mountPoint);
    const chains = chainsForMount(devices, mountPoint, mount?.source ?? null);
    return {
      mountPoint,
      device: mount?.source ?? chains[0]?.at(-1)?.name ?? null,
      ...judge(chains, notOnDisk(mountPoint, mount)),
    };
  };
  const root = volumeOf('/');
  const volumes = [root, ...(mountAt('/home') ? [volumeOf('/home')] : [])];
  for (const v of volumes) {
    if (!v.reason) continue;
    unknown[`volumes[${v.mountPoint}].encrypted`] = unknown[`volumes[${v.mountPoint}].method`] = v.reason;
    if (v.device === null) unknown[`volumes[${v.mountPoint}].device`] = v.reason;
  }
  if (root.reason) unknown.systemDriveEncrypted = unknown.method = unknown.protectionState = root.reason;

  let swap: DiskEncryptionFacts['swap'] = null;
  let swapEncrypted: boolean | null = null;
  if (!swapsRead.ok) {
    unknown.swap = unknown.swapEncrypted = swapsRead.reason;
  } else {
    swap = swapsRead.value.map((area) => {
      if (/^\/dev\/zram\d+$/.test(area.path))
        return { path: area.path, kind: 'zram' as const, onDisk: false, encrypted: false };
      const result =
        area.type === 'file'
          ? swapFileEncryption(area.path, mounts, devices, judge)
          : judge(chainsForDevicePath(devices, area.path), `swap device ${area.path} is not in the list lsblk printed`);
      if (result.reason) unknown[`swap[${area.path}].encrypted`] = result.reason;
      return {
        path: area.path,
        kind: area.type === 'file' ? ('file' as const) : ('partition' as const),
        onDisk: true,
        encrypted: result.encrypted,
      };
    });
    const onDisk = swap.filter((s) => s.onDisk);
    swapEncrypted = onDisk.some((s) => s.encrypted === false)
      ? false
      : onDisk.some((s) => s.encrypted === null)
        ? null
        : true;
    if (swapEncrypted === null) unknown.swapEncrypted = 'whether a swap area is encrypted could not be told (see swap)';
  }

  return {
    facts: {
      systemDriveEncrypted: root.encrypted,
      method: root.method,
      protectionState: root.encrypted === null ? null : root.encrypted ? 'on' : 'off',
      volumes: volumes.map(({ mountPoint, device, encrypted, method }) => ({ mountPoint, device, encrypted, method })),
      swap,
      swapEncrypted,
    },
    unknown,
  };
}

function mountsFromTree(devices: readonly BlockDevice[]): Mount[] {
  const mounts: Mount[] = [];
  const walk = (list: readonly BlockDevice[]) => {
    for (const d of list) {
      for (const mountPoint of d.mountpoints)
        mounts.push({ mountPoint, fsType: d.fstype ?? 'unknown', source: `/dev/${d.kname ?? d.name}` });
      walk(d.children);
    }
  };
  walk(devices);
  return mounts;
}

/** A swap file is as safe as the filesystem holding it: the mount with the longest matching mount point. */
function swapFileEncryption(
  path: string,
  mounts: readonly Mount[],
  devices: readonly BlockDevice[],
  judge: (chains: BlockDevice[][], otherwise: string) => Encryption,
): Encryption {
  const inside = (m: Mount) => m.mountPoint === '/' || path === m.mountPoint || path.startsWith(`${m.mountPoint}/`);
  const holder = mounts
    .filter(inside)
    .reduce<Mount | undefined>(
      (best, m) => (!best || m.mountPoint.length >= best.mountPoint.length ? m : best),
      undefined,
    );
  if (!holder) return { encrypted: null, method: null, reason: `no mounted filesystem holds ${path}` };
  return judge(chainsForMount(devices, holder.mountPoint, holder.source), notOnDisk(holder.mountPoint, holder));
}
