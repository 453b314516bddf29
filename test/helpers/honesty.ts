import { expect } from 'vitest';
import type { ProbeOutput } from '../../src/probes/types.js';

/**
 * Every null fact has a reason, and no reported fact has one: a fact the scan could not read is
 * never shown as a value. List items name themselves by `key` (`volumes[/home].encrypted`).
 */
export function expectHonest(out: ProbeOutput<Record<string, unknown>>, listKeys: Record<string, string> = {}): void {
  for (const [fact, value] of Object.entries(out.facts)) {
    if (value === null) expect(out.unknown[fact], `reason for ${fact}`).toBeTruthy();
    else expect(out.unknown[fact], `${fact} is reported, so it has no reason`).toBeUndefined();
    if (Array.isArray(value) && listKeys[fact]) {
      for (const item of value as Record<string, unknown>[]) {
        const id = String(item[listKeys[fact]!]);
        for (const [field, fieldValue] of Object.entries(item)) {
          const key = `${fact}[${id}].${field}`;
          if (fieldValue === null) expect(out.unknown[key], `reason for ${key}`).toBeTruthy();
          else expect(out.unknown[key], `${key} is reported, so it has no reason`).toBeUndefined();
        }
      }
    }
  }
}
