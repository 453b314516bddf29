import { describeFailure, type Host } from '../../host/types.js';
import { parseGroup, parsePasswd, type GroupEntry, type PasswdEntry } from '../linux/parse.js';
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

/**
 * The administrator groups (by ADMIN_GROUPS' names) an account is in, compared by number as a login
 * and sudo do: its primary group and every line listing it (initgroups), against the number of any
 * line with an administrator's name (sudo also matches the names getgrgid gives the account's groups).
 */
export function adminGroupsOf(account: PasswdEntry, groups: readonly GroupEntry[]): string[] {
  const gids = new Set([account.gid, ...groups.filter((g) => g.members.includes(account.name)).map((g) => g.gid)]);
  const admin = groups.filter((g) => (ADMIN_GROUPS as readonly string[]).includes(g.name) && gids.has(g.gid));
  return [...new Set(admin.map((g) => g.name))];
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
  return {
    ok: true,
    value: {
      name: account.name,
      admin: account.uid === 0 || adminGroupsOf(account, parseGroup(group.text)).length > 0,
    },
  };
}
