// Pure parsers for the __probe_id__ probe: text in, values out, tested on real outputs.

/** The first line that is neither empty nor a `#` comment, trimmed; null when there is none. */
export function parseFirstValue(text: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const value = line.trim();
    if (value && !value.startsWith('#')) return value;
  }
  return null;
}
