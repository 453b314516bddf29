import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { REPO } from './host.js';

// No PowerShell runs here: scripts are checked with the PowerShell grammar of tree-sitter-powershell.

/** A parser of PowerShell (call in beforeAll: it loads the grammar's .wasm). */
export async function powershellParser(): Promise<Parser> {
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(
    await Language.load(path.join(REPO, 'node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm')),
  );
  return parser;
}
