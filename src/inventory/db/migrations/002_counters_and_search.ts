/**
 * Read paths that stay fast at 100,000 identities, and cheaper rescans:
 * - `open_findings_counts`: open findings per (owner team, OWASP item), kept by triggers in the same
 *   transaction as every change to `findings` (insert, update of status / team / item, delete), so
 *   the open-findings view reads a few hundred rows instead of aggregating every open finding. On
 *   PostgreSQL each connection adds to its own slot (backend pid mod 16): concurrent syncs do not
 *   queue on one counter row, and the view sums the slots. SQLite has one writer: slot 0.
 * - an identity search index for `q=` (case-insensitive substring of name, key, owner, purpose):
 *   an FTS5 trigram table on SQLite, a pg_trgm GIN index on PostgreSQL. The store uses it to find
 *   candidates and keeps its exact predicate (see `store/identitySearch.ts`).
 * - indexes a rescan no longer has to rewrite: the two summary indexes go (the counters replace
 *   them), and the full-sync resolution index drops `last_scan_id`, which every rescan changes.
 *   On PostgreSQL `findings` and `identities` leave room on each page (fillfactor), so a rescan's
 *   update of unindexed columns can stay on the page (a HOT update: no index entries at all).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../connect';

/** Number of counter slots per (team, item) on PostgreSQL. */
export const COUNTER_SLOTS = 16;

/** The text the PostgreSQL search index covers; `store/identitySearch.ts` repeats it verbatim so the planner matches it. */
export const PG_SEARCH_EXPRESSION = `lower(coalesce(display_name, '') || E'\\n' || key || E'\\n' || coalesce(owner_person, '') || E'\\n' || coalesce(purpose, ''))`;

export function countersAndSearchMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('open_findings_counts')
        .addColumn('team', 'text', (c) => c.notNull()) // '' for no team
        .addColumn('owasp', 'text', (c) => c.notNull())
        .addColumn('slot', 'integer', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('open_findings_counts_pk', ['team', 'owasp', 'slot'])
        .execute();
      await sql
        .raw(
          `insert into open_findings_counts (team, owasp, slot, n)
           select coalesce(owner_team, ''), owasp, 0, count(*) from findings where status = 'open' group by coalesce(owner_team, ''), owasp`,
        )
        .execute(db);

      await db.schema.dropIndex('findings_open_team_idx').execute();
      await db.schema.dropIndex('findings_open_owasp_idx').execute();
      await db.schema.dropIndex('findings_resolution_idx').execute();
      await db.schema.createIndex('findings_open_by_repository_idx').on('findings').columns(['repository', 'status']).execute();

      if (dialect === 'sqlite') await sqliteParts(db);
      else await postgresParts(db);
    },
  };
}

async function sqliteParts(db: Kysely<any>): Promise<void> {
  // Counters: row triggers, each one upsert (slot 0).
  const add = (row: 'new' | 'old', delta: 1 | -1, when: string) =>
    `insert into open_findings_counts (team, owasp, slot, n) select coalesce(${row}.owner_team, ''), ${row}.owasp, 0, ${delta} where ${when}
     on conflict (team, owasp, slot) do update set n = n + (${delta});`;
  await sql.raw(`create trigger findings_open_count_insert after insert on findings when new.status = 'open' begin ${add('new', 1, 'true')} end`).execute(db);
  await sql.raw(`create trigger findings_open_count_delete after delete on findings when old.status = 'open' begin ${add('old', -1, 'true')} end`).execute(db);
  await sql
    .raw(
      `create trigger findings_open_count_update after update of status, owner_team, owasp on findings
       when (old.status = 'open') <> (new.status = 'open')
         or (new.status = 'open' and (old.owner_team is not new.owner_team or old.owasp is not new.owasp))
       begin ${add('old', -1, "old.status = 'open'")} ${add('new', 1, "new.status = 'open'")} end`,
    )
    .execute(db);

  // Search: a contentless FTS5 trigram index. Its rowids come from `identity_search_rows` (an
  // INTEGER PRIMARY KEY keeps its values through VACUUM; the implicit rowid of `identities` would not).
  await sql.raw('create table identity_search_rows (row integer primary key, identity_id text not null unique)').execute(db);
  await sql
    .raw("create virtual table identity_search using fts5(display_name, key, owner_person, purpose, content='', contentless_delete=1, tokenize='trigram')")
    .execute(db);
  const rowOf = (ref: string) => `(select row from identity_search_rows where identity_id = ${ref}.id)`;
  await sql
    .raw(
      `create trigger identities_search_insert after insert on identities begin
         insert into identity_search_rows (identity_id) values (new.id);
         insert into identity_search (rowid, display_name, key, owner_person, purpose) values (${rowOf('new')}, new.display_name, new.key, new.owner_person, new.purpose);
       end`,
    )
    .execute(db);
  // UPDATE, not delete + insert: a contentless-delete table loses a row re-inserted under its old rowid.
  await sql
    .raw(
      `create trigger identities_search_update after update of display_name, key, owner_person, purpose on identities begin
         update identity_search set display_name = new.display_name, key = new.key, owner_person = new.owner_person, purpose = new.purpose where rowid = ${rowOf('new')};
       end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger identities_search_delete after delete on identities begin
         delete from identity_search where rowid = ${rowOf('old')};
         delete from identity_search_rows where identity_id = old.id;
       end`,
    )
    .execute(db);
  await sql.raw('insert into identity_search_rows (identity_id) select id from identities order by id').execute(db);
  await sql
    .raw(
      `insert into identity_search (rowid, display_name, key, owner_person, purpose)
       select r.row, i.display_name, i.key, i.owner_person, i.purpose from identity_search_rows r join identities i on i.id = r.identity_id`,
    )
    .execute(db);
}

async function postgresParts(db: Kysely<any>): Promise<void> {
  // Counters: statement triggers over the transition tables, one grouped upsert per statement, in
  // key order (so two statements never take the same counter rows in opposite orders).
  const slot = `pg_backend_pid() % ${COUNTER_SLOTS}`;
  const upsert = (deltas: string) =>
    `insert into open_findings_counts (team, owasp, slot, n)
       select team, owasp, ${slot}, sum(d) from (${deltas}) c group by team, owasp having sum(d) <> 0 order by team, owasp
     on conflict (team, owasp, slot) do update set n = open_findings_counts.n + excluded.n;`;
  const open = (table: string, d: 1 | -1) => `select coalesce(owner_team, '') as team, owasp, ${d} as d from ${table} where status = 'open'`;
  const fn = (name: string, body: string) =>
    sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`).execute(db);
  await fn('findings_open_count_insert', upsert(open('new_rows', 1)));
  await fn('findings_open_count_delete', upsert(open('old_rows', -1)));
  await fn('findings_open_count_update', upsert(`${open('new_rows', 1)} union all ${open('old_rows', -1)}`));
  await sql.raw('create trigger findings_open_count_insert after insert on findings referencing new table as new_rows for each statement execute function findings_open_count_insert()').execute(db);
  await sql.raw('create trigger findings_open_count_delete after delete on findings referencing old table as old_rows for each statement execute function findings_open_count_delete()').execute(db);
  await sql
    .raw('create trigger findings_open_count_update after update on findings referencing old table as old_rows new table as new_rows for each statement execute function findings_open_count_update()')
    .execute(db);

  await sql.raw('alter table findings set (fillfactor = 85)').execute(db);
  await sql.raw('alter table identities set (fillfactor = 85)').execute(db);

  // Search: pg_trgm (a trusted extension since PostgreSQL 13: the database owner may create it).
  // Where it cannot be created the index is left out: search stays correct, only slower.
  await sql.raw('savepoint pg_trgm').execute(db);
  try {
    await sql.raw('create extension if not exists pg_trgm').execute(db);
  } catch {
    await sql.raw('rollback to savepoint pg_trgm').execute(db);
    return;
  }
  await sql.raw('release savepoint pg_trgm').execute(db);
  await sql.raw(`create index identities_search_idx on identities using gin ((${PG_SEARCH_EXPRESSION}) gin_trgm_ops)`).execute(db);
}
