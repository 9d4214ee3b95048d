/** Turns file bytes into text, or says why the file is skipped. */

export type Decoded = { text: string; encoding: 'utf8' | 'utf16le' | 'utf16be' } | { skip: string };

/** Binary if a NUL byte shows up in the first 8 KB, or the first 1 KB is mostly control bytes. */
function looksBinary(buf: Buffer): boolean {
  if (buf.subarray(0, 8192).indexOf(0) !== -1) return true; // native search
  const n = Math.min(buf.length, 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b < 7 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.1;
}

export function decodeFile(buf: Buffer): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString('utf16le'), encoding: 'utf16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf16be' };
  }
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  if (looksBinary(buf.subarray(start))) return { skip: 'binary file' };
  return { text: buf.toString('utf8', start), encoding: 'utf8' };
}

const MINIFIABLE = /\.(?:js|mjs|cjs|css|map)$/i;

/**
 * Minified bundles are generated, huge per line and full of random-looking strings: skip them.
 * A `.min.` name, or a script whose first 64 KB has lines averaging over 300 characters.
 */
export function minifiedReason(path: string, text: string): string | undefined {
  if (/\.min\.(?:js|css|mjs)$/i.test(path) || /\.(?:js|css)\.map$/i.test(path)) return 'minified or source-map file';
  if (!MINIFIABLE.test(path) || text.length < 4096) return undefined;
  const head = text.slice(0, 65536);
  let lines = 1;
  for (let i = head.indexOf('\n'); i !== -1; i = head.indexOf('\n', i + 1)) lines++;
  return head.length / lines > 300 ? 'minified file (average line over 300 characters)' : undefined;
}
