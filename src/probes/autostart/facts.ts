import { z } from 'zod';

export const ENTRY_KINDS = [
  'run-key',
  'service',
  'scheduled-task',
  'startup-folder',
  'print-monitor',
  'print-processor',
  'launch-daemon',
  'launch-agent',
  'login-item',
  'systemd-unit',
  'xdg-autostart',
  'cron-reboot',
] as const;

const entry = z.object({
  /** Stable across scans (compare matches entries by it): `<kind>:<where it is declared>`. */
  id: z.string(),
  kind: z.enum(ENTRY_KINDS),
  /** What the owner sees: the entry's name and the program it starts. */
  name: z.string(),
  /** The program file it starts (never its arguments, which can carry passwords); null when not told. */
  program: z.string().nullable(),
  /**
   * Who made the program, as its file says (Windows: CompanyName, not a verified signature; macOS login items: the
   * developer and team of the code signature, as macOS read it); null when not read.
   */
  publisher: z.string().nullable(),
});

const printExtension = z.object({
  /** `print-monitor:<name>` or `print-processor:<environment>\<name>`. */
  id: z.string(),
  kind: z.enum(['print-monitor', 'print-processor']),
  name: z.string(),
  /** The DLL the print spooler loads (its Driver value). */
  driver: z.string().nullable(),
  /** The same name and DLL as one that Windows itself installs (windows-shipped.json). */
  shipped: z.boolean(),
});

export const facts = z.object({
  /**
   * What starts by itself and did not come with the operating system: Run keys, automatic services and
   * scheduled tasks that are not Windows' own, Startup folders, print add-ons; launchd jobs, login items; systemd units
   * not shipped by a package, XDG autostart entries, cron @reboot lines.
   */
  thirdParty: z.array(entry).nullable(),
  /** Windows: every print monitor and print processor, with whether Windows ships it. */
  printExtensions: z.array(printExtension).nullable(),
});

export type AutostartFacts = z.infer<typeof facts>;
export type AutostartEntry = z.infer<typeof entry>;
export type PrintExtension = z.infer<typeof printExtension>;
