// Control characters (C0 but tab and newline, DEL, C1), every Unicode format character (bidi
// marks, embeddings, overrides and isolates such as U+061C, U+200E/F, U+202A–E, U+2066–9,
// zero-width characters) and the line/paragraph separators, from the PC or a rule file, could
// move the cursor, recolour the terminal or reorder text; they are shown as visible escapes.
const UNSAFE = /(?![\t\n])[\p{Cc}\p{Cf}\u2028\u2029]/gu;

export function neutralise(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** Every string in a value (a report, a rule), neutralised; numbers, booleans and null as they are. */
export function neutraliseAll<T>(value: T): T {
  if (typeof value === 'string') return neutralise(value) as T;
  if (Array.isArray(value)) return value.map(neutraliseAll) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [neutralise(k), neutraliseAll(v)])) as T;
  }
  return value;
}
