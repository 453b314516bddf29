// An esbuild plugin shared by the CLI's bundle (bundle-cli.mjs) and the executables' (build-exe.mjs).

// zod's `z` namespace re-exports every locale's messages (64 files, ~40 % of zod's code); the CLI only
// ever uses the English default, which zod imports itself. Node compiles every byte it loads, so the
// other locales cost start-up time for nothing.
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
    }));
  },
};
