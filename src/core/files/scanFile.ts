import * as fsSync from 'node:fs';
import { promises as fs } from 'node:fs';
import type { Finding } from '../types';
import type { ScanOptions } from '../detect/engine';
import { analyzeText } from '../analyzeFile';
import type { IdentityUse } from '../ci/types';
import { decodeFile, minifiedReason } from './decode';

export type FileScan =
  | { findings: Finding[]; uses: IdentityUse[]; bytes: number }
  | { skip: string };

function tooLarge(size: number, maxBytes: number): FileScan {
  return { skip: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` };
}

function unreadable(e: unknown): FileScan {
  return { skip: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
}

/** Decodes and scans bytes already read. */
function scanBuffer(buf: Buffer, display: string, engine: ScanOptions): FileScan {
  const decoded = decodeFile(buf);
  if ('skip' in decoded) return decoded;
  const minified = minifiedReason(display, decoded.text);
  if (minified) return { skip: minified };
  return { ...analyzeText(decoded.text, display, engine, decoded.encoding === 'utf8' ? buf : undefined), bytes: buf.length };
}

/**
 * Blocking variant for worker threads: the thread has nothing else to do, and synchronous reads
 * skip the round trips through libuv's small shared thread pool.
 */
export function scanFileSync(abs: string, display: string, engine: ScanOptions, maxBytes: number): FileScan {
  let fd: number | undefined;
  try {
    fd = fsSync.openSync(abs, 'r');
    const size = fsSync.fstatSync(fd).size;
    if (size > maxBytes) return tooLarge(size, maxBytes);
    const buf = fsSync.readFileSync(fd);
    return scanBuffer(buf, display, engine);
  } catch (e) {
    return unreadable(e);
  } finally {
    if (fd !== undefined) fsSync.closeSync(fd);
  }
}

/** Reads, decodes and scans one file; a file that should not be scanned comes back with the reason. */
export async function scanFile(abs: string, display: string, engine: ScanOptions, maxBytes: number): Promise<FileScan> {
  try {
    // One open, one fstat, one read: the size is checked before anything large is read.
    const fh = await fs.open(abs, 'r');
    let buf: Buffer;
    try {
      const st = await fh.stat();
      if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
      buf = await fh.readFile();
    } finally {
      await fh.close();
    }
    return scanBuffer(buf, display, engine);
  } catch (e) {
    return unreadable(e);
  }
}
