/**
 * Keyset pagination: a page ends with the sort key of its last row, handed out as an opaque cursor
 * (base64url JSON, tagged with the list it belongs to so one list's cursor is refused by another).
 */
import { InvalidError } from './types';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export type CursorKey = Array<string | number>;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

export function encodeCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify({ l: list, k: key }), 'utf8').toString('base64url');
}

/** The sort key a cursor of `list` carries, or undefined for the first page; InvalidError when it is not one of ours. */
export function decodeCursor(list: string, cursor: string | undefined, arity: number): CursorKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidError('cursor', 'not a cursor of this list');
  }
  const p = parsed as { l?: unknown; k?: unknown };
  if (
    p === null ||
    typeof p !== 'object' ||
    p.l !== list ||
    !Array.isArray(p.k) ||
    p.k.length !== arity ||
    !p.k.every((v) => (typeof v === 'string' && v.length <= 1024) || (typeof v === 'number' && Number.isSafeInteger(v)))
  ) {
    throw new InvalidError('cursor', 'not a cursor of this list');
  }
  return p.k as CursorKey;
}

/** Splits a fetched `limit + 1` rows into the page and the cursor of the next one. */
export function toPage<R, T>(rows: R[], limit: number, list: string, keyOf: (row: R) => CursorKey, map: (rows: R[]) => T[]): { items: T[]; next?: string } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const items = map(shown);
  return more ? { items, next: encodeCursor(list, keyOf(shown[shown.length - 1])) } : { items };
}
