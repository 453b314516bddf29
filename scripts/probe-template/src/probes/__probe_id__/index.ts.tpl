import type { Probe } from '../types.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos } from './macos.js';
import { collectWindows } from './windows.js';

/** What this probe tells about the PC, in one sentence the report's reader understands. */
export const __probeName__ = {
  id: '__probe_id__',
  title: { en: '__probe_id__ (English title)', 'zh-CN': '__probe_id__（中文标题）' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
} satisfies Probe<typeof facts>;
