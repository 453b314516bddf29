import { z } from 'zod';

export const facts = z.object({
  /**
   * root / the built-in administrator and every account a person logs in with; null when the account list
   * cannot be read.
   */
  accounts: z
    .array(
      z.object({
        name: z.string().nullable(),
        /** 'admin' for root (uid 0) or Windows RID 500, 'guest' for Windows RID 501, else 'none'. */
        builtin: z.enum(['admin', 'guest', 'none']).nullable(),
        /** 'set', 'empty' (logs in with no password), or 'locked' (no password login possible). */
        password: z.enum(['set', 'empty', 'locked']).nullable(),
      }),
    )
    .nullable(),
  /**
   * Whether each account that can log in with a password uses one of the commonest passwords in China
   * (common-passwords.json) or its own name. Linux (root): its hash in /etc/shadow is compared, no logon is
   * made. Windows and macOS (--deep only): logon tries, never so many that the lockout threshold comes
   * within LOCKOUT_MARGIN. Null when no account could be checked (the reason says why).
   */
  commonPasswords: z
    .array(
      z.object({
        name: z.string(),
        /** true: a candidate is its password; false: none of them is (or it has no password login). */
        common: z.boolean().nullable(),
        /** Logon tries shop-audit made on the account (each a failed logon for Windows and macOS); 0 on Linux. */
        tries: z.number().int().nullable(),
      }),
    )
    .nullable(),
  /** The PC logs an account in at start-up without asking for a password. */
  autoLogin: z.object({
    enabled: z.boolean().nullable(),
    /** The account logged in automatically; null when auto-login is off. */
    user: z.string().nullable(),
    /** Where auto-login is switched on (a config file, a registry value); null when it is off. */
    source: z.string().nullable(),
    /**
     * A password for auto-login is kept on disk (Windows Winlogon DefaultPassword, macOS
     * /etc/kcpassword) — only whether it exists, never its value. Linux display managers keep none.
     */
    passwordStored: z.boolean().nullable(),
  }),
  /** The built-in guest account (Windows RID 501, macOS Guest User) can log in. Linux has none. */
  guestEnabled: z.boolean().nullable(),
  /**
   * Windows' built-in Administrator (RID 500) can log in. Windows ships it disabled; its name is
   * known to every attacker. (Linux's extra uid-0 accounts are in `accounts`, builtin 'admin'.)
   */
  builtinAdminEnabled: z.boolean().nullable(),
});

export type LoginPasswordFacts = z.infer<typeof facts>;
