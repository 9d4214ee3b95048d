/**
 * Opens the inventory database: a file path (or `:memory:`) is SQLite through better-sqlite3, a
 * `postgres://` / `postgresql://` URL is PostgreSQL through a pg Pool. Both return the same kysely
 * instance type, and values come back in the same JS shape (see `schema.ts`), so the store has one
 * query layer and branches on the dialect only where SQL differs.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { WritingSqliteDialect } from './sqliteDialect';

export type DialectName = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
}

export interface OpenOptions {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** SQLite: milliseconds a writer waits for the lock before SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
}

export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export function openDatabase(target: string, options: OpenOptions = {}): OpenedDatabase {
  if (isPostgresTarget(target)) return { db: openPostgres(target, options), dialect: 'postgres' };
  return { db: openSqlite(target, options), dialect: 'sqlite' };
}

function openSqlite(path: string, options: OpenOptions): Kysely<Database> {
  const database = new BetterSqlite3(path);
  // WAL: readers do not block the writer (and the reverse); not applicable to an in-memory database.
  if (path !== ':memory:' && path !== '') database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  database.pragma('foreign_keys = ON');
  // WAL makes NORMAL durable against application crashes; the cost of FULL is an fsync per commit.
  database.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new WritingSqliteDialect({ database }) });
}

/** OIDs of the PostgreSQL types whose default pg parsing differs from what SQLite returns. */
const INT8 = 20;
const JSON_OID = 114;
const JSONB = 3802;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/**
 * Per-pool type parsers (pg's global ones stay untouched): counts and bigserial ids as numbers,
 * JSON as its text (the store parses it, as on SQLite), dates as `YYYY-MM-DD` (the default turns
 * them into local-midnight Dates), timestamps as ISO strings.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    switch (oid) {
      case INT8:
        return (v) => Number(v);
      case JSON_OID:
      case JSONB:
      case DATE:
        return (v) => v;
      case TIMESTAMP:
      case TIMESTAMPTZ: {
        const toDate = pg.types.getTypeParser(oid, 'text') as (v: string) => Date;
        return (v) => toDate(v).toISOString();
      }
      default:
        return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
    }
  },
};

function openPostgres(url: string, options: OpenOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: typeParsers as pg.CustomTypesConfig });
  // An idle client losing its connection (server restart) must not crash the process: the pool
  // drops that client and the next query gets a fresh one.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
