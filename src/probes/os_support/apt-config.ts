import type { Answer } from '../types.js';

// apt's configuration as apt-config reads it (apt's configuration.cc, checked against the real `apt-config dump` in
// the tests): a pure reading of the files' texts, in the order apt reads them.

export interface AptConfig {
  /** Options with a value (`Name "value";`, `Name::Sub value;`, `Name { Sub "v"; };`), by lower-case name. */
  options: Map<string, string>;
  /** Lists (`Name { "a"; "b"; };`, `Name:: "c";`): every item in order, by lower-case name. */
  lists: Map<string, string[]>;
}

/**
 * Comments removed as apt removes them: `/* *\/` (across lines), and outside quotes `//` or a `#` that does
 * not start `#clear` or `#include`, to the end of the line.
 */
function withoutComments(text: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') quoted = false;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && text.startsWith('/*', i)) {
      // Removed without a trace, as apt does: `Name/* x */"0"` is the one word `Name0`.
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
      continue;
    } else if (
      !quoted &&
      (text.startsWith('//', i) || (c === '#' && !text.startsWith('#clear', i) && !text.startsWith('#include', i)))
    ) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** A statement's words, their quotes removed: `"a b"c` is one word. */
const words = (statement: string) => [...statement.matchAll(/(?:"[^"]*"|[^\s"])+/g)].map((m) => m[0].replace(/"/g, ''));

/**
 * Reads apt's configuration files in order. Later files and lines override an option; list items add up;
 * `#clear Name;` erases a name and everything below it, so later files start afresh. Names are case-insensitive
 * in apt: kept in lower case. Where apt refuses the files (a `#clear` inside a block, `#clear` of two names),
 * the answer says why: apt then runs with none of them. An `#include` is not followed: not known.
 */
export function parseAptConfig(files: readonly { path: string; text: string }[]): Answer<AptConfig> {
  const options = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const clear = (name: string) => {
    const prefix = name.toLowerCase();
    for (const map of [options, lists])
      for (const key of [...map.keys()]) if (key === prefix || key.startsWith(`${prefix}::`)) map.delete(key);
  };
  for (const { path, text } of files) {
    const scope: string[] = [];
    const refused = (why: string): Answer<AptConfig> => ({
      ok: false,
      reason: `apt refuses its configuration: ${path} has ${why}`,
    });
    // Statements end at `;`, `{` or `}` outside quotes; anything after the last one is an error in apt.
    const clean = withoutComments(text);
    const statement = /((?:"[^"\n]*"|[^;{}"])*)([;{}])/y;
    for (let done = 0, m = statement.exec(clean); ; done = statement.lastIndex, m = statement.exec(clean)) {
      if (!m) {
        if (clean.slice(done).trim() !== '') return refused('text after the last statement');
        break;
      }
      const [tag, ...rest] = words(m[1]!);
      const end = m[2]!;
      if (tag?.startsWith('#')) {
        if (scope.length > 0) return refused('a directive inside a block');
        // apt also reads what an #include names (a file or a folder): not followed, so the answer is not known.
        if (tag === '#include')
          return { ok: false, reason: `${path} has an #include, which shop-audit does not follow` };
        if (tag !== '#clear') return refused(`a directive apt does not know (${tag})`);
        if (rest.length !== 1) return refused('a #clear of more than one name');
        clear(rest[0]!);
      } else if (tag !== undefined) {
        // One word alone is a list item of the block it is in; `Name:: value` an item of Name.
        const [key, value] = rest.length === 0 && end !== '{' ? ['', tag] : [tag, rest.join(' ')];
        const name = [...scope, key].filter(Boolean).join('::').toLowerCase();
        if (end === '{') scope.push(key);
        if (key === '' || key.endsWith('::')) {
          const list = name.replace(/::$/, '');
          lists.set(list, [...(lists.get(list) ?? []), value]);
        } else if (end !== '{' || rest.length > 0) options.set(name, value);
      }
      if (end === '}') scope.pop();
    }
  }
  return { ok: true, value: { options, lists } };
}

/** The apt.conf.d files apt reads, in its order: names of letters, digits, `_`, `-`, `.`, no extension or `.conf`. */
export function aptConfigParts(names: readonly string[]): string[] {
  return names.filter((n) => /^[A-Za-z0-9_-]+$/.test(n) || /^[A-Za-z0-9_.-]+\.conf$/.test(n)).sort();
}

/** Keys of an Origins-Pattern entry that narrow it to some suites (unattended-upgrade's match_whitelist_string). */
const SUITE_KEYS = new Set(['a', 'suite', 'archive', 'n', 'codename', 'l', 'label']);

/**
 * Whether an unattended-upgrades origin lets security updates through: an Origins-Pattern entry
 * (`origin=Debian,codename=${distro_codename}-security,label=Debian-Security`) or an Allowed-Origins one
 * (`${distro_id}:${distro_codename}-security`, read as `o=…,a=…` as unattended-upgrade reads it). One that
 * narrows the suite, codename or label only to values without "security" and without a wildcard does not: a
 * heuristic that errs towards "lets through" (it never matches against the real Release files).
 */
export function originAllowsSecurity(entry: string, kind: 'pattern' | 'allowed'): boolean {
  const tokens =
    kind === 'allowed'
      ? [`a=${entry.split(/(?<!\\):|\s+/)[1] ?? ''}`]
      : entry.split(/(?<!\\),/).filter((t) => t.trim() !== '');
  if (tokens.length === 0) return false;
  const narrowing = tokens
    .map((token) => token.split('=').map((s) => s.trim()))
    .filter(([key]) => SUITE_KEYS.has(key!.toLowerCase()));
  return narrowing.length === 0 || narrowing.some(([, value = '']) => /security|[*?[]/i.test(value));
}
