import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** USB sticks: whether removable storage is blocked, read-only or without its programs, or scanned when opened. */
export const usbStorage = {
  id: 'usb_storage',
  title: { en: 'USB sticks', 'zh-CN': 'U 盘' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
