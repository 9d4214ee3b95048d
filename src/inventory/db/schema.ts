/**
 * Table types of the inventory database, shared by SQLite and PostgreSQL. Values arrive in the same
 * JS shape from both (see `connect.ts`): timestamps as ISO-8601 strings (`…T…Z`), dates as
 * `YYYY-MM-DD`, JSON columns as their JSON text, counts as numbers. Nullable columns are `null`,
 * never absent. Empty strings stand for "none" only where a column is part of a unique key
 * (`consumers.job`), because NULLs are distinct in unique constraints on both engines.
 */
import type { Generated } from 'kysely';

export interface SettingsTable {
  name: string;
  value: string;
}

export interface TeamsTable {
  name: string;
  display_name: string | null;
  created_at: string;
}

export interface IdentitiesTable {
  id: string;
  key: string;
  kind: string;
  provider: string | null;
  display_name: string;
  owner_person: string | null;
  team: string | null;
  purpose: string | null;
  /** JSON array of strings. */
  environments: string;
  created_at: string;
  last_seen: string | null;
  last_rotated: string | null;
  rotation_days: number | null;
  /**
   * Derived: (last_rotated, else the day created) + rotation_days; null without a rotation period.
   * Kept so the overdue view is an index range scan on both engines (no date arithmetic in SQL).
   */
  rotation_due: string | null;
  expires_at: string | null;
  status: 'active' | 'retired' | 'revoked';
  version: number;
  /** Derived from `consumers` after every change to them: distinct repositories. */
  consumer_repositories: Generated<number>;
  /** Derived: distinct (repository, pipeline) pairs. */
  consumer_pipelines: Generated<number>;
  /** Derived: 1 when used in more than one repository or pipeline (the `shared` view's index). */
  shared: Generated<number>;
}

export interface IdentityFingerprintsTable {
  fingerprint: string;
  identity_id: string;
}

export interface ConsumersTable {
  identity_id: string;
  repository: string;
  path: string;
  /** '' when the use has no job (part of the unique key). */
  job: string;
  line: number | null;
  platform: string;
  pipeline: string | null;
  environment: string | null;
  last_seen: string;
}

export interface FindingsTable {
  id: string;
  rule_id: string;
  kind: string;
  severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
  owasp: 'NHI1' | 'NHI2' | 'NHI3' | 'NHI4' | 'NHI5' | 'NHI6' | 'NHI7' | 'NHI8' | 'NHI9' | 'NHI10';
  fingerprint: string;
  repository: string;
  path: string;
  line: number;
  commit: string | null;
  redacted: string | null;
  identity_id: string | null;
  /**
   * Derived: the team owning `identity_id` (null when unowned or unlinked), kept by the sync and by
   * ownership changes, so the open-findings counters (migration 002) count by team without a join.
   */
  owner_team: string | null;
  first_seen: string;
  last_seen: string;
  last_scan_id: string | null;
  status: 'open' | 'resolved' | 'suppressed';
  status_reason: string | null;
  status_by: string | null;
}

export interface SyncBatchesTable {
  idempotency_key: string;
  repository: string;
  scan_id: string;
  /** JSON of the SyncResult (without `replay`); null only inside the transaction applying it. */
  result: string | null;
  at: string;
}

export interface ApiTokensTable {
  id: string;
  hash: string;
  team: string | null;
  /** JSON array of scopes. */
  scopes: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: 'identity' | 'finding' | 'team' | 'token';
  entity_id: string;
  /** JSON, or null. */
  before: string | null;
  after: string | null;
}

/**
 * Open findings per owner team ('' for none) and OWASP item, kept by triggers on `findings`
 * (migration 002). PostgreSQL spreads each pair over slots (one per connection); sum them.
 */
export interface OpenFindingsCountsTable {
  team: string;
  owasp: string;
  slot: number;
  n: number;
}

/** SQLite only: stable integer rowids of the FTS5 search index `identity_search` (migration 002). */
export interface IdentitySearchRowsTable {
  row: Generated<number>;
  identity_id: string;
}

export interface Database {
  settings: SettingsTable;
  teams: TeamsTable;
  identities: IdentitiesTable;
  identity_fingerprints: IdentityFingerprintsTable;
  consumers: ConsumersTable;
  findings: FindingsTable;
  sync_batches: SyncBatchesTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  open_findings_counts: OpenFindingsCountsTable;
  identity_search_rows: IdentitySearchRowsTable;
}
