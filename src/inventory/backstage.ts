/**
 * Identities as Backstage catalog entities (`kind: Resource`, `spec.type: machine-identity`), so
 * teams that use Backstage see their machine identities and owners there.
 * https://backstage.io/docs/features/software-catalog/descriptor-format#kind-resource
 */
import type { Identity } from './model';
import type { InventoryStore } from './store/types';

export interface BackstageEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Resource';
  metadata: { name: string; title: string; description?: string; annotations: Record<string, string>; tags: string[] };
  spec: { type: 'machine-identity'; owner: string; system?: string };
}

/** Backstage names: letters, digits, `-_.`, at most 63 characters, starting and ending alphanumeric. */
export function entityName(identity: Identity): string {
  const slug = identity.displayName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return `${slug || 'identity'}-${identity.id.slice(0, 8)}`.replace(/^-+/, '');
}

export function ownerRef(identity: Identity): string {
  if (identity.team) return `group:default/${identity.team}`;
  if (identity.ownerPerson) return `user:default/${identity.ownerPerson.split('@')[0].toLowerCase().replace(/[^a-z0-9._-]/g, '-')}`;
  return 'group:default/unowned';
}

export function toBackstage(identity: Identity): BackstageEntity {
  const annotations: Record<string, string> = { 'nhi-lens.io/identity-id': identity.id, 'nhi-lens.io/kind': identity.kind, 'nhi-lens.io/status': identity.status };
  if (identity.rotationDays) annotations['nhi-lens.io/rotation-days'] = String(identity.rotationDays);
  if (identity.lastRotated) annotations['nhi-lens.io/last-rotated'] = identity.lastRotated;
  if (identity.expiresAt) annotations['nhi-lens.io/expires-at'] = identity.expiresAt;
  if (identity.ownerPerson) annotations['nhi-lens.io/owner-person'] = identity.ownerPerson;
  const repos = [...new Set(identity.consumers.map((c) => c.repository))];
  if (repos.length) annotations['nhi-lens.io/repositories'] = repos.join(',');
  const tags = [identity.kind, identity.status].map((t) => t.toLowerCase().replace(/[^a-z0-9+#-]/g, '-').slice(0, 63));
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: entityName(identity), title: identity.displayName, ...(identity.purpose ? { description: identity.purpose } : {}), annotations, tags },
    spec: { type: 'machine-identity', owner: ownerRef(identity) },
  };
}

/** Every identity, page by page. */
export async function backstageEntities(store: InventoryStore): Promise<BackstageEntity[]> {
  const out: BackstageEntity[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listIdentities({ limit: 500, cursor });
    out.push(...page.items.map(toBackstage));
    cursor = page.next;
  } while (cursor);
  return out;
}
