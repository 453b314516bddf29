import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** The security of the wireless network the PC is on (never its name or password). */
export const wifi = {
  id: 'wifi',
  title: { en: 'Wi-Fi network', 'zh-CN': '无线网络' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
