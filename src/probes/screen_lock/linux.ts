import { describeFailure, type ExecResult, type Host } from '../../host/types.js';
import { desktopUserReason } from '../linux/desktop-user.js';
import { runFirstFound } from '../tools.js';
import { notOnThisPc, type ProbeOutput } from '../types.js';
import type { ScreenLockFacts } from './facts.js';
import {
  gnomeLock,
  kdeLock,
  mergeKConfigGroup,
  parseGsettingsList,
  parseGvariantBoolean,
  parseGvariantUint,
  parseKConfig,
  type KConfigFile,
  type LockState,
} from './parse.js';

type Desktop = 'gnome' | 'kde' | 'xfce' | 'cinnamon' | 'mate' | 'lxqt' | 'lxde';

// A desktop is installed when its session binary is; a display manager or display server alone also means a screen.
const DESKTOP_BINARIES: ReadonlyArray<[string, Desktop]> = [
  ['/usr/bin/gnome-shell', 'gnome'],
  ['/usr/bin/plasmashell', 'kde'],
  ['/usr/bin/xfce4-session', 'xfce'],
  ['/usr/bin/cinnamon-session', 'cinnamon'],
  ['/usr/bin/mate-session', 'mate'],
  ['/usr/bin/lxqt-session', 'lxqt'],
  ['/usr/bin/lxsession', 'lxde'],
];
const DISPLAY_MANAGERS = ['/usr/sbin/gdm3', '/usr/sbin/gdm', '/usr/sbin/lightdm', '/usr/bin/sddm', '/usr/sbin/lxdm'];
// A screen without a display manager: the X server (startx from a login), or a Wayland compositor that kiosks run.
const DISPLAY_SERVERS = [
  '/usr/lib/xorg/Xorg',
  '/usr/bin/Xorg',
  '/usr/bin/sway',
  '/usr/bin/cage',
  '/usr/bin/weston',
  '/usr/bin/labwc',
  '/usr/bin/wayfire',
  '/usr/bin/Hyprland',
];

const GSETTINGS = ['/usr/bin/gsettings'];
// dconf keeps a change-notification file in $XDG_RUNTIME_DIR/dconf, and without that variable it
// creates ~/.cache/dconf/user in the user's home. A runtime folder that cannot exist (under a
// device) makes it create nothing anywhere; it still reads the settings database, and says so
// on standard error ("dconf will not work properly"), which is about change notification only.
const GSETTINGS_ENV = { env: { XDG_RUNTIME_DIR: '/dev/null' } };

/** The lock facts, or why they cannot be known. */
type LockAnswer = { state: LockState; source: string } | { reason: string };

export async function collectLinux(host: Host): Promise<ProbeOutput<ScreenLockFacts>> {
  const unknown: Record<string, string> = {};
  const installed = await installedDesktops(host);
  const answer = await readLock(host, installed);
  const facts: ScreenLockFacts = {
    hasDesktop: installed.hasDesktop,
    enabled: null,
    requiresPassword: null,
    idleSeconds: null,
    source: null,
  };
  if (installed.hasDesktop === null) unknown.hasDesktop = installed.reason;
  if ('state' in answer) Object.assign(facts, answer.state, { source: answer.source });
  else for (const key of ['enabled', 'requiresPassword', 'idleSeconds', 'source']) unknown[key] = answer.reason;
  return { facts, unknown };
}

interface Installed {
  hasDesktop: boolean | null;
  desktops: Desktop[];
  reason: string;
}

async function installedDesktops(host: Host): Promise<Installed> {
  const paths = [...DESKTOP_BINARIES.map(([path]) => path), ...DISPLAY_MANAGERS, ...DISPLAY_SERVERS];
  const stats = await Promise.all(paths.map(async (path) => ({ path, stat: await host.stat(path) })));
  const present = new Set(stats.filter((s) => s.stat.status === 'ok').map((s) => s.path));
  const desktops = DESKTOP_BINARIES.filter(([path]) => present.has(path)).map(([, desktop]) => desktop);
  // The scan runs in a graphical session (logind's session type): a desktop not listed above (Deepin, UKUI) is one.
  const graphical =
    ['x11', 'wayland'].includes(host.env('XDG_SESSION_TYPE') ?? '') || !!host.env('XDG_CURRENT_DESKTOP');
  if (present.size > 0 || graphical) return { hasDesktop: true, desktops, reason: '' };
  const failed = stats.filter((s) => s.stat.status !== 'ok' && s.stat.status !== 'missing');
  if (failed.length === 0) return { hasDesktop: false, desktops, reason: '' };
  return { hasDesktop: null, desktops, reason: `cannot check ${failed.map((f) => f.path).join(', ')}` };
}

async function readLock(host: Host, installed: Installed): Promise<LockAnswer> {
  if (installed.hasDesktop === false) return { reason: notOnThisPc('no graphical desktop installed') };
  if (installed.hasDesktop === null) return { reason: installed.reason };
  const notTheUsers = await desktopUserReason(host);
  if (notTheUsers) return { reason: notTheUsers };
  const desktop = currentDesktop(host, installed.desktops);
  if ('reason' in desktop) return desktop;
  if (desktop.id === 'gnome') return readGnome(host);
  if (desktop.id === 'kde') return readKde(host);
  return { reason: `reading the screen lock of the ${desktop.id} desktop is not supported yet` };
}

/** The desktop of the session the scan runs in, else the only one installed. */
function currentDesktop(host: Host, installed: Desktop[]): { id: Desktop } | { reason: string } {
  const session = (host.env('XDG_CURRENT_DESKTOP') ?? '').toLowerCase().split(':');
  if (session.includes('gnome')) return { id: 'gnome' };
  if (session.includes('kde')) return { id: 'kde' };
  const named = installed.find((d) => session.some((s) => s === d || s === `x-${d}`));
  if (named) return { id: named };
  const [only, ...others] = installed;
  if (only && others.length === 0) return { id: only };
  const shown = host.env('XDG_CURRENT_DESKTOP');
  if (!only && shown) return { reason: `reading the screen lock of the ${shown} desktop is not supported yet` };
  if (!only)
    return {
      reason:
        'a graphical screen (display manager or display server) is installed, ' +
        'but no desktop whose lock shop-audit reads',
    };
  return {
    reason:
      `several desktops are installed (${installed.join(', ')}): run the scan from the desktop ` +
      `session to tell which one is used`,
  };
}

async function readGnome(host: Host): Promise<LockAnswer> {
  const [list, idle] = await Promise.all([
    runFirstFound(host, GSETTINGS, ['list-recursively', 'org.gnome.desktop.screensaver'], GSETTINGS_ENV),
    runFirstFound(host, GSETTINGS, ['get', 'org.gnome.desktop.session', 'idle-delay'], GSETTINGS_ENV),
  ]);
  const listed = gsettingsOutput(list.result);
  const idleText = gsettingsOutput(idle.result);
  if ('reason' in listed) return listed;
  if ('reason' in idleText) return idleText;

  const values = parseGsettingsList(listed.stdout);
  const lockEnabled = parseGvariantBoolean(values.get('lock-enabled'));
  const lockDelay = parseGvariantUint(values.get('lock-delay'));
  const idleDelay = parseGvariantUint(idleText.stdout);
  const idleActivationText = values.get('idle-activation-enabled');
  const idleActivation = idleActivationText === undefined ? undefined : parseGvariantBoolean(idleActivationText);
  if (lockEnabled === null) return { reason: 'gsettings gave no readable org.gnome.desktop.screensaver lock-enabled' };
  if (lockDelay === null) return { reason: 'gsettings gave no readable org.gnome.desktop.screensaver lock-delay' };
  if (idleDelay === null) return { reason: 'gsettings gave no readable org.gnome.desktop.session idle-delay' };
  if (idleActivation === null)
    return { reason: 'gsettings gave no readable org.gnome.desktop.screensaver idle-activation-enabled' };
  const source = `GNOME settings (gsettings) of user ${host.user.name}`;
  const settings = { lockEnabled, idleDelay, lockDelay, idleActivation };
  const state = gnomeLock(settings);
  if (!state.requiresPassword) return { state, source };
  // GNOME Shell's lock() returns at once when the lockdown key is set ("Screen lock is locked down, not locking"):
  // asked only when the lock would otherwise count, so a PC without it runs no more gsettings.
  const lockdown = gsettingsOutput(
    (await runFirstFound(host, GSETTINGS, ['get', 'org.gnome.desktop.lockdown', 'disable-lock-screen'], GSETTINGS_ENV))
      .result,
  );
  if ('reason' in lockdown) return lockdown;
  const disabled = parseGvariantBoolean(lockdown.stdout);
  if (disabled === null) return { reason: 'gsettings gave no readable org.gnome.desktop.lockdown disable-lock-screen' };
  return { state: disabled ? gnomeLock({ ...settings, lockEnabled: false }) : state, source };
}

function gsettingsOutput(result: ExecResult): { stdout: string } | { reason: string } {
  if (result.status === 'missing') return { reason: 'gsettings not installed' };
  if (result.status !== 'exited') return { reason: `gsettings: ${describeFailure(result)}` };
  if (result.exitCode === 0) return { stdout: result.stdout };
  const message = result.stderr.trim().split('\n')[0] ?? '';
  if (message.startsWith('No such schema'))
    return { reason: 'GNOME settings schemas are not installed (gsettings-desktop-schemas)' };
  return { reason: `gsettings failed: ${message || `exit code ${result.exitCode}`}` };
}

async function readKde(host: Host): Promise<LockAnswer> {
  const configHome = host.env('XDG_CONFIG_HOME') || (host.user.home ? `${host.user.home}/.config` : null);
  if (!configHome?.startsWith('/')) return { reason: `the home folder of user ${host.user.name} is unknown` };
  // KConfig reads the file in every folder of XDG_CONFIG_DIRS (empty entries skipped; /etc/xdg when there are none),
  // the first folder over the later ones, and the user's own file over them all: applied here lowest first.
  const dirs = (host.env('XDG_CONFIG_DIRS') ?? '').split(':').filter(Boolean);
  // A relative folder is taken from the folder the desktop was started in, which the scan cannot know.
  const relative = dirs.find((dir) => !dir.startsWith('/'));
  if (relative)
    return { reason: `XDG_CONFIG_DIRS names a relative folder (${relative}): which files KDE reads is unknown` };
  const system = (dirs.length ? dirs : ['/etc/xdg']).map((dir) => `${dir.replace(/\/+$/, '')}/kscreenlockerrc`);
  const paths = [...new Set(system)].reverse().concat(`${configHome}/kscreenlockerrc`);
  const reads = await Promise.all(paths.map(async (path) => ({ path, result: await host.readFile(path) })));
  const files: KConfigFile[] = [];
  const used: string[] = [];
  for (const { path, result } of reads) {
    if (result.status === 'ok') {
      files.push(parseKConfig(result.text));
      used.push(path);
    } else if (result.status !== 'missing') return { reason: `${path}: ${describeFailure(result)}` };
  }
  const state = kdeLock(mergeKConfigGroup(files, 'Daemon'));
  if ('error' in state) return { reason: state.error };
  return { state, source: used.length ? `KDE ${used.join(' + ')}` : 'KDE defaults (no kscreenlockerrc)' };
}
