/**
 * The API shapes the dashboard reads (the service's `Identity`, findings, audit entries), as plain
 * types: the browser bundle imports no server code.
 */
export type { AuditEntry, Consumer, Identity, StoredFinding, Team } from '../model';

export interface Page<T> {
  items: T[];
  next?: string;
  total?: number;
}
