import { DEFAULT_COLLECT_OPTIONS, REASON, type Collector, unreadFacts } from '../types.js';
import { answerPath, runWindowsScript, windowsAnswers } from '../windows/answers.js';
import type { AnswerOf } from '../windows/document.js';
import { type DiskEncryptionFacts, facts as schema } from './facts.js';

type Volume = AnswerOf<'bitLockerVolumes'>[number];
type Protection = DiskEncryptionFacts['protectionState'];
interface VolumeState {
  encrypted: boolean | null;
  protectionState: Protection;
}

/**
 * Win32_EncryptableVolume (administrator): ConversionStatus 0 fully decrypted, 1 fully encrypted,
 * 2 encrypting, 3 decrypting, 4 encryption paused, 5 decryption paused; ProtectionStatus 0 off,
 * 1 on, 2 unknown. Fully encrypted with protection off is suspended: the key lies in the clear.
 */
export function bitLockerVolumeState(v: Pick<Volume, 'conversionStatus' | 'protectionStatus'>): VolumeState {
  switch (v.conversionStatus) {
    case 0:
      return { encrypted: false, protectionState: 'off' };
    case 1:
      return {
        encrypted: true,
        protectionState: v.protectionStatus === 1 ? 'on' : v.protectionStatus === 0 ? 'suspended' : null,
      };
    case 2:
    case 4:
      return { encrypted: false, protectionState: 'encrypting' };
    case 3:
    case 5:
      return { encrypted: true, protectionState: 'decrypting' };
    default:
      return { encrypted: null, protectionState: null };
  }
}

/**
 * The System.Volume.BitLockerProtection shell property, readable without administrator: 1 on, 2 off, 5
 * suspended; other values are not documented.
 */
export function shellBitLockerState(value: number | null): VolumeState {
  if (value === 1) return { encrypted: true, protectionState: 'on' };
  if (value === 2) return { encrypted: false, protectionState: 'off' };
  if (value === 5) return { encrypted: true, protectionState: 'suspended' };
  return { encrypted: null, protectionState: null };
}

const methodOf = (encrypted: boolean | null, protection: Protection) =>
  encrypted === null ? null : encrypted || protection === 'encrypting' ? 'bitlocker' : 'none';

export const collectWindows: Collector<DiskEncryptionFacts> = async (host, options) => {
  const a = await windowsAnswers(host, ['systemDrive', 'bitLockerVolumes', 'bitLockerShell', 'pageFiles'], options);
  const unknown: Record<string, string> = {};
  const facts: DiskEncryptionFacts = unreadFacts(schema);
  const systemDrive = a.systemDrive.ok ? a.systemDrive.value.toUpperCase() : 'C:';
  const volumesFrom = answerPath(await runWindowsScript(host, options ?? DEFAULT_COLLECT_OPTIONS), [
    'bitLockerVolumes',
  ]);
  let system: VolumeState | null = null;
  let why = '';
  if (a.bitLockerVolumes.ok) {
    // The OS volume (VolumeType 0) and fixed data volumes (1); removable drives (2) leave the shop with their owner.
    // A volume whose type was not read (manage-bde's label in another language) may be a fixed disk: it stays.
    const isSystem = (v: (typeof a.bitLockerVolumes.value)[number]) => v.driveLetter?.toUpperCase() === systemDrive;
    const volumes = a.bitLockerVolumes.value.filter((v) => v.volumeType !== 2 || isSystem(v));
    facts.volumes = volumes.map((v) => {
      const mountPoint = v.driveLetter ?? v.deviceId ?? '?';
      const read = bitLockerVolumeState(v);
      const typeUnread = v.volumeType !== 0 && v.volumeType !== 1 && !isSystem(v) && read.encrypted === false;
      const state = typeUnread ? { ...read, encrypted: null } : read;
      if (typeUnread)
        for (const f of ['encrypted', 'method'])
          unknown[`volumes[${mountPoint}].${f}`] =
            `${mountPoint} is not encrypted, and whether it is a fixed disk or a removable one was not read`;
      if (v.driveLetter === null) unknown[`volumes[${mountPoint}].mountPoint`] = 'the volume has no drive letter';
      if (v.deviceId === null) unknown[`volumes[${mountPoint}].device`] = 'Windows gave no volume id';
      if (state.encrypted === null && !typeUnread)
        for (const f of ['encrypted', 'method'])
          unknown[`volumes[${mountPoint}].${f}`] =
            v.unknownState ?? `BitLocker conversion status ${v.conversionStatus ?? 'missing'}`;
      return {
        mountPoint: v.driveLetter,
        device: v.deviceId,
        encrypted: state.encrypted,
        method: methodOf(state.encrypted, state.protectionState),
      };
    });
    const os =
      a.bitLockerVolumes.value.find((v) => v.driveLetter?.toUpperCase() === systemDrive) ??
      a.bitLockerVolumes.value.find((v) => v.volumeType === 0);
    if (os) system = bitLockerVolumeState(os);
    // The fallback asked manage-bde, not the CIM class: name what was asked.
    const lister = volumesFrom === 'powershell' ? 'Win32_EncryptableVolume' : 'manage-bde -status';
    why = os
      ? (os.unknownState ??
        `BitLocker status of ${systemDrive}: conversion ${os.conversionStatus ?? 'missing'}, protection ` +
          `${os.protectionStatus ?? 'missing'}`)
      : `${lister} lists no ${systemDrive}`;
  } else {
    unknown.volumes = a.bitLockerVolumes.reason;
  }
  // Without administrator the shell property still tells on / off / suspended for the system drive.
  if (system === null || system.encrypted === null) {
    if (a.bitLockerShell.ok) {
      system = shellBitLockerState(a.bitLockerShell.value);
      why =
        `the shell property System.Volume.BitLockerProtection ` +
        `of ${systemDrive} is ${a.bitLockerShell.value ?? 'empty'}`;
    } else {
      why = a.bitLockerVolumes.ok ? why : a.bitLockerShell.reason;
    }
  }
  if (system && system.encrypted !== null) {
    facts.systemDriveEncrypted = system.encrypted;
    facts.method = methodOf(system.encrypted, system.protectionState);
  } else {
    unknown.systemDriveEncrypted = unknown.method = why;
  }
  if (system?.protectionState) facts.protectionState = system.protectionState;
  else unknown.protectionState = why;

  if (a.pageFiles.ok) {
    const onSystem = (p: string) => p.toUpperCase().startsWith(`${systemDrive}\\`);
    facts.swap = a.pageFiles.value.map((path) => {
      const enc = onSystem(path)
        ? facts.systemDriveEncrypted
        : (facts.volumes?.find((v) => v.mountPoint && path.toUpperCase().startsWith(`${v.mountPoint.toUpperCase()}\\`))
            ?.encrypted ?? null);
      if (enc === null)
        unknown[`swap[${path}].encrypted`] = onSystem(path)
          ? (unknown.systemDriveEncrypted ?? why)
          : a.bitLockerVolumes.ok
            ? 'its drive is not listed'
            : REASON.needsAdmin;
      return { path, kind: 'file' as const, onDisk: true, encrypted: enc };
    });
    const states = facts.swap.map((s) => s.encrypted);
    facts.swapEncrypted = states.includes(false) ? false : states.includes(null) ? null : true;
    if (facts.swapEncrypted === null)
      unknown.swapEncrypted = 'a page file sits on a drive whose encryption could not be read';
  } else {
    unknown.swap = unknown.swapEncrypted = a.pageFiles.reason;
  }
  return { facts, unknown, readWith: a.readWith };
};
