import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from '../helpers/host.js';
import { SLOW_FIRST } from './slow-first.js';

it('every file the sequencer starts first exists (a renamed one would quietly lose its place)', () => {
  expect(SLOW_FIRST.filter((file) => !existsSync(path.join(REPO, file)))).toEqual([]);
});
