/**
 * Where a JSON text first goes wrong, as an offset, or null when it is valid. V8's JSON.parse
 * names the position only for some errors and words it differently across Node versions, and a
 * technician fixing a bundle by hand needs the line and column. The open containers are kept on
 * a stack of their own, not the call stack: a bundle nested 200,000 deep is still located.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new JsonPositionError(Math.min(i, text.length));
  };
  const literal = (word: string): void => {
    if (!text.startsWith(word, i)) fail();
    i += word.length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    string();
    ws();
    if (text[i] !== ':') fail();
    i++;
  };
  // The closing character of each open container, innermost last.
  const open: ('}' | ']')[] = [];
  /** Reads one value; a container is opened (with its first key) and its first value read, in a loop. */
  const value = (): void => {
    for (;;) {
      ws();
      const c = text[i];
      if (c !== '{' && c !== '[') break;
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      open.push(close);
      if (c === '{') key();
    }
    const c = text[i];
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    while (open.length > 0) {
      ws();
      const close = open[open.length - 1]!;
      if (text[i] === close) {
        i++;
        open.pop();
      } else if (text[i] === ',') {
        i++;
        if (close === '}') key();
        value();
      } else {
        fail();
      }
    }
    ws();
    return i < text.length ? i : null;
  } catch (error) {
    if (error instanceof JsonPositionError) return error.offset;
    throw error;
  }
}

class JsonPositionError extends Error {
  constructor(readonly offset: number) {
    super(`invalid JSON at ${offset}`);
  }
}
