import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** Whether a thief who takes the PC or its disk can read the shop's data. */
export const diskEncryption = {
  id: 'disk_encryption',
  title: { en: 'Disk encryption', 'zh-CN': '磁盘加密' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
