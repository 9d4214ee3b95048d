import { base62, crc32 } from '../detect/checksum';

/**
 * Deterministic generator of format-valid fake credentials for rule samples and tests. Nothing
 * real is ever committed: samples are built at run time from this seeded generator.
 */
export class Fake {
  private state: number;
  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }
  /** mulberry32 */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  hex(n: number): string { return this.chars('0123456789abcdef', n); }
  upperHex(n: number): string { return this.chars('0123456789ABCDEF', n); }
  digits(n: number): string { return this.chars('0123456789', n); }
  lower(n: number): string { return this.chars('abcdefghijklmnopqrstuvwxyz', n); }
  upper(n: number): string { return this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', n); }
  lowerAlnum(n: number): string { return this.chars('abcdefghijklmnopqrstuvwxyz0123456789', n); }
  upperAlnum(n: number): string { return this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', n); }
  alnum(n: number): string { return this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n); }
  base64(n: number): string { return this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n); }
  base64url(n: number): string { return this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', n); }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** A token with a 6-character base62 CRC32 suffix over the 30 random characters (GitHub, npm). */
  crcToken(prefix: string, randomLength = 30): string {
    const body = this.alnum(randomLength);
    return prefix + body + base62(crc32(body), 6);
  }
  /** base64 (standard alphabet, padded) of a string. */
  b64(text: string): string { return Buffer.from(text, 'utf8').toString('base64'); }
  b64url(text: string): string { return Buffer.from(text, 'utf8').toString('base64url'); }
}
