/**
 * References are the right way to pass a secret, so they are never findings: environment
 * variables, CI secrets, template values and secret-manager addresses.
 */
const REFERENCE_PATTERNS: readonly RegExp[] = [
  /\$\{\{?\s*[\w.\-[\]'" ]+\s*\}?\}/, // ${VAR}, ${{ secrets.X }}, ${{ env.X }}
  /\$\{[^}]+\}/, // ${expression}: template interpolation, the value is computed
  /\{\{[^}]*\}\}/, // {{ .Values.x }}, {{ secret }} (Helm, Jinja, Mustache)
  /^\$[A-Za-z_][\w]*$/, // $VAR
  /\$[A-Z_][A-Z0-9_]{2,}(?![a-z])/, // …$RUNNER_TOKEN inside a value: an upper-case shell variable
  /^\$\(/, // $(VAR) Azure Pipelines, $(command)
  /^%[A-Za-z_][\w]*%$/, // %VAR% Windows
  /^%\(\w+\)s$/, // %(name)s Python config interpolation
  /^#\{[^}]+\}$/, // #{var} Ruby/Octopus
  /^<%=?.*%>$/, // ERB
  /\bprocess\.env\b/, /\bos\.environ\b/, /\bos\.getenv\b/, /\bgetenv\s*\(/i, /\bSystem\.getenv\b/,
  /\bEnvironment\.GetEnvironmentVariable\b/, /\bENV\[/, /\bimport\.meta\.env\b/, /\bDeno\.env\b/,
  /^(vault|op|awssm|gcpsm|azkv|sops|secret|secrets|ref\+\w+):/i, // vault:path, op://vault/item, ref+vault://
  /^arn:aws:(secretsmanager|ssm|kms):/, // AWS Secrets Manager / Parameter Store ARNs
  /@Microsoft\.KeyVault\(/, // Azure App Service Key Vault references
  /^projects\/[^/]+\/secrets\//, // GCP Secret Manager resource names
  /\{\{resolve:(secretsmanager|ssm|ssm-secure):/, // CloudFormation dynamic references
  /^akv:\/\//, /^gcp:\/\/secretmanager/, /^azurekeyvault:/i,
  /^%env\([\w:]+\)%$/, // Symfony environment placeholders
  /^ENC\(/, // Jasypt-encrypted Spring properties: ciphertext, the key lives elsewhere
  /^AQICAH[A-Za-z0-9+/=]{40,}$/, // AWS KMS ciphertext blobs
];

export function isReference(value: string): boolean {
  const v = value.trim();
  return REFERENCE_PATTERNS.some((re) => re.test(v));
}
