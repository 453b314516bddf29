// Rule files for tests that load their own rules: rules over the system probe only, so whether they
// pass depends on the machine's real /etc/os-release (or the replayed one).

/** Plain texts for a test rule (YAML lines, each starting with a line break). */
export const TEST_RULE_TEXTS = `
    title: { en: "OS is known", zh-CN: "系统可识别" }
    why: { en: "A test rule.", zh-CN: "测试规则。" }
    fix: { linux: { en: ["Nothing."], zh-CN: ["无。"] } }`;

/** One Linux rule over the system probe, as an item of a rule file's `rules:` list. */
export const systemRule = (id: string, check: string, texts = TEST_RULE_TEXTS) =>
  `  - id: ${id}\n    probe: system\n    severity: high\n    applies: { os: [linux] }\n    check: ${check}${texts}\n`;

/** A whole rule file holding `rules`. */
export const ruleFile = (...rules: string[]) => `rules:\n${rules.join('')}`;
