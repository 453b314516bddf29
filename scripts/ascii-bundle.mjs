// esbuild writes strings and names in ASCII but leaves other characters in comments and regular expressions
// (第, ：, │). Escaped there too, a bundle is ASCII, which its loaders decode as Latin-1 (~4 ms sooner than
// UTF-8, and V8 keeps a one-byte string). An escaped character (`\：`) loses its now needless backslash, so
// that it does not escape the one added. Each UTF-16 unit is escaped alone, which regular expressions read the
// same way with and without the u flag.
export const asciiOnly = (text) =>
  text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => {
    const kept = slashes.length % 2 ? slashes.slice(1) : slashes;
    return `${kept}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
