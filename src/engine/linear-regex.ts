// A rule's `matches` pattern runs over facts from the PC (a host name, a share path) that the PC
// controls. JavaScript's own RegExp backtracks: `(a+)+$` against a long name never ends. Patterns
// are therefore compiled here to a Thompson NFA and run by simulating every state at once, in time
// linear in the text (times the pattern's size). The subset is what rules need: literals, `.`,
// classes, \d \w \s (and negations), groups, alternation, * + ? {n} {n,} {n,m}, ^ and $.
// Backreferences and lookaround, which no linear engine can run, are refused when rules load.

export class PatternError extends Error {}

type CharTest = (cp: number) => boolean;
type Node =
  | { kind: 'char'; test: CharTest }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; item: Node; min: number; max: number }
  | { kind: 'start' }
  | { kind: 'end' };

// A pattern expands to at most this many NFA states ({1000} copies its item 1000 times).
const MAX_STATES = 20_000;
const INFINITE = Number.POSITIVE_INFINITY;

const DIGIT: CharTest = (c) => c >= 48 && c <= 57;
const WORD: CharTest = (c) => DIGIT(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACE: CharTest = (c) => /\s/u.test(String.fromCodePoint(c));
const NOT_LINE_END: CharTest = (c) => c !== 10 && c !== 13 && c !== 0x2028 && c !== 0x2029;
const not =
  (t: CharTest): CharTest =>
  (c) =>
    !t(c);
const CLASS_ESCAPES: Record<string, CharTest> = {
  d: DIGIT,
  D: not(DIGIT),
  w: WORD,
  W: not(WORD),
  s: SPACE,
  S: not(SPACE),
};
const CONTROL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };

function parse(source: string): Node {
  const chars = [...source];
  let i = 0;
  // `at`: the index of what the message is about (the \ of an escape, a [ or a (, a quantifier).
  const fail = (message: string, at: number): never => {
    throw new PatternError(`${message} (at character ${at + 1} of the pattern)`);
  };
  const peek = () => chars[i];

  const escapeChar = (): { test?: CharTest; cp?: number } => {
    const backslash = i - 1;
    const c = chars[i++];
    if (c === undefined) return fail('the pattern ends with a lone \\', backslash);
    if (CLASS_ESCAPES[c]) return { test: CLASS_ESCAPES[c] };
    if (c in CONTROL_ESCAPES) return { cp: CONTROL_ESCAPES[c] };
    if (/[1-9]/.test(c) || c === 'k')
      return fail(
        'backreferences (\\1, \\k<name>) are not supported: they cannot be matched in linear time',
        backslash,
      );
    if (c === 'b' || c === 'B') return fail('word boundaries (\\b, \\B) are not supported', backslash);
    if (c === 'u' || c === 'x') {
      const hex =
        c === 'u' && peek() === '{' ? /^\{([0-9a-fA-F]{1,6})\}/ : c === 'u' ? /^([0-9a-fA-F]{4})/ : /^([0-9a-fA-F]{2})/;
      const m = hex.exec(chars.slice(i, i + 8).join(''));
      if (!m) return fail(`\\${c} needs hexadecimal digits`, backslash);
      i += m[0].length;
      return { cp: parseInt(m[1]!, 16) };
    }
    if (/[a-zA-Z]/.test(c)) return fail(`\\${c} is not supported`, backslash);
    return { cp: c.codePointAt(0)! };
  };
  /** One character of a [ class: an escape, or the character itself. */
  const classMember = (): { test?: CharTest; cp?: number } => {
    if (peek() !== '\\') return { cp: chars[i++]!.codePointAt(0)! };
    i++;
    return escapeChar();
  };

  // As JavaScript reads it: `[]` matches nothing and `[^]` any character (a ] first is not itself).
  const charClass = (): Node => {
    const open = i - 1;
    const negated = peek() === '^';
    if (negated) i++;
    const tests: CharTest[] = [];
    while (peek() !== ']') {
      if (peek() === undefined) fail('a [ class is not closed', open);
      const memberAt = i;
      const low = classMember();
      if (low.test) {
        tests.push(low.test);
        continue;
      }
      if (peek() === '-' && chars[i + 1] !== ']' && chars[i + 1] !== undefined) {
        i++;
        const high = classMember();
        if (high.cp === undefined || high.cp < low.cp!) fail('a range in a [ class is out of order', memberAt);
        const [from, to] = [low.cp!, high.cp!];
        tests.push((c) => c >= from && c <= to);
      } else {
        const only = low.cp!;
        tests.push((c) => c === only);
      }
    }
    i++;
    const any: CharTest = (c) => tests.some((t) => t(c));
    return { kind: 'char', test: negated ? not(any) : any };
  };

  const atom = (): Node => {
    const at = i;
    const c = chars[i++]!;
    if (c === '(') {
      if (peek() === '?') {
        const head = chars.slice(i, i + 3).join('');
        if (head.startsWith('?:')) i += 2;
        else if (/^\?<[a-zA-Z]/.test(head)) {
          while (peek() !== '>' && peek() !== undefined) i++;
          i++;
        } else
          fail(
            'lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: they cannot be matched in linear time',
            at,
          );
      }
      const inner = alternation();
      if (chars[i++] !== ')') fail('a ( group is not closed', at);
      return inner;
    }
    if (c === '[') return charClass();
    if (c === '.') return { kind: 'char', test: NOT_LINE_END };
    if (c === '^') return { kind: 'start' };
    if (c === '$') return { kind: 'end' };
    if (c === '\\') {
      const e = escapeChar();
      const cp = e.cp;
      return { kind: 'char', test: e.test ?? ((x) => x === cp) };
    }
    if (c === ')' || c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']')
      fail(`unexpected ${c}`, at);
    const cp = c.codePointAt(0)!;
    return { kind: 'char', test: (x) => x === cp };
  };

  const quantified = (): Node => {
    let item = atom();
    let repeated = false;
    for (;;) {
      const at = i;
      const c = peek();
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, INFINITE];
      else if (c === '+') [min, max] = [1, INFINITE];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(chars.slice(i, i + 12).join(''));
        if (!m) return fail('a { quantifier must be {n}, {n,} or {n,m} with numbers up to 9999', at);
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? INFINITE : Number(m[3]);
        if (max < min) fail('a {n,m} quantifier has m smaller than n', at);
        i += m[0].length - 1;
      } else return item;
      if (item.kind === 'start' || item.kind === 'end') fail(`${c} cannot repeat ^ or $`, at);
      if (repeated) fail(`${c} cannot repeat a repetition (JavaScript refuses a** and a{2}{3})`, at);
      i++;
      // A lazy quantifier (*?) finds the same matches; only the captured text would differ.
      if (peek() === '?') i++;
      item = { kind: 'repeat', item, min, max };
      repeated = true;
    }
  };

  const sequence = (): Node => {
    const items: Node[] = [];
    while (peek() !== undefined && peek() !== '|' && peek() !== ')') items.push(quantified());
    return { kind: 'seq', items };
  };

  const alternation = (): Node => {
    const options = [sequence()];
    while (peek() === '|') {
      i++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  };

  const tree = alternation();
  if (i < chars.length) fail('unexpected )', i);
  return tree;
}

// NFA states: a character test, a split into two, an anchor, or the match.
type State =
  | { kind: 'char'; test: CharTest; out: number }
  | { kind: 'split'; out: number; alt: number }
  | { kind: 'start' | 'end'; out: number }
  | { kind: 'match' };

function compile(tree: Node): State[] {
  const states: State[] = [];
  const add = (s: State) => {
    if (states.length >= MAX_STATES)
      throw new PatternError(`the pattern is too large (more than ${MAX_STATES} states once repetitions are expanded)`);
    states.push(s);
    return states.length - 1;
  };
  // Builds `node` so that it continues to state `next`; returns its entry state.
  const build = (node: Node, next: number): number => {
    switch (node.kind) {
      case 'char':
        return add({ kind: 'char', test: node.test, out: next });
      case 'start':
      case 'end':
        return add({ kind: node.kind, out: next });
      case 'seq':
        return node.items.reduceRight((after, item) => build(item, after), next);
      case 'alt':
        return node.options.map((o) => build(o, next)).reduce((a, b) => add({ kind: 'split', out: a, alt: b }));
      case 'repeat': {
        let entry = next;
        if (node.max === INFINITE) {
          // A loop: split into the item (which comes back here) or onwards.
          const loop = add({ kind: 'split', out: -1, alt: next });
          (states[loop] as { out: number }).out = build(node.item, loop);
          entry = loop;
        } else {
          for (let k = node.min; k < node.max; k++)
            entry = add({ kind: 'split', out: build(node.item, entry), alt: next });
        }
        for (let k = 0; k < node.min; k++) entry = build(node.item, entry);
        return entry;
      }
    }
  };
  const match = add({ kind: 'match' });
  const start = build(tree, match);
  // State 0 is the entry: put it first by a split with both arms there.
  states.push({ kind: 'split', out: start, alt: start });
  return states;
}

export interface LinearPattern {
  test(text: string): boolean;
}

/** Compiles `source` (the `u`-flag syntax, no flags); throws PatternError for what it does not support. */
export function compilePattern(source: string): LinearPattern {
  const states = compile(parse(source));
  // What this engine reads must mean what it means to JavaScript, whose syntax rule authors know and test
  // with: what JavaScript refuses (\! or [\d-z] with the u flag) is refused. Only compiled, never run.
  try {
    new RegExp(source, 'u');
  } catch (error) {
    throw new PatternError(`JavaScript refuses this pattern: ${(error as Error).message.replace(/^.*: /, '')}`);
  }
  const entry = states.length - 1;
  return {
    test(text: string): boolean {
      const cps = [...text].map((c) => c.codePointAt(0)!);
      let current: number[] = [];
      const seen = new Int32Array(states.length).fill(-1);
      // Follows splits and anchors from `s` at position `pos`, collecting character states.
      const close = (s: number, pos: number, into: number[]): boolean => {
        const stack = [s];
        while (stack.length) {
          const id = stack.pop()!;
          if (seen[id] === pos) continue;
          seen[id] = pos;
          const st = states[id]!;
          if (st.kind === 'match') return true;
          if (st.kind === 'char') into.push(id);
          else if (st.kind === 'split') stack.push(st.alt, st.out);
          else if (st.kind === 'start' ? pos === 0 : pos === cps.length) stack.push(st.out);
        }
        return false;
      };
      for (let pos = 0; ; pos++) {
        // Unanchored search: a match may start at every position.
        if (close(entry, pos, current)) return true;
        if (pos === cps.length) return false;
        const next: number[] = [];
        for (const id of current) {
          const st = states[id] as { test: CharTest; out: number };
          if (st.test(cps[pos]!) && close(st.out, pos + 1, next)) return true;
        }
        current = next;
      }
    },
  };
}
