import { hash } from 'node:crypto';

// The crypt(3) schemes of /etc/shadow that Node's own hashes can compute, written from their published
// descriptions: SHA-256-crypt ($5$) and SHA-512-crypt ($6$) from Ulrich Drepper's "Unix crypt using
// SHA-256 and SHA-512" (https://www.akkadia.org/drepper/SHA-crypt.txt, 2016), MD5-crypt ($1$) from
// Poul-Henning Kamp's FreeBSD md5crypt.c as glibc's crypt(3) documents it. Pure: text in, text out.
// Tested against hashes made on this machine by openssl passwd -1/-5/-6 and Python's crypt (libxcrypt).

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The crypt base-64 of the final digest: 3 bytes (big end first) as 4 characters, least significant 6 bits first. */
function encode(digest: Buffer, groups: readonly (readonly number[])[]): string {
  let out = '';
  for (const group of groups) {
    let w = 0;
    for (const i of group) w = (w << 8) | digest[i]!;
    // A group of n bytes gives n + 1 characters (the last group is short).
    for (let n = group.length + 1; n > 0; n--, w >>>= 6) out += ITOA64[w & 0x3f];
  }
  return out;
}

// The byte orders of the specification's final step ("b64_from_24bit" calls).
const SHA512_ORDER = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
  [63],
] as const;
const SHA256_ORDER = [
  [0, 10, 20],
  [21, 1, 11],
  [12, 22, 2],
  [3, 13, 23],
  [24, 4, 14],
  [15, 25, 5],
  [6, 16, 26],
  [27, 7, 17],
  [18, 28, 8],
  [9, 19, 29],
  [31, 30],
] as const;
const MD5_ORDER = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5], [11]] as const;

/** `length` bytes of `block` repeated (the specification's "sequence" steps, "for each block of 32 or 64 bytes"). */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0; at < length; at += block.length) block.copy(out, at, 0, Math.min(block.length, length - at));
  return out;
}

const digestOf = (algorithm: string, ...parts: Buffer[]) => hash(algorithm, Buffer.concat(parts), 'buffer');

/**
 * The loop both schemes end with: each round hashes the last digest C with the password part P and the salt
 * part S as `(odd ? P : C) + (i % 3 ? S : '') + (i % 7 ? P : '') + (odd ? C : P)`, put together in one
 * buffer reused for every round.
 */
function mixRounds(algorithm: string, start: Buffer, p: Buffer, s: Buffer, rounds: number): Buffer {
  const input = Buffer.allocUnsafe(2 * Math.max(start.length, p.length) + p.length + s.length);
  let c = start;
  for (let i = 0; i < rounds; i++) {
    const odd = i & 1;
    let n = 0;
    input.set(odd ? p : c, n);
    n += odd ? p.length : c.length;
    if (i % 3) {
      input.set(s, n);
      n += s.length;
    }
    if (i % 7) {
      input.set(p, n);
      n += p.length;
    }
    input.set(odd ? c : p, n);
    n += odd ? c.length : p.length;
    c = hash(algorithm, input.subarray(0, n), 'buffer');
  }
  return c;
}

/** The SHA-crypt result (the part after the last `$`) of a password, salt and number of rounds. */
export function shaCrypt(kind: 'sha256' | 'sha512', password: string, salt: string, rounds: number): string {
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt, 'utf8').subarray(0, 16);
  const b = digestOf(kind, p, s, p);
  const a: Buffer[] = [p, s, repeatTo(b, p.length)];
  for (let n = p.length; n > 0; n >>= 1) a.push(n & 1 ? b : p);
  const aDigest = digestOf(kind, ...a);
  const pSeq = repeatTo(digestOf(kind, ...Array<Buffer>(p.length).fill(p)), p.length);
  const sSeq = repeatTo(digestOf(kind, ...Array<Buffer>(16 + aDigest[0]!).fill(s)), s.length);
  return encode(mixRounds(kind, aDigest, pSeq, sSeq, rounds), kind === 'sha512' ? SHA512_ORDER : SHA256_ORDER);
}

/** The MD5-crypt result (the part after the last `$`) of a password and salt (at most 8 characters are used). */
export function md5Crypt(password: string, salt: string): string {
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt, 'utf8').subarray(0, 8);
  const b = digestOf('md5', p, s, p);
  const a: Buffer[] = [p, Buffer.from('$1$'), s, repeatTo(b, p.length)];
  // A quirk kept by every implementation: a zero byte for a set bit, the password's first byte otherwise.
  for (let n = p.length; n > 0; n >>= 1) a.push(n & 1 ? Buffer.alloc(1) : p.subarray(0, 1));
  return encode(mixRounds('md5', digestOf('md5', ...a), p, s, 1000), MD5_ORDER);
}
