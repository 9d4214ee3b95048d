/**
 * Day arithmetic for the rotation and expiry views, in UTC calendar days (`YYYY-MM-DD`), done in
 * JS so the SQL stays the same on both engines.
 */
const DAY_MS = 86_400_000;

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function dayMs(day: string): number {
  return Date.parse(`${day.slice(0, 10)}T00:00:00.000Z`);
}

export function addDays(day: string, days: number): string {
  return new Date(dayMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/**
 * The day a rotation falls due: the last rotation (else the day the identity was registered) plus
 * the rotation period; null without a period.
 */
export function rotationDue(createdAt: string, lastRotated: string | null, rotationDays: number | null): string | null {
  if (rotationDays === null) return null;
  return addDays(lastRotated ?? createdAt.slice(0, 10), rotationDays);
}
