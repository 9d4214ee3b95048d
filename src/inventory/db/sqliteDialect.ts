/**
 * kysely's SQLite dialect with two changes for a service that writes:
 * - transactions start with `BEGIN IMMEDIATE`, so a transaction takes the write lock up front and
 *   waits (busy_timeout) instead of failing with SQLITE_BUSY when it later upgrades from reading;
 * - the adapter reports transactional DDL (SQLite has it), so kysely's Migrator runs each
 *   migration and its bookkeeping row in one transaction, as it does on PostgreSQL.
 * And `cachingStatements`: kysely prepares every query anew, and the service runs the same few
 * hundred SQL texts over and over (preparing a 50-row upsert costs more than running it).
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';

/** The database with its prepared statements kept by SQL text (the `size` most recently used). */
export function cachingStatements(database: BetterSqlite3.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      // A statement still iterating (a streamed query) cannot run again until it is done.
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached as unknown as SqliteStatement;
      }
      const statement = database.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement as unknown as SqliteStatement;
    },
  };
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class WritingSqliteDialect extends SqliteDialect {
  private readonly driverConfig: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.driverConfig = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.driverConfig);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
