import { z } from 'zod';

export const facts = z.object({
  /** AutoRun never runs the commands of a drive's autorun.inf by itself, on any kind of drive. */
  autorunOff: z.boolean().nullable(),
  /** Where autorunOff comes from: a policy value (machine or user), or the Windows default. */
  autorunSource: z.string().nullable(),
  /** AutoPlay neither offers nor starts anything when a USB stick, disc or phone is plugged in. */
  autoplayOff: z.boolean().nullable(),
  /** Where autoplayOff comes from: the "Turn off AutoPlay" policy or the user's AutoPlay switch. */
  autoplaySource: z.string().nullable(),
  /** The NoDriveTypeAutoRun bit mask Windows applies (0xFF: every kind of drive; Windows' default 0x91 when unset). */
  noDriveTypeAutoRun: z.number().int().nullable(),
});

export type AutorunFacts = z.infer<typeof facts>;
