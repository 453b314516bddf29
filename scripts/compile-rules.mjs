// Part of the build: loads and checks the bundled rules once and writes them as JSON to
// dist/bundled-rules.json, so a scan does not parse YAML. Invalid rules fail the build.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_SNAPSHOT, bundledRulesDir } from '../dist/files/package.js';
import { readRuleSources } from '../dist/files/read.js';
import { loadRuleSet } from '../dist/rule-set.js';

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  const set = loadRuleSet(await readRuleSources([bundledRulesDir()]));
  const relative = (x) => ({ ...x, file: path.relative(root, x.file).split(path.sep).join('/') });
  writeFileSync(
    BUNDLED_SNAPSHOT,
    JSON.stringify({ rules: set.rules.map(relative), profiles: set.profiles.map(relative) }),
  );
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
