import { z } from 'zod';
import type { Probe } from '../types.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';
import { redactWindowsDocument } from '../windows/document.js';
import { redactRegQueryOutput } from '../windows/fallback-parse.js';

const facts = z.object({
  hostname: z.string().nullable(),
  /** Human-readable name, e.g. "Debian GNU/Linux 12 (bookworm)". */
  osName: z.string().nullable(),
  osVersion: z.string().nullable(),
  /** Machine-readable id, e.g. "debian", "ubuntu". */
  osId: z.string().nullable(),
  kernel: z.string().nullable(),
  /** The language the desktop is shown in, e.g. zh-CN (Linux: the locale the scan runs in). */
  displayLanguage: z.string().nullable(),
  /** Windows: what read the facts — the one PowerShell script, or reg.exe / net share / manage-bde when PowerShell could not run. */
  windowsFactsFrom: z.enum(['powershell', 'fallback']).nullable(),
});
export type SystemFacts = z.infer<typeof facts>;

/** What PC this is: shown at the top of every report. If even this cannot be read, the scan could not run. */
export const system = {
  id: 'system',
  title: { en: 'System', 'zh-CN': '系统信息' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
  // Every Windows probe shares the one PowerShell document (or, without PowerShell, reg.exe's output);
  // the system probe always runs, so it guards both.
  redact: (kind, key, text) => {
    const command = kind === 'command' ? key.toLowerCase() : '';
    return command.includes('powershell.exe') ? redactWindowsDocument(text) : command.includes('\\reg.exe ') ? redactRegQueryOutput(text) : text;
  },
} satisfies Probe<typeof facts>;
