import type { Answer } from '../types.js';
import type { AnswerOf } from '../windows/document.js';

/** The built-in Administrators group, the same SID on every Windows in every language. */
export const ADMINISTRATORS_SID = 'S-1-5-32-544';

/**
 * The account signed in at the screen and whether Administrators lists it. A member not listed may
 * still be one through a nested group (Domain Admins, an Azure AD role), whose members the script
 * does not read: then it is not known.
 */
export function windowsConsoleUser(
  user: Answer<AnswerOf<'consoleUser'>>,
  administrators: Answer<AnswerOf<'administrators'>>,
): Answer<{ name: string; admin: boolean }> {
  if (!user.ok) return user;
  const { consoleSid, consoleName } = user.value;
  if (consoleSid === null) return { ok: false, reason: 'nobody is signed in at the screen' };
  const name = consoleName?.split('\\').pop() || consoleSid;
  if (!administrators.ok) return administrators;
  if (administrators.value.some((m) => m.sid === consoleSid)) return { ok: true, value: { name, admin: true } };
  const groups = administrators.value.filter((m) => m.isGroup).map((m) => m.sid);
  if (groups.length > 0)
    return {
      ok: false,
      reason:
        `${name} is not a direct member of Administrators (${ADMINISTRATORS_SID}), which also holds the groups ` +
        `${groups.join(', ')}: whether ${name} is in one of them is not read`,
    };
  return { ok: true, value: { name, admin: false } };
}
