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
