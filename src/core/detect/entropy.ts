/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export type Charset = 'hex' | 'digits' | 'base64' | 'alnum' | 'mixed';

/** The narrowest character set the value fits in; thresholds differ per set. */
export function charsetOf(value: string): Charset {
  if (/^[0-9]+$/.test(value)) return 'digits';
  if (/^[0-9a-f]+$/i.test(value)) return 'hex';
  if (/^[A-Za-z0-9]+$/.test(value)) return 'alnum';
  if (/^[A-Za-z0-9+/=_-]+$/.test(value)) return 'base64';
  return 'mixed';
}
