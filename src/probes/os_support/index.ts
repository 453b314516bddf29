import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** Whether the operating system still gets security updates, and whether it gets them installed. */
export const osSupport = {
  id: 'os_support',
  title: { en: 'Operating system support and updates', 'zh-CN': '操作系统支持期与更新' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
