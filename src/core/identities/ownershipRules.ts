/**
 * Rules on ownership as code: an identity used by a pipeline but declared nowhere (no owner to
 * rotate or offboard it), rotation overdue, expired, expiring soon.
 */
import { fingerprint } from '../detect/fingerprint';
import type { Finding, OwaspNhiId, Range, Severity } from '../types';
import type { Identity, IdentityGraph } from './graph';
import type { LocatedDeclaration, Ownership } from './ownership';

const DAY = 86_400_000;

interface Meta {
  id: string;
  title: string;
  severity: Severity;
  owasp: OwaspNhiId;
  remediation: string;
}

export const IDENTITY_UNOWNED: Meta = {
  id: 'identity-unowned', title: 'Machine identity used by automation but owned by nobody', severity: 'medium', owasp: 'NHI1',
  remediation: 'Declare it in .nhi-lens/identities.yaml with an owner, team, purpose and rotation period (or register it from the editor).',
};
export const IDENTITY_ROTATION_OVERDUE: Meta = {
  id: 'identity-rotation-overdue', title: 'Machine identity overdue for rotation', severity: 'medium', owasp: 'NHI7',
  remediation: 'Rotate the credential, then update lastRotated in .nhi-lens/identities.yaml.',
};
export const IDENTITY_EXPIRED: Meta = {
  id: 'identity-expired', title: 'Machine identity expired', severity: 'high', owasp: 'NHI7',
  remediation: 'Renew or retire the credential and update expires in .nhi-lens/identities.yaml; remove pipelines that still use it.',
};
export const IDENTITY_EXPIRING: Meta = {
  id: 'identity-expiring', title: 'Machine identity expiring soon', severity: 'low', owasp: 'NHI7',
  remediation: 'Plan the renewal with the owner before it expires, then update expires in .nhi-lens/identities.yaml.',
};

/** Identities that only make sense with an owner: named, standing credentials. */
const OWNABLE = new Set(['ci-secret', 'ci-variable', 'jenkins-credential', 'service-connection']);

export function declarationFor(identity: Identity, ownership: Ownership): LocatedDeclaration | undefined {
  return ownership.declarations.find(
    (d) => (d.fingerprint && d.fingerprint === identity.fingerprint) || (d.name !== undefined && d.name === identity.name && (!d.platform || d.platform === identity.platform)),
  );
}

export interface OwnershipRuleOptions {
  now: Date;
  /** The ownership file as findings should name it (relative to the report root). */
  displayPath: string;
  fingerprintKey?: string;
}

export function ownershipFindings(graph: IdentityGraph, ownership: Ownership, opts: OwnershipRuleOptions): Finding[] {
  const out: Finding[] = [];
  const make = (meta: Meta, path: string, range: Range, title: string, identity: string, related: Finding['related'] = []): Finding => ({
    ruleId: meta.id, kind: 'identity-ownership', provider: 'Workspace', title, severity: meta.severity, confidence: 'high', path, range,
    redacted: '', fingerprint: fingerprint(`${meta.id}|${identity}`, opts.fingerprintKey), owasp: meta.owasp, remediation: meta.remediation,
    identity, ...(related.length ? { related } : {}),
  });
  for (const identity of graph.identities) {
    if (!OWNABLE.has(identity.kind) || declarationFor(identity, ownership)) continue;
    const [first, ...rest] = identity.uses;
    out.push(make(IDENTITY_UNOWNED, first.path, first.range, `${identity.name} is used by automation but has no owner in ${opts.displayPath}`, identity.name, rest.map((u) => ({ path: u.path, range: u.range, message: 'also used here' }))));
  }
  const now = opts.now.getTime();
  for (const d of ownership.declarations) {
    const label = d.name ?? `fingerprint ${d.fingerprint!.slice(0, 8)}`;
    const owner = `${d.owner} (${d.team})`;
    if (d.lastRotated) {
      const due = Date.parse(`${d.lastRotated}T00:00:00Z`) + d.rotationDays * DAY;
      if (due < now) {
        const days = Math.floor((now - due) / DAY);
        out.push(make(IDENTITY_ROTATION_OVERDUE, opts.displayPath, d.fieldRanges.lastRotated ?? d.range, `${label} is ${days} day${days === 1 ? '' : 's'} overdue for rotation (every ${d.rotationDays} days; owner ${owner})`, label));
      }
    }
    if (d.expires) {
      const at = Date.parse(`${d.expires}T00:00:00Z`);
      const range = d.fieldRanges.expires ?? d.range;
      if (at <= now) out.push(make(IDENTITY_EXPIRED, opts.displayPath, range, `${label} expired on ${d.expires} (owner ${owner})`, label));
      else if (at - now <= ownership.expiringWithinDays * DAY) {
        const days = Math.ceil((at - now) / DAY);
        out.push(make(IDENTITY_EXPIRING, opts.displayPath, range, `${label} expires in ${days} day${days === 1 ? '' : 's'}, on ${d.expires} (owner ${owner})`, label));
      }
    }
  }
  return out;
}
