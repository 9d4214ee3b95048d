/**
 * Opens the inventory database: a file path (or `:memory:`) is SQLite through better-sqlite3, a
 * `postgres://` / `postgresql://` URL is PostgreSQL through a pg Pool. Both return the same kysely
 * instance type, and values come back in the same JS shape (see `schema.ts`), so the store has one
 * query layer and branches on the dialect only where SQL differs.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { cachingStatements, WritingSqliteDialect } from './sqliteDialect';
import { BACKSTOP_PAGES, startWalCheckpointer, type WalCheckpointer } from './walCheckpointer';

export type DialectName = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /**
   * For reads outside transactions, when it is not `db`: a second SQLite connection (WAL lets it
   * read the last commit while a write transaction is open on `db`, where kysely would queue the
   * read behind the whole transaction).
   */
  reads?: Kysely<Database>;
  /** Background work on the database (SQLite's WAL checkpointer) to stop before closing it. */
  background?: WalCheckpointer;
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
  if (target === ':memory:' || target === '') return { db: openSqlite(target, options), dialect: 'sqlite' };
  // The writer checkpoints only as a backstop; a worker thread keeps the WAL short (walCheckpointer.ts).
  return { db: openSqlite(target, options), dialect: 'sqlite', reads: openSqlite(target, options, 'reads'), background: startWalCheckpointer(target) };
}

/**
 * One connection: the writer (WAL mode, checkpointing itself only past BACKSTOP_PAGES), or with
 * 'reads' a query-only reader. An in-memory database (`:memory:`) is private to its one connection.
 * Opened on first use: kysely closes only a connection it has used, and a connection left open
 * keeps the WAL from being removed when the store closes.
 */
function openSqlite(path: string, options: OpenOptions, role: 'writer' | 'reads' = 'writer'): Kysely<Database> {
  const connect = async (): Promise<SqliteDatabase> => {
    const database = new BetterSqlite3(path);
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    // WAL: readers do not block the writer (and the reverse); not applicable to an in-memory database.
    if (role === 'writer' && path !== ':memory:' && path !== '') {
      database.pragma('journal_mode = WAL');
      database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    }
    database.pragma('foreign_keys = ON');
    // WAL makes NORMAL durable against application crashes; the cost of FULL is an fsync per commit.
    database.pragma('synchronous = NORMAL');
    if (role === 'reads') database.pragma('query_only = ON');
    return cachingStatements(database);
  };
  return new Kysely<Database>({ dialect: new WritingSqliteDialect({ database: connect }) });
}

/** OIDs of the PostgreSQL types whose default pg parsing differs from what SQLite returns. */
const INT8 = 20;
const JSON_OID = 114;
const JSONB = 3802;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/** timestamptz text in UTC, `2025-01-01 09:00:00.123456+00`: date, time, fraction (to the millisecond, as a Date keeps it). */
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

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
        if (oid === TIMESTAMP) return (v) => toDate(v).toISOString();
        // A page of identities has hundreds of timestamps: UTC ones (the usual session time zone)
        // are rewritten as text, anything else goes through a Date.
        return (v) => {
          const m = UTC_TIMESTAMP.exec(v);
          return m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : toDate(v).toISOString();
        };
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
