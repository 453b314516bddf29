import type { Probe } from '../types.js';
import { hashMachineId } from '../tools.js';
import { facts } from './facts.js';
import { collectLinux, MACHINE_ID_FILES } from './linux.js';
import { collectMacos, IOREG_PLATFORM_COMMAND } from './macos.js';
import { redactIoregPlatformDevice } from './macos-parse.js';
import { collectWindows } from './windows.js';
import { redactWindowsDocument } from '../windows/document.js';
import { redactNetUserOutput, redactRegQueryOutput } from '../windows/fallback-parse.js';

/** What PC this is: shown at the top of every report. If even this cannot be read, the scan could not run. */
export const system = {
  id: 'system',
  title: { en: 'System', 'zh-CN': '系统信息' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
  // Every Windows probe shares the one PowerShell document (or, without PowerShell, reg.exe's output);
  // the system probe always runs, so it guards both. Machine identities are kept hashed only.
  redact: (kind, key, text) => {
    const command = kind === 'command' ? key.toLowerCase() : '';
    if (kind === 'file' && MACHINE_ID_FILES.includes(key)) return `hashed:${hashMachineId(text) ?? ''}\n`;
    if (kind === 'command' && key === IOREG_PLATFORM_COMMAND) return redactIoregPlatformDevice(text);
    return command.includes('powershell.exe')
      ? redactWindowsDocument(text)
      : command.includes('\\reg.exe ')
        ? redactRegQueryOutput(text)
        : command.includes('\\net.exe user ')
          ? redactNetUserOutput(text)
          : text;
  },
} satisfies Probe<typeof facts>;
