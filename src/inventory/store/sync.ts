/**
 * One sync batch, applied inside the caller's transaction: idempotency claim, identities (by
 * fingerprint, global; by name, per repository), consumers, findings upsert, and — on the final
 * batch of a full sync — resolution of the repository's findings this scan did not see.
 *
 * Concurrency: every insert is `INSERT … ON CONFLICT` on the natural key, so two syncs racing on
 * the same rows neither duplicate nor fail; rows are written in sorted key order and, on
 * PostgreSQL, existing findings are locked (`FOR UPDATE`) before they are read for the counts and
 * the audit log. SQLite has one writer (`BEGIN IMMEDIATE`), so there the batches simply queue.
 */
import { sql, type Transaction } from 'kysely';
import type { FindingInput, IdentityUseInput, SyncBatch, SyncResult } from '../model';
import type { DialectName } from '../db/connect';
import { newId } from '../db/ids';
import type { Database, FindingsTable } from '../db/schema';
import { writeAudit, type AuditRecord } from './audit';
import { chunks } from './chunks';
import { InvalidError, type Actor } from './types';

export interface SyncContext {
  trx: Transaction<Database>;
  dialect: DialectName;
  actor: Actor;
  /** ISO timestamp of this sync. */
  now: string;
}

/** Identity key of a named identity: scoped to the repository (a secret name means nothing elsewhere). */
export function namedIdentityKey(repository: string, key: string): string {
  return `${repository}#${key}`;
}

export function literalIdentityKey(fingerprint: string): string {
  return `literal:${fingerprint}`;
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

interface NewIdentity {
  kind: string;
  displayName: string;
}

/** How a finding names its identity: by value fingerprint, by name, or only if a fingerprint is already known. */
type FindingLink = { by: 'fingerprint'; fingerprint: string } | { by: 'name'; key: string } | { by: 'known-fingerprint'; fingerprint: string };

/**
 * A finding concerns: the identity its `identityKey` names (`literal:<fp>` or a named key); else,
 * for a credential value (it has a redacted preview), the identity of its fingerprint; else (a
 * finding about a construct, whose fingerprint hashes the rule and place, not a value) the
 * identity already holding that fingerprint, if any — it never creates one.
 */
function findingLink(f: FindingInput, repository: string): FindingLink {
  if (f.identityKey?.startsWith('literal:')) {
    const fp = f.identityKey.slice('literal:'.length);
    return { by: 'fingerprint', fingerprint: FINGERPRINT.test(fp) ? fp : f.fingerprint };
  }
  if (f.identityKey) return { by: 'name', key: namedIdentityKey(repository, f.identityKey) };
  if (f.redacted) return { by: 'fingerprint', fingerprint: f.fingerprint };
  return { by: 'known-fingerprint', fingerprint: f.fingerprint };
}

/** Kind and display name from a client key `<platform>:<kind>:<name>` when no use in the batch describes it. */
function describeNamedKey(key: string): NewIdentity {
  const m = /^[^:]+:([^:]+):(.+)$/.exec(key);
  return m ? { kind: m[1], displayName: m[2].slice(0, 200) } : { kind: 'other', displayName: key.slice(0, 200) };
}

function findingKey(f: { fingerprint: string; rule_id?: string; ruleId?: string; path: string }): string {
  return `${f.fingerprint}\0${f.rule_id ?? f.ruleId}\0${f.path}`;
}

export async function applySync(ctx: SyncContext, batch: SyncBatch): Promise<SyncResult> {
  const { trx, now } = ctx;
  const claimed = await trx
    .insertInto('sync_batches')
    .values({ idempotency_key: batch.idempotencyKey, repository: batch.repository, scan_id: batch.scanId, result: null, at: now })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('idempotency_key')
    .executeTakeFirst();
  if (!claimed) {
    // On PostgreSQL the insert above waited for a concurrent holder of the key to commit, so its
    // result is visible now.
    const prior = await trx.selectFrom('sync_batches').select(['repository', 'result']).where('idempotency_key', '=', batch.idempotencyKey).executeTakeFirstOrThrow();
    if (prior.repository !== batch.repository) throw new InvalidError('idempotencyKey', 'this idempotency key was used by a batch of another repository');
    if (prior.result === null) throw new Error(`sync batch ${batch.idempotencyKey} has no stored result`);
    return { ...(JSON.parse(prior.result) as SyncResult), replay: true };
  }

  const audit: AuditRecord[] = [];
  const identities = await resolveIdentities(ctx, batch, audit);
  await upsertConsumers(ctx, batch, identities.ids);
  const findings = await upsertFindings(ctx, batch, identities, audit);
  const resolved = batch.mode === 'full' && batch.final ? await resolveUnseen(ctx, batch, audit) : 0;
  await writeAudit(trx, ctx.actor.id, now, audit);

  const result: SyncResult = {
    batch: batch.idempotencyKey,
    replay: false,
    findings: { created: findings.created, updated: findings.updated, resolved },
    identities: { created: identities.created, updated: identities.updated },
  };
  await trx.updateTable('sync_batches').set({ result: JSON.stringify(result) }).where('idempotency_key', '=', batch.idempotencyKey).execute();
  return result;
}

interface ResolvedIdentities {
  /** Identity id by identity key (`literal:<fp>` / `<repo>#<key>`) and by `fp:<fingerprint>`. */
  ids: Map<string, string>;
  /** Owning team by identity id, read while holding the identity's row (see `owner_team`). */
  teams: Map<string, string | null>;
  created: number;
  updated: number;
}

async function resolveIdentities(ctx: SyncContext, batch: SyncBatch, audit: AuditRecord[]): Promise<ResolvedIdentities> {
  const { trx, now } = ctx;
  const byFingerprint = new Map<string, NewIdentity>();
  const byName = new Map<string, NewIdentity>();
  const knownOnly = new Set<string>();
  for (const u of batch.uses) {
    if (u.fingerprint) byFingerprint.set(u.fingerprint, { kind: u.kind, displayName: u.name });
    else byName.set(namedIdentityKey(batch.repository, u.key), { kind: u.kind, displayName: u.name });
  }
  for (const f of batch.findings) {
    const link = findingLink(f, batch.repository);
    if (link.by === 'fingerprint' && !byFingerprint.has(link.fingerprint)) {
      byFingerprint.set(link.fingerprint, { kind: 'literal', displayName: `${f.kind} ${f.redacted ?? ''}`.trim().slice(0, 200) });
    } else if (link.by === 'name' && !byName.has(link.key)) {
      byName.set(link.key, describeNamedKey(link.key.slice(batch.repository.length + 1)));
    } else if (link.by === 'known-fingerprint') {
      knownOnly.add(link.fingerprint);
    }
  }

  const ids = new Map<string, string>();
  const teams = new Map<string, string | null>();
  const touched = new Set<string>();
  const createdIds = new Set<string>();
  /** Existing identities whose `last_seen` an upsert below already set (and whose row it locked). */
  const refreshed = new Set<string>();

  const holders = await fingerprintHolders(trx, [...new Set([...byFingerprint.keys(), ...knownOnly])]);
  for (const [fp, id] of holders) {
    ids.set(`fp:${fp}`, id);
    touched.add(id);
  }

  // New credential values: an identity `literal:<fp>` holding the fingerprint.
  const missing = [...byFingerprint.keys()].filter((fp) => !holders.has(fp)).sort();
  const literalIds = await upsertIdentities(ctx, missing.map((fp) => ({ key: literalIdentityKey(fp), ...byFingerprint.get(fp)! })));
  for (const part of chunks(missing)) {
    await trx
      .insertInto('identity_fingerprints')
      .values(part.map((fp) => ({ fingerprint: fp, identity_id: literalIds.get(literalIdentityKey(fp))!.id })))
      .onConflict((oc) => oc.column('fingerprint').doNothing())
      .execute();
  }
  // A concurrent registration may have claimed one of these fingerprints first (PostgreSQL): the
  // fingerprint's holder wins, and an identity we created for it in vain is removed again.
  const claimedBy = await fingerprintHolders(trx, missing);
  for (const fp of missing) {
    const ours = literalIds.get(literalIdentityKey(fp))!;
    const holder = claimedBy.get(fp) ?? ours.id;
    if (holder !== ours.id && ours.created) {
      await trx.deleteFrom('identities').where('id', '=', ours.id).execute();
      ours.created = false;
    }
    ids.set(`fp:${fp}`, holder);
    touched.add(holder);
    if (ours.created) createdIds.add(ours.id);
    if (holder === ours.id) teams.set(holder, ours.team);
    if (holder === ours.id && !ours.created) refreshed.add(holder);
  }

  // Named identities (secret or variable names), per repository.
  const named = [...byName.keys()].sort();
  const namedIds = await upsertIdentities(ctx, named.map((key) => ({ key, ...byName.get(key)! })));
  for (const [key, r] of namedIds) {
    ids.set(key, r.id);
    teams.set(r.id, r.team);
    touched.add(r.id);
    if (r.created) createdIds.add(r.id);
    else refreshed.add(r.id);
  }

  // Identities already known by fingerprint were seen again. The update locks their rows until
  // commit, so the team it returns cannot change under this sync (an ownership change waits).
  // Those an upsert above updated are locked already: writing the row twice would cost a page each.
  const seenAgain = [...touched].filter((id) => !createdIds.has(id)).sort();
  for (const part of chunks(seenAgain.filter((id) => !refreshed.has(id)))) {
    const rows = await trx.updateTable('identities').set({ last_seen: now }).where('id', 'in', part).returning(['id', 'team']).execute();
    for (const r of rows) teams.set(r.id, r.team);
  }

  for (const [key, r] of [...literalIds, ...namedIds]) {
    if (!createdIds.has(r.id)) continue;
    audit.push({ action: 'create', entity: 'identity', entityId: r.id, after: { key, kind: r.kind, displayName: r.displayName, source: 'sync', repository: batch.repository } });
  }
  return { ids, teams, created: createdIds.size, updated: seenAgain.length };
}

async function fingerprintHolders(trx: Transaction<Database>, fingerprints: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(fingerprints)) {
    const rows = await trx.selectFrom('identity_fingerprints').select(['fingerprint', 'identity_id']).where('fingerprint', 'in', part).execute();
    for (const r of rows) out.set(r.fingerprint, r.identity_id);
  }
  return out;
}

interface UpsertedIdentity {
  id: string;
  created: boolean;
  team: string | null;
  kind: string;
  displayName: string;
}

/** Inserts identities by key, or touches `last_seen` of the existing ones (locking them on PostgreSQL). */
async function upsertIdentities(ctx: SyncContext, wanted: Array<{ key: string } & NewIdentity>): Promise<Map<string, UpsertedIdentity>> {
  const out = new Map<string, UpsertedIdentity>();
  for (const part of chunks(wanted)) {
    const rows = part.map((w) => ({
      id: newId(),
      key: w.key,
      kind: w.kind,
      provider: null,
      display_name: w.displayName,
      owner_person: null,
      team: null,
      purpose: null,
      environments: '[]',
      created_at: ctx.now,
      last_seen: ctx.now,
      last_rotated: null,
      rotation_days: null,
      rotation_due: null,
      expires_at: null,
      status: 'active' as const,
      version: 1,
    }));
    const generated = new Map(rows.map((r) => [r.key, r.id]));
    const returned = await ctx.trx
      .insertInto('identities')
      .values(rows)
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ last_seen: eb.ref('excluded.last_seen') })))
      .returning(['id', 'key', 'kind', 'display_name', 'team'])
      .execute();
    for (const r of returned) out.set(r.key, { id: r.id, created: generated.get(r.key) === r.id, kind: r.kind, displayName: r.display_name, team: r.team });
  }
  return out;
}

function useLinkKey(u: IdentityUseInput, repository: string): string {
  return u.fingerprint ? `fp:${u.fingerprint}` : namedIdentityKey(repository, u.key);
}

/**
 * Where each identity is used: the batch's uses, and the files holding a credential value (a
 * value in a file is used there). Upserted by identity + repository + path + job; then the
 * identities' repository and pipeline counts (the `shared` view) are recomputed from the table.
 */
async function upsertConsumers(ctx: SyncContext, batch: SyncBatch, ids: Map<string, string>): Promise<void> {
  const { trx, now } = ctx;
  type Row = Database['consumers'];
  const rows = new Map<string, Row>();
  const put = (r: Row) => rows.set(`${r.identity_id}\0${r.path}\0${r.job}`, r);
  for (const f of batch.findings) {
    const link = findingLink(f, batch.repository);
    if (link.by !== 'fingerprint') continue;
    const id = ids.get(`fp:${link.fingerprint}`);
    if (id) put({ identity_id: id, repository: batch.repository, path: f.path, job: '', line: f.line, platform: 'file', pipeline: null, environment: null, last_seen: now });
  }
  for (const u of batch.uses) {
    const id = ids.get(useLinkKey(u, batch.repository));
    if (!id) continue;
    put({ identity_id: id, repository: batch.repository, path: u.path, job: u.job ?? '', line: u.line ?? null, platform: u.platform, pipeline: u.pipeline ?? null, environment: u.environment ?? null, last_seen: now });
  }
  const sorted = [...rows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  for (const part of chunks(sorted)) {
    await trx
      .insertInto('consumers')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['identity_id', 'repository', 'path', 'job']).doUpdateSet((eb) => ({
          line: eb.ref('excluded.line'),
          platform: eb.ref('excluded.platform'),
          pipeline: eb.ref('excluded.pipeline'),
          environment: eb.ref('excluded.environment'),
          last_seen: eb.ref('excluded.last_seen'),
        })),
      )
      .execute();
  }
  const identityIds = [...new Set(sorted.map((r) => r.identity_id))].sort();
  for (const part of chunks(identityIds)) await recountConsumers(trx, part);
}

/**
 * Recomputes the derived consumer counts and `shared` flag of these identities from `consumers`,
 * writing only the rows whose counts change (most rescans change none: a row left alone costs no
 * page write, and no rewrite of the `shared` index entry).
 */
export async function recountConsumers(trx: Transaction<Database>, identityIds: string[]): Promise<void> {
  if (identityIds.length === 0) return;
  const repositories = sql<number>`(select count(distinct c.repository) from consumers c where c.identity_id = identities.id)`;
  const pipelines = sql<number>`(select count(distinct c.repository || '/' || c.pipeline) from consumers c where c.identity_id = identities.id)`;
  await trx
    .updateTable('identities')
    .set({
      consumer_repositories: repositories,
      consumer_pipelines: pipelines,
      shared: sql<number>`case when ${repositories} > 1 or ${pipelines} > 1 then 1 else 0 end`,
    })
    .where('id', 'in', identityIds)
    .where(sql<boolean>`(consumer_repositories <> ${repositories} or consumer_pipelines <> ${pipelines})`)
    .execute();
}

type ExistingFinding = Pick<FindingsTable, 'id' | 'fingerprint' | 'rule_id' | 'path' | 'status' | 'severity' | 'identity_id' | 'owner_team'>;
type FindingRow = Database['findings'];

/**
 * A finding seen again whose status, identity and team all stay as they are — most of a rescan.
 * Its upsert sets only what a scan refreshes: SQLite rewrites the index entries of every column a
 * SET names (status, identity), PostgreSQL can keep an update of unindexed columns on its page.
 */
function staysAsItIs(before: ExistingFinding | undefined, row: FindingRow): boolean {
  if (!before || before.status === 'resolved') return false; // new, or reopening
  // No identity now: the link and its team stay (see the full upsert's SET).
  return row.identity_id === null || (row.identity_id === before.identity_id && row.owner_team === before.owner_team);
}

const RETURNED = ['id', 'fingerprint', 'rule_id', 'path', 'status', 'severity', 'identity_id', 'line', 'owasp'] as const;

/**
 * Upserts findings by repository + fingerprint + rule + path. A row seen again takes the scan's
 * details; with `relink` also its identity (and team) and status (a resolved finding reopens).
 * Without it the row is still an upsert: should it be gone after all, it is inserted like a new one.
 */
async function upsertRows(trx: Transaction<Database>, rows: FindingRow[], relink: boolean) {
  if (rows.length === 0) return [];
  const wasResolved = sql<boolean>`${sql.ref('findings.status')} = 'resolved'`;
  return trx
    .insertInto('findings')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['repository', 'fingerprint', 'rule_id', 'path']).doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        severity: eb.ref('excluded.severity'),
        owasp: eb.ref('excluded.owasp'),
        line: eb.ref('excluded.line'),
        commit: sql`coalesce(${sql.ref('excluded.commit')}, ${sql.ref('findings.commit')})`,
        redacted: sql`coalesce(${sql.ref('excluded.redacted')}, ${sql.ref('findings.redacted')})`,
        last_seen: eb.ref('excluded.last_seen'),
        last_scan_id: eb.ref('excluded.last_scan_id'),
        ...(relink
          ? {
              identity_id: sql`coalesce(${sql.ref('excluded.identity_id')}, ${sql.ref('findings.identity_id')})`,
              // Unlinked now: the link (and its team, kept current by ownership changes) stays.
              owner_team: sql`case when ${sql.ref('excluded.identity_id')} is null then ${sql.ref('findings.owner_team')} else ${sql.ref('excluded.owner_team')} end`,
              // Seen again: a resolved finding reopens; a suppressed one stays suppressed.
              status: sql`case when ${wasResolved} then 'open' else ${sql.ref('findings.status')} end`,
              status_reason: sql`case when ${wasResolved} then null else ${sql.ref('findings.status_reason')} end`,
              status_by: sql`case when ${wasResolved} then null else ${sql.ref('findings.status_by')} end`,
            }
          : {}),
      })),
    )
    .returning(RETURNED)
    .execute();
}

async function upsertFindings(ctx: SyncContext, batch: SyncBatch, identities: ResolvedIdentities, audit: AuditRecord[]): Promise<{ created: number; updated: number }> {
  const { trx, now } = ctx;
  const { ids, teams } = identities;
  const unique = new Map<string, FindingInput>();
  for (const f of batch.findings) unique.set(findingKey(f), f);
  const keys = [...unique.keys()].sort();

  // Current state of the findings this batch touches, for counts and the audit log; locked on
  // PostgreSQL so a concurrent sync of the same repository waits instead of interleaving.
  const existing = new Map<string, ExistingFinding>();
  const fingerprints = [...new Set(batch.findings.map((f) => f.fingerprint))].sort();
  for (const part of chunks(fingerprints)) {
    const rows = await trx
      .selectFrom('findings')
      .select(['id', 'fingerprint', 'rule_id', 'path', 'status', 'severity', 'identity_id', 'owner_team'])
      .where('repository', '=', batch.repository)
      .where('fingerprint', 'in', part)
      // Locked in id order (two syncs lock in the same order). SQLite has one writer and no row
      // locks: unordered, it looks the rows up by the upsert key instead of reading the repository.
      .$if(ctx.dialect === 'postgres', (q) => q.orderBy('id').forUpdate())
      .execute();
    for (const r of rows) existing.set(findingKey(r), r);
  }

  let created = 0;
  let updated = 0;
  for (const part of chunks(keys)) {
    const rows = part.map((k) => {
      const f = unique.get(k)!;
      const link = findingLink(f, batch.repository);
      const identityId = (link.by === 'name' ? ids.get(link.key) : ids.get(`fp:${link.fingerprint}`)) ?? null;
      return {
        id: newId(),
        rule_id: f.ruleId,
        kind: f.kind,
        severity: f.severity,
        owasp: f.owasp,
        fingerprint: f.fingerprint,
        repository: batch.repository,
        path: f.path,
        line: f.line,
        commit: batch.commit ?? null,
        redacted: f.redacted ?? null,
        identity_id: identityId,
        owner_team: identityId === null ? null : (teams.get(identityId) ?? null),
        first_seen: now,
        last_seen: now,
        last_scan_id: batch.scanId,
        status: 'open' as const,
        status_reason: null,
        status_by: null,
      };
    });
    const generated = new Map(rows.map((r) => [findingKey(r), r]));
    const quiet = rows.filter((r) => staysAsItIs(existing.get(findingKey(r)), r));
    const full = rows.filter((r) => !staysAsItIs(existing.get(findingKey(r)), r));
    const returned = [...(await upsertRows(trx, quiet, false)), ...(await upsertRows(trx, full, true))];
    // In key order, as one statement would have returned them (the audit log's order).
    returned.sort((x, y) => (findingKey(x) < findingKey(y) ? -1 : findingKey(x) > findingKey(y) ? 1 : 0));
    for (const r of returned) {
      const k = findingKey(r);
      if (generated.get(k)?.id === r.id) {
        created++;
        audit.push({
          action: 'create',
          entity: 'finding',
          entityId: r.id,
          after: { ruleId: r.rule_id, repository: batch.repository, path: r.path, line: r.line, severity: r.severity, owasp: r.owasp, identityId: r.identity_id, scanId: batch.scanId },
        });
        continue;
      }
      updated++;
      const before = existing.get(k);
      if (!before) continue; // inserted by a concurrent sync after our read: nothing of ours changed it
      const b: Record<string, unknown> = {};
      const a: Record<string, unknown> = {};
      for (const [field, col] of [['status', 'status'], ['severity', 'severity'], ['identityId', 'identity_id']] as const) {
        if (before[col] !== r[col]) {
          b[field] = before[col];
          a[field] = r[col];
        }
      }
      if (Object.keys(a).length > 0) audit.push({ action: 'status' in a ? 'reopen' : 'update', entity: 'finding', entityId: r.id, before: b, after: { ...a, scanId: batch.scanId } });
    }
  }
  return { created, updated };
}

/** The final batch of a full sync: this repository's open findings that this scan did not report. */
async function resolveUnseen(ctx: SyncContext, batch: SyncBatch, audit: AuditRecord[]): Promise<number> {
  const reason = `not found by full scan ${batch.scanId}`;
  const resolved = await ctx.trx
    .updateTable('findings')
    .set({ status: 'resolved', status_reason: reason, status_by: ctx.actor.id })
    .where('repository', '=', batch.repository)
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('last_scan_id', 'is', null), eb('last_scan_id', '!=', batch.scanId)]))
    .returning('id')
    .execute();
  for (const r of resolved) audit.push({ action: 'resolve', entity: 'finding', entityId: r.id, before: { status: 'open' }, after: { status: 'resolved', reason, scanId: batch.scanId } });
  return resolved.length;
}
