/**
 * Applies pending migrations with kysely's Migrator, one step at a time so each migration (and its
 * bookkeeping row) commits in its own transaction. Concurrent starters are serialized by the
 * Migrator's lock (an advisory lock on PostgreSQL, the single write lock on SQLite).
 */
import { Migrator, type Kysely } from 'kysely';
import type { DialectName } from './connect';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<{ applied: string[] }> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const applied: string[] = [];
  for (;;) {
    const { error, results } = await migrator.migrateUp();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      throw new Error(`inventory database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const done = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (done.length === 0) return { applied };
    applied.push(...done);
  }
}
