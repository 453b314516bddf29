import type { Host, OsName } from '../../host/types.js';
import type { CollectOptions } from '../types.js';
import { windowsAnswers } from '../windows/answers.js';
import { expandVariables } from '../windows/document.js';
import { MACHINE_VARIABLES } from '../windows/registry.js';

// Where a shop's customer lists end up: the user's own folders, and the folders where chat programs
// save the files customers and couriers send. Paths are relative to a user's home; `*` is one
// folder of any name (an account id). Sources: the programs' default settings as documented by
// their vendors' help pages and by tools that read them (see docs/personal-data.md).

export type FolderSource =
  | 'desktop'
  | 'documents'
  | 'downloads'
  | 'wechat'
  | 'qq'
  | 'wecom'
  | 'dingtalk'
  | 'trash'
  | 'data-path';

export interface FolderPattern {
  source: FolderSource;
  path: string;
}

const COMMON: FolderPattern[] = [
  { source: 'desktop', path: 'Desktop' },
  { source: 'documents', path: 'Documents' },
  { source: 'downloads', path: 'Downloads' },
];

export const FOLDERS: Record<OsName, FolderPattern[]> = {
  // WeChat, QQ and WeCom save into Documents by default; they are listed so that a file found there
  // is named by its program, and walked first.
  windows: [
    { source: 'wechat', path: 'Documents/WeChat Files/*/FileStorage/File' },
    { source: 'wechat', path: 'Documents/xwechat_files/*/msg/file' },
    { source: 'qq', path: 'Documents/Tencent Files/*/FileRecv' },
    { source: 'qq', path: 'Documents/Tencent Files/*/nt_qq/nt_data/File' },
    { source: 'wecom', path: 'Documents/WXWork/*/Cache/File' },
    { source: 'dingtalk', path: 'Documents/DingTalk' },
    ...COMMON,
    // OneDrive's Known Folder Move, named in the display language (桌面, 文档 in a Chinese OneDrive): where the
    // registry of an account not signed in (not loaded, so not read) would put them.
    { source: 'desktop', path: 'OneDrive/Desktop' },
    { source: 'documents', path: 'OneDrive/Documents' },
    { source: 'desktop', path: 'OneDrive/桌面' },
    { source: 'documents', path: 'OneDrive/文档' },
  ],
  macos: [
    {
      source: 'wechat',
      path:
        'Library/Containers/com.tencent.xinWeChat/Data/Library/Application ' +
        'Support/com.tencent.xinWeChat/*/*/Message/MessageTemp',
    },
    { source: 'wechat', path: 'Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/*/msg/file' },
    { source: 'qq', path: 'Library/Containers/com.tencent.qq/Data/Library/Application Support/QQ/*/nt_data/File' },
    { source: 'wecom', path: 'Library/Containers/com.tencent.WeWorkMac/Data/Documents/Profiles/*/Caches/Files' },
    {
      source: 'dingtalk',
      path:
        'Library/Containers/5ZSL2CJU2T.com.dingtalk.mac/Data/Library/Application ' +
        'Support/DingTalkMac/*/resource_cache',
    },
    ...COMMON,
    // Deleted files stay here until the Trash is emptied.
    { source: 'trash', path: '.Trash' },
  ],
  // Chinese desktops (Deepin, UOS, Kylin, Ubuntu in Chinese) name the XDG folders in Chinese.
  linux: [
    ...COMMON,
    { source: 'desktop', path: '桌面' },
    { source: 'documents', path: '文档' },
    { source: 'downloads', path: '下载' },
    // Files deleted on the desktop (the freedesktop.org Trash specification), until it is emptied.
    { source: 'trash', path: '.local/share/Trash/files' },
  ],
};

/**
 * The Recycle Bin of the system drive, one folder per account SID: deleted files stay there, as
 * `$R…` with their extension, beside a `$I…` record of where they came from (not a document).
 */
export const WINDOWS_RECYCLE_BIN = '$Recycle.Bin';
export const isRecycleRecord = (name: string) => /(^|[\\/])\$I[^\\/]*$/.test(name);

/**
 * WeChat on Windows saves received files under Documents unless the user chose another folder (Settings >
 * Files), which is where a shop whose C: drive filled up has them: WeChat 3 writes that folder into
 * 3ebffe94.ini ("MyDocument:" means Documents), WeChat 4 into an .ini of its own config folder. Both hold one
 * line, the folder (as public tools that locate WeChat's data read them). Read only when they exist.
 */
const WECHAT_MOVED = [
  { config: 'AppData/Roaming/Tencent/WeChat/All Users/config/3ebffe94.ini', files: 'WeChat Files/*/FileStorage/File' },
  { config: 'AppData/Roaming/Tencent/xwechat/config/*.ini', files: 'xwechat_files/*/msg/file' },
];

/** The folders of received files of a WeChat whose storage the user moved (Windows), as absolute paths. */
export async function movedWeChatFolders(host: Host, home: string): Promise<string[]> {
  if (host.os !== 'windows') return [];
  const found: string[] = [];
  for (const { config, files } of WECHAT_MOVED) {
    const [folder, name] = [config.slice(0, config.lastIndexOf('/')), config.slice(config.lastIndexOf('/') + 1)];
    let names = [name];
    if (name.startsWith('*')) {
      const listed = await host.listDir(join(host.os, home, folder));
      names = listed.status === 'ok' ? listed.entries.filter((e) => e.toLowerCase().endsWith(name.slice(1))) : [];
    }
    for (const n of names) {
      const read = await host.readFile(join(host.os, home, folder, n));
      const root = read.status === 'ok' ? read.text.replace(/^\uFEFF/, '').trim() : '';
      // A drive letter and a folder: "MyDocument:" and anything else leave the default in place.
      if (/^[A-Za-z]:[\\/]/.test(root) && !root.includes('\n')) found.push(...(await expand(host, root, files)));
    }
  }
  return found;
}

/**
 * Linux desktops let the user put Desktop, Documents and Downloads anywhere (another name, a second drive):
 * xdg-user-dirs keeps where in ~/.config/user-dirs.dirs, lines XDG_DESKTOP_DIR="$HOME/yyy" or "/yyy"
 * (shell-escaped; "$HOME" alone turns the folder off). Read only when it exists.
 */
const XDG_SOURCES: Record<string, FolderSource> = { DESKTOP: 'desktop', DOCUMENTS: 'documents', DOWNLOAD: 'downloads' };

export async function xdgUserFolders(host: Host, home: string): Promise<FolderPattern[]> {
  if (host.os !== 'linux') return [];
  const read = await host.readFile(join(host.os, home, '.config/user-dirs.dirs'));
  if (read.status !== 'ok') return [];
  const found: FolderPattern[] = [];
  for (const line of read.text.split('\n')) {
    const m = /^\s*XDG_(DESKTOP|DOCUMENTS|DOWNLOAD)_DIR="((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (!m) continue;
    const value = m[2]!.replace(/\\(.)/g, '$1');
    const folder = value.startsWith('$HOME/') ? join(host.os, home, value.slice(6)) : value;
    if (folder.startsWith('/') && folder.replace(/\/+$/, '') !== home.replace(/\/+$/, ''))
      found.push({ source: XDG_SOURCES[m[1]!]!, path: folder });
  }
  return found;
}

/**
 * Windows keeps where the signed-in person's Desktop, Documents and Downloads really are in User Shell Folders
 * (registry.ts userShellFolders): moved to D:\ (Properties > Location, common on shop PCs whose C: is small), into
 * OneDrive (Known Folder Move), or onto a server (Folder Redirection). Values are read unexpanded and expanded here
 * with that person's session variables (userSession) and the machine's.
 */
const SHELL_FOLDER_SOURCES: Record<string, FolderSource> = {
  Desktop: 'desktop',
  Personal: 'documents',
  '{374DE290-123F-4565-9164-39C4925E467B}': 'downloads',
};

type RegValues = Record<string, string | number | null> | null;
/** A folder User Shell Folders names: a local folder to walk, or one that is not walked and why (a gap). */
export type ShellFolderPlace = { source: FolderSource; path: string; gap?: string };

export function shellFolderPlaces(
  folders: RegValues,
  session: RegValues,
  machine: (name: string) => string | undefined,
): ShellFolderPlace[] {
  const places: ShellFolderPlace[] = [];
  const sessionValue = (name: string) =>
    Object.entries(session ?? {}).find(
      ([k, v]) => k.toLowerCase() === name.toLowerCase() && typeof v === 'string',
    )?.[1];
  for (const [value, source] of Object.entries(SHELL_FOLDER_SOURCES)) {
    const raw = folders?.[value];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const { text: expanded, unknown: unexpanded } = expandVariables(raw.trim(), (name) => {
      const known = MACHINE_VARIABLES.some((m) => m.toLowerCase() === name.toLowerCase());
      const found = sessionValue(name) ?? (known ? machine(name) : undefined);
      return typeof found === 'string' ? found : undefined;
    });
    const local = expanded.replace(/^\\\\[?.]\\(?=[A-Za-z]:\\)/, '');
    if (unexpanded)
      places.push({
        source,
        path: raw,
        gap: `its place holds ${unexpanded}, whose value for this person is not known`,
      });
    else if (local.startsWith('\\\\'))
      places.push({ source, path: local, gap: 'on a network folder: not read (a scan reads this PC only)' });
    else if (!/^[A-Za-z]:\\/.test(local))
      places.push({ source, path: raw, gap: 'not a full path: where it is unknown' });
    else places.push({ source, path: local.length > 3 ? local.replace(/\\+$/, '') : local });
  }
  return places;
}

/**
 * The signed-in person's folders where User Shell Folders puts them (Windows), with the chat programs' folders
 * inside a moved Documents; `gap`: why where they are is not known (the registry not read).
 */
export async function movedUserFolders(
  host: Host,
  options: CollectOptions | undefined,
): Promise<{ places: ShellFolderPlace[]; gap: string | null }> {
  if (host.os !== 'windows') return { places: [], gap: null };
  const a = await windowsAnswers(host, ['userShellFolders', 'userSession'], options);
  if (!a.userShellFolders.ok || !a.userSession.ok) {
    const reason = [a.userShellFolders, a.userSession].flatMap((x) => (x.ok ? [] : [x.reason]))[0]!;
    return { places: [], gap: `where Desktop, Documents and Downloads are was not read (${reason})` };
  }
  const places: ShellFolderPlace[] = [];
  for (const place of shellFolderPlaces(a.userShellFolders.value, a.userSession.value, (n) => host.env(n))) {
    if (place.source === 'documents' && !place.gap)
      for (const f of FOLDERS.windows.filter((p) => p.path.startsWith('Documents/')))
        for (const p of await expand(host, place.path, f.path.slice('Documents/'.length)))
          places.push({ source: f.source, path: p });
    places.push(place);
  }
  return { places, gap: null };
}

/** Accounts that are not people: their folders hold no shop's files. */
const NOT_PEOPLE = new Set(['public', 'default', 'default user', 'all users', 'shared', 'guest', 'lost+found']);

/** The homes to look in: the scan's own user, or every local user's when the scan runs elevated. */
export async function homes(host: Host): Promise<{ homes: string[]; reason: string | null }> {
  const own = host.user.home;
  if (!host.elevated) return { homes: own ? [own] : [], reason: own ? null : 'the scan user has no home folder' };
  const parent =
    host.os === 'windows' ? `${host.env('SystemDrive') ?? 'C:'}\\Users` : host.os === 'macos' ? '/Users' : '/home';
  const listed = await host.listDir(parent);
  const found =
    listed.status === 'ok'
      ? listed.entries
          .filter((e) => !NOT_PEOPLE.has(e.toLowerCase()) && !e.startsWith('.'))
          .map((e) => join(host.os, parent, e))
      : [];
  // root's own files (Linux /root) and a home outside the usual parent count too.
  const all = [...new Set([...found, ...(own ? [own] : [])])];
  return { homes: all, reason: listed.status === 'ok' ? null : `${parent} could not be listed` };
}

export const join = (os: OsName, ...parts: string[]) =>
  os === 'windows' ? parts.join('\\').replace(/\//g, '\\') : parts.join('/').replace(/\/+/g, '/');

/** Expands the `*` segments of a pattern under `home` by listing folders. */
export async function expand(host: Host, home: string, pattern: string): Promise<string[]> {
  let current = [home];
  for (const segment of pattern.split('/')) {
    if (segment !== '*') {
      current = current.map((c) => join(host.os, c, segment));
      continue;
    }
    const next: string[] = [];
    for (const c of current) {
      const listed = await host.listDir(c);
      if (listed.status === 'ok')
        next.push(...listed.entries.filter((e) => !e.startsWith('.')).map((e) => join(host.os, c, e)));
    }
    current = next;
  }
  return current;
}
