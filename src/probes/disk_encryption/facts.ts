import { z } from 'zod';

/**
 * How a volume is encrypted. Linux: `luks`, `dm-crypt-plain` (dm-crypt without a LUKS header),
 * `dm-crypt` (another dm-crypt format such as VeraCrypt, or one that could not be told apart);
 * Windows: `bitlocker`; macOS: `filevault`; `none` when nothing encrypts it.
 */
const method = z.enum(['none', 'luks', 'dm-crypt-plain', 'dm-crypt', 'bitlocker', 'filevault']);

export const facts = z.object({
  /** The volume the operating system lives on (Linux `/`, Windows C:, the macOS system volume) is encrypted. */
  systemDriveEncrypted: z.boolean().nullable(),
  method: method.nullable(),
  /**
   * Whether the protection works now: `on` (encrypted, key protected), `off`, `suspended` (BitLocker:
   * encrypted but the key lies in the clear), `encrypting` / `decrypting` (conversion under way).
   * Linux: an open dm-crypt mapping is `on`.
   */
  protectionState: z.enum(['on', 'off', 'suspended', 'encrypting', 'decrypting']).nullable(),
  /** The system volume and other volumes holding user data (Linux: `/home` when it is a separate filesystem). */
  volumes: z
    .array(
      z.object({
        mountPoint: z.string().nullable(),
        /** What the volume is mounted from, e.g. /dev/mapper/vg-root. */
        device: z.string().nullable(),
        encrypted: z.boolean().nullable(),
        method: method.nullable(),
      }),
    )
    .nullable(),
  /** Every swap area or page file. Memory pushed out to a disk can hold passwords and customer data. */
  swap: z
    .array(
      z.object({
        path: z.string().nullable(),
        kind: z.enum(['partition', 'file', 'zram']).nullable(),
        /** false for compressed swap in memory (zram), which never reaches a disk. */
        onDisk: z.boolean().nullable(),
        encrypted: z.boolean().nullable(),
      }),
    )
    .nullable(),
  /** Every swap area on a disk is encrypted (true also when no swap is on a disk). */
  swapEncrypted: z.boolean().nullable(),
});
export type DiskEncryptionFacts = z.infer<typeof facts>;
