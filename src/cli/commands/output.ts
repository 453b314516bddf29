import { assertWritable, writeFileAtomic } from '../../files/write.js';

/** The command's result to --output FILE (checked first, written atomically) or to standard output. */
export async function writeOutput(file: string | undefined, text: string): Promise<void> {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  assertWritable(file, '--output');
  await writeFileAtomic(file, text);
}
