import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** Whether a backup tool is set up and when its last backup finished. */
export const backups = {
  id: 'backups',
  title: { en: 'Backups', 'zh-CN': '备份' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
