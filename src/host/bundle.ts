import { z } from 'zod';
import { jsonSyntaxMessage, UsageError } from '../errors.js';
import { collectionSchema, collectionToBundle } from './collection.js';
import { jsonErrorOffset } from './json-position.js';
import { maskSecrets } from './redact.js';
import type { CommandArg, DirResult, ExecResult, FileResult, Host, StatResult } from './types.js';

// A bundle is everything a scan asked of the PC and what it got back. `--record` writes one from
// a live scan (secrets redacted); `--replay` runs a whole scan from one, on any OS.

const failure = z.union([
  z.object({ status: z.literal('missing') }).strict(),
  z.object({ status: z.literal('denied') }).strict(),
  z.object({ status: z.literal('failed'), message: z.string() }).strict(),
]);

const execResult = z.union([
  z
    .object({ status: z.literal('exited'), exitCode: z.number().int(), stdout: z.string(), stderr: z.string() })
    .strict(),
  z.object({ status: z.literal('missing') }).strict(),
  z.object({ status: z.literal('timeout'), stdout: z.string().optional() }).strict(),
  z.object({ status: z.literal('failed'), message: z.string() }).strict(),
]);

const fileResult = z.union([z.object({ status: z.literal('ok'), text: z.string() }).strict(), failure]);
const dirResult = z.union([z.object({ status: z.literal('ok'), entries: z.array(z.string()) }).strict(), failure]);
const statResult = z.union([
  z
    .object({
      status: z.literal('ok'),
      kind: z.enum(['file', 'dir', 'symlink', 'other']),
      size: z.number(),
      mtimeMs: z.number(),
      mode: z.number().int(),
      linkTarget: z.string().optional(),
    })
    .strict(),
  failure,
]);

export const BUNDLE_SCHEMA_VERSION = 1;

export const bundleSchema = z
  .object({
    kind: z.literal('shop-audit-bundle'),
    schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
    os: z.enum(['linux', 'macos', 'windows']),
    elevated: z.boolean(),
    user: z.object({ name: z.string(), uid: z.number().int().nullable(), home: z.string().nullable() }).strict(),
    env: z.record(z.string(), z.string().nullable()).default({}),
    commands: z
      .array(z.object({ command: z.string(), args: z.array(z.string()), result: execResult }).strict())
      .default([]),
    files: z.record(z.string(), fileResult).default({}),
    dirs: z.record(z.string(), dirResult).default({}),
    stats: z.record(z.string(), statResult).default({}),
    /** Results computed on the PC from reads that never enter a bundle (personal data: counts and masked examples). */
    derived: z.record(z.string(), z.unknown()).default({}),
    /**
     * Read by the old-Windows collector (collection.ts), not by shop-audit: which collector, its version,
     * when (ISO 8601, or the PC's own words), and what anything it did not read answers.
     */
    collectedBy: z
      // Short: notCollected is quoted in every answer the collector did not read, the others in the report's header.
      .object({
        collector: z.string().max(100),
        version: z.string().max(40),
        at: z.string().max(100).nullable(),
        notCollected: z.string().max(300),
      })
      .strict()
      .optional(),
    /**
     * Written by `scan --record`: the shop-audit that recorded it, which wrote down every call it made, a file or
     * tool that was not there included. What such a bundle does not hold was never asked, so it answers nothing.
     */
    recordedBy: z
      // A version is short and plain: it is quoted in every answer the bundle does not hold.
      .object({ tool: z.literal('shop-audit'), version: z.string().regex(/^[\x21-\x7e]{1,40}$/) })
      .strict()
      .optional(),
  })
  .strict();

export type Bundle = z.infer<typeof bundleSchema>;

const argText = (a: CommandArg) => (typeof a === 'string' ? a : a.path);
const commandKey = (command: string, args: readonly string[]) => JSON.stringify([command, ...args]);

/**
 * A host that answers from a bundle. What a recorded bundle (or a collector's) does not hold was not looked at:
 * it answers "not in the bundle", never "not there" — a bundle of an older shop-audit, recorded with other
 * options or cut down, would otherwise read as a PC without the file (no display manager: no auto-login, a
 * pass). A bundle written by hand (a test's) holds what is there, and anything else is missing.
 */
export function createReplayHost(bundle: Bundle): Host {
  const commands = new Map(bundle.commands.map((c) => [commandKey(c.command, c.args), c.result as ExecResult]));
  const absent = bundle.collectedBy
    ? ({ status: 'failed', message: bundle.collectedBy.notCollected } as const)
    : bundle.recordedBy
      ? ({
          status: 'failed',
          message:
            `not in the bundle: shop-audit ${bundle.recordedBy.version} did not read it when it recorded ` +
            '(another version or other options, or the bundle was cut down); scan the PC again',
        } as const)
      : ({ status: 'missing' } as const);
  return {
    os: bundle.os,
    elevated: bundle.elevated,
    user: bundle.user,
    exec: async (command, args, options) => {
      const result = commands.get(commandKey(command, args.map(argText))) ?? absent;
      // The recorded output arrives at once, as a fast PC would print it.
      const stdout = result.status === 'exited' || result.status === 'timeout' ? result.stdout : undefined;
      if (stdout) options?.onStdout?.(stdout);
      return result;
    },
    readFile: async (p) => (bundle.files[p] as FileResult | undefined) ?? absent,
    listDir: async (p) => (bundle.dirs[p] as DirResult | undefined) ?? absent,
    stat: async (p) => (bundle.stats[p] as StatResult | undefined) ?? absent,
    env: (name) => bundle.env[name] ?? undefined,
    walk: async () => NOT_RECORDED,
    readRange: async () => NOT_RECORDED,
    derive: async <T>(key: string, compute: () => Promise<T>) =>
      Object.hasOwn(bundle.derived, key) ? (bundle.derived[key] as T) : compute(),
  };
}

/** Folder trees and file contents are never in a bundle: only what was derived from them is. */
const NOT_RECORDED = {
  status: 'failed',
  message: 'not in the bundle (the contents of documents are never recorded)',
} as const;

/** Redacts what must never leave the PC, before anything is written into a bundle. */
export type Redactor = (kind: 'file' | 'command', key: string, text: string) => string;

/**
 * Wraps a host and writes down every call and answer. Every recorded text passes through the
 * probes' redactor, then through maskSecrets (default-deny: a password-like value is masked
 * whichever probe read it).
 */
export function createRecordingHost(
  inner: Host,
  probeRedact: Redactor,
  /** The recording shop-audit's version, for a bundle that is to be a file (`--record`). */
  version?: string,
): { host: Host; finish: () => Bundle } {
  // Masked before too: a probe's redactor parses its own format and may cut a line it did not expect.
  const redact: Redactor = (kind, key, text) => maskSecrets(probeRedact(kind, key, maskSecrets(text)));
  const bundle: Bundle = {
    kind: 'shop-audit-bundle',
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    os: inner.os,
    elevated: inner.elevated,
    user: inner.user,
    env: {},
    commands: [],
    files: {},
    dirs: {},
    stats: {},
    derived: {},
    ...(version === undefined ? {} : { recordedBy: { tool: 'shop-audit' as const, version } }),
  };
  const host: Host = {
    os: inner.os,
    elevated: inner.elevated,
    user: inner.user,
    exec: async (command, args, options) => {
      const result = await inner.exec(command, args, options);
      const key = [command, ...args.map(argText)].join(' ');
      const recorded: ExecResult =
        result.status === 'exited'
          ? { ...result, stdout: redact('command', key, result.stdout), stderr: redact('command', key, result.stderr) }
          : result.status === 'timeout' && result.stdout !== undefined
            ? { ...result, stdout: redact('command', key, result.stdout) }
            : result;
      bundle.commands.push({ command, args: args.map(argText), result: recorded });
      return result;
    },
    readFile: async (p) => {
      const result = await inner.readFile(p);
      bundle.files[p] = result.status === 'ok' ? { ...result, text: redact('file', p, result.text) } : result;
      return result;
    },
    listDir: async (p) => (bundle.dirs[p] = await inner.listDir(p)),
    stat: async (p) => (bundle.stats[p] = await inner.stat(p)),
    env: (name) => {
      const value = inner.env(name);
      bundle.env[name] = value ?? null;
      return value;
    },
    // Documents are read only inside `derive`, whose result alone is kept.
    walk: (root, options) => inner.walk(root, options),
    readRange: (p, offset, length, into) => inner.readRange(p, offset, length, into),
    // The inner host's answer: a replay host's kept one, when a recording is made of a replay (tests do).
    derive: async (key, compute) => {
      const result = await inner.derive(key, compute);
      bundle.derived[key] = result;
      return result;
    },
  };
  return { host, finish: () => bundle };
}

/** Parses a bundle file; a malformed one is a usage error that says where and what is wrong. */
export function parseBundle(file: string, text: string): Bundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const where = lineCol(text, jsonErrorOffset(text) ?? 0);
    throw new UsageError(
      `${file}:${where}: not a valid replay bundle: ${jsonSyntaxMessage(error)}`,
      'a bundle is the JSON file written by shop-audit scan --record FILE',
    );
  }
  const { kind, schemaVersion, recordedBy } = (raw ?? {}) as {
    kind?: unknown;
    schemaVersion?: unknown;
    recordedBy?: unknown;
  };
  // A bundle of another shop-audit: say so, not which field its schema changed.
  if (kind === 'shop-audit-bundle' && schemaVersion !== BUNDLE_SCHEMA_VERSION) {
    const by = (recordedBy as { version?: unknown } | null)?.version;
    throw new UsageError(
      `${file}: bundle schema version ${JSON.stringify(schemaVersion ?? null)} is not one this shop-audit reads ` +
        `(it reads version ${BUNDLE_SCHEMA_VERSION})`,
      typeof by === 'string'
        ? `shop-audit ${neutraliseVersion(by)} recorded it: replay it with that version, or record the PC again`
        : 'replay it with the shop-audit version that recorded it, or record the PC again',
    );
  }
  const collected = kind === 'shop-audit-collection';
  const parsed = collected
    ? collectionSchema
        .transform((c): unknown => collectionToBundle(c))
        .pipe(bundleSchema)
        .safeParse(raw)
    : bundleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new UsageError(
      `${file}: not a valid replay bundle: ${where}: ${issue.message}`,
      'a bundle is the JSON file written by shop-audit scan --record FILE',
    );
  }
  return parsed.data;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/** A version string as a message may quote it: short, and printable ASCII only. */
const neutraliseVersion = (version: string) => version.replace(/[^\x21-\x7e]/g, '?').slice(0, 40);
