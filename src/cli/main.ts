import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatSourceError, InvalidRulesError, SaveFailedError, ScanFailedError, UsageError } from '../errors.js';
import { packageVersion } from '../files/package.js';
import { icuDefaultLocale, langFromLocale, langOfTag, t } from '../i18n/index.js';
import { COMMON_PASSWORDS, LOCKOUT_MARGIN } from '../probes/common-passwords.js';
import type { Lang } from '../probes/types.js';
import { debugMode } from './debug.js';
import { neutralise } from '../report/neutralise.js';
import { EXIT } from './exit.js';

// Commander wiring only: each command's work is in its own module, loaded when it runs so that
// `--version` and `--help` stay fast. This file is the one place that turns outcomes into exit codes.

const EXIT_CODES_HELP = `
Exit codes:
  0  the PC passed the policy
  1  the policy failed (a check failed at --fail-on severity or above, the score is under
     --min-score, or with --strict a check could not be answered)
  2  usage error: bad option, invalid rule or profile file, bad replay bundle, unwritable output
  3  the scan itself could not run (nothing could be read or no check answered, or the
     report could not be saved)`;

const collect = (value: string, previous: string[] = []) => [...previous, value];
/** --lang: zh-CN or en, and any tag or locale of them (zh, zh-Hans, zh_CN.UTF-8, en-GB). */
function langOption(description: string): Option {
  return new Option('--lang <lang>', `${description}: zh-CN or en`).argParser((value) => {
    const lang = langOfTag(value);
    if (!lang)
      throw new InvalidArgumentError(
        `"${value}" is not a language shop-audit speaks: give zh-CN or en (zh, zh-Hans, zh_CN.UTF-8 mean zh-CN)`,
      );
    return lang;
  });
}

function buildProgram(): Command {
  const program = new Command('shop-audit')
    .description(
      'Checks whether a shop PC is locked down: login password, screen lock, disk encryption, open ' +
        'shares, remote-access tools.\n检查店铺电脑的安全设置：登录密码、屏幕锁定、磁盘加密、共享文件夹、远程控制软件。',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--debug', 'print every command run and file read with its time, and stack traces of errors (stderr)')
    .addHelpText(
      'after',
      `
Examples:
  shop-audit scan                              check this PC, text report
  shop-audit scan --format json --fail-on high; echo $?
  sudo shop-audit scan --lang zh-CN            full check (some facts need root/administrator)
  shop-audit rules list
${EXIT_CODES_HELP}`,
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .hook('preAction', async () => {
      await import('./zod-setup.js');
    });

  program
    .command('scan')
    .description('scan this PC and print a scored report')
    .addOption(
      new Option(
        '-f, --format <format>',
        'report format (html: one page to open in a browser or print; junit: one test case per rule)',
      )
        .choices(['text', 'json', 'html', 'junit'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--rules <dir>', 'also load rules from DIR (repeatable; its profiles/ subfolder adds profiles)', collect)
    .option('--no-bundled-rules', 'do not load the rules that come with shop-audit')
    .option('-p, --profile <name>', 'rule profile to apply (see: shop-audit profiles)')
    .option('--only <ids>', 'run only these rules (comma-separated ids; "screen-lock.*" matches a prefix)')
    .option('--skip <ids>', 'skip these rules (comma-separated ids or prefixes)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a check of this severity or above fails')
        .choices(['critical', 'high', 'medium', 'low'])
        .default('high'),
    )
    .option('--min-score <n>', 'exit 1 when the score is below N (0-100)')
    .option('--strict', 'count checks that could not be answered as failed, for the exit code')
    .addOption(langOption('report language (default: from the system locale)'))
    .option('--timeout <seconds>', 'kill any command the scan runs after this many seconds', '5')
    .option(
      '--windows-timeout <seconds>',
      "Windows: stop the one PowerShell script after this many seconds (Windows' own tools read the rest)",
      '60',
    )
    .option('-q, --quiet', 'no progress or messages on standard error')
    .option('--no-color', 'no colours in the text report (also: NO_COLOR=1)')
    .option('--record <file>', 'also write everything the scan read, secrets removed, as a replay bundle')
    .option('--replay <file>', 'scan a recorded bundle instead of this PC')
    .option(
      '--data-path <dir>',
      'also look for customer data (ID, mobile, bank card numbers) in DIR (repeatable)',
      collect,
    )
    .option('--data-time-budget <seconds>', 'read documents for customer data for at most this many seconds', '20')
    .option('--quick', 'settings only: do not read documents for customer data (as --skip personal-data.*)')
    .option(
      '--deep',
      'Windows and macOS: also try an EMPTY password and a few of the commonest passwords on each account (see below)',
    )
    .addHelpText(
      'after',
      `
--deep (Windows): shop-audit logs on to each enabled local account once with an empty password
  (LogonUser; nothing is started as that user), then with up to ${COMMON_PASSWORDS.length + 1} of the commonest
  passwords in China and the account's own name. Windows records each refused try as a failed logon
  (Security event 4625), and each counts towards the lockout threshold: shop-audit first reads the
  threshold and the account's failed logons, and tries only as many as leave ${LOCKOUT_MARGIN} more before a
  lockout (none when it cannot read them). Do not run it just after someone mistyped a password.
--deep (macOS): the same common passwords through dscl (the password on dscl's standard input,
  never on a command line other users could see), within the same margin of the lockout policy.
  Without --deep, blank and common passwords on Windows and macOS are reported as "could not
  check", with how to confirm them. On Linux --deep changes nothing: as root (sudo) shop-audit
  compares the hashes in /etc/shadow with the common passwords, without any logon.

Examples:
  shop-audit scan
  shop-audit scan --format json --output report.json
  shop-audit scan --format html --output report.html --lang zh-CN
  shop-audit scan --profile pci-dss --fail-on medium --min-score 80
  shop-audit scan --only login.no-empty-password,screen-lock.*
  shop-audit scan --record pc.bundle.json     then elsewhere: shop-audit scan --replay pc.bundle.json
  shop-audit scan --deep --only login.*       Windows, macOS: find empty and common passwords
${EXIT_CODES_HELP}`,
    )
    .action(async (opts: Record<string, unknown>) => {
      const { runScan } = await import('./commands/scan.js');
      process.exitCode = await runScan(opts);
    });

  const rules = program.command('rules').description('list, check and explain rules');
  rules
    .command('list')
    .description('list the rules with their severity and probe')
    .option('--rules <dir>', 'also load rules from DIR (repeatable)', collect)
    .option('--no-bundled-rules', 'do not load the rules that come with shop-audit')
    .option('-p, --profile <name>', 'list only the rules of this profile, with its severities')
    .addOption(langOption('language of the titles'))
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, unknown>) => {
      const { runRulesList } = await import('./commands/rules.js');
      process.exitCode = await runRulesList(opts);
    });
  rules
    .command('validate')
    .description('check rule and profile files; prints file:line:col: message for every error')
    .argument('<paths...>', "rule files or folders (a folder's profiles/ subfolder is checked too)")
    .addHelpText(
      'after',
      '\nExamples:\n  shop-audit rules validate rules/\n  shop-audit rules validate my-rules/extra.yaml\n\nExit ' +
        'codes: 0 all valid, 2 errors found',
    )
    .action(async (paths: string[]) => {
      const { runRulesValidate } = await import('./commands/rules.js');
      process.exitCode = await runRulesValidate(paths);
    });
  rules
    .command('explain')
    .description('show what a rule checks, why it matters and how to fix it')
    .argument('<id>', 'rule id, e.g. login.no-empty-password')
    .option('--rules <dir>', 'also load rules from DIR (repeatable)', collect)
    .addOption(langOption('language'))
    .action(async (id: string, opts: Record<string, unknown>) => {
      const { runRulesExplain } = await import('./commands/rules.js');
      process.exitCode = await runRulesExplain(id, opts);
    });

  program
    .command('profiles')
    .description('list the rule profiles and where their requirements come from')
    .option('--rules <dir>', 'also load rules and profiles from DIR (repeatable)', collect)
    .addOption(langOption('language'))
    .action(async (opts: Record<string, unknown>) => {
      const { runProfiles } = await import('./commands/rules.js');
      process.exitCode = await runProfiles(opts);
    });

  program
    .command('compare')
    .description('what changed between two JSON reports of a PC: fixed, new, still failing, score and coverage')
    .argument('<old>', 'the earlier report (.json)')
    .argument('<new>', 'the later report (.json)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a new failure has this severity or above')
        .choices(['critical', 'high', 'medium', 'low'])
        .default('high'),
    )
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  shop-audit compare reports/TILL-2026-11-01_093000.json reports/TILL-2026-12-01_101500.json\n ' +
        ' shop-audit compare old.json new.json --format html --output changes.html\n\nExit codes: ' +
        '0 no new failure at --fail-on or above, 1 there is one, 2 unreadable report or unknown schema version ' +
        '(or --output names one of them, or OLD is the later), 3 the output could not be saved',
    )
    .action(async (oldFile: string, newFile: string, opts: Record<string, unknown>) => {
      const { runCompare } = await import('./commands/compare.js');
      process.exitCode = await runCompare(oldFile, newFile, opts);
    });

  program
    .command('summary')
    .description(
      "one row per PC from many JSON reports (a USB stick's reports/ folder), and how many PCs fail each rule",
    )
    .argument('<paths...>', 'report .json files or folders holding them')
    .addOption(
      new Option('-f, --format <format>', 'output format (csv opens in Excel)')
        .choices(['text', 'json', 'html', 'csv'])
        .default('text'),
    )
    .addOption(langOption('language (default: that of the latest report)'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  shop-audit summary E:\\reports\n  shop-audit summary reports/ --format csv --output round.csv',
    )
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const { runSummary } = await import('./commands/summary.js');
      process.exitCode = await runSummary(paths, opts);
    });

  program
    .command('pack')
    .description(
      'the rectification pack (整改材料): one printable HTML page with the findings, what was fixed, ' +
        'what remains, filled-in paperwork templates and a signature block',
    )
    .argument('<report>', 'the report (.json) of the check after the fixes')
    .option('--before <file>', 'an earlier report (.json) of the same PC, to show what was fixed and when')
    .addOption(langOption('language (default: that of the report)'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  shop-audit pack reports/TILL-2026-12-01_101500.json ' +
        '--before reports/TILL-2026-11-01_093000.json ' +
        '--output 整改材料.html',
    )
    .action(async (report: string, opts: Record<string, unknown>) => {
      const { runPack } = await import('./commands/pack.js');
      process.exitCode = await runPack(report, opts);
    });

  program
    .command('probes')
    .description('print the raw facts each probe collected on this PC, and why any could not be read')
    .option('--json', 'print JSON')
    .option('--timeout <seconds>', 'kill any command after this many seconds', '5')
    .option('--replay <file>', 'read a recorded bundle instead of this PC')
    .action(async (opts: Record<string, unknown>) => {
      const { runProbesCommand } = await import('./commands/probes.js');
      process.exitCode = await runProbesCommand(opts);
    });

  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests and the launcher decide. */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = 0;
  debugMode.on = argv.includes('--debug');
  // `shop-audit rules list | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
    throw error;
  });
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    // Help and --version end as a CommanderError too: answer them before working out a language.
    if (error instanceof CommanderError) return commanderExit(error);
    return reportError(error, messageLang(argv));
  }
}

function commanderExit(error: CommanderError): number {
  // Help and --version are not errors; commander has already printed them.
  return error.code === 'commander.helpDisplayed' ||
    error.code === 'commander.version' ||
    error.code === 'commander.help'
    ? EXIT.passed
    : EXIT.usage;
}

/** The language of error messages: --lang when given (even on a command that failed), else the locale. */
function messageLang(argv: readonly string[]): Lang {
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const given = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.slice('--lang='.length) : argv[at + 1];
  const lang = given === undefined ? null : langOfTag(given);
  if (lang) return lang;
  return langFromLocale(process.env, icuDefaultLocale);
}

function reportError(error: unknown, lang: Lang): number {
  // Messages quote rule files, bundles and paths: their control and bidi characters are shown, not obeyed.
  const say = (text: string) => process.stderr.write(`${neutralise(text)}\n`);
  if (debugMode.on && error instanceof Error && error.stack) process.stderr.write(`debug: ${error.stack}\n`);
  if (error instanceof InvalidRulesError) {
    for (const e of error.errors) say(formatSourceError(e));
    say(`shop-audit: ${error.errors.length} ${t(lang, 'errorRuleFiles')}`);
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    say(`shop-audit: ${error.message}`);
    if (error.hint) say(`  ${error.hint}`);
    return EXIT.usage;
  }
  if (error instanceof ScanFailedError) {
    // A file that could not be saved says so alone: compare and summary scanned nothing.
    say(`shop-audit: ${error instanceof SaveFailedError ? '' : `${t(lang, 'errorScanFailed')}: `}${error.message}`);
    if (error.hint) say(`  ${error.hint}`);
    return EXIT.scanFailed;
  }
  // A relative path, in a folder that no longer exists (a USB stick pulled out and put back): not a bug.
  if ((error as NodeJS.ErrnoException | null)?.syscall === 'uv_cwd') {
    say('shop-audit: the current folder no longer exists, so a relative file name cannot be found or saved');
    say('  change to an existing folder (cd), or give the full path');
    return EXIT.usage;
  }
  // A bug in shop-audit itself: say so plainly and exit 3; never a stack trace for the shop owner.
  say(`shop-audit: ${t(lang, 'errorInternal')}: ${(error as Error)?.message ?? String(error)}`);
  say(`  ${t(lang, 'errorReportBug')}`);
  return EXIT.scanFailed;
}
