import { z } from 'zod';

// A command validates each schema a few times at most: zod's compiled fast path (code generated
// on the first parse of each object schema) costs more than it saves (seen with --cpu-prof). zod
// reads this setting when a schema is made, so main loads this module before any command's code.
z.config({ jitless: true });
