// Default-deny redaction for --record bundles: whatever a probe's own redactor left, every file
// and command output a bundle keeps passes through here. A password-like value is masked in any
// configuration, whichever probe read it: `password = x` (Samba, ClamAV), `psk=x` (NetworkManager,
// wpa_supplicant), `"DefaultPassword": "x"` (JSON), `-passwd x` on a command line (x11vnc in a
// lightdm greeter-setup-script), `scheme://user:x@host`. Values a rule needs and that are never
// secret stay: yes/no, numbers, dates, a PAM control flag, a registry value's type, and the lines a key's
// word appears in by chance, whose parsers need them whole: an account's record (the user secretary, lightdm's
// group nopasswdlogin), `passwd -S`'s status line, an NFS export (/home/secretary), an XML element (pwpolicy's
// policyAttributePassword), the names net.exe lists.

import { maskPasswordField } from './types.js';

export const MASK = '***';

const SECRET_WORD = '(?:password|passwd|passphrase|secret|credential|psk)';
// `key = value` or `key: value` (the key may have spaces: Samba's `passwd program = …`), or
// `key value` (ClamAV's `HTTPProxyPassword …`), at the start of a line, the key naming a secret.
const KEY_EQUALS = new RegExp(
  `^(?![ \\t]*<)([ \\t]*[^=:#;"'\\[\\n]*${SECRET_WORD}[^=:"\\[\\n]*?[ \\t]*[=:][ \\t]*)(\\S.*?)([ \\t]*)$`,
  'iu',
);
// A path is no such key: `/home/secretary *(rw)` (an NFS export), `/Applications/1Password 7.app/…` (ps), a
// registry key (`HKEY_…\Uninstall\Password Boss`).
const KEY_SPACE = new RegExp(
  `^(?![ \\t]*<)([ \\t]*[^\\s=:#;"'\\[/\\\\]*${SECRET_WORD}[^\\s=:"/\\\\]*[ \\t]+)(\\S.*?)([ \\t]*)$`,
  'iu',
);
// A PAM line (`password requisite pam_pwquality.so retry=3`, `-password optional …`) names a module, never a secret.
const PAM_LINE =
  /^[ \t]*-?(?:auth|account|password|session)[ \t]+(?:required|requisite|sufficient|optional|include|substack|\[)/iu;
// An NFS export (exports(5), which has no secret in it): a path, then clients with their options in brackets
// (`/srv/passwords 192.168.1.0/24(rw,fsid=1)`) or `-options` for those after them.
const NFS_EXPORT = /^[ \t]*(?:"[^"\n]*"|\/\S*)(?:[ \t]+(?:-\S+|[^\s(]*\([^)\s]*\)|[^\s(=]+))+[ \t]*$/u;
// `passwd -S NAME`: `NAME STATUS DATE MIN MAX WARN INACTIVE` (RHEL adds words in brackets).
const PASSWD_STATUS =
  /^\S+ (?:PS?|NP|LK?) (?:\d{4}-\d\d-\d\d|\d\d\/\d\d\/\d{4}|never|empty)(?: -?\d+){4}(?: \(.*\))?\s*$/u;
// A JSON member whose name names a secret and whose value is a string.
const JSON_MEMBER = new RegExp(`("[^"\\n]*${SECRET_WORD}[^"\\n]*"\\s*:\\s*)"((?:[^"\\\\\\n]|\\\\.)*)"`, 'giu');
// A command-line option naming a secret, with its argument (also in an XML element: `<string>-passwd x</string>`).
const OPTION_VALUE = `("[^"\\n]*"|'[^'\\n]*'|(?:[^\\s"'<]|<(?!/))+)`;
const OPTION = new RegExp(
  `(^|[\\s"'=>])(-{1,2}(?:passwd|password|pass|pw|secret|psk)(?:[ \\t]+|=))${OPTION_VALUE}`,
  'gimu',
);
// Credentials in a URL.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:)([^\s@/"']+)@/giu;

const HARMLESS = [
  // Already masked by a probe's own redactor.
  /^(?:\(redacted\)|\*\*\*)$/u,
  /^(?:yes|no|true|false|on|off|null|none|auto|default|\*+|-?\d+(?:\.\d+)?|0x[0-9a-f]+)[,;]?$/iu,
  // A time stamp (password last set): ISO dates and .NET's /Date(…)/.
  /^(?:\d{4}-\d{2}-\d{2}|\/Date\(|\\\/Date\()/u,
];

const harmless = (value: string) => HARMLESS.some((re) => re.test(value.trim()));

function maskValue(value: string): string {
  // reg.exe: `DefaultPassword    REG_SZ    secret` keeps the type.
  const typed = /^(REG_\w+[ \t]+)(.*)$/u.exec(value);
  if (typed) return typed[1]! + (harmless(typed[2]!) || typed[2] === '' ? typed[2]! : MASK);
  return harmless(value) ? value : MASK;
}

/** `text` with every password-like value replaced by ***. */
export function maskSecrets(text: string): string {
  let inTable = false;
  return text
    .replace(URL_PASSWORD, (_, before: string) => `${before}${MASK}@`)
    .replace(JSON_MEMBER, (_, key: string, value: string) => `${key}"${harmless(value) ? value : MASK}"`)
    .split('\n')
    .map((raw) => {
      // A line ending in \r (a file written on Windows, a Windows tool's output) is masked as the same line without.
      const line = raw.replace(/\r$/u, '');
      inTable = NET_TABLE_RULE.test(line) || (inTable && line.trim() !== '');
      return inTable ? raw : maskLine(line) + raw.slice(line.length);
    })
    .join('\n');
}

// net.exe's lists (`net user`, `net share`) put their names below a rule of 79 dashes, up to a blank line:
// cells of account and share names (Secretary), not a key and its value.
const NET_TABLE_RULE = /^-{79}$/u;

function maskLine(line: string): string {
  const maskOptions = (text: string) =>
    text.replace(OPTION, (_, lead: string, option: string) => `${lead}${option}${MASK}`);
  // A PAM line's type (`-password`) is no option: only its module's arguments are looked at.
  const pam = PAM_LINE.exec(line)?.[0];
  if (pam !== undefined) return pam + maskOptions(line.slice(pam.length));
  const masked = maskOptions(line);
  if (PASSWD_STATUS.test(masked) || NFS_EXPORT.test(masked)) return masked;
  const m = KEY_EQUALS.exec(masked) ?? KEY_SPACE.exec(masked);
  if (!m) return masked;
  return accountRecord(masked) ?? `${m[1]}${maskValue(m[2]!)}${m[3]}`;
}

/**
 * A line of /etc/passwd (7 fields, numeric user and group ids), /etc/group (4, a numeric group id) or
 * /etc/shadow (9, day counts) with only its password field masked; null for a line of another shape.
 */
function accountRecord(line: string): string | null {
  const fields = line.split(':');
  const all = (indexes: number[], re: RegExp) => indexes.every((i) => re.test(fields[i]!));
  // The other fields are ids, day counts, a home and a shell, or a group's members: nothing else is kept whole.
  const shaped =
    (fields.length === 7 && all([2, 3], /^\d+$/u) && all([5, 6], /^(?:\/\S*)?$/u)) ||
    (fields.length === 4 && all([2], /^\d+$/u) && all([3], /^[\w.$-]*(?:,[\w.$-]+)*$/u)) ||
    (fields.length === 9 && all([2, 3, 4, 5, 6, 7], /^-?\d*$/u));
  if (!shaped || !/^[^\s#]+$/u.test(fields[0]!)) return null;
  fields[1] = maskPasswordField(fields[1]!);
  return fields.join(':');
}
