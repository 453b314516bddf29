import { z } from 'zod';

export const facts = z.object({
  hostname: z.string().nullable(),
  /** Human-readable name, e.g. "Debian GNU/Linux 12 (bookworm)". */
  osName: z.string().nullable(),
  osVersion: z.string().nullable(),
  /** Machine-readable id, e.g. "debian", "ubuntu". */
  osId: z.string().nullable(),
  kernel: z.string().nullable(),
  /** The language the desktop is shown in, e.g. zh-CN (Linux: the locale the scan runs in). */
  displayLanguage: z.string().nullable(),
  /**
   * Windows: what read the facts — the one PowerShell script, reg.exe / net / netsh / manage-bde when
   * PowerShell could not run, or both (`mixed`: PowerShell was stopped half-way and the tools read the rest).
   */
  windowsFactsFrom: z.enum(['powershell', 'fallback', 'mixed']).nullable(),
  /** The processor's architecture, e.g. arm64 (Apple silicon), x86_64. Read on macOS so far. */
  architecture: z.string().nullable(),
  /** Who is signed in at the screen (macOS: the owner of /dev/console). */
  consoleUser: z.string().nullable(),
  /** That account is an administrator (macOS: member of the admin group). */
  consoleUserAdmin: z.boolean().nullable(),
  /**
   * Enrolled in an organisation's device management (MDM), which can enforce settings and install software
   * (macOS: `profiles status -type enrollment`).
   */
  mdmEnrolled: z.boolean().nullable(),
  /**
   * Enrolled by Apple's Device Enrollment Program (DEP, Automated Device Enrollment): the Mac is registered
   * to an organisation, usually since it was bought.
   */
  mdmEnrolledViaDep: z.boolean().nullable(),
  /**
   * The machine identity, hashed (hashMachineId): Linux /etc/machine-id, Windows MachineGuid, macOS
   * IOPlatformUUID. Never the identity itself.
   */
  machineIdHash: z.string().nullable(),
});
export type SystemFacts = z.infer<typeof facts>;

/** Facts only the macOS side reads yet; elsewhere they are unknown with MACOS_ONLY_REASON. */
export const MACOS_ONLY = [
  'architecture',
  'consoleUser',
  'consoleUserAdmin',
  'mdmEnrolled',
  'mdmEnrolledViaDep',
] as const;
export const MACOS_ONLY_REASON = 'read on macOS only so far';
