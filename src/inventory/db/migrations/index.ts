/**
 * The migrations, in code (the bundled CLI has no migration folder to read): name → migration.
 * Names sort in the order they apply. Never edit a released migration; add the next one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../connect';
import { initialMigration } from './001_initial';
import { countersAndSearchMigration } from './002_counters_and_search';

export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '001_initial': initialMigration(dialect),
    '002_counters_and_search': countersAndSearchMigration(dialect),
  };
}

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
