import { assertSeparateFiles, assertWritable, writeOutput as writeFile } from '../../files/write.js';

/**
 * The command's result to --output FILE (checked first, never one of the command's `inputs`, written the way
 * scan writes its report) or to standard output.
 */
export async function writeOutput(file: string | undefined, text: string, inputs: readonly string[]): Promise<void> {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  assertWritable(file, '--output');
  assertSeparateFiles(
    [{ flag: '--output', file }],
    inputs.map((input) => ({ flag: 'the input', file: input })),
  );
  await writeFile(file, text, '--output');
}
