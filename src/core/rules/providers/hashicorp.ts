import type { Fake } from '../fake';
import type { ProviderRule } from '../types';

/*
 * HashiCorp Vault tokens (https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes):
 * `hvs.` service, `hvb.` batch, `hvr.` recovery (Vault >= 1.10); before 1.10 `s.` + 24 base62.
 * A service token handed to clients is normally the server-side-consistent form:
 * `hvs.` + base64url(protobuf SignedToken{token_version=1, hmac(32 bytes), token}), which always
 * starts with bytes 08 01 12 20 ("CAESI…") and has the embedded Token (field 3, tag 0x1a) right after
 * the HMAC (vault/tokens/token.proto). With SSC tokens disabled, or inside a namespace, it is
 * `hvs.` + 24 base62 (+ `.` + 5-character namespace id). Batch tokens are `hvb.` + a base64url
 * encrypted blob (gitleaks `vault-batch-token`: 138-300 characters).
 * Terraform Cloud / Enterprise API tokens: 14 alphanumerics + `.atlasv1.` + 60-70 base64url
 * characters (gitleaks `hashicorp-tf-api-token`).
 */

/** Decoded SSC token body has the SignedToken header and the embedded Token field after the HMAC. */
function isSignedToken(token: string): boolean {
  const bytes = Buffer.from(token.slice(4), 'base64url');
  return bytes.length > 40 && bytes[0] === 0x08 && bytes[1] === 0x01 && bytes[2] === 0x12 && bytes[3] === 0x20 && bytes[36] === 0x1a;
}

/** A fake server-side-consistent token with the real byte layout and random HMAC and random part. */
function sscToken(f: Fake, prefix: 'hvs' | 'hvr'): string {
  const hmac = Buffer.from(f.hex(64), 'hex');
  const inner = Buffer.concat([
    Buffer.from([0x0a, 28]),
    Buffer.from(`${prefix}.${f.alnum(24)}`, 'utf8'),
    Buffer.from([0x10, f.int(1, 120), 0x18, 0x02]),
  ]);
  const body = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x20]), hmac, Buffer.from([0x1a, inner.length]), inner]);
  return `${prefix}.${body.toString('base64url')}`;
}

const VAULT_REMEDIATION =
  'Revoke with `vault token revoke` (or revoke its accessor); have workloads log in with an auth method (AppRole, Kubernetes, OIDC) and keep tokens short-lived.';

export const rules: ProviderRule[] = [
  {
    id: 'vault-service-token',
    kind: 'vault-service-token',
    provider: 'HashiCorp Vault',
    title: 'HashiCorp Vault service token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: VAULT_REMEDIATION,
    keywords: ['hvs.'],
    pattern: /(?<![A-Za-z0-9_.-])hvs\.CAES[A-Za-z0-9_-]{80,250}(?![A-Za-z0-9_-])/,
    verify: isSignedToken,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = sscToken(f, 'hvs');
        const b = sscToken(f, 'hvs');
        const c = sscToken(f, 'hvs');
        return [
          { text: `export VAULT_TOKEN=${a}`, secret: a, path: 'scripts/bootstrap.sh' },
          { text: `curl -H "X-Vault-Token: ${b}" https://vault.internal:8200/v1/secret/data/app`, secret: b, path: 'docs/runbook.md' },
          { text: `  token: "${c}"`, secret: c, path: 'deploy/vault-agent.yaml' },
        ];
      },
      fp: [
        { text: 'vault login hvs.CAESIJ...', why: 'truncated in documentation' },
        { text: 'id  hvs.CAESIABcDeFgHiJkLmNoPqRsTuVwXyZ', why: 'too short to hold the signed token' },
        {
          text: 'export VAULT_TOKEN=hvs.CAESqZ3mK8vL2nR7tY1wX5bH9jD4fG6sA0eC3uI8oP2lM7kN1qW5zT9rE4yU6iO0pB3vF8gJ2hS7dA1cX5nM9',
          why: 'body does not decode to a Vault SignedToken (HMAC length byte missing)',
        },
      ],
    },
  },
  {
    id: 'vault-service-token-short',
    kind: 'vault-service-token',
    provider: 'HashiCorp Vault',
    title: 'HashiCorp Vault service token (non-SSC or namespaced form)',
    severity: 'high',
    owasp: 'NHI2',
    remediation: VAULT_REMEDIATION,
    keywords: ['hvs.'],
    pattern: /(?<![A-Za-z0-9_.-])hvs\.[A-Za-z0-9]{24}(?:\.[A-Za-z0-9]{5})?(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `hvs.${f.alnum(24)}`;
        const b = `hvs.${f.alnum(24)}.${f.alnum(5)}`;
        return [
          { text: `VAULT_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `vault_token = "${b}"`, secret: b, path: 'terraform.tfvars' },
        ];
      },
      fp: [
        { text: 'VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'VAULT_TOKEN=hvs.k8vL2nR7tY1wX5bH9jD4fG6', why: 'wrong length (23 characters)' },
      ],
    },
  },
  {
    id: 'vault-batch-token',
    kind: 'vault-batch-token',
    provider: 'HashiCorp Vault',
    title: 'HashiCorp Vault batch token',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Batch tokens cannot be revoked individually: shorten their TTL, rotate the issuing auth role, and keep them out of source.',
    keywords: ['hvb.'],
    pattern: /(?<![A-Za-z0-9_.-])hvb\.[A-Za-z0-9_-]{138,300}(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = `hvb.AAAAAQ${f.base64url(f.int(150, 220))}`;
        const b = `hvb.AAAAAQ${f.base64url(f.int(150, 220))}`;
        return [
          { text: `VAULT_TOKEN=${a}`, secret: a, path: 'ci/.env' },
          { text: `    "client_token": "${b}",`, secret: b, path: 'test/fixtures/login.json' },
        ];
      },
      fp: [
        { text: 'VAULT_TOKEN=hvb.AAAAAQJgxDgqsGNorpoOR7hPZ5SU', why: 'too short to be a batch token' },
        { text: 'VAULT_TOKEN=hvb.<batch-token>', why: 'placeholder' },
      ],
    },
  },
  {
    id: 'vault-recovery-token',
    kind: 'vault-recovery-token',
    provider: 'HashiCorp Vault',
    title: 'HashiCorp Vault recovery token',
    severity: 'critical',
    owasp: 'NHI2',
    remediation: 'Revoke it and leave recovery mode; generate recovery tokens only for the operation (sys/generate-recovery-token) and never store them.',
    keywords: ['hvr.'],
    pattern: /(?<![A-Za-z0-9_.-])hvr\.(?:CAES[A-Za-z0-9_-]{80,250}|[A-Za-z0-9]{24})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `hvr.${f.alnum(24)}`;
        const b = sscToken(f, 'hvr');
        return [
          { text: `VAULT_TOKEN=${a} vault operator raft snapshot restore backup.snap`, secret: a, path: 'docs/recovery.md' },
          { text: `recovery_token: ${b}`, secret: b, path: 'ops/notes.yaml' },
        ];
      },
      fp: [
        { text: 'VAULT_TOKEN=hvr.xxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'VAULT_TOKEN=hvr.k8vL2nR7tY1wX5bH9jD4', why: 'wrong length (20 characters)' },
      ],
    },
  },
  {
    id: 'vault-token-legacy',
    kind: 'vault-service-token',
    provider: 'HashiCorp Vault',
    title: 'HashiCorp Vault token (legacy s. format)',
    severity: 'high',
    owasp: 'NHI2',
    remediation: VAULT_REMEDIATION,
    keywords: ['vault'],
    // `s.` + 24 base62 is too generic alone (gitleaks `vault-service-token` needs an allowlist), so a
    // `vault` name must precede it on the line; all-letter bodies are identifiers, not tokens.
    pattern: /vault(?:[\w.-]{0,25}?\W{1,5}|\s+login\s+)(?<secret>s\.[A-Za-z0-9]{24}(?:\.[A-Za-z0-9]{5})?)(?![A-Za-z0-9_-])/i,
    allow: [/^s\.[A-Za-z]{24}(?:\.|$)/],
    confidence: 'medium',
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `s.${f.alnum(22)}${f.digits(2)}`;
        const b = `s.${f.alnum(22)}${f.digits(2)}`;
        const c = `s.${f.alnum(22)}${f.digits(2)}`;
        return [
          { text: `export VAULT_TOKEN="${a}"`, secret: a, path: 'scripts/deploy.sh' },
          { text: `-H "X-Vault-Token: ${b}"`, secret: b, path: 'Makefile' },
          { text: `vault login ${c}`, secret: c, path: 'README.md' },
        ];
      },
      fp: [
        { text: 'vaultClient.credentials = s.AcceptanceTimeoutSeconds', why: 'property access on a variable named s (letters only)' },
        { text: 'VAULT_TOKEN=s.xxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'token: s.ZC9Ecf4M5g9o34Q6RkzGsj0z', why: 's. token without Vault context' },
      ],
    },
  },
  {
    id: 'terraform-cloud-token',
    kind: 'terraform-cloud-token',
    provider: 'HashiCorp Terraform',
    title: 'Terraform Cloud / Enterprise API token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke at app.terraform.io/app/settings/tokens (or the organization/team token page); use dynamic provider credentials or a short-lived team token in CI.',
    keywords: ['atlasv1'],
    pattern: /(?<![A-Za-z0-9_.-])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `${f.alnum(14)}.atlasv1.${f.base64url(67)}`;
        const b = `${f.alnum(14)}.atlasv1.${f.base64url(67)}`;
        const c = `${f.alnum(14)}.atlasv1.${f.base64url(64)}`;
        return [
          { text: `credentials "app.terraform.io" { token = "${a}" }`, secret: a, path: '.terraformrc' },
          { text: `{"credentials":{"app.terraform.io":{"token":"${b}"}}}`, secret: b, path: 'credentials.tfrc.json' },
          { text: `TFE_TOKEN=${c}`, secret: c, path: '.env' },
        ];
      },
      fp: [
        { text: 'token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', why: 'placeholder' },
        { text: 'TFE_TOKEN=hE1hlYILrSqpqh.atlasv1.ARjZuyzl33F71WR55s6ln5GQ1HWIwTDDH3MiRj', why: 'wrong length (38 characters after atlasv1.)' },
        { text: 'token = "<team-token>.atlasv1.<secret>"', why: 'placeholder' },
      ],
    },
  },
];
