import { z } from 'zod';

export const facts = z.object({
  /**
   * A backup tool shop-audit knows is set up: Windows File History, macOS Time Machine (a destination),
   * Linux Déjà Dup (a last run recorded), Timeshift (a backup device chosen) or borg (a borgmatic configuration, or a
   * repository borg has used). False: none of them is.
   */
  configured: z.boolean().nullable(),
  /** The tool whose backup is the latest one. */
  tool: z.string().nullable(),
  /** When the latest backup finished (ISO 8601, UTC). */
  lastBackup: z.string().nullable(),
  /** Whole days from the latest backup to the scan. */
  daysSinceBackup: z.number().int().nullable(),
});

export type BackupsFacts = z.infer<typeof facts>;
