/** `sw_vers`: `Key:<TAB>Value` lines (ProductName, ProductVersion, BuildVersion). */
export function parseSwVers(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const m of text.matchAll(/^(\w+):\s*(.*?)\s*$/gm)) if (m[2]) fields.set(m[1]!, m[2]);
  return fields;
}

/**
 * `defaults read -g AppleLanguages`: an old-style plist array, `(\n    "zh-Hans-CN",\n    en\n)`.
 * The first entry is the language the Mac is shown in; the script subtag is left out (zh-Hans-CN -> zh-CN).
 */
export function parseAppleLanguages(text: string): string | null {
  const body = /^\s*\(([\s\S]*)\)\s*$/.exec(text)?.[1];
  const first = body
    ?.split(',')
    .map((item) => item.trim().replace(/^"(.*)"$/, '$1'))
    .find(Boolean);
  return first ? first.replace(/-(Hans|Hant|Latn|Cyrl)(?=-|$)/, '') : null;
}
