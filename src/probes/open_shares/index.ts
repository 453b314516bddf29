import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** Folders this PC shares on the network, and who can open them. */
export const openShares = {
  id: 'open_shares',
  title: { en: 'Shared folders', 'zh-CN': '共享文件夹' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
