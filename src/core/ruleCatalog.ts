/**
 * Every rule NHI Lens can report, in one list: provider formats, generic rules, CI analyzers and
 * workspace rules. `nhi-lens rules` and docs/rules.md come from it.
 */
import { CI_YAML_PARSE_ERROR } from './ci/analyze';
import { ANALYZERS } from './ci/registry';
import { GENERIC_RULES } from './detect/genericRules';
import { IDENTITY_EXPIRED, IDENTITY_EXPIRING, IDENTITY_ROTATION_OVERDUE, IDENTITY_UNOWNED } from './identities/ownershipRules';
import { SHARED_ACCOUNT_RULE } from './identities/sharedAccounts';
import { PROVIDER_RULES } from './rules';
import type { RuleInfo } from './detect/ruleMeta';

export interface CatalogEntry extends RuleInfo {
  /** secret: finds credential values; usage: how pipelines use credentials; workspace: across files. */
  category: 'secret' | 'usage' | 'workspace';
}

export function ruleCatalog(): CatalogEntry[] {
  const pick = (r: RuleInfo, category: CatalogEntry['category']): CatalogEntry => ({
    id: r.id, kind: r.kind, provider: r.provider, title: r.title, severity: r.severity, owasp: r.owasp, remediation: r.remediation, category,
  });
  const out: CatalogEntry[] = [...PROVIDER_RULES, ...GENERIC_RULES].map((r) => pick(r, 'secret'));
  // Sorted: module namespaces enumerate in different orders under tsc and esbuild.
  const byId = new Map([CI_YAML_PARSE_ERROR, ...ANALYZERS.flatMap((a) => a.rules ?? [])].map((r) => [r.id, r]));
  const usage = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of usage) out.push(pick(r, 'usage'));
  out.push(pick({ ...SHARED_ACCOUNT_RULE, provider: 'Workspace', severity: 'high', owasp: 'NHI9' }, 'workspace'));
  for (const m of [IDENTITY_UNOWNED, IDENTITY_ROTATION_OVERDUE, IDENTITY_EXPIRED, IDENTITY_EXPIRING]) out.push(pick({ ...m, kind: 'identity-ownership', provider: 'Workspace' }, 'workspace'));
  return out;
}
