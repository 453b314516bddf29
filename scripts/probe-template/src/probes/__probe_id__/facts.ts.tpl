import { z } from 'zod';

// The facts this probe reports: a leaf module (the collectors import it; index.ts imports them).
// Every fact is nullable: null when it could not be read, with the reason in `unknown`.
export const facts = z.object({
  /** The name the PC shows on the network. (The template's example fact: replace it with yours.) */
  name: z.string().nullable(),
});

export type __ProbeName__Facts = z.infer<typeof facts>;
