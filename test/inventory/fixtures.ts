/**
 * Inputs for the inventory store tests: actors, sync batches, fingerprints (SHA-256 of a label:
 * shaped like the keyed fingerprints clients send, and no credential), and a bulk seeding of
 * identities for the size check.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { FindingInput, IdentityUseInput, SyncBatch } from '../../src/inventory/model';
import { newId } from '../../src/inventory/db/ids';
import type { Database, FindingsTable, IdentitiesTable } from '../../src/inventory/db/schema';
import { addDays, rotationDue } from '../../src/inventory/store/dates';
import type { Actor } from '../../src/inventory/store/types';

export const ADMIN: Actor = { id: 'admin-token', scopes: ['admin'] };
export const teamActor = (team: string): Actor => ({ id: `${team}-token`, team, scopes: ['read', 'sync'] });

export function fp(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

export function finding(label: string, over: Partial<FindingInput> = {}): FindingInput {
  return { ruleId: 'github-pat', kind: 'github-token', severity: 'high', owasp: 'NHI2', fingerprint: fp(label), path: `src/${label}.ts`, line: 3, redacted: 'ghp_…', ...over };
}

export function use(over: Partial<IdentityUseInput> & Pick<IdentityUseInput, 'key' | 'path'>): IdentityUseInput {
  return { kind: 'ci-secret', name: over.key.split(':').pop() ?? over.key, platform: 'github', ...over };
}

export function batch(repository: string, over: Partial<SyncBatch> = {}): SyncBatch {
  return { idempotencyKey: randomUUID(), repository, mode: 'partial', scanId: randomUUID(), final: true, findings: [], uses: [], ...over };
}

/**
 * Inserts `n` identities straight into the table (batch inserts), with the derived columns the
 * store keeps: a mix of owned, unowned, rotation-due, expiring and shared ones, and one open
 * finding each. Returns how many active unowned and shared ones it made.
 */
export async function seedIdentities(db: Kysely<Database>, n: number, today: string): Promise<{ unowned: number; shared: number }> {
  // One transaction: one commit (one WAL flush) instead of one per statement.
  return db.transaction().execute((trx) => seedIn(trx, n, today));
}

async function seedIn(db: Transaction<Database>, n: number, today: string): Promise<{ unowned: number; shared: number }> {
  const teams = ['payments', 'search', 'platform'];
  for (const name of teams) await db.insertInto('teams').values({ name, display_name: null, created_at: `${today}T00:00:00.000Z` }).onConflict((oc) => oc.column('name').doNothing()).execute();
  let unowned = 0;
  let shared = 0;
  const base = Date.parse(`${today}T00:00:00.000Z`) - n * 1000;
  for (let start = 0; start < n; start += 1000) {
    const identities: Array<Insertable<IdentitiesTable>> = [];
    const findings: Array<Insertable<FindingsTable>> = [];
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      const createdAt = new Date(base + i * 1000).toISOString();
      const owned = i % 3 !== 0;
      const isShared = i % 20 === 0;
      const lastRotated = i % 4 === 0 ? addDays(today, -(i % 400)) : null;
      const rotationDays = i % 2 === 0 ? 90 : null;
      const active = i % 50 !== 0;
      if (!owned && active) unowned++;
      if (isShared && active) shared++;
      const id = newId(base + i * 1000);
      identities.push({
        id,
        key: `seed:ci-secret:S${i}`,
        kind: 'ci-secret',
        provider: null,
        display_name: `S${i}`,
        owner_person: owned && i % 2 === 0 ? `dev${i % 50}@example.com` : null,
        team: owned ? teams[i % 3] : null,
        purpose: null,
        environments: '[]',
        created_at: createdAt,
        last_seen: createdAt,
        last_rotated: lastRotated,
        rotation_days: rotationDays,
        rotation_due: rotationDue(createdAt, lastRotated, rotationDays),
        expires_at: i % 5 === 0 ? addDays(today, (i % 200) - 50) : null,
        status: active ? 'active' : 'retired',
        version: 1,
        consumer_repositories: isShared ? 2 : 1,
        consumer_pipelines: isShared ? 2 : 1,
        shared: isShared ? 1 : 0,
      });
      findings.push({
        id: newId(base + i * 1000),
        rule_id: 'github-pat',
        kind: 'github-token',
        severity: 'high',
        owasp: (['NHI2', 'NHI5', 'NHI7'] as const)[i % 3],
        fingerprint: fp(`seed-${i}`),
        repository: `github.com/seed/r${i % 100}`,
        path: `src/f${i}.ts`,
        line: 1,
        commit: null,
        redacted: 'ghp_…',
        identity_id: id,
        owner_team: owned ? teams[i % 3] : null,
        first_seen: createdAt,
        last_seen: createdAt,
        last_scan_id: 'seed-scan',
        status: i % 7 === 0 ? 'resolved' : 'open',
        status_reason: null,
        status_by: null,
      });
    }
    await db.insertInto('identities').values(identities).execute();
    await db.insertInto('findings').values(findings).execute();
  }
  return { unowned, shared };
}
