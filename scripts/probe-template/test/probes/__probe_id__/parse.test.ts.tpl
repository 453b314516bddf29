import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFirstValue } from '../../../src/probes/__probe_id__/parse.js';
import { REPO } from '../../helpers/host.js';

const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', '__probe_id__', name), 'utf8');

describe('parseFirstValue', () => {
  it('reads the name from a real /etc/hostname', () => {
    expect(parseFirstValue(fixture('hostname__this-debian12.txt'))).toBe('vm');
  });
  it('skips comments and blank lines and trims the value', () => {
    expect(parseFirstValue(fixture('hostname__handwritten-comment-and-blank-first.txt'))).toBe('till-pc');
  });
  it('gives null when no line holds a value', () => {
    expect(parseFirstValue('# only a comment\n\n')).toBeNull();
    expect(parseFirstValue('')).toBeNull();
  });
});
