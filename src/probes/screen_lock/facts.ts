import { z } from 'zod';

export const facts = z.object({
  /**
   * A graphical desktop, a graphical login screen or a display server (X, a Wayland compositor) is installed;
   * without one there is no screen to lock.
   */
  hasDesktop: z.boolean().nullable(),
  /** The screen saver / screen blank starts by itself when the PC is left idle. */
  enabled: z.boolean().nullable(),
  /** Getting back to the desktop after it asks for the password. */
  requiresPassword: z.boolean().nullable(),
  /** Seconds of idleness until the screen is locked with the password (including any grace period); 0 = never. */
  idleSeconds: z.number().int().nullable(),
  /** Where the values came from: the desktop and its settings store or files, policy or user settings. */
  source: z.string().nullable(),
  /**
   * Windows only (absent elsewhere): waking the PC from sleep asks for the password (the power
   * setting "Require a password on wakeup", CONSOLELOCK, or "If you've been away" set to Never).
   */
  signInOnWake: z.boolean().nullable().optional(),
  /** Where signInOnWake came from: the power policy, the active power scheme or its default, or the user's setting. */
  signInOnWakeSource: z.string().nullable().optional(),
});

export type ScreenLockFacts = z.infer<typeof facts>;
