// Apart from the report's schema (model.ts) so that a scan, which only stamps the version, does not build
// every schema of the report when it starts.

/** Bumped on any change to the report's JSON that a script reading it would notice. */
export const REPORT_SCHEMA_VERSION = 1;
