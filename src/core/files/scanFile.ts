import { promises as fs } from 'node:fs';
import type { Finding } from '../types';
import { scanText, type ScanOptions } from '../detect/engine';
import { decodeFile, minifiedReason } from './decode';

export type FileScan =
  | { findings: Finding[]; bytes: number }
  | { skip: string };

/** Reads, decodes and scans one file; a file that should not be scanned comes back with the reason. */
export async function scanFile(abs: string, display: string, engine: ScanOptions, maxBytes: number): Promise<FileScan> {
  try {
    // One open, one fstat, one read: the size is checked before anything large is read.
    const fh = await fs.open(abs, 'r');
    let buf: Buffer;
    try {
      const st = await fh.stat();
      if (st.size > maxBytes) return { skip: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(st.size / 1024)} KB)` };
      buf = await fh.readFile();
    } finally {
      await fh.close();
    }
    const decoded = decodeFile(buf);
    if ('skip' in decoded) return decoded;
    const minified = minifiedReason(display, decoded.text);
    if (minified) return { skip: minified };
    const bytes = decoded.encoding === 'utf8' && buf.length === decoded.text.length ? buf : undefined;
    return { findings: scanText(decoded.text, display, engine, bytes), bytes: buf.length };
  } catch (e) {
    return { skip: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}
