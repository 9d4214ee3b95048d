/**
 * The data rules of an ownership change, pure: who may change what, and which columns an update
 * really changes (with the before/after the audit log records).
 */
import type { Updateable } from 'kysely';
import type { OwnershipUpdate } from '../model';
import type { IdentitiesTable } from '../db/schema';
import { rotationDue } from './dates';
import type { IdentityRow } from './rows';
import { ForbiddenError, type Actor } from './types';

export function isAdmin(actor: Actor): boolean {
  return actor.scopes.includes('admin');
}

/**
 * Admin may do anything. A team's actor may change identities owned by its team or by no team, and
 * may move one only to its own team (releasing or handing over to another team is for admin).
 * Anyone else may not change ownership.
 */
export function assertMayChange(actor: Actor, currentTeam: string | null, newTeam: string | null | undefined): void {
  if (isAdmin(actor)) return;
  if (!actor.team) throw new ForbiddenError('changing ownership needs a team token or admin');
  if (currentTeam !== null && currentTeam !== actor.team) throw new ForbiddenError(`the identity belongs to team ${currentTeam}`);
  if (newTeam !== undefined && newTeam !== currentTeam && newTeam !== actor.team) {
    throw new ForbiddenError(newTeam === null ? 'only admin may release an identity from its team' : `only admin may assign an identity to team ${newTeam}`);
  }
}

export interface OwnershipChange {
  columns: Updateable<IdentitiesTable>;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

type Field = Exclude<keyof OwnershipUpdate, 'version' | 'reason'>;
const COLUMN: Record<Field, keyof IdentitiesTable> = {
  ownerPerson: 'owner_person',
  team: 'team',
  purpose: 'purpose',
  environments: 'environments',
  rotationDays: 'rotation_days',
  lastRotated: 'last_rotated',
  expiresAt: 'expires_at',
  displayName: 'display_name',
  status: 'status',
};

/** The columns `update` changes on `row` (fields equal to the current value are no change). */
export function ownershipChanges(row: IdentityRow, update: OwnershipUpdate): OwnershipChange {
  const columns: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const field of Object.keys(COLUMN) as Field[]) {
    const next = update[field];
    if (next === undefined) continue;
    const column = COLUMN[field];
    const stored = row[column];
    const current = column === 'environments' ? (JSON.parse(stored as string) as string[]) : stored;
    if (JSON.stringify(current) === JSON.stringify(next)) continue;
    columns[column] = column === 'environments' ? JSON.stringify(next) : next;
    before[field] = current;
    after[field] = next;
  }
  if ('rotation_days' in columns || 'last_rotated' in columns) {
    const days = 'rotation_days' in columns ? (columns.rotation_days as number | null) : row.rotation_days;
    const last = 'last_rotated' in columns ? (columns.last_rotated as string | null) : row.last_rotated;
    columns.rotation_due = rotationDue(row.created_at, last, days);
  }
  if (Object.keys(after).length > 0 && update.reason !== undefined) after.reason = update.reason;
  return { columns: columns as Updateable<IdentitiesTable>, before, after };
}
