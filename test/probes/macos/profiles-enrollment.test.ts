import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfilesEnrollment } from '../../../src/probes/system/macos-parse.js';
import { REPO, SAMPLES } from '../../helpers/host.js';

const sample = (name: string) => readFileSync(path.join(SAMPLES, 'macos', name), 'utf8');
const fixture = (name: string) => readFileSync(path.join(REPO, 'test', 'fixtures', 'macos', name), 'utf8');

describe('profiles status -type enrollment', () => {
  it('profiles-status-type-enrollment__dep-yes-user-approved.txt: enrolled, via DEP ("Yes (User Approved)")', () => {
    expect(parseProfilesEnrollment(sample('profiles-status-type-enrollment__dep-yes-user-approved.txt'))).toEqual({
      enrolled: true,
      viaDep: true,
    });
  });

  it('profiles-status-type-enrollment__as-quoted-in-a-dep-guide-not-enrolled.txt: not enrolled, not via DEP', () => {
    expect(
      parseProfilesEnrollment(fixture('profiles-status-type-enrollment__as-quoted-in-a-dep-guide-not-enrolled.txt')),
    ).toEqual({ enrolled: false, viaDep: false });
  });

  it('without the DEP line the DEP answer is unknown; without the MDM line there is no answer', () => {
    const text = sample('profiles-status-type-enrollment__dep-yes-user-approved.txt');
    expect(parseProfilesEnrollment(text.replace(/^Enrolled via DEP:.*\n/m, ''))).toEqual({
      enrolled: true,
      viaDep: null,
    });
    expect(parseProfilesEnrollment(text.replace(/^MDM enrollment:.*\n/m, ''))).toBeNull();
    // Hand-written: any other text, such as an error, is no answer.
    expect(parseProfilesEnrollment('profiles: an error\n')).toBeNull();
  });
});
