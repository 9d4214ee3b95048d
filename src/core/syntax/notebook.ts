/**
 * Jupyter notebooks: scan every string value (cell sources, outputs, metadata) as decoded text and
 * map each match back to its place in the raw `.ipynb` file, escapes included, so line and column
 * point at the characters in the file. Image outputs (`image/*` keys) are skipped.
 */
import type { Candidate } from '../findings/finalize';

type Collect = (decoded: string) => Candidate[];

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

export function scanNotebook(text: string, collect: Collect): Candidate[] {
  try {
    JSON.parse(text);
  } catch {
    return collect(text); // not valid JSON: scan it as plain text rather than skip it
  }
  const out: Candidate[] = [];
  let lastKey = '';
  let cell = -1;
  let i = 0;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q === -1) break;
    let j = q + 1;
    let decoded = '';
    const map: number[] = []; // map[k]: raw offset of decoded character k; map[decoded.length]: closing quote
    while (j < text.length && text[j] !== '"') {
      map.push(j);
      if (text[j] === '\\') {
        const e = text[j + 1];
        if (e === 'u') {
          decoded += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
          j += 6;
        } else {
          decoded += ESCAPES[e] ?? e;
          j += 2;
        }
      } else {
        decoded += text[j];
        j++;
      }
    }
    map.push(j);
    i = j + 1;
    let k = i;
    while (k < text.length && (text[k] === ' ' || text[k] === '\n' || text[k] === '\r' || text[k] === '\t')) k++;
    if (text[k] === ':') {
      lastKey = decoded;
      if (decoded === 'cell_type') cell++;
      continue;
    }
    if (lastKey.startsWith('image/') || decoded.length === 0) continue;
    for (const c of collect(decoded)) {
      out.push({ ...c, start: map[c.start], end: map[c.end], context: cell >= 0 ? { cell } : undefined });
    }
  }
  return out;
}
