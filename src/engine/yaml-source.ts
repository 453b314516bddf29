import type { SourceError } from '../errors.js';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export type PathKey = string | number;

/**
 * A parsed YAML file that can say where any value in it came from, so every error names the
 * file, line and column of the offending key or value.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly value: unknown,
  ) {}

  // Aliases are expanded at most this many times: a "billion laughs" file fails instead of eating memory.
  static readonly MAX_ALIAS_COUNT = 50;

  static parse(file: string, text: string): { source: YamlSource | null; errors: SourceError[] } {
    const lines = new LineCounter();
    let doc: Document;
    try {
      doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
    } catch (error) {
      // Absurd nesting can exhaust the parser's stack: that is a bad file, not a crash.
      return {
        source: null,
        errors: [{ file, line: 1, col: 1, message: `cannot parse: ${firstLine((error as Error).message)}` }],
      };
    }
    const errors: SourceError[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      return { file, line: pos.line, col: pos.col, message: firstLine(e.message) };
    });
    if (errors.length > 0) return { source: null, errors };
    try {
      const value = doc.toJS({ maxAliasCount: YamlSource.MAX_ALIAS_COUNT });
      return { source: new YamlSource(file, doc, lines, value), errors: [] };
    } catch (error) {
      return { source: null, errors: [{ file, line: 1, col: 1, message: firstLine((error as Error).message) }] };
    }
  }

  /** The error located at the value under `path`; `onKey` points at the key instead (unknown keys). */
  errorAt(path: readonly PathKey[], message: string, onKey = false): SourceError {
    const pos = this.position(path, onKey);
    return { file: this.file, line: pos.line, col: pos.col, message };
  }

  private position(path: readonly PathKey[], onKey: boolean): { line: number; col: number } {
    // Walk as deep as the document goes; a missing key is reported at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const sub = path.slice(0, depth);
      if (onKey && depth === path.length && depth > 0) {
        const parent = sub.length > 1 ? this.doc.getIn(sub.slice(0, -1), true) : this.doc.contents;
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === sub[sub.length - 1]);
          const key = pair?.key;
          if (isNode(key) && key.range) return this.lines.linePos(key.range[0]);
        }
      }
      const node = (sub.length === 0 ? this.doc.contents : this.doc.getIn(sub, true)) as Node | null | undefined;
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]);
    }
    return { line: 1, col: 1 };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
