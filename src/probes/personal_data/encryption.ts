import path from 'node:path';
import { describeFailure, type Host } from '../../host/types.js';
import { parseMountInfo, type Mount } from '../linux/parse.js';
import { MACOS_TOOL, run } from '../macos/commands.js';
import { parseFdesetupStatus } from '../macos/parse.js';
import type { CollectOptions } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';

// Whether a file lies on a volume encrypted at rest. The disk_encryption probe judges the PC's
// volumes for its own rules; a rule sees one probe's facts, so this probe answers per file itself,
// from the same sources (mountinfo and device-mapper, BitLocker, FileVault) through the shared
// readers, never through that probe's collector.

export type Encrypted = { value: boolean } | { reason: string };
export type VolumeJudge = (file: string) => Promise<Encrypted>;

export async function volumeJudge(host: Host, options: CollectOptions | undefined): Promise<VolumeJudge> {
  if (host.os === 'windows') return windowsJudge(host, options);
  if (host.os === 'macos') return macosJudge(host);
  return linuxJudge(host);
}

/** BitLocker protection on and the volume fully encrypted; suspended or half-converted is not protection. */
export function bitLockerProtects(v: {
  conversionStatus: number | null;
  protectionStatus: number | null;
}): boolean | null {
  if (v.conversionStatus === null) return null;
  return v.conversionStatus === 1 && v.protectionStatus === 1;
}

async function windowsJudge(host: Host, options: CollectOptions | undefined): Promise<VolumeJudge> {
  const a = await windowsAnswers(host, ['systemDrive', 'bitLockerVolumes', 'bitLockerShell'], options);
  const systemDrive = a.systemDrive.ok ? a.systemDrive.value.toUpperCase() : null;
  return async (file) => {
    const drive = /^[A-Za-z]:/.exec(file)?.[0].toUpperCase();
    if (!drive) return { reason: 'not on a drive letter (a network share?)' };
    if (a.bitLockerVolumes.ok) {
      const volume = a.bitLockerVolumes.value.find((v) => v.driveLetter?.toUpperCase() === drive);
      const judged = volume ? bitLockerProtects(volume) : null;
      if (judged !== null) return { value: judged };
    }
    // Without administrator the shell property tells on (1) / off (2) / suspended (5), for the system drive only.
    if (
      drive === systemDrive &&
      a.bitLockerShell.ok &&
      a.bitLockerShell.value !== null &&
      [1, 2, 5].includes(a.bitLockerShell.value)
    ) {
      return { value: a.bitLockerShell.value === 1 };
    }
    return { reason: a.bitLockerVolumes.ok ? `BitLocker reports nothing for ${drive}` : a.bitLockerVolumes.reason };
  };
}

async function macosJudge(host: Host): Promise<VolumeJudge> {
  const fde = await run(host, MACOS_TOOL.fdesetup, ['status']);
  const state = fde.ok ? parseFdesetupStatus(fde.value.stdout) : null;
  return async (file) => {
    // FileVault protects the startup disk's data volume, where /Users lives; other disks are not its business.
    if (!file.startsWith('/Users/')) return { reason: 'not on the startup disk: FileVault does not cover it' };
    if (state === null) return { reason: fde.ok ? 'fdesetup status printed no FileVault state' : fde.reason };
    return { value: state === 'on' };
  };
}

/** The mount holding a path: the longest mount point that is a prefix; the last mounted wins. */
export function mountOf(mounts: readonly Mount[], file: string): Mount | null {
  let best: Mount | null = null;
  for (const m of mounts) {
    const inside = m.mountPoint === '/' || file === m.mountPoint || file.startsWith(`${m.mountPoint}/`);
    if (inside && (!best || m.mountPoint.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

async function linuxJudge(host: Host): Promise<VolumeJudge> {
  const info = await host.readFile('/proc/self/mountinfo');
  const mounts = info.status === 'ok' ? parseMountInfo(info.text) : null;
  const cache = new Map<string, Encrypted>();
  return async (file) => {
    if (!mounts)
      return { reason: `/proc/self/mountinfo: ${describeFailure(info as Exclude<typeof info, { status: 'ok' }>)}` };
    const mount = mountOf(mounts, file);
    if (!mount) return { reason: 'on no mount listed in /proc/self/mountinfo' };
    const known = cache.get(mount.source);
    if (known) return known;
    const judged = await deviceEncrypted(host, mount);
    cache.set(mount.source, judged);
    return judged;
  };
}

/** A block device is encrypted when it, or a device under it (LVM on LUKS), is a dm-crypt mapping (dm uuid CRYPT-…). */
async function deviceEncrypted(host: Host, mount: Mount): Promise<Encrypted> {
  if (!mount.source.startsWith('/dev/'))
    return { reason: `${mount.mountPoint} is on ${mount.fsType} (${mount.source}), not on a local disk` };
  let kname = path.posix.basename(mount.source);
  const link = await host.stat(mount.source);
  if (link.status === 'ok' && link.kind === 'symlink' && link.linkTarget) kname = path.posix.basename(link.linkTarget);
  const seen = new Set<string>();
  const visit = async (name: string): Promise<boolean | null> => {
    if (seen.has(name) || seen.size > 32) return false;
    seen.add(name);
    if (!name.startsWith('dm-')) return false;
    const uuid = await host.readFile(`/sys/class/block/${name}/dm/uuid`);
    if (uuid.status !== 'ok') return null;
    if (uuid.text.startsWith('CRYPT-')) return true;
    const slaves = await host.listDir(`/sys/class/block/${name}/slaves`);
    if (slaves.status !== 'ok') return null;
    let answer: boolean | null = false;
    for (const s of slaves.entries) {
      const below = await visit(s);
      if (below) return true;
      if (below === null) answer = null;
    }
    return answer;
  };
  const encrypted = await visit(kname);
  return encrypted === null
    ? { reason: `could not read the device-mapper tables under /sys/class/block/${kname}` }
    : { value: encrypted };
}
