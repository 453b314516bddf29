// Default-deny redaction for --record bundles: whatever a probe's own redactor left, every file
// and command output a bundle keeps passes through here. A password-like value is masked in any
// configuration, whichever probe read it: `password = x` (Samba, ClamAV), `psk=x` (NetworkManager,
// wpa_supplicant), `"DefaultPassword": "x"` (JSON), `-passwd x` on a command line (x11vnc in a
// lightdm greeter-setup-script), `scheme://user:x@host`. Values a rule needs and that are never
// secret stay: yes/no, numbers, dates, a PAM control flag, a registry value's type.

export const MASK = '***';

const SECRET_WORD = '(?:password|passwd|passphrase|secret|credential|psk)';
// `key = value` or `key: value` (the key may have spaces: Samba's `passwd program = …`), or
// `key value` (ClamAV's `HTTPProxyPassword …`), at the start of a line, the key naming a secret.
const KEY_EQUALS = new RegExp(
  `^([ \\t]*[^=:#;"'\\[\\n]*${SECRET_WORD}[^=:"\\[\\n]*?[ \\t]*[=:][ \\t]*)(\\S.*?)([ \\t]*)$`,
  'iu',
);
const KEY_SPACE = new RegExp(`^([ \\t]*[^\\s=:#;"'\\[]*${SECRET_WORD}[^\\s=:"]*[ \\t]+)(\\S.*?)([ \\t]*)$`, 'iu');
// A PAM line (`password requisite pam_pwquality.so retry=3`) names a module, never a secret.
const PAM_LINE =
  /^[ \t]*-?(?:auth|account|password|session)[ \t]+(?:required|requisite|sufficient|optional|include|substack|\[)/iu;
// A JSON member whose name names a secret and whose value is a string.
const JSON_MEMBER = new RegExp(`("[^"\\n]*${SECRET_WORD}[^"\\n]*"\\s*:\\s*)"((?:[^"\\\\\\n]|\\\\.)*)"`, 'giu');
// A command-line option naming a secret, with its argument.
const OPTION =
  /(^|[\s"'=])(-{1,2}(?:passwd|password|pass|pw|secret|psk)(?:[ \t]+|=))("[^"\n]*"|'[^'\n]*'|[^\s"']+)/gimu;
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
  return text
    .replace(URL_PASSWORD, (_, before: string) => `${before}${MASK}@`)
    .replace(OPTION, (_, lead: string, option: string) => `${lead}${option}${MASK}`)
    .replace(JSON_MEMBER, (_, key: string, value: string) => `${key}"${harmless(value) ? value : MASK}"`)
    .split('\n')
    .map(maskLine)
    .join('\n');
}

function maskLine(line: string): string {
  if (PAM_LINE.test(line)) return line;
  const m = KEY_EQUALS.exec(line) ?? KEY_SPACE.exec(line);
  return m ? `${m[1]}${maskValue(m[2]!)}${m[3]}` : line;
}
