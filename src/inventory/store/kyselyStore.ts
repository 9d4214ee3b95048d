/**
 * The inventory store over kysely: one implementation for SQLite and PostgreSQL. Each method is one
 * transaction that also writes the audit log; PostgreSQL transactions that lose a deadlock or a
 * serialization race are retried from the start (they changed nothing).
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ApiToken, AuditEntry, FindingStatusUpdate, Identity, IdentityCreate, OwnershipUpdate, StoredFinding, SyncBatch, SyncResult, Team } from '../model';
import { openDatabase, type DialectName, type OpenOptions } from '../db/connect';
import type { WalCheckpointer } from '../db/walCheckpointer';
import { isId, newId } from '../db/ids';
import { migrateToLatest } from '../db/migrate';
import type { Database } from '../db/schema';
import { writeAudit } from './audit';
import { decodeCursor, pageLimit, toPage } from './cursor';
import { daysBetween, addDays, isoDay, rotationDue } from './dates';
import { assertMayChange, isAdmin, ownershipChanges } from './ownership';
import { searchCondition } from './identitySearch';
import { loadIdentities, toAuditEntry, toFinding, toTeam, toToken, type IdentityRow } from './rows';
import { applySync } from './sync';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, type Actor, type FindingQuery, type IdentityQuery, type InventoryStore, type Page } from './types';

export interface StoreOptions {
  /** The clock (tests fix it); default the system clock. */
  now?: () => Date;
  /** Where reads outside transactions go (see `OpenedDatabase.reads`); default `db`. */
  reads?: Kysely<Database>;
  /** Stopped when the store closes, before its connections (see `OpenedDatabase.background`). */
  background?: WalCheckpointer;
}

const FINGERPRINT_KEY = 'fingerprint_key';
/** PostgreSQL SQLSTATEs after which a transaction can simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

export class KyselyStore implements InventoryStore {
  private readonly now: () => Date;
  private cachedKey: string | undefined;
  /** Reads outside transactions: they see the last commit. */
  private readonly reads: Kysely<Database>;
  private readonly background: WalCheckpointer | undefined;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    options: StoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.reads = options.reads ?? db;
    this.background = options.background;
  }

  async migrate(): Promise<{ applied: string[] }> {
    return migrateToLatest(this.db, this.dialect);
  }

  async close(): Promise<void> {
    await this.background?.stop();
    if (this.reads !== this.db) await this.reads.destroy();
    // The writer closes last: it checkpoints what is left and removes the WAL.
    await this.db.destroy();
  }

  private async tx<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(fn);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (this.dialect !== 'postgres' || typeof code !== 'string' || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  async fingerprintKey(): Promise<string> {
    if (this.cachedKey) return this.cachedKey;
    const key = await this.tx(async (trx) => {
      // Insert-if-absent: of two first callers racing, one insert wins and both read its key.
      await trx
        .insertInto('settings')
        .values({ name: FINGERPRINT_KEY, value: randomBytes(32).toString('hex') })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await trx.selectFrom('settings').select('value').where('name', '=', FINGERPRINT_KEY).executeTakeFirstOrThrow();
      return row.value;
    });
    this.cachedKey = key;
    return key;
  }

  async sync(batch: SyncBatch, actor: Actor): Promise<SyncResult> {
    return this.tx((trx) => applySync({ trx, dialect: this.dialect, actor, now: this.stamp() }, batch));
  }

  // Identities ---------------------------------------------------------------------------------

  private async identityRow(db: Kysely<Database> | Transaction<Database>, id: string, lock = false): Promise<IdentityRow | undefined> {
    if (!isId(id)) return undefined;
    return db
      .selectFrom('identities')
      .selectAll()
      .where('id', '=', id.toLowerCase())
      .$if(lock && this.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
  }

  private async identity(db: Kysely<Database> | Transaction<Database>, id: string): Promise<Identity> {
    const row = await this.identityRow(db, id);
    if (!row) throw new NotFoundError('identity', id);
    return (await loadIdentities(db, [row]))[0];
  }

  async getIdentity(id: string): Promise<Identity> {
    return this.identity(this.reads, id);
  }

  async listIdentities(query: IdentityQuery): Promise<Page<Identity>> {
    const limit = pageLimit(query.limit);
    const after = decodeCursor('identities', query.cursor, 1);
    let q = this.reads.selectFrom('identities').selectAll();
    if (query.team !== undefined) q = q.where('team', '=', query.team);
    if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.unowned === true) q = q.where('team', 'is', null).where('owner_person', 'is', null);
    if (query.unowned === false) q = q.where((eb) => eb.or([eb('team', 'is not', null), eb('owner_person', 'is not', null)]));
    if (query.q) {
      // Case-insensitive substring on both engines (PostgreSQL's LIKE is case-sensitive), narrowed
      // by the search index (see identitySearch.ts).
      const condition = await searchCondition(this.reads, this.dialect, query.q);
      if (condition === 'none') return { items: [] };
      q = q.where(condition);
    }
    if (after) q = q.where('id', '>', String(after[0]));
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    const page = toPage(rows, limit, 'identities', (r) => [r.id], (x) => x);
    return { items: await loadIdentities(this.reads, page.items), next: page.next };
  }

  async createIdentity(input: IdentityCreate, actor: Actor): Promise<Identity> {
    if (input.team !== undefined) assertMayChange(actor, null, input.team);
    return this.tx(async (trx) => {
      const now = this.stamp();
      if (input.team !== undefined) await this.assertTeamExists(trx, input.team);
      const id = newId(Date.parse(now));
      const row = {
        id,
        key: input.key,
        kind: input.kind,
        provider: input.provider ?? null,
        display_name: input.displayName,
        owner_person: input.ownerPerson ?? null,
        team: input.team ?? null,
        purpose: input.purpose ?? null,
        environments: JSON.stringify(input.environments ?? []),
        created_at: now,
        last_seen: null,
        last_rotated: input.lastRotated ?? null,
        rotation_days: input.rotationDays ?? null,
        rotation_due: rotationDue(now, input.lastRotated ?? null, input.rotationDays ?? null),
        expires_at: input.expiresAt ?? null,
        status: 'active' as const,
        version: 1,
      };
      const inserted = await trx.insertInto('identities').values(row).onConflict((oc) => oc.column('key').doNothing()).returning('id').executeTakeFirst();
      if (!inserted) {
        const existing = await trx.selectFrom('identities').select('id').where('key', '=', input.key).executeTakeFirstOrThrow();
        throw new ConflictError(await this.identity(trx, existing.id));
      }
      const fingerprints = [...new Set(input.fingerprints ?? [])].sort();
      if (fingerprints.length > 0) {
        const claimed = await trx
          .insertInto('identity_fingerprints')
          .values(fingerprints.map((fingerprint) => ({ fingerprint, identity_id: id })))
          .onConflict((oc) => oc.column('fingerprint').doNothing())
          .returning('fingerprint')
          .execute();
        if (claimed.length !== fingerprints.length) {
          const taken = fingerprints.filter((f) => !claimed.some((c) => c.fingerprint === f));
          throw new InvalidError('fingerprints', `fingerprint ${taken[0].slice(0, 8)}… already belongs to another identity`);
        }
      }
      const created = (await loadIdentities(trx, [{ ...row, consumer_repositories: 0, consumer_pipelines: 0, shared: 0 }]))[0];
      const { consumers: _c, ...after } = created;
      await writeAudit(trx, actor.id, now, [{ action: 'create', entity: 'identity', entityId: id, after: { ...after, source: 'register' } }]);
      return created;
    });
  }

  async updateOwnership(id: string, update: OwnershipUpdate, actor: Actor): Promise<Identity> {
    return this.tx(async (trx) => {
      const current = await this.identityRow(trx, id, true);
      if (!current) throw new NotFoundError('identity', id);
      assertMayChange(actor, current.team, update.team);
      if (current.version !== update.version) throw new ConflictError(await this.identity(trx, current.id));
      if (update.team !== undefined && update.team !== null && update.team !== current.team) await this.assertTeamExists(trx, update.team);
      const change = ownershipChanges(current, update);
      if (Object.keys(change.after).length === 0) return this.identity(trx, current.id);
      // Compare-and-set: of two updates made from the same version, exactly one matches here.
      const updated = await trx
        .updateTable('identities')
        .set({ ...change.columns, version: sql<number>`version + 1` })
        .where('id', '=', current.id)
        .where('version', '=', update.version)
        .returning('version')
        .executeTakeFirst();
      if (!updated) throw new ConflictError(await this.identity(trx, current.id));
      if ('team' in change.columns) await trx.updateTable('findings').set({ owner_team: change.columns.team ?? null }).where('identity_id', '=', current.id).execute();
      await writeAudit(trx, actor.id, this.stamp(), [
        {
          action: 'status' in change.after ? 'status' : 'update',
          entity: 'identity',
          entityId: current.id,
          before: { ...change.before, version: current.version },
          after: { ...change.after, version: updated.version },
        },
      ]);
      return this.identity(trx, current.id);
    });
  }

  private async assertTeamExists(trx: Transaction<Database>, team: string): Promise<void> {
    const row = await trx.selectFrom('teams').select('name').where('name', '=', team).executeTakeFirst();
    if (!row) throw new InvalidError('team', `unknown team ${team}`);
  }

  // Findings -----------------------------------------------------------------------------------

  async listFindings(query: FindingQuery): Promise<Page<StoredFinding>> {
    const limit = pageLimit(query.limit);
    const after = decodeCursor('findings', query.cursor, 1);
    if (query.identityId !== undefined && !isId(query.identityId)) return { items: [] };
    let q = this.reads.selectFrom('findings').selectAll();
    if (query.repository !== undefined) q = q.where('repository', '=', query.repository);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.identityId !== undefined) q = q.where('identity_id', '=', query.identityId.toLowerCase());
    if (after) q = q.where('id', '>', String(after[0]));
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    return toPage(rows, limit, 'findings', (r) => [r.id], (x) => x.map(toFinding));
  }

  async updateFindingStatus(id: string, update: FindingStatusUpdate, actor: Actor): Promise<StoredFinding> {
    return this.tx(async (trx) => {
      const current = isId(id)
        ? await trx
            .selectFrom('findings')
            .selectAll()
            .where('id', '=', id.toLowerCase())
            .$if(this.dialect === 'postgres', (q) => q.forUpdate())
            .executeTakeFirst()
        : undefined;
      if (!current) throw new NotFoundError('finding', id);
      const reason = update.reason ?? null;
      if (current.status === update.status && current.status_reason === reason) return toFinding(current);
      const row = await trx
        .updateTable('findings')
        .set({ status: update.status, status_reason: reason, status_by: actor.id })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, actor.id, this.stamp(), [
        {
          action: 'status',
          entity: 'finding',
          entityId: current.id,
          before: { status: current.status, reason: current.status_reason, by: current.status_by },
          after: { status: row.status, reason: row.status_reason, by: row.status_by },
        },
      ]);
      return toFinding(row);
    });
  }

  // Teams and tokens ---------------------------------------------------------------------------

  async createTeam(name: string, displayName: string | undefined, actor: Actor): Promise<Team> {
    if (!isAdmin(actor)) throw new ForbiddenError('only admin may create teams');
    return this.tx(async (trx) => {
      const now = this.stamp();
      const row = await trx
        .insertInto('teams')
        .values({ name, display_name: displayName ?? null, created_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new InvalidError('name', `team ${name} already exists`);
      const team = toTeam(row);
      await writeAudit(trx, actor.id, now, [{ action: 'create', entity: 'team', entityId: name, after: team }]);
      return team;
    });
  }

  async listTeams(): Promise<Team[]> {
    return (await this.reads.selectFrom('teams').selectAll().orderBy('name').execute()).map(toTeam);
  }

  async createToken(tokenHash: string, token: Omit<ApiToken, 'id' | 'createdAt'>, actor: Actor): Promise<ApiToken> {
    return this.tx(async (trx) => {
      const now = this.stamp();
      if (token.team !== undefined) await this.assertTeamExists(trx, token.team);
      const row = await trx
        .insertInto('api_tokens')
        .values({ id: newId(Date.parse(now)), hash: tokenHash, team: token.team ?? null, scopes: JSON.stringify(token.scopes), label: token.label ?? null, created_at: now, revoked_at: null })
        .onConflict((oc) => oc.column('hash').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new InvalidError('token', 'a token with this hash exists');
      const created = toToken(row);
      // The record, never the hash.
      await writeAudit(trx, actor.id, now, [{ action: 'create', entity: 'token', entityId: created.id, after: created }]);
      return created;
    });
  }

  async tokenByHash(tokenHash: string): Promise<ApiToken | undefined> {
    const row = await this.reads.selectFrom('api_tokens').selectAll().where('hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  async revokeToken(id: string, actor: Actor): Promise<void> {
    await this.tx(async (trx) => {
      const now = this.stamp();
      if (!isId(id)) throw new NotFoundError('token', id);
      const revoked = await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id.toLowerCase()).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
      if (!revoked) {
        const exists = await trx.selectFrom('api_tokens').select('id').where('id', '=', id.toLowerCase()).executeTakeFirst();
        if (!exists) throw new NotFoundError('token', id);
        return; // already revoked: nothing changes
      }
      await writeAudit(trx, actor.id, now, [{ action: 'revoke', entity: 'token', entityId: revoked.id, before: { revokedAt: null }, after: { revokedAt: now } }]);
    });
  }

  // Audit --------------------------------------------------------------------------------------

  /** Newest first. */
  async audit(query: { entityId?: string; limit?: number; cursor?: string }): Promise<Page<AuditEntry>> {
    const limit = pageLimit(query.limit);
    const after = decodeCursor('audit', query.cursor, 1);
    let q = this.reads.selectFrom('audit_log').selectAll();
    if (query.entityId !== undefined) q = q.where('entity_id', '=', query.entityId);
    if (after) q = q.where('id', '<', Number(after[0]));
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    return toPage(rows, limit, 'audit', (r) => [r.id], (x) => x.map(toAuditEntry));
  }

  // Views --------------------------------------------------------------------------------------
  // Each view shows active identities (retired and revoked ones need no owner, rotation or
  // attention), ordered by an index that ends with the view's keyset.

  async unowned(limit?: number, cursor?: string): Promise<Page<Identity>> {
    const n = pageLimit(limit);
    const after = decodeCursor('unowned', cursor, 1);
    const rows = await this.reads
      .selectFrom('identities')
      .selectAll()
      .where('status', '=', 'active')
      .where('team', 'is', null)
      .where('owner_person', 'is', null)
      .$if(after !== undefined, (q) => q.where('id', '>', String(after![0])))
      .orderBy('id')
      .limit(n + 1)
      .execute();
    const page = toPage(rows, n, 'unowned', (r) => [r.id], (x) => x);
    return { items: await loadIdentities(this.reads, page.items), next: page.next };
  }

  async rotationOverdue(now: Date, limit?: number, cursor?: string): Promise<Page<Identity & { overdueDays: number }>> {
    const n = pageLimit(limit);
    const after = decodeCursor('rotation-overdue', cursor, 2);
    const today = isoDay(now);
    const rows = await this.reads
      .selectFrom('identities')
      .selectAll()
      .where('status', '=', 'active')
      .where('rotation_due', '<', today)
      .$if(after !== undefined, (q) => q.where(({ eb, refTuple, tuple }) => eb(refTuple('rotation_due', 'id'), '>', tuple(String(after![0]), String(after![1])))))
      .orderBy('rotation_due')
      .orderBy('id')
      .limit(n + 1)
      .execute();
    const page = toPage(rows, n, 'rotation-overdue', (r) => [r.rotation_due!, r.id], (x) => x);
    const identities = await loadIdentities(this.reads, page.items);
    return { items: identities.map((i, k) => ({ ...i, overdueDays: daysBetween(page.items[k].rotation_due!, today) })), next: page.next };
  }

  async expiring(now: Date, withinDays: number, limit?: number, cursor?: string): Promise<Page<Identity & { expiresInDays: number }>> {
    const n = pageLimit(limit);
    const after = decodeCursor('expiring', cursor, 2);
    const today = isoDay(now);
    const rows = await this.reads
      .selectFrom('identities')
      .selectAll()
      .where('status', '=', 'active')
      .where('expires_at', 'is not', null)
      .where('expires_at', '<=', addDays(today, Math.max(0, Math.floor(withinDays))))
      .$if(after !== undefined, (q) => q.where(({ eb, refTuple, tuple }) => eb(refTuple('expires_at', 'id'), '>', tuple(String(after![0]), String(after![1])))))
      .orderBy('expires_at')
      .orderBy('id')
      .limit(n + 1)
      .execute();
    const page = toPage(rows, n, 'expiring', (r) => [r.expires_at!, r.id], (x) => x);
    const identities = await loadIdentities(this.reads, page.items);
    return { items: identities.map((i, k) => ({ ...i, expiresInDays: daysBetween(today, page.items[k].expires_at!) })), next: page.next };
  }

  async shared(limit?: number, cursor?: string): Promise<Page<Identity & { repositories: number; pipelines: number }>> {
    const n = pageLimit(limit);
    const after = decodeCursor('shared', cursor, 1);
    const rows = await this.reads
      .selectFrom('identities')
      .selectAll()
      .where('status', '=', 'active')
      .where('shared', '=', 1)
      .$if(after !== undefined, (q) => q.where('id', '>', String(after![0])))
      .orderBy('id')
      .limit(n + 1)
      .execute();
    const page = toPage(rows, n, 'shared', (r) => [r.id], (x) => x);
    const identities = await loadIdentities(this.reads, page.items);
    return {
      items: identities.map((i, k) => ({ ...i, repositories: page.items[k].consumer_repositories, pipelines: page.items[k].consumer_pipelines })),
      next: page.next,
    };
  }

  async openFindingsSummary(): Promise<{ byTeam: Array<{ team: string | null; count: number }>; byOwasp: Array<{ owasp: string; count: number }> }> {
    // The counters the triggers of migration 002 keep: at most teams × 10 items × slots rows.
    const rows = await this.reads
      .selectFrom('open_findings_counts')
      .select((eb) => ['team', 'owasp', eb.fn.sum<number>('n').as('n')])
      .groupBy(['team', 'owasp'])
      .execute();
    const byTeam = new Map<string, number>();
    const byOwasp = new Map<string, number>();
    for (const r of rows) {
      const n = Number(r.n);
      if (n === 0) continue;
      byTeam.set(r.team, (byTeam.get(r.team) ?? 0) + n);
      byOwasp.set(r.owasp, (byOwasp.get(r.owasp) ?? 0) + n);
    }
    return {
      byTeam: [...byTeam]
        .filter(([, count]) => count > 0)
        .map(([team, count]) => ({ team: team === '' ? null : team, count }))
        .sort((a, b) => b.count - a.count || (a.team ?? '').localeCompare(b.team ?? '')),
      byOwasp: [...byOwasp]
        .filter(([, count]) => count > 0)
        .map(([owasp, count]) => ({ owasp, count }))
        .sort((a, b) => Number(a.owasp.slice(3)) - Number(b.owasp.slice(3))),
    };
  }
}

/** Opens the database at `target` (file, `:memory:` or `postgres://…`), applies pending migrations, returns the store. */
export async function openStore(target: string, options: StoreOptions & OpenOptions & { migrate?: boolean } = {}): Promise<KyselyStore> {
  const { db, dialect, reads, background } = openDatabase(target, options);
  const store = new KyselyStore(db, dialect, { ...options, reads, background });
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

