/**
 * The reference strings each store really uses, with where each form is documented. Nothing here
 * is invented: a provider without a form for a file type has no entry and the fix is not offered.
 */

/**
 * CloudFormation dynamic reference to a Secrets Manager secret. AWS documents the pattern
 * `{{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}` where every
 * segment after the secret id is optional, and `{{resolve:secretsmanager:MySecret}}` retrieves the
 * whole SecretString ("Get an AWS Secrets Manager secret in an AWS CloudFormation resource";
 * CloudFormation User Guide, "Get values stored in other services using dynamic references"). One
 * secret holds one value here, so no json-key.
 */
export function cloudFormationReference(name: string): string {
  return `{{resolve:secretsmanager:${name}}}`;
}

/** Placeholder for the Key Vault name in App Service references and Terraform. */
export const KEY_VAULT_NAME = '<KEY_VAULT_NAME>';

/**
 * App Service / Azure Functions Key Vault reference as an app setting or connection string value:
 * `@Microsoft.KeyVault(VaultName=myvault;SecretName=mysecret)` (Microsoft Learn, "Use Key Vault
 * references as app settings in Azure App Service and Azure Functions"). Azure Functions Core
 * Tools also resolve it in local.settings.json (azure-functions-core-tools #2806, #2924).
 */
export function appServiceReference(name: string): string {
  return `@Microsoft.KeyVault(VaultName=${KEY_VAULT_NAME};SecretName=${name})`;
}

/**
 * 1Password vault placeholder. An `op://` reference only takes letters, digits and `-_.` unquoted
 * (1Password "Secret reference syntax"), so not `<…>`: a reference to a vault that does not exist
 * fails loudly in `op run` / `op inject`, where an ill-formed one could be left as text.
 */
export const OP_VAULT = 'VAULT';
/** The built-in field of a 1Password Password item (also what External Secrets reads by default). */
export const OP_FIELD = 'password';

/** `op://<vault>/<item>/<field>` (1Password CLI, "Secret reference syntax"; read by `op run`, `op read`, `op inject`). */
export function opReference(name: string): string {
  return `op://${OP_VAULT}/${name}/${OP_FIELD}`;
}

/** Enclosed form for templates fed to `op inject` (1Password CLI, "Template syntax"). */
export function opTemplateReference(name: string): string {
  return `{{ ${opReference(name)} }}`;
}

/** KV v2 mount: `secret` is the mount a Vault dev server enables; the field holding the value. */
export const VAULT_KV_MOUNT = 'secret';
export const VAULT_FIELD = 'value';

/**
 * Vault Agent template (Consul Template markup) reading a KV v2 field: KV v2 paths read through
 * `<mount>/data/<name>` and the fields sit under `.Data.data` (Vault docs, "Vault Agent templates").
 */
export function vaultAgentReference(name: string): string {
  return `{{ with secret "${VAULT_KV_MOUNT}/data/${name}" }}{{ .Data.data.${VAULT_FIELD} }}{{ end }}`;
}
