// Types of load-cli.js for the tests that import it.
import type { Script } from 'node:vm';

export declare const BUNDLE: string;
export declare const CODE_CACHE: string;
export declare function codeCacheFile(bundle: Buffer, cache: Buffer): Buffer;
export declare function loadCli(options?: { useCache?: boolean }): {
  main: (argv: string[]) => Promise<number>;
  script: Script;
  bundle: Buffer;
};
