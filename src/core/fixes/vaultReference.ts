/**
 * "Replace with a vault reference": the literal becomes a reference to a secret in the store the
 * user chose, in the syntax that store really uses in that kind of file (see `vault/references.ts`
 * for the forms and where they are documented). When the store has no such syntax for the file —
 * source code (where it would take an SDK call, asynchronous and several lines), a `.env` file for
 * anything but 1Password, a CloudFormation template for anything but AWS — there is no fix.
 */
import { basename, languageOf } from '../syntax/language';
import type { Finding, Fix } from '../types';
import { bicepFix } from './vault/bicep';
import { kubernetesFix } from './vault/kubernetes';
import { literalOf } from './vault/literal';
import { VAULT_PROVIDERS, type VaultProvider } from './vault/providers';
import { structuredFix } from './vault/structured';
import { terraformFix } from './vault/terraform';
import { dotenvFix, isOpInjectTemplate, opInjectFix, vaultAgentFix } from './vault/textFiles';

export { VAULT_PROVIDERS, VAULT_PROVIDER_LABELS, type VaultProvider } from './vault/providers';

export interface VaultReferenceOptions {
  /** Secret name in the store; defaults to the key or variable that held the literal (`GITHUB_TOKEN` → `github-token`). */
  name?: string;
}

export function vaultReferenceFix(text: string, finding: Finding, provider: VaultProvider, options: VaultReferenceOptions = {}): Fix | undefined {
  if (!VAULT_PROVIDERS.includes(provider)) return undefined;
  // Findings about how a credential is used carry no value; decoded (base64) or notebook findings do not point at editable text.
  if (!finding.redacted || finding.context) return undefined;
  const lit = literalOf(text, finding, provider, options.name);
  if (!lit) return undefined;
  const name = basename(finding.path).toLowerCase();
  const lang = languageOf(finding.path);
  if (name.endsWith('.tf')) return terraformFix(lit);
  if (name.endsWith('.ctmpl')) return vaultAgentFix(lit);
  if (isOpInjectTemplate(name)) return opInjectFix(lit);
  if (lang === 'dotenv') return dotenvFix(lit);
  if (name.endsWith('.bicep')) return bicepFix(lit);
  if (lang === 'json') return structuredFix(lit, true);
  if (lang === 'yaml') return structuredFix(lit, false) ?? kubernetesFix(lit);
  return undefined;
}
