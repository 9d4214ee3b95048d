/**
 * `q=` on the identity list: a case-insensitive substring of the display name, key, owner or
 * purpose. The search index of migration 002 (FTS5 trigrams on SQLite, pg_trgm on PostgreSQL)
 * hands over the candidates of a term, and the page is read from those alone, in id order.
 *
 * A common term ("prod") has thousands of candidates; then the scan in id order finds a page of
 * matches after a few hundred rows, so past the engine's candidate limit the store scans instead.
 * Neither choice is left to PostgreSQL's planner: it cannot tell a rare term from one that is 1%
 * of the rows, and a term clustered in time (a repository's name) makes its ordered scan read most
 * of the table before the first match.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from '../db/connect';
import type { Database } from '../db/schema';
import { PG_SEARCH_EXPRESSION } from '../db/migrations/002_counters_and_search';

/** Candidates above which the scan in id order is the cheaper way to a page of matches. */
export const MAX_CANDIDATES: Record<DialectName, number> = {
  // FTS5 lists rowids without touching the table.
  sqlite: 2000,
  // pg_trgm's index is lossy: every candidate is fetched and rechecked from the table.
  postgres: 500,
};
/** Trigrams of a long term looked up in the FTS5 index: a few spread over it narrow as well as all of them. */
export const MAX_TRIGRAMS = 6;

/** `%q%` for LIKE … ESCAPE '\', lower-cased, with LIKE's wildcards in q taken literally. */
function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The definition: lower(column) LIKE %q% on any of the four columns. */
export function likeAny(q: string): Expression<SqlBool> {
  const pattern = containsPattern(q);
  const like = (col: 'display_name' | 'key' | 'owner_person' | 'purpose') => sql<SqlBool>`lower(${sql.ref(col)}) like ${pattern} escape '\\'`;
  return sql<SqlBool>`(${like('display_name')} or ${like('key')} or ${like('owner_person')} or ${like('purpose')})`;
}

/**
 * Ids of the identities that may match `q` (every match is among them), or undefined when the
 * index cannot narrow it down: a term under three characters, or more than MAX_CANDIDATES.
 */
export async function searchCandidates(db: Kysely<Database>, dialect: DialectName, q: string): Promise<string[] | undefined> {
  const chars = [...q];
  if (chars.length < 3) return undefined; // a trigram index cannot narrow a shorter term
  const limit = MAX_CANDIDATES[dialect];
  const rows =
    dialect === 'sqlite'
      ? await sql<{ id: string }>`select r.identity_id as id from identity_search s join identity_search_rows r on r.row = s.rowid
          where identity_search match ${trigramQuery(chars)} limit ${limit + 1}`.execute(db)
      : await sql<{ id: string }>`select id from identities where ${joinedMatch(q)} limit ${limit + 1}`.execute(db);
  return rows.rows.length > limit ? undefined : rows.rows.map((r) => r.id);
}

/**
 * An FTS5 query for the rows holding every one of up to MAX_TRIGRAMS trigrams of the term (the
 * first, the last and some between): each row holding the term holds them all. Not the phrase of
 * all its trigrams: that reads every trigram's position list, 30 ms for a long secret name.
 */
export function trigramQuery(chars: string[]): string {
  const count = chars.length - 2;
  const picked = new Set<string>();
  const k = Math.min(count, MAX_TRIGRAMS);
  for (let i = 0; i < k; i++) {
    const at = k === 1 ? 0 : Math.round((i * (count - 1)) / (k - 1));
    picked.add(chars.slice(at, at + 3).join(''));
  }
  return [...picked].map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

/**
 * PostgreSQL: the text the GIN index covers (the four columns joined by newlines) holds `q`. That is
 * the definition unless q holds a newline (a match across two columns): then it is checked too.
 */
function joinedMatch(q: string): Expression<SqlBool> {
  const joined = sql<SqlBool>`${sql.raw(PG_SEARCH_EXPRESSION)} like ${containsPattern(q)} escape '\\'`;
  return q.includes('\n') ? sql<SqlBool>`(${joined} and ${likeAny(q)})` : joined;
}

/** The condition `q` puts on the identity list, or 'none' when the index shows nothing can match. */
export async function searchCondition(db: Kysely<Database>, dialect: DialectName, q: string): Promise<Expression<SqlBool> | 'none'> {
  const matches = dialect === 'postgres' ? joinedMatch(q) : likeAny(q);
  const candidates = await searchCandidates(db, dialect, q);
  if (candidates === undefined) return matches;
  if (candidates.length === 0) return 'none';
  return sql<SqlBool>`(${sql.ref('id')} in (${sql.join(candidates)}) and ${matches})`;
}
