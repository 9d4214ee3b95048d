/**
 * The workspace's machine identities and their consumers, built from every file's identity uses:
 * what the audit shows and what the inventory sync sends (names and fingerprints, never values).
 */
import type { IdentityKind, IdentityUse } from '../ci/types';

export interface Identity {
  key: string;
  kind: IdentityKind;
  name: string;
  platform: IdentityUse['platform'];
  fingerprint?: string;
  uses: IdentityUse[];
  /** Distinct pipelines (files), jobs and environments that consume it. */
  pipelines: string[];
  jobs: string[];
  environments: string[];
}

export interface IdentityGraph {
  identities: Identity[];
}

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}

export function buildIdentityGraph(uses: readonly IdentityUse[]): IdentityGraph {
  const byKey = new Map<string, IdentityUse[]>();
  for (const u of uses) {
    const list = byKey.get(u.key);
    if (list) list.push(u);
    else byKey.set(u.key, [u]);
  }
  const identities = [...byKey.entries()].map(([key, list]) => {
    const sorted = [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn));
    const first = sorted[0];
    const identity: Identity = {
      key,
      kind: first.kind,
      name: first.name,
      platform: first.platform,
      uses: sorted,
      pipelines: distinct(sorted.map((u) => u.path)),
      jobs: distinct(sorted.map((u) => (u.job ? `${u.path}#${u.job}` : undefined))),
      environments: distinct(sorted.map((u) => u.environment)),
    };
    if (first.fingerprint) identity.fingerprint = first.fingerprint;
    return identity;
  });
  identities.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { identities };
}
