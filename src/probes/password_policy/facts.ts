import { z } from 'zod';

export const facts = z.object({
  /** The shortest password the system accepts when one is set or changed; 0 = any length, even empty. */
  minLength: z.number().int().nullable(),
  /**
   * Days until a password must be changed; 0 = never expires. On Linux the default for accounts
   * created from now on (/etc/login.defs); existing accounts keep their own in /etc/shadow.
   */
  maxAgeDays: z.number().int().nullable(),
  /** Failed logins after which the account is locked; 0 = never locked. */
  lockoutThreshold: z.number().int().nullable(),
  /** Minutes a locked account stays locked; 0 = until an administrator unlocks it. */
  lockoutMinutes: z.number().int().nullable(),
  /** How many earlier passwords cannot be used again; 0 = none. */
  historyLength: z.number().int().nullable(),
});

export type PasswordPolicyFacts = z.infer<typeof facts>;
