import path from 'node:path';
import { stringify } from 'yaml';
import { formatSourceError, InvalidRulesError, UsageError } from '../../errors.js';
import { readBundledRuleSet } from '../../files/package.js';
import { readRuleSources } from '../../files/read.js';
import { refText, severityLabel, t } from '../../i18n/index.js';
import { neutralise } from '../../report/neutralise.js';
import { loadRuleSet } from '../../rule-set.js';
import { selectRules } from '../../scan.js';
import { loadRulesFromOptions, resolveLang } from '../common.js';
import { EXIT } from '../exit.js';

const OS_LABEL = { windows: 'Windows', macos: 'macOS', linux: 'Linux' } as const;

export async function runRulesList(opts: Record<string, unknown>): Promise<number> {
  const lang = resolveLang(opts.lang);
  const set = await loadRulesFromOptions(opts);
  const { rules } = selectRules(set, { profile: opts.profile as string | undefined });
  if (opts.json) {
    const rows = rules.map((r) => ({
      id: r.id,
      probe: r.probe,
      severity: r.severity,
      os: r.applies.os,
      title: r.title[lang],
      file: r.file,
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT.passed;
  }
  const width = Math.max(...rules.map((r) => r.id.length), 2);
  for (const r of rules) {
    process.stdout.write(
      neutralise(
        `${r.id.padEnd(width)}  ${severityLabel(lang, r.severity).padEnd(8)}  ${r.applies.os.join(',').padEnd(19)} ` +
          ` ${r.title[lang]}`,
      ) + '\n',
    );
  }
  return EXIT.passed;
}

export async function runRulesValidate(paths: string[]): Promise<number> {
  const given = await readRuleSources(paths);
  // Checked on top of the bundled rules, as a scan with --rules loads them: a clashing id is an
  // error here too, and profiles may name bundled rules. Bundled files given here are checked anew.
  const givenFiles = new Set([...given.rules, ...given.profiles].map((f) => path.resolve(f.file)));
  const bundled = readBundledRuleSet();
  const notGiven = <T extends { file: string }>(items: T[]) =>
    items.filter((x) => !givenFiles.has(path.resolve(x.file)));
  let set: ReturnType<typeof loadRuleSet>;
  try {
    set = loadRuleSet(given, { rules: notGiven(bundled.rules), profiles: notGiven(bundled.profiles) });
  } catch (error) {
    if (!(error instanceof InvalidRulesError)) throw error;
    // Every error of every file, then a count: validating scans nothing, so it does not say it did not scan.
    for (const e of error.errors) process.stderr.write(`${formatSourceError(e)}\n`);
    process.stderr.write(`shop-audit: ${error.errors.length} ${t(resolveLang(undefined), 'errorRuleFilesFound')}\n`);
    return EXIT.usage;
  }
  const ruleCount = set.rules.filter((r) => givenFiles.has(path.resolve(r.file))).length;
  const profileCount = set.profiles.filter((p) => givenFiles.has(path.resolve(p.file))).length;
  process.stdout.write(`ok: ${ruleCount} rules and ${profileCount} profiles in ${paths.join(', ')} are valid\n`);
  return EXIT.passed;
}

export async function runRulesExplain(id: string, opts: Record<string, unknown>): Promise<number> {
  const lang = resolveLang(opts.lang);
  const set = await loadRulesFromOptions(opts);
  const rule = set.rules.find((r) => r.id === id);
  if (!rule) throw new UsageError(`no rule has the id "${id}"`, 'see: shop-audit rules list');
  const out: string[] = [];
  out.push(
    `${rule.title[lang]}`,
    `  ${rule.id} · ${severityLabel(lang, rule.severity)}` +
      ` · probe ${rule.probe} · ${rule.applies.os.map((o) => OS_LABEL[o]).join(', ')}`,
    '',
  );
  out.push(`${t(lang, 'why')}:`, `  ${rule.why[lang]}`, '');
  for (const os of rule.applies.os) {
    const steps = rule.fix[os]?.[lang] ?? [];
    out.push(`${t(lang, 'fix')} (${OS_LABEL[os]}):`, ...steps.map((s, i) => `  ${i + 1}. ${s}`), '');
  }
  out.push(`${t(lang, 'whatItChecks')}:`, ...indent(stringify(rule.check)));
  if (rule.applies.when) out.push(`${t(lang, 'appliesWhen')}:`, ...indent(stringify(rule.applies.when)));
  if (Object.keys(rule.params).length) out.push(`${t(lang, 'params')}:`, ...indent(stringify(rule.params)));
  if (rule.refs.length)
    out.push(
      `${t(lang, 'refs')}:`,
      ...rule.refs.map((r) => {
        const control = typeof r.control === 'string' ? r.control : r.control[lang];
        return `  ${refText(lang, { framework: r.framework, control })}`;
      }),
    );
  out.push(`${t(lang, 'definedIn')} ${rule.file}:${rule.line}`);
  process.stdout.write(neutralise(out.join('\n')) + '\n');
  return EXIT.passed;
}

export async function runProfiles(opts: Record<string, unknown>): Promise<number> {
  const lang = resolveLang(opts.lang);
  const set = await loadRulesFromOptions(opts);
  for (const p of set.profiles) {
    const { rules } = selectRules(set, { profile: p.id });
    process.stdout.write(
      neutralise(
        `${p.id}  ${p.title[lang]} (${rules.length} ${t(lang, 'rulesCount')})\n    ${t(lang, 'profileSource')}: ` +
          `${typeof p.source === 'string' ? p.source : p.source[lang]}\n`,
      ),
    );
  }
  return EXIT.passed;
}

const indent = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`);
