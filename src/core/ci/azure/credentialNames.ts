/**
 * Does a variable name look like it holds a credential? Pipelines reference secrets by name only
 * (`$(dbPassword)`, `${NPM_TOKEN}`), so the name is the evidence. Used by the Azure Pipelines and
 * CircleCI analyzers for identity uses and exposure rules.
 */

/** `dbPassword`, `DB_PASSWORD`, `db.password`, `AzureDevOpsPAT` → lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase().replace(/^(key|token|secret|password|pat)\d+$/, '$1')); // `key1`, `token2`
}

const SECRET_WORDS = new Set([
  'secret', 'secrets', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'token', 'tokens', 'apikey', 'credential', 'credentials',
  'creds', 'cred', 'pat', 'sas', 'privatekey', 'accesskey', 'secretkey', 'clientsecret', 'webhook', 'connectionstring', 'dsn',
  'key', 'keys',
]);
/** After the secret word, these make the name about something else (`TOKEN_URL`, `PASSWORD_FILE`, `KEY_VAULT_NAME`). */
const NOT_SECRET_AFTER = new Set([
  'name', 'names', 'url', 'uri', 'endpoint', 'host', 'hostname', 'path', 'dir', 'directory', 'vault', 'expiry', 'expires',
  'expiration', 'expire', 'type', 'length', 'count', 'header', 'prefix', 'suffix', 'version', 'enabled', 'enable', 'file',
  'filename', 'location', 'format', 'scope', 'scopes', 'audience', 'issuer', 'provider', 'ttl', 'arn', 'policy', 'rotation',
  'lifetime', 'hash', 'fingerprint', 'thumbprint', 'field', 'param', 'parameter', 'id', 'ids', 'required', 'mode', 'user',
  'username', 'email', 'ref', 'reference', 'var', 'variable', 'env', 'store', 'manager', 'service', 'request', 'validity',
]);
/** Before a key, these make it a lookup or public key (`CACHE_KEY`, `PUBLIC_KEY`, `PARTITION_KEY`). */
const NOT_SECRET_BEFORE = new Set(['public', 'pub', 'cache', 'partition', 'sort', 'row', 'foreign', 'idempotency', 'lookup', 'dedup', 'kms']);
/** System variables of the CI platform: per-run tokens or metadata, not standing identities. */
const SYSTEM_PREFIX = /^(?:system|build|agent|pipeline|release|environment|resources|strategy|checks|task|tf)[._]/i;

/** Predefined variables (`System.AccessToken`, `Build.BuildId`…). */
export function isPredefined(name: string): boolean {
  return SYSTEM_PREFIX.test(name);
}

export function looksLikeCredential(name: string): boolean {
  if (!name || SYSTEM_PREFIX.test(name)) return false;
  const words = nameWords(name);
  if (!words.length) return false;
  // AWS key id: half of a key pair, tracked as a credential.
  if (/accesskeyid$/.test(words.join(''))) return true;
  // Webhook URLs embed their secret.
  if (words.includes('webhook')) return !words.some((w) => w === 'name' || w === 'id' || w === 'enabled');
  let at = -1;
  for (let i = words.length - 1; i >= 0 && at < 0; i--) if (SECRET_WORDS.has(words[i])) at = i;
  if (at < 0) return /(?:connection|conn)str(?:ing)?|privatekey|apikey|accesskey|secretkey|clientsecret|signingkey|authkey/.test(words.join(''));
  if (words.slice(at + 1).some((w) => NOT_SECRET_AFTER.has(w))) return false;
  if ((words[at] === 'key' || words[at] === 'keys') && words.slice(0, at).some((w) => NOT_SECRET_BEFORE.has(w))) return false;
  if (words[at] === 'pass' && at > 0 && words[at - 1] === 'by') return false;
  return true;
}

/** Names that point at a person's own credential rather than an automation identity. */
export function looksPersonal(name: string): boolean {
  const words = nameWords(name);
  // Not `my`: tutorials name every secret `mySecret`.
  return looksLikeCredential(name) && (words.includes('personal') || words.includes('pat'));
}
