/**
 * kysely's SQLite dialect with two changes for a service that writes:
 * - transactions start with `BEGIN IMMEDIATE`, so a transaction takes the write lock up front and
 *   waits (busy_timeout) instead of failing with SQLITE_BUSY when it later upgrades from reading;
 * - the adapter reports transactional DDL (SQLite has it), so kysely's Migrator runs each
 *   migration and its bookkeeping row in one transaction, as it does on PostgreSQL.
 */
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDialectConfig } from 'kysely';

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
