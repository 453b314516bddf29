/**
 * --debug, set by main before any command runs: host calls with their times and error stack
 * traces go to standard error.
 */
export const debugMode = { on: false };
