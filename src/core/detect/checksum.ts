/** Checksums used by token formats (GitHub `ghp_`-style and npm `npm_` tokens). */

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE) of bytes. */
export function crc32Bytes(bytes: ArrayLike<number>): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-32 (IEEE) of a string's UTF-8 bytes. */
export function crc32(text: string): number {
  return crc32Bytes(Buffer.from(text, 'utf8'));
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 of an unsigned integer, left-padded with `0` to `width`. */
export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/**
 * GitHub's `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` tokens and npm's `npm_` tokens: prefix, 30 random
 * base62 characters, then the CRC32 of those 30 characters in base62, 6 characters wide.
 */
export function hasBase62Crc32Suffix(body: string, checksumLength = 6): boolean {
  if (body.length <= checksumLength) return false;
  const payload = body.slice(0, body.length - checksumLength);
  const checksum = body.slice(body.length - checksumLength);
  return base62(crc32(payload), checksumLength) === checksum;
}
