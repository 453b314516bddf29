// Whether an account's password is one of the commonest passwords in China (../common-passwords.json)
// or the account's own name. Pure: no host. Never returns or prints a candidate or a hash: only
// whether one matched, how many were tried, or why it could not be told.
import { candidatesFor, LOCKOUT_MARGIN } from '../common-passwords.js';
import { md5Crypt, shaCrypt } from './crypt.js';
import { REDACTED_HASH } from '../../host/types.js';

/** What the tries on one account told: a match, none of all candidates, or why it is not known. */
export type CommonPasswordAnswer = { ok: true; value: boolean } | { ok: false; reason: string };

/** The answer of `tries` logon tries on an account that gets `candidates`, the last one `matched` or not. */
export function triedAnswer(
  tries: number,
  candidates: number,
  matched: boolean,
  whyFewer: string,
): CommonPasswordAnswer {
  if (matched) return { ok: true, value: true };
  if (tries >= candidates) return { ok: true, value: false };
  return { ok: false, reason: `${tries} of ${candidates} common passwords tried: ${whyFewer}` };
}

/** The lockout, in words, for the reason an account got fewer tries than candidates. */
export function lockoutWords(threshold: number | null, failed: number | null): string {
  if (threshold === null)
    return 'the lockout threshold could not be read, so no password was tried (a try could lock the account)';
  if (failed === null)
    return (
      `the account locks after ${threshold} failed logons and its count of failed logons could not be read, ` +
      'so no password was tried (a try could lock it)'
    );
  return (
    `the account locks after ${threshold} failed logons and has ${failed} already; ` +
    `shop-audit leaves at least ${LOCKOUT_MARGIN} so it is never locked`
  );
}

// SHA-crypt's limits (Drepper's specification): fewer rounds than 1000 count as 1000.
const SHA_ROUNDS_DEFAULT = 5000;
const SHA_ROUNDS_MIN = 1000;
/** More rounds than this are not computed: about 8 candidates × 10 000 rounds is ~0.3 s of CPU per account. */
export const SHA_ROUNDS_CAP = 10_000;

/** What a crypt(3) hash field is, as far as shop-audit can compute it. */
type ParsedHash =
  | { scheme: 'sha256' | 'sha512'; salt: string; rounds: number; hash: string }
  | { scheme: 'md5'; salt: string; hash: string }
  | { reason: string };

// The schemes crypt(3) knows that Node has no hash for, by prefix (libxcrypt's crypt(5)).
const OTHER_SCHEMES: Record<string, string> = {
  y: 'yescrypt',
  gy: 'gost-yescrypt',
  '7': 'scrypt',
  '2a': 'bcrypt',
  '2b': 'bcrypt',
  '2x': 'bcrypt',
  '2y': 'bcrypt',
  sha1: 'SHA-1-crypt (NetBSD)',
  md5: 'Sun MD5-crypt',
};

/** The parts of a `$id$[rounds=N$]salt$hash` field; never puts the field itself into a reason. */
export function parseCryptField(field: string): ParsedHash {
  if (field === REDACTED_HASH) return { reason: 'the password hash is not kept in a --record bundle' };
  const parts = field.split('$');
  if (parts[0] !== '' || parts.length < 4) {
    return {
      reason:
        field.length === 13
          ? 'the password is stored with the old DES crypt (it keeps only 8 characters), which shop-audit ' +
            'does not compute'
          : 'the password hash has a form shop-audit does not know',
    };
  }
  const id = parts[1]!;
  if (id === '1' && parts.length === 4) return { scheme: 'md5', salt: parts[2]!, hash: parts[3]! };
  if ((id === '5' || id === '6') && (parts.length === 4 || parts.length === 5)) {
    const scheme = id === '5' ? 'sha256' : 'sha512';
    const roundsPart = parts.length === 5 ? /^rounds=(\d{1,12})$/.exec(parts[2]!) : null;
    if (parts.length === 5 && !roundsPart) return { reason: 'the password hash has a form shop-audit does not know' };
    const rounds = roundsPart ? Math.max(SHA_ROUNDS_MIN, Number(roundsPart[1])) : SHA_ROUNDS_DEFAULT;
    return { scheme, rounds, salt: parts[parts.length - 2]!, hash: parts[parts.length - 1]! };
  }
  const name = OTHER_SCHEMES[id];
  return {
    reason: name
      ? `the password is stored with ${name}, which Node.js cannot compute and no well-kept npm package implements`
      : 'the password hash has a form shop-audit does not know',
  };
}

/**
 * Whether a crypt(3) hash is that of a candidate for this account (stops at the first match). Unknown
 * with the reason for a scheme shop-audit cannot compute, or SHA-crypt rounds above SHA_ROUNDS_CAP.
 */
export function hashIsCommon(field: string, name: string, withinBudget = true): CommonPasswordAnswer {
  const parsed = parseCryptField(field);
  if ('reason' in parsed) return { ok: false, reason: parsed.reason };
  if (!withinBudget || ('rounds' in parsed && parsed.rounds > SHA_ROUNDS_CAP)) return tooSlow(parsed, withinBudget);
  if (parsed.scheme === 'md5')
    return { ok: true, value: candidatesFor(name).some((c) => md5Crypt(c, parsed.salt) === parsed.hash) };
  const { scheme, salt, rounds, hash } = parsed;
  return { ok: true, value: candidatesFor(name).some((c) => shaCrypt(scheme, c, salt, rounds) === hash) };
}

/** Why a hash was not computed: too many rounds, or the scan's budget of accounts used up. */
function tooSlow(parsed: ParsedHash, withinBudget: boolean): CommonPasswordAnswer {
  if (!withinBudget)
    return {
      ok: false,
      reason:
        `not compared: shop-audit compares the hashes of at most ${MAX_HASHED_ACCOUNTS} accounts per scan, ` +
        'to keep it fast',
    };
  const rounds = 'rounds' in parsed ? parsed.rounds : 0;
  return {
    ok: false,
    reason:
      `the password hash uses ${rounds} rounds; shop-audit computes at most ${SHA_ROUNDS_CAP} ` +
      'to keep the scan fast (a hash this slow is also slow to guess)',
  };
}

/** How many accounts' hashes one scan compares: each costs about 0.1 s of CPU at SHA-crypt's default rounds. */
export const MAX_HASHED_ACCOUNTS = 8;

/** Whether each account's hash is a common password, comparing at most MAX_HASHED_ACCOUNTS of them. */
export function hashesAreCommon(accounts: readonly { name: string; hash: string }[]): CommonPasswordAnswer[] {
  let compared = 0;
  return accounts.map(({ name, hash }) => {
    const answer = hashIsCommon(hash, name, compared < MAX_HASHED_ACCOUNTS);
    if (answer.ok) compared++;
    return answer;
  });
}
