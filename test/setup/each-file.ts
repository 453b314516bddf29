import { afterEach } from 'vitest';
import { removeRoots } from '../helpers/host.js';
import { stopListeners } from '../helpers/netns.js';

// Loaded before every test file (vitest setupFiles). The files of a worker share one module graph
// (isolate: false in vitest.config.ts), so a hook that a helper module registered when it was first
// imported would serve only the first file: the helpers' clean-ups are registered here instead.
afterEach(removeRoots);
afterEach(stopListeners);
