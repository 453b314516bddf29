import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** Whether a host firewall is on and turns away incoming connections nobody asked for. */
export const firewall = {
  id: 'firewall',
  title: { en: 'Firewall', 'zh-CN': '防火墙' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
