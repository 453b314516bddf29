import { REASON, type Answer, type Collector } from '../types.js';
import { builtinOf } from '../windows/accounts.js';
import { windowsAnswers } from '../windows/answers.js';
import { regNumber, type AnswerOf } from '../windows/document.js';
import type { OpenSharesFacts } from './facts.js';

// Who a share is open to without an account, by well-known SID (names are translated: 所有人, Guests…).
const EVERYONE = 'S-1-1-0';
const GUESTS = 'S-1-5-32-546';
const ANONYMOUS = 'S-1-5-7';
const WRITE_RIGHTS = new Set(['Full', 'Change']);

type Share = AnswerOf<'shares'>[number];
type Access = AnswerOf<'shareAccess'>[number];
type WindowsShare = NonNullable<OpenSharesFacts['shares']>[number];

/** Default administrative shares: Special in Get-SmbShare; by name (C$, ADMIN$, IPC$) when Windows did not say. */
export const isAdminShare = (s: Pick<Share, 'name' | 'special'>) =>
  s.special ?? /^([A-Z]\$|ADMIN\$|IPC\$)$/i.test(s.name);

/**
 * Password-protected sharing off means a network login without a valid account is let in as the
 * Guest account (RID 501, enabled); anonymous (null-session) access to shares is the other way in.
 */
export function guestLogonAllowed(
  guestEnabled: boolean | null,
  lsa: AnswerOf<'lsa'>,
  lanman: AnswerOf<'lanmanServer'>,
): boolean | null {
  const anonymousIsEveryone = regNumber(lsa?.everyoneincludesanonymous) === 1;
  const nullSessionsOpen = regNumber(lanman?.RestrictNullSessAccess) === 0;
  if (guestEnabled === true || anonymousIsEveryone || nullSessionsOpen) return true;
  return guestEnabled === false ? false : null;
}

/** One share with what its share permissions (Allow entries; Deny is left to Windows) give guests and writers. */
export function shareFacts(
  share: Share,
  access: readonly Access[] | null,
  guestLogon: boolean | null,
  guestRidSids: readonly string[],
): { share: WindowsShare; unknown: Record<string, string> } {
  const unknown: Record<string, string> = {};
  const base = {
    name: share.name,
    path: share.path,
    printer: share.shareType === null ? null : share.shareType === 'PrintQueue',
    browseable: !share.name.endsWith('$'),
  };
  if (share.path === null) unknown[`shares[${share.name}].path`] = 'Windows gave no path';
  if (share.shareType === null) unknown[`shares[${share.name}].printer`] = 'Windows gave no share type';
  if (access === null) {
    for (const f of ['guestAccess', 'writable', 'allowedUsers'])
      unknown[`shares[${share.name}].${f}`] = REASON.needsAdmin;
    return { share: { ...base, guestAccess: null, writable: null, allowedUsers: null }, unknown };
  }
  const allowed = access.filter((a) => a.share === share.name && a.control === 'Allow');
  // Everyone, Guests and Anonymous always resolve: an account that did not is none of them.
  const sids = allowed.flatMap((a) => (a.sid === null ? [] : [a.sid]));
  const unresolved = allowed.some((a) => a.sid === null);
  const openToGuests = sids.some((s) => s === GUESTS || s === ANONYMOUS || guestRidSids.includes(s));
  // Everyone takes in the Guest account only when guest logons are allowed.
  const everyone = sids.includes(EVERYONE);
  let guestAccess: boolean | null = openToGuests || (everyone && guestLogon === true);
  if (!guestAccess && everyone && guestLogon === null) {
    guestAccess = null;
    unknown[`shares[${share.name}].guestAccess`] =
      'shared with Everyone, and whether guests may log in could not be read';
  }
  const writable = allowed.some((a) => WRITE_RIGHTS.has(a.right));
  if (unresolved && !everyone)
    unknown[`shares[${share.name}].allowedUsers`] = 'its permissions name an account Windows could not resolve';
  const allowedUsers = everyone ? [] : unresolved ? null : [...new Set(sids)];
  return { share: { ...base, guestAccess, writable, allowedUsers }, unknown };
}

const reasonOf = (a: Answer<unknown>) => (a.ok ? '' : a.reason);

export const collectWindows: Collector<OpenSharesFacts> = async (host, options) => {
  const a = await windowsAnswers(
    host,
    ['services', 'shares', 'shareAccess', 'smbServer', 'lanmanServer', 'lsa', 'localUsers'],
    options,
  );
  const unknown: Record<string, string> = {};
  const facts: OpenSharesFacts = {
    smbServerInstalled: null,
    smbServerRunning: null,
    shares: null,
    adminShares: null,
    userShares: [],
    smb1Enabled: null,
    guestLogonAllowed: null,
    userSharesAllowGuests: null,
    nfsServerInstalled: null,
    nfsExports: null,
  };
  unknown.userSharesAllowGuests = REASON.notOnThisOs;

  if (a.services.ok) {
    // LanmanServer is the "Server" service that offers shares; NfsService is Server for NFS (Windows Server only).
    const server = a.services.value.find((s) => s.name.toLowerCase() === 'lanmanserver');
    facts.smbServerInstalled = server !== undefined;
    facts.smbServerRunning = server ? (server.state === null ? null : server.state === 'Running') : false;
    if (facts.smbServerRunning === null) unknown.smbServerRunning = 'Windows gave no state of the Server service';
    facts.nfsServerInstalled = a.services.value.some((s) => s.name.toLowerCase() === 'nfsservice');
    if (facts.nfsServerInstalled) unknown.nfsExports = 'NFS exports of Windows Server are not read';
    else facts.nfsExports = [];
  } else {
    for (const f of ['smbServerInstalled', 'smbServerRunning', 'nfsServerInstalled', 'nfsExports'])
      unknown[f] = a.services.reason;
  }

  let guestEnabled: boolean | null = null;
  const guestSids = a.localUsers.ok ? a.localUsers.value.filter((u) => builtinOf(u) === 'guest') : [];
  if (guestSids[0]) guestEnabled = guestSids[0].enabled;
  if (a.lsa.ok && a.lanmanServer.ok)
    facts.guestLogonAllowed = guestLogonAllowed(guestEnabled, a.lsa.value, a.lanmanServer.value);
  if (facts.guestLogonAllowed === null)
    unknown.guestLogonAllowed =
      reasonOf(a.lsa) ||
      reasonOf(a.lanmanServer) ||
      reasonOf(a.localUsers) ||
      'whether the Guest account is enabled could not be read';

  if (a.shares.ok) {
    facts.adminShares = a.shares.value.filter(isAdminShare).map((s) => s.name);
    const access = a.shareAccess.ok ? a.shareAccess.value : null;
    facts.shares = a.shares.value
      .filter((s) => !isAdminShare(s))
      .map((s) => {
        const read = shareFacts(
          s,
          access,
          facts.guestLogonAllowed,
          guestSids.flatMap((g) => (g.sid ? [g.sid] : [])),
        );
        Object.assign(unknown, read.unknown);
        return read.share;
      });
    if (!a.shareAccess.ok && a.shareAccess.reason !== REASON.needsAdmin) {
      for (const s of facts.shares)
        for (const f of ['guestAccess', 'writable', 'allowedUsers'])
          unknown[`shares[${s.name}].${f}`] = a.shareAccess.reason;
    }
  } else {
    unknown.shares = unknown.adminShares = a.shares.reason;
  }

  // Get-SmbServerConfiguration says it directly; the SMB1 registry value is the fallback (0 off, 1 on).
  if (a.smbServer.ok && a.smbServer.value.EnableSMB1Protocol !== null)
    facts.smb1Enabled = a.smbServer.value.EnableSMB1Protocol;
  else {
    const smb1 = a.lanmanServer.ok ? regNumber(a.lanmanServer.value?.SMB1) : null;
    if (smb1 === 0 || smb1 === 1) facts.smb1Enabled = smb1 === 1;
    else unknown.smb1Enabled = reasonOf(a.smbServer) || 'Get-SmbServerConfiguration did not say';
  }
  return { facts, unknown, readWith: a.readWith };
};
