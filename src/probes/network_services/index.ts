import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** The ports other PCs on the network can reach, and which of them are services that should not be reachable. */
export const networkServices = {
  id: 'network_services',
  title: { en: 'Services open to the network', 'zh-CN': '对网络开放的服务' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
