import type { Probe } from '../types.js';
import { redactWevtutilEvent } from '../windows/fallback-parse.js';
import { facts } from './facts.js';
import { collectLinux } from './linux.js';
import { collectMacos, LAST } from './macos.js';
import { redactLast } from './parse.js';
import { collectWindows } from './windows.js';

/** How far back the PC's logs reach (the oldest entry they still hold), and how they are kept. */
export const logsKept = {
  id: 'logs_kept',
  title: { en: 'Logs kept', 'zh-CN': '日志留存' },
  facts,
  collect: { linux: collectLinux, macos: collectMacos, windows: collectWindows },
  redact: (kind, key, text) => {
    if (kind !== 'command') return text;
    if (/(^|\\)wevtutil\.exe qe\b/i.test(key)) return redactWevtutilEvent(text);
    if (key === LAST) return redactLast(text);
    return key.includes('journalctl') ? redactJournalHeader(text) : text;
  },
} satisfies Probe<typeof facts>;

/** `journalctl --header` names the machine, boot and files by 128-bit ids: a bundle keeps none of them. */
export function redactJournalHeader(text: string): string {
  return text.replace(/\b[0-9a-f]{32}\b/g, '(id removed)');
}
