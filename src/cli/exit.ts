// Kept free of imports: the launcher loads it for every command, --version included.

/** The exit codes, as DESIGN.md and `--help` state them. */
export const EXIT = { passed: 0, policyFailed: 1, usage: 2, scanFailed: 3 } as const;
