import { hashMachineId } from '../tools.js';

/**
 * `ioreg -rd1 -c IOPlatformExpertDevice`: the platform device's properties, one `"key" = value` a
 * line. The Mac's hardware UUID (the one "About This Mac" shows) is the `"IOPlatformUUID" = "…"`
 * line; null when there is none.
 */
export function parseIoregPlatformUuid(text: string): string | null {
  return /^\s*"IOPlatformUUID" = "([^"\n]+)"\s*$/m.exec(text)?.[1] ?? null;
}

/**
 * What a --record bundle keeps of that output: every property line is left out (serial numbers
 * among them) but the UUID's, whose UUID is hashed; an all-zero UUID names no Mac and stays. The
 * device's header line and any error message stay.
 */
export function redactIoregPlatformDevice(text: string): string {
  const kept = text.split('\n').flatMap((line) => {
    if (!/^\s*"[^"]*" = /.test(line)) return [line];
    const uuid = parseIoregPlatformUuid(line);
    const hash = uuid === null ? null : hashMachineId(uuid);
    return uuid === null ? [] : [line.replace(uuid, hash === null ? uuid : `hashed:${hash}`)];
  });
  return kept.join('\n');
}

/**
 * `defaults read -g AppleLanguages`: an old-style plist array, `(\n    "zh-Hans-CN",\n    en\n)`.
 * The first entry is the language the Mac is shown in; the script subtag is left out (zh-Hans-CN -> zh-CN).
 */
export function parseAppleLanguages(text: string): string | null {
  const body = /^\s*\(([\s\S]*)\)\s*$/.exec(text)?.[1];
  const first = body
    ?.split(',')
    .map((item) => item.trim().replace(/^"(.*)"$/, '$1'))
    .find(Boolean);
  return first ? first.replace(/-(Hans|Hant|Latn|Cyrl)(?=-|$)/, '') : null;
}

/**
 * `sysctl hw.optional.arm64`: "hw.optional.arm64: 1" on Apple silicon, even for a program run
 * under Rosetta (where `uname -m` says x86_64). Intel Macs have no such key: sysctl exits 1 with
 * "unknown oid 'hw.optional.arm64'". Anything else is not an answer.
 */
export function parseArm64Capability(exitCode: number, stdout: string, stderr: string): 'arm64' | 'x86_64' | null {
  const value = /^hw\.optional\.arm64:\s*([01])\s*$/m.exec(stdout)?.[1];
  if (exitCode === 0 && value) return value === '1' ? 'arm64' : 'x86_64';
  if (exitCode !== 0 && /unknown oid 'hw\.optional\.arm64'/.test(stderr)) return 'x86_64';
  return null;
}

/**
 * `profiles status -type enrollment` (macOS 10.13.4 and later): "Enrolled via DEP: Yes|No" and
 * "MDM enrollment: No", "Yes" or "Yes (User Approved)", then the MDM server's address, which is
 * not kept. null when the MDM line is missing; viaDep null when its line is.
 */
export function parseProfilesEnrollment(text: string): { enrolled: boolean; viaDep: boolean | null } | null {
  const answer = (label: string) => new RegExp(`^${label}:\\s*(Yes|No)\\b`, 'm').exec(text)?.[1];
  const mdm = answer('MDM enrollment');
  if (!mdm) return null;
  const dep = answer('Enrolled via DEP');
  return { enrolled: mdm === 'Yes', viaDep: dep ? dep === 'Yes' : null };
}

/** `stat -f %u /dev/console`: the uid that owns the console (0 while the login window shows). */
export function parseConsoleOwnerUid(text: string): number | null {
  const uid = text.trim();
  return /^\d+$/.test(uid) ? Number(uid) : null;
}

/** The admin group of every Mac; by number, as group names could in principle be changed. */
const ADMIN_GID = 80;

/**
 * `id USER`: `uid=501(name) gid=20(staff) groups=20(staff),12(everyone),80(admin),...`.
 * The account's name, and whether it is in the admin group.
 */
export function parseIdOutput(text: string): { uid: number; name: string; admin: boolean } | null {
  const m = /^uid=(\d+)\(([^)]+)\)\s+gid=\d+\([^)]*\)\s+groups=(\S+)\s*$/.exec(text.trim());
  if (!m) return null;
  const gids = m[3]!.split(',').map((group) => Number(/^(\d+)\(/.exec(group)?.[1] ?? NaN));
  return { uid: Number(m[1]), name: m[2]!, admin: gids.includes(ADMIN_GID) };
}
