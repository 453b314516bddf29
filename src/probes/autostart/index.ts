import { MACOS_TOOL } from '../macos/commands.js';
import type { Probe } from '../types.js';
import { redactSchtasksCsv } from '../windows/fallback-parse.js';
import { facts } from './facts.js';
import { redactBtmDump } from './btm.js';
import { collectLinux, CRONTABS, ETC_UNITS } from './linux.js';
import { collectMacos } from './macos.js';
import { redactCrontab, redactPlist, redactUnit } from './parse.js';
import { collectWindows } from './windows.js';

const UNIT_FILE = /\.(service|socket|timer|path|mount|automount|swap|target|device|scope|slice)$/;

/**
 * Crontabs, unit files, launchd plists, schtasks' task list and sfltool's login items keep only the programs they
 * start: arguments can carry passwords.
 */
function redact(kind: 'file' | 'command', key: string, text: string): string {
  if (kind === 'command' && key === `${MACOS_TOOL.sfltool} dumpbtm`) return redactBtmDump(text);
  if (kind === 'command') return /(^|\\)schtasks\.exe \/query\b/i.test(key) ? redactSchtasksCsv(text) : text;
  if (key === CRONTABS.system || key.startsWith(`${CRONTABS.dropIns}/`)) return redactCrontab(text, true);
  if (key.startsWith(`${CRONTABS.users}/`)) return redactCrontab(text, false);
  // An enabled unit's file may lie anywhere its link points to.
  if (key.startsWith(`${ETC_UNITS}/`) || UNIT_FILE.test(key)) return redactUnit(text);
  if (key.endsWith('.plist')) return redactPlist(text);
  return text;
}

/** What starts by itself: the programs the PC starts at boot, at sign-in, on a schedule or inside the print spooler. */
export const autostart = {
  id: 'autostart',
  title: { en: 'What starts by itself', 'zh-CN': '自动启动的程序' },
  facts,
  collect: { windows: collectWindows, macos: collectMacos, linux: collectLinux },
  redact,
} satisfies Probe<typeof facts>;
