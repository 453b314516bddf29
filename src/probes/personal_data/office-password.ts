import { createDecipheriv, createHash } from 'node:crypto';

// Whether an encrypted Excel 97–2003 workbook opens without asking for a password. Excel encrypts with
// the well-known default password "VelvetSweatshop" when a workbook is only protected against changes
// (its structure, or a password to modify): such a file opens for anyone, so it is no protection. The
// FILEPASS record holds a password verifier: a random value and its hash, encrypted with a key made from
// the password ([MS-OFFCRYPTO] 2.3.6 RC4 encryption, 2.3.5 RC4 CryptoAPI encryption). Decrypting them
// with the default password's key and comparing the hash tells; nothing of the workbook is decrypted.

const DEFAULT_PASSWORD = Buffer.from('VelvetSweatshop', 'utf16le');
const RC4 = 1;

/** True: opens with the default password; false: needs another; null: a method that cannot be checked here. */
export function opensWithoutPassword(filePass: Uint8Array): boolean | null {
  const f = Buffer.from(filePass.buffer, filePass.byteOffset, filePass.length);
  if (f.length < 6 || f.readUInt16LE(0) !== RC4) return null;
  const [major, minor] = [f.readUInt16LE(2), f.readUInt16LE(4)];
  if (major === 1 && minor === 1 && f.length >= 54) {
    // RC4: key = MD5(first 5 bytes of MD5(MD5(password)[0..5] + salt, 16 times) + block 0).
    const salt = f.subarray(6, 22);
    const h0 = md5(DEFAULT_PASSWORD).subarray(0, 5);
    const h1 = md5(Buffer.concat(Array.from({ length: 16 }, () => Buffer.concat([h0, salt])))).subarray(0, 5);
    const key = md5(Buffer.concat([h1, BLOCK_ZERO]));
    const plain = rc4(key, f.subarray(22, 54));
    return md5(plain.subarray(0, 16)).equals(plain.subarray(16, 32));
  }
  if ((major === 2 || major === 3 || major === 4) && minor === 2 && f.length >= 14) {
    // RC4 CryptoAPI: an encryption header (its key size in bits), then the verifier with a SHA-1 hash.
    const headerSize = f.readUInt32LE(10);
    const header = 14;
    const verifier = header + headerSize;
    if (headerSize < 20 || verifier + 60 > f.length) return null;
    const keyBits = f.readUInt32LE(header + 16) || 40;
    const salt = f.subarray(verifier + 4, verifier + 20);
    const hash = sha1(Buffer.concat([sha1(Buffer.concat([salt, DEFAULT_PASSWORD])), BLOCK_ZERO]));
    // A 40-bit key is padded with zeros to 128 bits.
    const key = keyBits === 40 ? Buffer.concat([hash.subarray(0, 5), Buffer.alloc(11)]) : hash.subarray(0, keyBits / 8);
    const encrypted = Buffer.concat([
      f.subarray(verifier + 20, verifier + 36),
      f.subarray(verifier + 40, verifier + 60),
    ]);
    const plain = rc4(key, encrypted);
    return sha1(plain.subarray(0, 16)).equals(plain.subarray(16, 36));
  }
  return null;
}

const BLOCK_ZERO = Buffer.alloc(4);
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest();
const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest();

/** RC4 (not in OpenSSL 3's default provider): the key schedule, then the key stream XORed over the bytes. */
function rc4(key: Uint8Array, bytes: Uint8Array): Buffer {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(bytes.length);
  for (let n = 0, i = 0, j = 0; n < bytes.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = bytes[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

/** Agile encryption's block keys of the password verifier's input and hash ([MS-OFFCRYPTO] 2.3.4.13). */
const VERIFIER_INPUT_BLOCK = Buffer.from('fea7d2763b4b9e79', 'hex');
const VERIFIER_HASH_BLOCK = Buffer.from('d7aa0f6d3061344e', 'hex');
/** Office spins 100,000 times (~0.2 s of CPU); a file asking for far more is not checked. */
const MAX_SPINS = 200_000;
const HASHES: Record<string, string> = { SHA512: 'sha512', SHA384: 'sha384', SHA256: 'sha256', SHA1: 'sha1' };

/**
 * The same for an encrypted .xlsx/.docx/.pptx, from its EncryptionInfo stream: agile encryption (Office
 * 2010 and later: an XML description, the password hashed `spinCount` times, AES-CBC). Standard
 * encryption (Office 2007) and anything else: null.
 */
export function ooxmlOpensWithoutPassword(info: Uint8Array): boolean | null {
  const b = Buffer.from(info.buffer, info.byteOffset, info.length);
  if (b.length < 8 || b.readUInt16LE(0) !== 4 || b.readUInt16LE(2) !== 4) return null;
  const xml = b.subarray(8).toString('utf8');
  const key = /<(?:\w+:)?encryptedKey\b[^>]*>/.exec(xml)?.[0];
  const attribute = (name: string) => (key ? new RegExp(`\\b${name}="([^"]*)"`).exec(key)?.[1] : undefined);
  const spins = Number(attribute('spinCount'));
  const keyBits = Number(attribute('keyBits'));
  const hash = HASHES[attribute('hashAlgorithm') ?? ''];
  const [salt, input, value] = ['saltValue', 'encryptedVerifierHashInput', 'encryptedVerifierHashValue'].map((n) =>
    Buffer.from(attribute(n) ?? '', 'base64'),
  ) as [Buffer, Buffer, Buffer];
  if (attribute('cipherAlgorithm') !== 'AES' || attribute('cipherChaining') !== 'ChainingModeCBC') return null;
  if (!hash || !(spins >= 0 && spins <= MAX_SPINS) || ![128, 192, 256].includes(keyBits)) return null;
  if (salt.length !== 16 || input.length % 16 !== 0 || value.length % 16 !== 0 || input.length === 0) return null;
  // H0 = hash(salt + password); Hn = hash(n as 4 bytes + Hn-1); the key = hash(Hn + block key), cut to its size.
  let h = createHash(hash).update(salt).update(DEFAULT_PASSWORD).digest();
  const step = Buffer.alloc(4 + h.length);
  for (let i = 0; i < spins; i++) {
    step.writeUInt32LE(i, 0);
    h.copy(step, 4);
    h = createHash(hash).update(step).digest();
  }
  // A hash shorter than the key (SHA-1 for AES-256) is padded with 0x36.
  const derive = (block: Buffer) =>
    Buffer.concat([createHash(hash).update(h).update(block).digest(), Buffer.alloc(32, 0x36)]).subarray(0, keyBits / 8);
  const decrypt = (k: Buffer, data: Buffer) => {
    const d = createDecipheriv(`aes-${keyBits}-cbc`, k, salt).setAutoPadding(false);
    return Buffer.concat([d.update(data), d.final()]);
  };
  const verifier = decrypt(derive(VERIFIER_INPUT_BLOCK), input);
  const expected = decrypt(derive(VERIFIER_HASH_BLOCK), value);
  const actual = createHash(hash).update(verifier).digest();
  return expected.subarray(0, actual.length).equals(actual);
}
