import { z } from 'zod';
import { consoleDecoder } from './oem-code-pages.js';
import { CODE_PAGE_ENCODINGS, type ExecResult } from './types.js';

// What the old-Windows collector (collect.cmd, made by src/probes/windows/collector.ts) writes on a
// Windows 7 or 8.1 PC: each command of the fallback's table with its exit code and its output as raw
// bytes (base64, as certutil -encode or collect.ps1 wrote it), the console's code page, the environment
// and the time. Decoding happens here, never in the batch file; the result is an ordinary bundle.

/** A file's base64 lines as collect.cmd writes them (certutil's header and footer included); null: not encoded. */
const base64Lines = z.array(z.string()).nullable();

export const collectionSchema = z.object({
  kind: z.literal('shop-audit-collection'),
  schemaVersion: z.literal(1),
  collector: z.string(),
  version: z.string(),
  elevated: z.boolean(),
  encoder: z.string(),
  codePage: base64Lines,
  env: base64Lines,
  /** WMIC's `os get LocalDateTime /value` (UTF-16 when redirected to a file), and `%DATE% %TIME%`. */
  time: base64Lines,
  clock: base64Lines.optional(),
  commands: z.array(
    z.object({
      command: z.string(),
      args: z.array(z.string()),
      exitCode: z.number().int().optional(),
      missing: z.literal(true).optional(),
      /** The command's output may hold a secret (DefaultPassword): the collector sent it to NUL. */
      outputNotKept: z.literal(true).optional(),
      stdout: base64Lines.optional(),
      stderr: base64Lines.optional(),
    }),
  ),
});
export type Collection = z.infer<typeof collectionSchema>;

const bytesOf = (lines: readonly string[]) =>
  Buffer.from(
    lines
      .filter((l) => !l.startsWith('-----'))
      .join('')
      .replace(/\s+/g, ''),
    'base64',
  );

/** WMIC's LocalDateTime (yyyymmddHHMMSS.ffffff+UUU, the offset in minutes) as ISO 8601 with its offset. */
function isoOf(ldt: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.\d{6}([+-])(\d{3})$/.exec(ldt.trim());
  if (!m) return null;
  const minutes = Number(m[8]);
  const offset = `${m[7]}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
}

/** What an unrecorded command answers: the collector ran only the fallback's commands. */
export const NOT_COLLECTED =
  "not run: this PC was read by the old-Windows collector (collect.cmd), which runs only Windows' own tools";

/** The bundle a collection stands for (bundle.ts checks it): every output decoded in the console's code page. */
export function collectionToBundle(collection: Collection) {
  const ascii = (lines: readonly string[] | null | undefined) => (lines ? bytesOf(lines).toString('latin1') : '');
  // chcp prints the number last in any language ("Active code page: 936", "活动代码页: 936"); without it,
  // the registry's OEM code page as reg.exe printed it (its layout is the same in every language).
  const page =
    /(\d+)\D*$/.exec(ascii(collection.codePage))?.[1] ??
    collection.commands.map((c) => /^\s+OEMCP\s+REG_SZ\s+(\d+)/m.exec(ascii(c.stdout))?.[1]).find(Boolean);
  const decode = consoleDecoder(CODE_PAGE_ENCODINGS[page ?? ''] ?? 'utf-8') ?? consoleDecoder('utf-8')!;
  const text = (lines: readonly string[]) => decode(bytesOf(lines));

  const env: Record<string, string | null> = {};
  for (const line of text(collection.env ?? []).split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1) || null;
  }
  // WMIC writes UTF-16 (with its byte order mark) into a file.
  const wmic = collection.time ? bytesOf(collection.time) : Buffer.alloc(0);
  const wmicText = wmic[0] === 0xff && wmic[1] === 0xfe ? wmic.subarray(2).toString('utf16le') : decode(wmic);
  const localDateTime = /LocalDateTime=(\S+)/.exec(wmicText)?.[1] ?? '';
  const clock = collection.clock ? text(collection.clock).trim() : '';
  const commands = collection.commands.map((c) => {
    let result: ExecResult;
    if (c.missing) result = { status: 'missing' };
    else if (c.exitCode === undefined || c.stdout === null || c.stderr === null)
      result = { status: 'failed', message: 'the old-Windows collector could not record its output' };
    else
      result = {
        status: 'exited',
        exitCode: c.exitCode,
        stdout: c.stdout ? text(c.stdout) : '',
        stderr: c.stderr ? text(c.stderr) : '',
      };
    return { command: c.command, args: c.args, result };
  });
  return {
    kind: 'shop-audit-bundle' as const,
    schemaVersion: 1 as const,
    os: 'windows' as const,
    elevated: collection.elevated,
    user: { name: env.USERNAME ?? '?', uid: null, home: env.USERPROFILE ?? null },
    env,
    commands,
    files: {},
    dirs: {},
    stats: {},
    derived: {},
    collectedBy: {
      collector: collection.collector,
      version: collection.version,
      at: isoOf(localDateTime) ?? (clock || null),
      notCollected: NOT_COLLECTED,
    },
  };
}
