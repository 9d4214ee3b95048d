/**
 * The inventory's first schema: settings, teams, identities (with fingerprints and consumers),
 * findings, sync batches, API tokens and the append-only audit log, with an index for every list
 * and view the store serves (keyset pagination: each index ends with the sort key).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../connect';
import { columnTypes } from './types';

export function initialMigration(dialect: DialectName): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('teams')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('identities')
        .addColumn('id', t.uuid, (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('provider', 'text')
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('owner_person', 'text')
        .addColumn('team', 'text', (c) => c.references('teams.name').onDelete('restrict'))
        .addColumn('purpose', 'text')
        .addColumn('environments', t.json, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_seen', t.timestamp)
        .addColumn('last_rotated', t.date)
        .addColumn('rotation_days', 'integer')
        .addColumn('rotation_due', t.date)
        .addColumn('expires_at', t.date)
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'retired', 'revoked')`))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('consumer_repositories', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('consumer_pipelines', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // listIdentities by team / kind; the views (status first: they show active identities).
      await db.schema.createIndex('identities_team_idx').on('identities').columns(['team', 'id']).execute();
      await db.schema.createIndex('identities_kind_idx').on('identities').columns(['kind', 'id']).execute();
      await db.schema.createIndex('identities_unowned_idx').on('identities').columns(['status', 'team', 'owner_person', 'id']).execute();
      await db.schema.createIndex('identities_rotation_idx').on('identities').columns(['status', 'rotation_due', 'id']).execute();
      await db.schema.createIndex('identities_expiry_idx').on('identities').columns(['status', 'expires_at', 'id']).execute();
      await db.schema.createIndex('identities_shared_idx').on('identities').columns(['status', 'shared', 'id']).execute();

      await db.schema
        .createTable('identity_fingerprints')
        .addColumn('fingerprint', 'text', (c) => c.primaryKey())
        .addColumn('identity_id', t.uuid, (c) => c.notNull().references('identities.id').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('identity_fingerprints_identity_idx').on('identity_fingerprints').column('identity_id').execute();

      await db.schema
        .createTable('consumers')
        .addColumn('identity_id', t.uuid, (c) => c.notNull().references('identities.id').onDelete('cascade'))
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('line', 'integer')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('pipeline', 'text')
        .addColumn('environment', 'text')
        .addColumn('last_seen', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('consumers_pk', ['identity_id', 'repository', 'path', 'job'])
        .execute();

      await db.schema
        .createTable('findings')
        .addColumn('id', t.uuid, (c) => c.primaryKey())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('owasp', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('commit', 'text')
        .addColumn('redacted', 'text')
        .addColumn('identity_id', t.uuid, (c) => c.references('identities.id').onDelete('set null'))
        .addColumn('owner_team', 'text')
        .addColumn('first_seen', t.timestamp, (c) => c.notNull())
        .addColumn('last_seen', t.timestamp, (c) => c.notNull())
        .addColumn('last_scan_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'resolved', 'suppressed')`))
        .addColumn('status_reason', 'text')
        .addColumn('status_by', 'text')
        .addUniqueConstraint('findings_upsert_key', ['repository', 'fingerprint', 'rule_id', 'path'])
        .execute();
      // The full-sync resolution (open findings of a repository not seen by a scan), the lists by
      // repository / status / identity, and the open-findings summary by team and OWASP item.
      await db.schema.createIndex('findings_resolution_idx').on('findings').columns(['repository', 'status', 'last_scan_id']).execute();
      await db.schema.createIndex('findings_repository_idx').on('findings').columns(['repository', 'id']).execute();
      await db.schema.createIndex('findings_status_idx').on('findings').columns(['status', 'id']).execute();
      await db.schema.createIndex('findings_identity_idx').on('findings').columns(['identity_id', 'id']).execute();
      await db.schema.createIndex('findings_open_team_idx').on('findings').columns(['status', 'owner_team']).execute();
      await db.schema.createIndex('findings_open_owasp_idx').on('findings').columns(['status', 'owasp']).execute();

      await db.schema
        .createTable('sync_batches')
        .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('scan_id', 'text', (c) => c.notNull())
        .addColumn('result', t.json)
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', t.uuid, (c) => c.primaryKey())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('team', 'text', (c) => c.references('teams.name').onDelete('restrict'))
        .addColumn('scopes', t.json, (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', t.timestamp)
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', t.serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('before', t.json)
        .addColumn('after', t.json)
        .execute();
      await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_id', 'id']).execute();
      await appendOnly(db, dialect);
    },
  };
}

/** The audit log is append-only: the database itself rejects UPDATE and DELETE (and TRUNCATE). */
async function appendOnly(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(`create trigger audit_log_no_${op} before ${op} on audit_log begin select raise(abort, 'audit_log is append-only'); end`)
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `create function audit_log_append_only() returns trigger language plpgsql as $$
       begin
         raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
       end
       $$`,
    )
    .execute(db);
  await sql.raw('create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()').execute(db);
  await sql.raw('create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()').execute(db);
}
