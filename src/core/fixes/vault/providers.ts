/** The secret stores a literal can be moved to, and how each names a secret. */

export type VaultProvider = 'hashicorp-vault' | 'aws-secrets-manager' | 'azure-key-vault' | 'gcp-secret-manager' | '1password';

export const VAULT_PROVIDERS: readonly VaultProvider[] = ['hashicorp-vault', 'aws-secrets-manager', 'azure-key-vault', 'gcp-secret-manager', '1password'];

export const VAULT_PROVIDER_LABELS: Record<VaultProvider, string> = {
  'hashicorp-vault': 'HashiCorp Vault',
  'aws-secrets-manager': 'AWS Secrets Manager',
  'azure-key-vault': 'Azure Key Vault',
  'gcp-secret-manager': 'Google Cloud Secret Manager',
  '1password': '1Password',
};

/**
 * Characters each store accepts in a secret name, the rest become `-`: Azure Key Vault names are
 * alphanumerics and dashes; Google secret ids add `_`; AWS names also take `/_+=.@`; Vault paths
 * take `/`; 1Password item names in an unquoted `op://` reference take `-_.`.
 */
const NAME_CHARS: Record<VaultProvider, RegExp> = {
  'azure-key-vault': /[^A-Za-z0-9-]+/g,
  'gcp-secret-manager': /[^A-Za-z0-9_-]+/g,
  'aws-secrets-manager': /[^A-Za-z0-9/_+=.@-]+/g,
  'hashicorp-vault': /[^A-Za-z0-9/_.-]+/g,
  '1password': /[^A-Za-z0-9_.-]+/g,
};

/** `DB_PASSWORD`, `dbPassword`, `db.password` → `db-password`: valid in every store. */
export function kebabName(key: string): string {
  return (
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'secret'
  );
}

/** The name as the store accepts it (a name the user typed is kept as far as the store allows). */
export function storeName(provider: VaultProvider, name: string): string {
  return name.replace(NAME_CHARS[provider], '-').replace(/^-+|-+$/g, '') || 'secret';
}

/** `token` alone says little: prefix the credential's provider (`github_token`), as the variable fix does. */
export function qualifiedKey(key: string, kind: string): string {
  const provider = /^(?:generic|password|kubernetes|docker)/.test(kind) ? '' : kind.split('-')[0];
  const plain = /^(?:access[_-]?key|secret[_-]?key|token|client[_-]?secret|api[_-]?key|key|password|secret)$/i.test(key);
  return provider && plain && !key.toLowerCase().startsWith(provider) ? `${provider}_${key}` : key;
}

/**
 * Secret name for a literal: the user's choice, else the key or variable that held it in kebab
 * case (`GITHUB_TOKEN` → `github-token`, a bare `token` of a GitHub token → `github-token`), else
 * the credential kind.
 */
export function secretName(provider: VaultProvider, key: string | undefined, kind: string, chosen?: string): string {
  return storeName(provider, chosen?.trim() ? chosen.trim() : kebabName(key ? qualifiedKey(key, kind) : kind));
}
