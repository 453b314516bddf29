import { fallbackCommands, SYSTEM_DRIVE, type ToolCommand } from './tool-commands.js';

// The old-Windows collector: collect.cmd, for Windows 7 and 8.1, where the executable (Node 24 needs
// Windows 10) cannot start. Generated at build time (scripts/build-collector.mjs) from the fallback's own
// command table (tool-commands.ts), so it runs exactly what the fallback would, and nothing more.
//
// Double-clicked on the stick, it runs each command with its output redirected to a work folder on the
// stick (never %TEMP%: nothing is written on the PC), encodes each output as base64 with certutil -encode
// (on every Windows 7 and 8.1; if certutil cannot, collect.ps1 under PowerShell 2.0 or later does the
// same), and writes reports\<computer>-<date>.bundle.json: the raw bytes of every output and the
// console's code page, so that shop-audit decodes them (collection.ts), never the batch file. The
// DefaultPassword query's output goes to NUL: only its exit code is kept.

/** The collector's format version (collection.ts reads it). */
export const COLLECTION_SCHEMA_VERSION = 1;
/** The environment variables the Windows scan reads, kept in a bundle. */
export const COLLECTED_ENV = [
  'COMPUTERNAME',
  'SystemDrive',
  'SystemRoot',
  'SESSIONNAME',
  'ProgramData',
  'USERNAME',
  'USERPROFILE',
] as const;

/** An argument on a command line as Windows programs (and Node) take it: quoted when it has a space. */
const cmdArg = (arg: string) => (arg === SYSTEM_DRIVE ? '%SystemDrive%' : /[\s"]/.test(arg) ? `"${arg}"` : arg);
/** The argument as the bundle records it: JSON text, with %SystemDrive% expanded by cmd.exe when it runs. */
const jsonArg = (arg: string) => (arg === SYSTEM_DRIVE ? '"%SystemDrive%"' : JSON.stringify(arg));

// Characters cmd.exe would read as syntax in the generated lines; the table never has them.
const UNSAFE = /[%!^&|<>()]/;

/** The batch lines that run one command, then (reg.exe, on failure) its parent keys until one can be read. */
function commandLines(command: ToolCommand, index: number): string[] {
  const chain: ToolCommand[] = [command];
  if (command.program === 'reg.exe' && !command.exitCodeOnly) {
    const key = command.args[1]!;
    for (let cut = key.lastIndexOf('\\'); cut > 0; cut = key.lastIndexOf('\\', cut - 1))
      chain.push({ program: 'reg.exe', args: ['query', key.slice(0, cut)] });
  }
  const done = `done${index}`;
  const lines = [`rem ${command.program} ${command.args.join(' ')}`];
  if (command.elevatedOnly) lines.push(`if not "%ELEVATED%"=="true" goto :${done}`);
  for (const c of chain) {
    for (const text of [c.program, ...c.args])
      if (UNSAFE.test(text)) throw new Error(`collect.cmd cannot carry ${JSON.stringify(text)} safely`);
    lines.push(
      `set "PROGRAM=${c.program}"`,
      `set "DESC="command":"%JSYS32%\\\\${c.program.replace(/\\/g, '\\\\')}",` +
        `"args":[${c.args.map(jsonArg).join(',')}]"`,
      `set "KEEP=${c.exitCodeOnly ? 'no' : 'yes'}"`,
      `call :run ${c.args.map(cmdArg).join(' ')}`.trimEnd(),
      `if not errorlevel 1 goto :${done}`,
    );
  }
  lines.push(`:${done}`);
  return lines;
}

/**
 * collect.cmd for this version of shop-audit: ASCII only (cmd.exe reads a batch file in the console's code
 * page, which differs from PC to PC), CRLF line ends (cmd.exe misreads labels in LF-only files).
 */
export function collectCmd(version: string): string {
  const commands = fallbackCommands().filter((c) => !c.notCollected);
  const lines = [
    '@echo off',
    `rem shop-audit ${version}: the old-Windows collector (Windows 7, 8.1), made from shop-audit's own table of`,
    "rem Windows' tools. Do not edit: it is generated. It runs those tools and writes their raw output to",
    'rem reports\\COMPUTER-DATE.bundle.json beside itself; nothing is written on this PC.',
    'rem Turn the bundle into a report on any PC: shop-audit scan --replay FILE (or drop it on shop-audit.exe).',
    'setlocal EnableExtensions DisableDelayedExpansion',
    'set "SYS32=%SystemRoot%\\System32"',
    // The same folder as JSON text (each \\ doubled), for the commands' names in the bundle.
    'set "JSYS32=%SYS32:\\=\\\\%"',
    'set "STICK=%~dp0"',
    'if not exist "%STICK%reports\\" mkdir "%STICK%reports" 2>nul',
    'set "WORK=%STICK%reports\\collect-%RANDOM%%RANDOM%.tmp"',
    // Not `mkdir || goto`: Wine's cmd.exe runs the || part after a mkdir that worked.
    'mkdir "%WORK%" 2>nul',
    'if not exist "%WORK%\\" goto :cannotWrite',
    'set "N=0"',
    'set "ELEVATED=false"',
    // No pipes and no for /f over a command: Wine's cmd.exe makes them with a temporary file in %TEMP%.
    '"%SYS32%\\whoami.exe" /groups >"%WORK%\\whoami.txt" 2>nul',
    '"%SYS32%\\find.exe" "S-1-16-12288" "%WORK%\\whoami.txt" >nul 2>nul && set "ELEVATED=true"',
    'echo shop-audit: reading this PC, please wait ...',
    'rem The console code page: the tools write their output in it.',
    '"%SYS32%\\chcp.com" >"%WORK%\\codepage.raw" 2>nul',
    // echo !NAME! (not `set NAME >file`, which Wine's cmd.exe does not redirect): a value is not read as syntax.
    'setlocal EnableDelayedExpansion',
    ...COLLECTED_ENV.map((name) => `echo ${name}=!${name}!>>"%WORK%\\env.raw"`),
    'endlocal',
    // The time: WMIC's LocalDateTime (with the UTC offset), and the date and time as this PC writes them.
    'if exist "%SYS32%\\wbem\\WMIC.exe" ' +
      '"%SYS32%\\wbem\\WMIC.exe" os get LocalDateTime /value >"%WORK%\\time.raw" 2>nul',
    'echo %DATE% %TIME%>"%WORK%\\clock.raw"',
    // The file name takes the date as this PC writes it, made safe for a file name.
    'set "STAMP=%DATE%_%TIME%"',
    'set "STAMP=%STAMP:/=-%"',
    'set "STAMP=%STAMP:.=-%"',
    'set "STAMP=%STAMP::=-%"',
    'set "STAMP=%STAMP: =_%"',
    ...commands.flatMap(commandLines),
    'rem Base64: certutil, else PowerShell (collect.ps1) for what certutil could not encode.',
    'set "ENCODER=certutil"',
    // Each file by name (Wine's cmd.exe does not expand a quoted wildcard).
    'for %%F in (codepage env time clock) do call :encode "%WORK%\\%%F.raw"',
    'for /l %%I in (1,1,%N%) do call :encode "%WORK%\\%%I.out.raw"',
    'for /l %%I in (1,1,%N%) do call :encode "%WORK%\\%%I.err.raw"',
    'set "PS=%SYS32%\\WindowsPowerShell\\v1.0\\powershell.exe"',
    'set "SHOP_AUDIT_COLLECT=%WORK%"',
    'if "%ENCODER%"=="powershell" if exist "%PS%" if exist "%STICK%collect.ps1" ' +
      '"%PS%" -NoProfile -NonInteractive -Command - <"%STICK%collect.ps1" >nul 2>&1',
    'set "OUT=%STICK%reports\\%COMPUTERNAME%-%STAMP%.bundle.json"',
    // Every line appended on its own: Wine's cmd.exe does not redirect a ( block ).
    'set "BUNDLE=%WORK%\\bundle.json"',
    `echo {"kind":"shop-audit-collection","schemaVersion":${COLLECTION_SCHEMA_VERSION},` +
      '"collector":"collect.cmd",>"%BUNDLE%"',
    `echo "version":"${version}","elevated":%ELEVATED%,"encoder":"%ENCODER%",>>"%BUNDLE%"`,
    'echo "codePage":>>"%BUNDLE%"',
    'call :lines "%WORK%\\codepage.raw"',
    'echo ,"env":>>"%BUNDLE%"',
    'call :lines "%WORK%\\env.raw"',
    'echo ,"time":>>"%BUNDLE%"',
    'call :lines "%WORK%\\time.raw"',
    'echo ,"clock":>>"%BUNDLE%"',
    'call :lines "%WORK%\\clock.raw"',
    'echo ,"commands":[>>"%BUNDLE%"',
    'for /l %%I in (1,1,%N%) do call :emit %%I',
    'echo ]}>>"%BUNDLE%"',
    'move /y "%BUNDLE%" "%OUT%" >nul',
    'if not exist "%OUT%" goto :cannotWrite',
    'rd /s /q "%WORK%"',
    'echo.',
    'echo Saved: %OUT%',
    'echo Take it to a PC with shop-audit: drop it on shop-audit-win-x64.exe, or run',
    'echo   shop-audit scan --replay "%OUT%"',
    'if /i not "%~1"=="/nopause" pause',
    'exit /b 0',
    '',
    ':cannotWrite',
    'echo shop-audit: cannot write to the stick (write-protected or full): nothing was saved.',
    'if exist "%WORK%\\" rd /s /q "%WORK%"',
    'if /i not "%~1"=="/nopause" pause',
    'exit /b 1',
    '',
    'rem One command: PROGRAM below System32, the arguments on this line; its description in N.json,',
    'rem its output in N.out.raw and N.err.raw. Exits with its exit code (9009: no such program).',
    ':run',
    'set /a N+=1',
    'set "P=%WORK%\\%N%"',
    'if not exist "%SYS32%\\%PROGRAM%" goto :runMissing',
    'if "%KEEP%"=="no" goto :runSecret',
    '"%SYS32%\\%PROGRAM%" %* >"%P%.out.raw" 2>"%P%.err.raw"',
    'set "RC=%ERRORLEVEL%"',
    'echo {%DESC%,"exitCode":%RC%>"%P%.json"',
    'exit /b %RC%',
    ':runSecret',
    '"%SYS32%\\%PROGRAM%" %* >nul 2>nul',
    'set "RC=%ERRORLEVEL%"',
    'echo {%DESC%,"exitCode":%RC%,"outputNotKept":true>"%P%.json"',
    'exit /b %RC%',
    ':runMissing',
    'echo {%DESC%,"missing":true>"%P%.json"',
    'exit /b 9009',
    '',
    ':encode',
    'if not exist "%~1" exit /b',
    'if "%~z1"=="0" goto :encodeEmpty',
    'if "%ENCODER%"=="certutil" "%SYS32%\\certutil.exe" -encode "%~1" "%~1.b64" >nul 2>nul',
    'if not exist "%~1.b64" set "ENCODER=powershell"',
    'exit /b',
    ':encodeEmpty',
    'type nul >"%~1.b64"',
    'exit /b',
    '',
    'rem A file as a JSON array of its base64 lines (certutil -encode: a header, the lines, a footer), or null.',
    ':lines',
    'if not exist "%~1.b64" echo null>>"%BUNDLE%"',
    'if not exist "%~1.b64" exit /b',
    'echo [>>"%BUNDLE%"',
    'for /f "usebackq delims=" %%L in ("%~1.b64") do echo "%%L",>>"%BUNDLE%"',
    'echo ""]>>"%BUNDLE%"',
    'exit /b',
    '',
    ':emit',
    'if not "%1"=="1" echo ,>>"%BUNDLE%"',
    'type "%WORK%\\%1.json">>"%BUNDLE%"',
    'if exist "%WORK%\\%1.out.raw" echo ,"stdout":>>"%BUNDLE%"',
    'if exist "%WORK%\\%1.out.raw" call :lines "%WORK%\\%1.out.raw"',
    'if exist "%WORK%\\%1.err.raw" echo ,"stderr":>>"%BUNDLE%"',
    'if exist "%WORK%\\%1.err.raw" call :lines "%WORK%\\%1.err.raw"',
    'echo }>>"%BUNDLE%"',
    'exit /b',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * collect.ps1: the encoder collect.cmd uses when certutil cannot (PowerShell 2.0 compatible, read on
 * standard input so the execution policy does not apply): every file of the work folder that has no
 * .b64 yet is written as base64 lines between certutil's header and footer.
 */
export const COLLECT_PS1 = [
  '# shop-audit: the base64 encoder of collect.cmd (generated; PowerShell 2.0 or later). Reads nothing but the',
  '# files collect.cmd wrote in its work folder on the stick, and writes their .b64 beside them.',
  '$work = $env:SHOP_AUDIT_COLLECT',
  "$files = @(); if ($work) { $files = [IO.Directory]::GetFiles($work, '*.raw') }",
  "foreach ($file in $files) { if (-not [IO.File]::Exists($file + '.b64')) { " +
    "$text = [Convert]::ToBase64String([IO.File]::ReadAllBytes($file), 'InsertLineBreaks'); " +
    '[IO.File]::WriteAllText($file + \'.b64\', "-----BEGIN CERTIFICATE-----`r`n" + $text + ' +
    '"`r`n-----END CERTIFICATE-----`r`n", [Text.Encoding]::ASCII) } }',
  '',
].join('\r\n');
