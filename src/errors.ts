// Typed errors the CLI turns into an exit code and a message for the technician. Each carries
// what went wrong and, where there is one, what to do about it.

/** Bad input from the user: unknown option value, missing file, bad bundle. Exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The scan itself could not run (nothing could be read from this PC, the report could not be saved). Exit code 3. */
export class ScanFailedError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A report, comparison or bundle could not be written (a full or failing disk). Exit code 3, like a failed scan. */
export class SaveFailedError extends ScanFailedError {}

/** The OS is not one shop-audit can scan. Exit code 3. */
export class UnsupportedPlatformError extends ScanFailedError {
  constructor(platform: string) {
    super(`shop-audit cannot scan this operating system (${platform}); it supports Windows, macOS and Linux`);
  }
}

/** One problem in a rule or profile file, located for the person who has to fix it. */
export interface SourceError {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatSourceError(e: SourceError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}

/** Rule or profile files are invalid; the CLI prints every error and exits 2. */
export class InvalidRulesError extends Error {
  constructor(readonly errors: SourceError[]) {
    super(errors.map(formatSourceError).join('\n'));
  }
}

/**
 * What JSON.parse found wrong, without the text V8 quotes around it (`Unexpected token 'r', "root:$6$ab"... is not
 * valid JSON`): a file named by mistake (/etc/shadow, a settings file holding a password) is never printed in part.
 * The caller says where (line:column).
 */
export function jsonSyntaxMessage(error: unknown): string {
  return (error as Error).message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/su, ' is not valid JSON');
}
