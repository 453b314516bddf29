// Pure parsers of what Windows prints for the remote_access probe: text in, values out.

/** How a signed-in session is connected now. */
export type SessionConnection = 'remote-desktop' | 'console' | 'other' | 'disconnected';

/** One signed-in session as `quser` lists it, without the user's name. */
export interface QuserSession {
  /** The session ID, as text (it names the session in reasons: `rdp.sessions[2].connection`). */
  id: string;
  connection: SessionConnection;
  /** quser marks with ">" the session it runs in, i.e. the one running this scan. */
  current: boolean;
}

// A logon date in any short-date format: 12/11/2020, 2015/8/5, 12.11.2020, 2020-11-12, 2023年11月7日
// (a long-style zh-CN/ja-JP date), and 2020.11.12. (Hungarian/Korean, written with spaces: see below).
const DATE = /^(\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\.?|\d{4}年\d{1,2}月\d{1,2}日)$/;
/** `2020. 11. 12.` as one token, so the fields before it keep their places. */
const joinSpacedDate = (line: string) => line.replace(/\b(\d{4})\. (\d{1,2})\. (\d{1,2})\./g, '$1.$2.$3.');
// A WinStation name: "console", or a listener's name with the connection's number (rdp-tcp#1).
const SESSION_NAME = /^(console|[\w.-]+#\d+)$/i;

/**
 * `quser` (query user): one line per signed-in session, `[>]USERNAME SESSIONNAME ID STATE IDLE LOGON-TIME`,
 * under a header line. The header and the state words are translated (运行中 / 断开 on zh-CN) and
 * may arrive garbled in another code page, and user names may hold spaces, so each line is read
 * from its logon date backwards: ID, state and idle time are the three tokens before the date;
 * the token before the ID is the session name when it looks like one. A disconnected session has
 * no session name at all (Windows keeps no connection for it). The first line may be the header
 * (it has no date); any other line that cannot be read makes the whole output unreadable (null).
 */
export function parseQuser(lines: readonly string[]): QuserSession[] | null {
  const sessions: QuserSession[] = [];
  const filled = lines.filter((l) => l.trim());
  for (const [index, line] of filled.entries()) {
    const current = /^\s*>/.test(line);
    const tokens = joinSpacedDate(line.replace(/^\s*>?/, '').trim()).split(/\s+/);
    const date = tokens.findIndex((t) => DATE.test(t));
    if (date < 0 && index === 0) continue;
    const id = tokens[date - 3];
    // At least one token of user name before the ID.
    if (date < 4 || !id || !/^\d+$/.test(id)) return null;
    const name = date >= 5 ? tokens[date - 4]! : '';
    const connection: SessionConnection = !SESSION_NAME.test(name)
      ? 'disconnected'
      : /^rdp-tcp#/i.test(name)
        ? 'remote-desktop'
        : /^console$/i.test(name)
          ? 'console'
          : 'other';
    sessions.push({ id, connection, current });
  }
  return sessions;
}

/**
 * What the script read of quser: its exit code, its standard output, and whether the scan runs in a user's
 * session (not session 0).
 */
export interface QuserRun {
  exitCode: number;
  lines: readonly string[];
  /** null when it could not be told (the fallback without PowerShell, outside an interactive session). */
  inSession: boolean | null;
}

/**
 * The sessions, or why they cannot be told. quser exits 1 with only a translated message on
 * standard error when nobody is signed in, and also exits 1 with its list intact when run as
 * SYSTEM; an error prints no list either. "Nobody is signed in" is believed only when the scan
 * itself runs outside any user's session (a service or a scheduled task): inside one, quser
 * would list at least that session.
 */
export function quserSessions(run: QuserRun): { sessions: QuserSession[] } | { reason: string } {
  const sessions = parseQuser(run.lines);
  if (!sessions) return { reason: 'quser printed a line shop-audit cannot read' };
  if (sessions.length > 0) return { sessions };
  if (run.exitCode !== 0 && run.inSession === false) return { sessions };
  if (run.exitCode === 0) return { reason: 'quser listed no session and no error' };
  return {
    reason:
      `quser exited with code ${run.exitCode} and listed ` +
      `no session${run.inSession ? ', not even the one this scan runs in' : ''}`,
  };
}
