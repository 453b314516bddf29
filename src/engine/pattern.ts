/** `screen-lock.*` matches every rule whose id starts with `screen-lock.`; anything else is an exact id. */
export function matchesPattern(id: string, pattern: string): boolean {
  return pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern;
}
