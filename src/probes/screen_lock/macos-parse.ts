/**
 * `sysadminctl -screenLock status` (macOS 10.13+; it writes to stderr behind an NSLog prefix such as
 * `2026-06-12 20:21:23.188 sysadminctl[47579:299483] `): seconds between the screen saver or
 * display sleep and the password prompt, or null when no password is asked ("screenLock is off";
 * some releases say "delay is -1 seconds"). undefined when the text is none of these.
 */
export function parseScreenLockStatus(text: string): { passwordAfterSeconds: number | null } | undefined {
  if (/\bscreenLock is off\b/.test(text)) return { passwordAfterSeconds: null };
  if (/\bscreenLock delay is immediate\b/.test(text)) return { passwordAfterSeconds: 0 };
  const m = /\bscreenLock delay is (-?\d+)(?:\.\d+)? seconds?\b/.exec(text);
  if (!m) return undefined;
  const seconds = Number(m[1]);
  return { passwordAfterSeconds: seconds < 0 ? null : seconds };
}

/**
 * `pmset -g`: minutes until the display sleeps (`displaysleep`, 0 = never) and the programs that hold it
 * on right now: pmset adds "(display sleep prevented by A, B)" while a program holds a
 * PreventUserIdleDisplaySleep assertion (caffeinate -d, Amphetamine, remote-control and video apps), and
 * the display then never sleeps by itself.
 */
export function parsePmsetDisplaySleep(text: string): { minutes: number; heldOnBy: string[] } | null {
  const m = /^\s*displaysleep\s+(\d+)\b(?:\s*\(display sleep prevented by ([^)]*)\))?/m.exec(text);
  if (!m) return null;
  const heldOnBy = (m[2] ?? '').split(',').map((name) => name.trim());
  return { minutes: Number(m[1]), heldOnBy: heldOnBy.filter(Boolean) };
}

/**
 * `pmset -g custom`: the display sleep minutes of each power source ("Battery Power:", "AC Power:",
 * "UPS Power:" sections), 0 = never; null when no section has a displaysleep line. `pmset -g` shows only
 * the source in use, so a laptop scanned on battery would hide what it does on the adapter.
 */
export function parsePmsetCustomDisplaySleep(text: string): number[] | null {
  const minutes: number[] = [];
  for (const section of text.split(/^(?=\S[^\n]*Power:\s*$)/m)) {
    if (!/^\S[^\n]*Power:\s*$/m.test(section.split('\n')[0] ?? '')) continue;
    const m = /^\s+displaysleep\s+(\d+)\s*$/m.exec(section);
    if (m) minutes.push(Number(m[1]));
  }
  return minutes.length > 0 ? minutes : null;
}

/** `defaults -currentHost read com.apple.screensaver idleTime`: seconds until the screen saver starts, 0 = never. */
export function parseIdleTime(text: string): number | null {
  const m = /^\s*(\d+)\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}
