/**
 * Shared automation accounts (OWASP NHI9, NHI Reuse): one identity consumed by several pipelines or
 * by several deployment environments (the same deploy token for staging and production). Reported
 * on each use, with the other uses as related locations.
 */
import { fingerprint } from '../detect/fingerprint';
import type { Finding } from '../types';
import type { Identity, IdentityGraph } from './graph';

export interface SharedAccountOptions {
  /** Reported when consumed by at least this many pipelines (files); default 2. */
  pipelines: number;
  /** Reported when consumed by at least this many environments; default 2. */
  environments: number;
  fingerprintKey?: string;
}

export const SHARED_ACCOUNT_RULE = {
  id: 'shared-automation-account',
  kind: 'shared-automation-account',
  title: 'One machine identity shared across pipelines or environments',
  remediation: 'Give each pipeline and each environment its own credential (or its own OIDC role) so one leak, one revocation or one rotation touches one purpose.',
} as const;

function describe(i: Identity, opts: SharedAccountOptions): string | undefined {
  const parts: string[] = [];
  if (i.pipelines.length >= opts.pipelines) parts.push(`${i.pipelines.length} pipelines (${i.pipelines.join(', ')})`);
  if (i.environments.length >= opts.environments) parts.push(`${i.environments.length} environments (${i.environments.join(', ')})`);
  return parts.length ? `${i.name} is shared by ${parts.join(' and ')}` : undefined;
}

export function sharedAccountFindings(graph: IdentityGraph, opts: SharedAccountOptions): Finding[] {
  const out: Finding[] = [];
  for (const identity of graph.identities) {
    const message = describe(identity, opts);
    if (!message) continue;
    const severity = identity.environments.length >= opts.environments || identity.kind === 'literal' ? 'high' : 'medium';
    // GitHub environments can hold their own secret under the same name: then it is not one credential.
    const onlyByEnvironment = identity.platform === 'github' && identity.pipelines.length < opts.pipelines;
    for (const use of identity.uses) {
      out.push({
        ruleId: SHARED_ACCOUNT_RULE.id,
        kind: SHARED_ACCOUNT_RULE.kind,
        provider: 'Workspace',
        title: message,
        severity,
        confidence: onlyByEnvironment ? 'medium' : 'high',
        ...(onlyByEnvironment ? { notes: ['unless each environment defines its own secret of this name'] } : {}),
        path: use.path,
        range: use.range,
        redacted: '',
        fingerprint: fingerprint(`${SHARED_ACCOUNT_RULE.id}|${identity.key}`, opts.fingerprintKey),
        owasp: 'NHI9',
        remediation: SHARED_ACCOUNT_RULE.remediation,
        identity: identity.kind === 'literal' ? undefined : identity.name,
        related: identity.uses
          .filter((u) => u !== use)
          .map((u) => ({ path: u.path, range: u.range, message: `also used${u.job ? ` by job ${u.job}` : ''}${u.environment ? ` in ${u.environment}` : ''}` })),
      });
    }
  }
  return out;
}
