import { describeFailure, type Host } from '../../host/types.js';
import { parseGroup, parsePasswd, type GroupEntry, type PasswdEntry } from '../linux/parse.js';
import { unreadable } from '../tools.js';
import type { Answer } from '../types.js';

/**
 * logind's state of the physical screen and keyboard (seat0): `ACTIVE=` the session in front and
 * `ACTIVE_UID=` its account, lines of KEY=value. sd-login (sd_seat_get_active) reads this file
 * itself; loginctl would ask logind over D-Bus, which a temporary root or a stopped logind has not.
 */
export const SEAT0 = '/run/systemd/seats/seat0';

/** Groups whose members may become root with sudo: Debian/Ubuntu sudo (admin before 12.04), Fedora/RHEL wheel. */
export const ADMIN_GROUPS = ['sudo', 'wheel', 'admin'] as const;

/** A KEY=value line of one of logind's state files, or null. */
export function logindValue(text: string, key: string): string | null {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.trim() ?? null;
}

/** Where logind keeps each session's state (`CLASS=user` for a person, `greeter` for the login screen). */
const SESSIONS = '/run/systemd/sessions';

/** The group numbers of an account's login as glibc's initgroups makes them: primary group, every line listing it. */
function groupIdsOf(account: PasswdEntry, groups: readonly GroupEntry[]): Set<number> {
  return new Set([account.gid, ...groups.filter((g) => g.members.includes(account.name)).map((g) => g.gid)]);
}

/**
 * The administrator groups (by ADMIN_GROUPS' names) an account is in, compared by number as a login
 * and sudo do: its primary group and every line listing it (initgroups), against the number of any
 * line with an administrator's name (sudo also matches the names getgrgid gives the account's groups).
 */
export function adminGroupsOf(account: PasswdEntry, groups: readonly GroupEntry[]): string[] {
  const gids = groupIdsOf(account, groups);
  const admin = groups.filter((g) => (ADMIN_GROUPS as readonly string[]).includes(g.name) && gids.has(g.gid));
  return [...new Set(admin.map((g) => g.name))];
}

const SUDOERS = '/etc/sudoers';
/** sudo reads the files of an @includedir folder whose names have no dot and do not end in ~. */
const SUDOERS_PART = /^[^.]*[^~.]$/;

/** A sudoers file's user specifications (`who host = (runas) commands`) and the files and folders it includes. */
function parseSudoers(text: string): { specs: { users: string[]; commands: string }[]; includes: string[] } {
  const specs: { users: string[]; commands: string }[] = [];
  const includes: string[] = [];
  for (const raw of text.replace(/\\\r?\n/g, ' ').split('\n')) {
    const include = /^\s*[@#]include(dir)?\s+(\S+)/.exec(raw);
    if (include) includes.push(include[1] ? `${include[2]}/` : include[2]!);
    // # starts a comment unless it is a number (#1000, a uid).
    const line = raw.replace(/(^|\s)#(?!\d).*$/, '').trim();
    const eq = line.indexOf('=');
    if (include || !line || eq < 0 || /^(Defaults|\w+_Alias)\b/.test(line)) continue;
    const who = line.slice(0, eq).trim().split(/\s+/).slice(0, -1).join(' ');
    const commands = line
      .slice(eq + 1)
      .replace(/\([^)]*\)/g, ' ')
      .replace(/\b[A-Z_]+:/g, ' ');
    specs.push({
      users: who
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
      commands,
    });
  }
  return { specs, includes };
}

/**
 * Whether sudoers (and the files it includes) gives an account every command: a specification naming it
 * (`name`, `#uid`, `%group` of its groups, `ALL`) whose commands are ALL. Null with the reason when a file
 * cannot be read (it is root's only) or names users by a User_Alias, which is not followed.
 */
async function sudoersGrantsAll(
  host: Host,
  account: PasswdEntry,
  groups: readonly GroupEntry[],
): Promise<Answer<boolean>> {
  const gids = groupIdsOf(account, groups);
  const names = new Set(['ALL', account.name, `#${account.uid}`]);
  for (const g of groups) if (gids.has(g.gid)) names.add(`%${g.name}`).add(`%#${g.gid}`);
  const queue = [SUDOERS];
  for (let i = 0; i < queue.length && i < 64; i++) {
    const path = queue[i]!;
    if (path.endsWith('/')) {
      const dir = await host.listDir(path.slice(0, -1));
      if (dir.status === 'ok') queue.push(...dir.entries.filter((e) => SUDOERS_PART.test(e)).map((e) => path + e));
      else if (dir.status !== 'missing') return { ok: false, reason: unreadable(host, path, dir) };
      continue;
    }
    const file = await host.readFile(path);
    if (file.status === 'missing') continue;
    if (file.status !== 'ok') return { ok: false, reason: unreadable(host, path, file) };
    const { specs, includes } = parseSudoers(file.text);
    queue.push(...includes.map((p) => (p.startsWith('/') ? p : `${path.slice(0, path.lastIndexOf('/') + 1)}${p}`)));
    for (const spec of specs) {
      if (spec.users.some((u) => /^[A-Z][A-Z0-9_]*$/.test(u) && u !== 'ALL'))
        return { ok: false, reason: `${path} names users by a User_Alias, which shop-audit does not follow` };
      if (spec.users.some((u) => names.has(u)) && /(^|[\s,])ALL(?=[\s,]|$)/.test(spec.commands))
        return { ok: true, value: true };
    }
  }
  return { ok: true, value: false };
}

/** The account signed in at the screen (logind's seat0) and whether it is root or in sudo, wheel or admin. */
export async function linuxConsoleUser(host: Host): Promise<Answer<{ name: string; admin: boolean }>> {
  const seat = await host.readFile(SEAT0);
  if (seat.status === 'missing')
    return {
      ok: false,
      reason:
        `${SEAT0} does not exist: logind knows no screen and keyboard, or is not running, ` +
        'so who uses this PC is not known',
    };
  if (seat.status !== 'ok') return { ok: false, reason: `${SEAT0}: ${describeFailure(seat)}` };
  const session = logindValue(seat.text, 'ACTIVE');
  const uid = logindValue(seat.text, 'ACTIVE_UID');
  if (!session || !uid || !/^[A-Za-z0-9]+$/.test(session) || !/^\d+$/.test(uid))
    return { ok: false, reason: 'nobody is signed in at the screen (logind: seat0 has no active session)' };
  const state = await host.readFile(`${SESSIONS}/${session}`);
  if (state.status !== 'ok') return { ok: false, reason: `${SESSIONS}/${session}: ${describeFailure(state)}` };
  const kind = logindValue(state.text, 'CLASS');
  if (kind !== 'user')
    return {
      ok: false,
      reason:
        'nobody is signed in at the screen ' +
        `(logind: the active session is of class ${kind ?? 'unknown'}, the login screen)`,
    };
  const [passwd, group] = await Promise.all([host.readFile('/etc/passwd'), host.readFile('/etc/group')]);
  if (passwd.status !== 'ok') return { ok: false, reason: `/etc/passwd: ${describeFailure(passwd)}` };
  if (group.status !== 'ok') return { ok: false, reason: `/etc/group: ${describeFailure(group)}` };
  const account = parsePasswd(passwd.text).find((e) => e.uid === Number(uid));
  if (!account) return { ok: false, reason: `uid ${uid} at the screen is not in /etc/passwd (a network account?)` };
  const groups = parseGroup(group.text);
  if (account.uid === 0 || adminGroupsOf(account, groups).length > 0)
    return { ok: true, value: { name: account.name, admin: true } };
  const sudo = await sudoersGrantsAll(host, account, groups);
  return sudo.ok ? { ok: true, value: { name: account.name, admin: sudo.value } } : sudo;
}
