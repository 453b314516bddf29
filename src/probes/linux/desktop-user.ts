import type { Host } from '../../host/types.js';
import { underSudo } from '../tools.js';
import { REASON } from '../types.js';

/**
 * Why the settings a root scan would read (root's own: gsettings, ~/.config) are not those of the person who uses
 * the desktop, or null when they are (the scan is not root, or root is logged in at a screen of its own).
 * pam_loginuid marks each login session with its account, and su, sudo, pkexec and doas keep that mark: a root
 * shell got from the shop's desktop still says the shop's account. A systemd job has none; a job of root's
 * crontab, or a root ssh login, says root but has no display.
 */
export async function desktopUserReason(host: Host): Promise<string | null> {
  if (!host.elevated) return null;
  if (underSudo(host)) return REASON.underSudo;
  const loginuid = await host.readFile('/proc/self/loginuid');
  const ownScreen = Boolean(host.env('WAYLAND_DISPLAY') || host.env('DISPLAY'));
  if (loginuid.status === 'ok' && loginuid.text.trim() === '0' && ownScreen) return null;
  return REASON.asRoot;
}
