/**
 * Writes audit entries inside the caller's transaction, so a change and its record commit or roll
 * back together. Entries hold names, ids, fingerprints and redacted previews only — the model has
 * no secret values, and token hashes are deliberately left out.
 */
import type { Transaction } from 'kysely';
import type { AuditEntry } from '../model';
import type { Database } from '../db/schema';
import { chunks } from './chunks';

export interface AuditRecord {
  action: string;
  entity: AuditEntry['entity'];
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function writeAudit(trx: Transaction<Database>, actor: string, at: string, records: AuditRecord[]): Promise<void> {
  for (const part of chunks(records)) {
    await trx
      .insertInto('audit_log')
      .values(
        part.map((r) => ({
          at,
          actor,
          action: r.action,
          entity: r.entity,
          entity_id: r.entityId,
          before: r.before === undefined ? null : JSON.stringify(r.before),
          after: r.after === undefined ? null : JSON.stringify(r.after),
        })),
      )
      .execute();
  }
}
