import { describe, expect, it } from 'vitest';
import { YamlSource } from '../../src/engine/yaml-source.js';

// Where an error in a rule or profile file is reported: the file, line and column of the value or key
// (edges found by mutation testing; the loader's tests check the messages on whole rules).

const TEXT = 'rules:\n  - id: x\n    fix:\n      linux: { en: [a] }\n  - id: y\n';
const at = (path: (string | number)[], onKey = false) => {
  const { line, col } = YamlSource.parse('d.yaml', TEXT).source!.errorAt(path, 'm', onKey);
  return `${line}:${col}`;
};

describe('YamlSource', () => {
  it('points at a value, or at its key for an unknown key', () => {
    expect(at(['rules', 0, 'fix', 'linux'])).toBe('4:14');
    expect(at(['rules', 0, 'fix', 'linux'], true)).toBe('4:7');
    expect(at(['rules', 0, 'fix', 'linux', 'en', 0])).toBe('4:21');
    expect(at(['rules', 0, 'fix', 'linux', 'en'], true)).toBe('4:16');
    expect(at(['rules', 1, 'id'])).toBe('5:9');
    expect(at(['rules', 1, 'id'], true)).toBe('5:5');
    expect(at(['rules'], true)).toBe('1:1');
  });

  it('a missing key or item is reported at the deepest part the document has', () => {
    expect(at(['rules', 0, 'fix', 'windows'])).toBe('4:7');
    expect(at(['rules', 0, 'fix', 'windows'], true)).toBe('4:7');
    expect(at(['rules', 0, 'missing', 'deeper'])).toBe('2:5');
    expect(at(['rules', 5])).toBe('2:3');
    expect(at(['nothing'], true)).toBe('1:1');
    expect(at([], true)).toBe('1:1');
    // A list at the top: the key looked for on an item that is no mapping is the item itself.
    const list = YamlSource.parse('l.yaml', '  - a\n  - b\n').source!;
    expect([list.errorAt([1], 'm'), list.errorAt([0, 'x'], 'm', true)].map((e) => `${e.line}:${e.col}`)).toEqual([
      '2:5',
      '1:5',
    ]);
    // An empty file has nothing to point at.
    const empty = YamlSource.parse('e.yaml', '');
    expect([empty.source?.value, empty.source?.errorAt(['a'], 'm', true)]).toEqual([
      null,
      { file: 'e.yaml', line: 1, col: 1, message: 'm' },
    ]);
  });

  it('YAML errors: each with its position and first line, and no value', () => {
    const parsed = YamlSource.parse('d.yaml', 'a: 1\na: 2\nb: [\n');
    expect(parsed.source).toBeNull();
    expect(parsed.errors).toEqual([
      { file: 'd.yaml', line: 2, col: 1, message: 'Map keys must be unique' },
      {
        file: 'd.yaml',
        line: 4,
        col: 1,
        message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
  });

  it('a file with many aliases is refused before it is expanded (yaml counts 50 uses of a one-item list as too many)', () => {
    const aliases = (n: number) => `a: &a [x]\nb: [${Array(n).fill('*a').join(', ')}]\n`;
    expect(YamlSource.parse('d.yaml', aliases(49)).errors).toEqual([]);
    expect(YamlSource.parse('d.yaml', aliases(50))).toEqual({
      source: null,
      errors: [
        { file: 'd.yaml', line: 1, col: 1, message: 'Excessive alias count indicates a resource exhaustion attack' },
      ],
    });
  });
});
