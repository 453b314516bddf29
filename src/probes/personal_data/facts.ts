import { z } from 'zod';
import { KINDS } from './identifiers.js';

// The personal_data probe's facts. Never a full identifier: counts and masked examples only.

const kind = z.enum(KINDS);

export const personalDataFacts = z.object({
  /**
   * Files holding at least two distinct identifiers (the rules' threshold, a parameter, decides
   * which are customer-data files), most identifiers first.
   */
  files: z
    .array(
      z.object({
        path: z.string(),
        /** Distinct identifiers of every kind together. */
        identifiers: z.number().int(),
        kinds: z.array(z.object({ kind, count: z.number().int(), example: z.string() })),
        size: z.number().int(),
        /** ISO 8601 time of the last change. */
        modified: z.string(),
        /** The file lies on a volume encrypted at rest (BitLocker, FileVault, LUKS/dm-crypt). */
        encryptedVolume: z.boolean().nullable(),
      }),
    )
    .nullable(),
  /** Distinct identifiers per kind over the files listed. */
  totals: z.object({ resident_id: z.number().int(), mobile: z.number().int(), bank_card: z.number().int() }).nullable(),
  /** The folders looked at: the usual document and chat-download folders of each user, and --data-path. */
  folders: z
    .array(
      z.object({
        path: z.string(),
        /** Where it comes from: desktop, documents, downloads, wechat, qq, wecom, dingtalk, data-path. */
        source: z.string(),
        status: z.enum(['scanned', 'missing', 'unreadable', 'not-reached']),
        reason: z.string().nullable(),
      }),
    )
    .nullable(),
  /** What was looked at and what was not, so that "nothing found" is never claimed over what went unread. */
  coverage: z
    .object({
      filesRead: z.number().int(),
      bytesRead: z.number().int(),
      /** Files that may hold personal data but are in a format not read (legacy .doc/.wps, PDF, .rar/.7z). */
      notReadFormats: z.object({ doc: z.number().int(), pdf: z.number().int(), archive: z.number().int() }),
      /** Files left unread for the time budget, with the first few named. */
      notReached: z.number().int(),
      notReachedExamples: z.array(z.string()),
      /** Files read only up to the per-file cap or an archive limit. */
      partlyRead: z.number().int(),
      /**
       * Office and WPS files encrypted with a password to open, counted among those read: their content is
       * not read. Where Office's well-known default password (a file that opens without asking) is not ruled
       * out (Office 2007's standard encryption, XOR-obfuscated .xls), they leave the scan incomplete; a file
       * that opens with it is a failed file.
       */
      passwordProtected: z.number().int(),
      /** Files or archives that could not be read (denied, damaged, zip bomb, odd entry names), with why. */
      failed: z.array(z.object({ path: z.string(), reason: z.string() })),
      /** Symbolic links and junctions met: never followed. */
      linksSkipped: z.number().int(),
      timeBudgetSeconds: z.number(),
      seconds: z.number(),
    })
    .nullable(),
  /** Every file that could hold personal data was read. Null (with the reason) when some were not. */
  complete: z.boolean().nullable(),
});

export type PersonalDataFacts = z.infer<typeof personalDataFacts>;
export type DataFile = NonNullable<PersonalDataFacts['files']>[number];
