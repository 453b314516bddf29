import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';
import { redactDesktopEntry } from '../linux/desktop-entry.js';

/** Who can reach this PC from elsewhere: the SSH server and remote-desktop / remote-support tools. */
export const remoteAccess = {
  id: 'remote_access',
  title: { en: 'Remote access', 'zh-CN': '远程访问' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
  redact: (kind, key, text) => (kind === 'file' && key.endsWith('.desktop') ? redactDesktopEntry(text) : text),
} satisfies Probe<typeof facts>;
