/**
 * Row ids: UUIDv7 (RFC 9562), a 48-bit millisecond timestamp then random bits. Time-ordered, so
 * keyset pagination by id lists rows roughly in creation order, and inserts append to the index.
 */
import { randomBytes } from 'node:crypto';

/** Random bytes drawn in blocks: one crypto call per 256 ids instead of one per id (a sync makes thousands). */
let pool = Buffer.alloc(0);
let offset = 0;
function random16(): Buffer {
  if (offset + 16 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + 16));
  offset += 16;
  return out;
}

export function newId(nowMs: number = Date.now()): string {
  const b = random16();
  b.writeUIntBE(Math.max(0, Math.floor(nowMs)) % 2 ** 48, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70; // version 7
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a caller-supplied id can be a row id at all (PostgreSQL rejects malformed uuids). */
export function isId(id: string): boolean {
  return UUID.test(id);
}
