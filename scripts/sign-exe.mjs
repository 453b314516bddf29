// Authenticode signing of the Windows executable (npm run build:exe, step 4), apart so that a test can
// sign a real Windows program with a throw-away certificate.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';

/** The signing settings from the environment, or null (build unsigned); half of them set is a mistake. */
export function signingFromEnv(env) {
  const {
    SHOP_AUDIT_SIGN_PKCS12: pkcs12,
    SHOP_AUDIT_SIGN_PASSWORD_FILE: passwordFile,
    SHOP_AUDIT_SIGN_TIMESTAMP: timestamp,
  } = env;
  if (!pkcs12 && !passwordFile) return null;
  if (!pkcs12 || !passwordFile)
    throw new Error('set both SHOP_AUDIT_SIGN_PKCS12 and SHOP_AUDIT_SIGN_PASSWORD_FILE to sign, or neither');
  for (const file of [pkcs12, passwordFile]) if (!existsSync(file)) throw new Error(`signing: ${file} does not exist`);
  return { pkcs12, passwordFile, timestamp };
}

/** Signs a Windows executable in place with SHA-256 Authenticode, then checks that it carries the signature. */
export function signExe(file, { pkcs12, passwordFile, timestamp }) {
  const osslsigncode = (args) => execFileSync('osslsigncode', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const signed = `${file}.signed`;
  const args = ['sign', '-pkcs12', pkcs12, '-readpass', passwordFile, '-h', 'sha256', '-n', 'shop-audit'];
  if (timestamp) args.push('-ts', timestamp);
  osslsigncode([...args, '-in', file, '-out', signed]);
  rmSync(file);
  copyFileSync(signed, file);
  rmSync(signed);
  // verify fails on a signature that does not chain to a trusted root (a test certificate): only its presence is checked.
  osslsigncode(['extract-signature', '-in', file, '-out', `${file}.sig`]);
  rmSync(`${file}.sig`);
}
