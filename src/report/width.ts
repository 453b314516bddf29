// Fitting text to a terminal: East Asian wide characters take two columns, colour codes none.
// Hand-coded from Unicode's East Asian Width (W and F ranges), which is all a report needs.

const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function isWide(codePoint: number): boolean {
  return WIDE.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/** Columns the text takes on a terminal. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(ANSI, '')) width += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return width;
}

// A run of narrow characters, one wide (CJK) character with the closing punctuation that must stay on
// its line, or spaces.
const CJK = '\\u2e80-\\u9fff\\uac00-\\ud7a3\\uff00-\\uffef\\u3000-\\u303f';
const WORD_OR_WIDE_CHARACTER = new RegExp(`[^\\s${CJK}]+|[${CJK}][，。；：、）」』”》]*|\\s+`, 'g');

/**
 * Wraps plain text to `width` columns: `first` starts the first line (it may hold colour codes),
 * the following lines are indented by `indent` spaces. Words break at spaces; Chinese text, which
 * has none, breaks between any two characters (but not before its punctuation).
 */
export function wrap(first: string, text: string, width: number, indent: number): string[] {
  // Tabs and line breaks were made visible before (see neutralise); whitespace here is spaces.
  const tokens = text.match(WORD_OR_WIDE_CHARACTER) ?? [];
  const lines: string[] = [];
  const pad = ' '.repeat(indent);
  const room = Math.max(width, indent + 20);
  let line = first;
  let used = textWidth(first);
  for (const token of tokens) {
    const w = textWidth(token);
    if (/^\s+$/.test(token)) {
      line += token;
      used += w;
      continue;
    }
    if (used + w > room && textWidth(line.trimEnd()) > indent) {
      lines.push(line.trimEnd());
      line = pad;
      used = indent;
    }
    line += token;
    used += w;
  }
  lines.push(line.trimEnd());
  return lines;
}
