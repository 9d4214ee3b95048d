/**
 * Rows → model objects. Nullable columns become absent optional fields; JSON columns (text on
 * both engines, see `db/connect.ts`) are parsed; consumers' '' job becomes absent again.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ApiToken, AuditEntry, Consumer, Identity, Scope, StoredFinding, Team } from '../model';
import type { ApiTokensTable, AuditLogTable, ConsumersTable, Database, FindingsTable, IdentitiesTable, TeamsTable } from '../db/schema';
import { chunks } from './chunks';

export type IdentityRow = Selectable<IdentitiesTable>;
export type FindingRow = Selectable<FindingsTable>;

export function parseJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

function opt<T>(v: T | null): T | undefined {
  return v === null ? undefined : v;
}

function toConsumer(row: Selectable<ConsumersTable>): Consumer {
  return {
    repository: row.repository,
    path: row.path,
    line: opt(row.line),
    platform: row.platform,
    pipeline: opt(row.pipeline),
    job: row.job === '' ? undefined : row.job,
    environment: opt(row.environment),
    lastSeen: row.last_seen,
  };
}

export function toIdentity(row: IdentityRow, fingerprints: string[], consumers: Consumer[]): Identity {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    provider: opt(row.provider),
    displayName: row.display_name,
    fingerprints,
    ownerPerson: opt(row.owner_person),
    team: opt(row.team),
    purpose: opt(row.purpose),
    environments: parseJson(row.environments) as string[],
    consumers,
    createdAt: row.created_at,
    lastSeen: opt(row.last_seen),
    lastRotated: opt(row.last_rotated),
    rotationDays: opt(row.rotation_days),
    expiresAt: opt(row.expires_at),
    status: row.status,
    version: row.version,
  };
}

/** Identities with their fingerprints and consumers, in the order of `rows` (three queries per page). */
export async function loadIdentities(db: Kysely<Database> | Transaction<Database>, rows: IdentityRow[]): Promise<Identity[]> {
  const fingerprints = new Map<string, string[]>();
  const consumers = new Map<string, Consumer[]>();
  for (const ids of chunks(rows.map((r) => r.id))) {
    const fps = await db.selectFrom('identity_fingerprints').select(['identity_id', 'fingerprint']).where('identity_id', 'in', ids).orderBy('fingerprint').execute();
    for (const f of fps) fingerprints.set(f.identity_id, [...(fingerprints.get(f.identity_id) ?? []), f.fingerprint]);
    const cs = await db
      .selectFrom('consumers')
      .selectAll()
      .where('identity_id', 'in', ids)
      .orderBy('repository')
      .orderBy('path')
      .orderBy('job')
      .execute();
    for (const c of cs) {
      const list = consumers.get(c.identity_id);
      if (list) list.push(toConsumer(c));
      else consumers.set(c.identity_id, [toConsumer(c)]);
    }
  }
  return rows.map((r) => toIdentity(r, fingerprints.get(r.id) ?? [], consumers.get(r.id) ?? []));
}

export function toFinding(row: FindingRow): StoredFinding {
  return {
    id: row.id,
    ruleId: row.rule_id,
    kind: row.kind,
    severity: row.severity,
    owasp: row.owasp,
    fingerprint: row.fingerprint,
    repository: row.repository,
    path: row.path,
    line: row.line,
    commit: opt(row.commit),
    redacted: opt(row.redacted),
    identityId: opt(row.identity_id),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    status: row.status,
    statusReason: opt(row.status_reason),
    statusBy: opt(row.status_by),
  };
}

export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: parseJson(row.before),
    after: parseJson(row.after),
  };
}

export function toTeam(row: Selectable<TeamsTable>): Team {
  return { name: row.name, displayName: opt(row.display_name), createdAt: row.created_at };
}

export function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return { id: row.id, team: opt(row.team), scopes: parseJson(row.scopes) as Scope[], label: opt(row.label), createdAt: row.created_at };
}
