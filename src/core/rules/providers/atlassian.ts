import type { ProviderRule } from '../types';
import type { Fake } from '../fake';
import { crc32 } from '../../detect/checksum';

/*
 * Atlassian Cloud tokens (API tokens `ATATT3…`, Bitbucket app passwords `ATBB…`, access tokens
 * `ATCTT3…`) end with 8 upper-case hex: the CRC32 of every character before them (the body ends in
 * `=` before the checksum). Seen in gitleaks rule atlassian-api-token's sample and Samsung/CredSweeper
 * ValueAtlassianTokenCheck. Data Center PATs are base64 of `<numeric id>:<random bytes>`.
 */

/** Upper-case hex CRC32 of `text`, 8 wide. */
export function crc32Hex(text: string): string {
  return crc32(text).toString(16).toUpperCase().padStart(8, '0');
}

/** The last 8 characters are the hex CRC32 of everything before them. */
export function hasCrc32HexSuffix(secret: string): boolean {
  if (secret.length <= 8) return false;
  return crc32Hex(secret.slice(0, -8)) === secret.slice(-8).toUpperCase();
}

/** A token built like Atlassian's: prefix + base64url body + `=` + CRC32 hex of all of it. */
export function atlassianCloudToken(f: Fake, prefix: string): string {
  const body = `${prefix}${f.base64url(171)}=`;
  return body + crc32Hex(body);
}

/**
 * Atlassian Data Center PAT structure (Jira, Confluence, Bitbucket `BBDC-`): standard base64 of
 * `<numeric id>:<random bytes>`.
 */
export function isDataCenterPat(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  if (colon < 1 || colon > 20) return false;
  return /^[0-9]+$/.test(decoded.slice(0, colon)) && decoded.length - colon - 1 >= 16;
}

/** A Data Center PAT body: base64 of a 12-digit id, `:`, 20 random bytes. */
export function dataCenterPat(f: Fake): string {
  return Buffer.concat([Buffer.from(`${f.int(1, 9)}${f.digits(11)}:`, 'latin1'), Buffer.from(f.hex(40), 'hex')]).toString('base64');
}

export const rules: ProviderRule[] = [
  {
    id: 'atlassian-api-token',
    kind: 'atlassian-api-token',
    provider: 'Atlassian',
    title: 'Atlassian Cloud API token (Jira, Confluence)',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke at id.atlassian.com/manage-profile/security/api-tokens; use a scoped token with an expiry or OAuth 2.0 (3LO).',
    keywords: ['atatt3'],
    // ATATT3xFfGF0 + base64url body + `=` + 8 hex CRC32 (192 characters in all today; gitleaks atlassian-api-token)
    pattern: /(?<![A-Za-z0-9_-])ATATT3[A-Za-z0-9_-]{100,300}={0,2}[A-Fa-f0-9]{8}(?![A-Za-z0-9_=-])/,
    minEntropy: 4,
    verify: hasCrc32HexSuffix,
    samples: {
      tp: (f) => {
        const [a, b, c] = [0, 1, 2].map(() => atlassianCloudToken(f, 'ATATT3xFfGF0'));
        return [
          { text: `JIRA_API_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `const auth = Buffer.from(\`ops@acme.io:${b}\`).toString('base64');`, secret: b, path: 'src/jira.ts' },
          { text: `confluence:\n  user: ops@acme.io\n  token: "${c}"`, secret: c, path: 'config.yml' },
        ];
      },
      fp: [
        { text: 'JIRA_API_TOKEN=ATATT3xFfGF0...', why: 'truncated placeholder' },
        { text: 'JIRA_API_TOKEN=ATATT3xFfGF0-Jl1j_c95Bue_DG8C0PiyFFVfbwQhGD73W8N0DrVi6SeOytOodCvwrAAo7ysigkxnUJ6hNUTc3h', why: 'too short and no checksum tail' },
        { text: 'if (token.startsWith("ATATT3")) return "atlassian";', why: 'prefix only' },
      ],
    },
  },
  {
    id: 'atlassian-api-token-legacy',
    kind: 'atlassian-api-token',
    provider: 'Atlassian',
    title: 'Atlassian API token (legacy 24-character format)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at id.atlassian.com/manage-profile/security/api-tokens and replace it with a scoped token that expires.',
    keywords: ['atlassian', 'jira', 'confluence'],
    // Pre-2023 API tokens: 24 alphanumerics, the last 4 hex, no prefix (gitleaks atlassian-api-token);
    // require a Jira/Confluence/Atlassian token keyword before it.
    pattern: /(?:atlassian|jira|confluence)[\w.-]{0,20}(?:token|key|secret|pass)[\w-]{0,10}\W{0,5}(?<![\w-])(?<secret>[A-Za-z0-9]{20}[a-f0-9]{4})(?![A-Za-z0-9_-])/i,
    minEntropy: 3.5,
    // random mixed-case tokens: a value without lower or without upper case letters is a name or constant
    allow: [/^[^a-z]*$/, /^[^A-Z]*$/],
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const [a, b, c] = [0, 1, 2].map(() => f.alnum(20) + f.upperHex(4));
        return [
          { text: `JIRA_API_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `jira = JIRA(server, basic_auth=("ops@acme.io", "x")); jira_token = "${b}"`, secret: b, path: 'sync.py' },
          { text: `  "confluenceApiKey": "${c}"`, secret: c, path: 'settings.json' },
        ];
      },
      fp: [
        { text: 'JIRA_API_TOKEN=qjJ7iwqS8EkiM1EfegJFmvP', why: '23 characters' },
        { text: 'jira_project_key: PLATFORMENGINEERINGTEAMS', why: 'low-entropy upper-case project key' },
        { text: 'JIRA_API_TOKEN=${JIRA_API_TOKEN}', why: 'environment reference' },
        { text: 'jira_token = "qjJ7iwqS8EkiM1EfegJFmvPq"', why: 'last four characters are not hex' },
      ],
    },
  },
  {
    id: 'atlassian-datacenter-pat',
    kind: 'atlassian-datacenter-pat',
    provider: 'Atlassian',
    title: 'Jira/Confluence Data Center personal access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke under Profile > Personal access tokens on the Jira/Confluence server; set an expiry on the replacement.',
    keywords: ['jira', 'confluence', 'atlassian'],
    // 44 base64 characters decoding to `<id>:<20 random bytes>` (Samsung/CredSweeper ValueAtlassianTokenCheck)
    pattern: /(?:atlassian|jira|confluence)[\w.-]{0,20}(?:token|pat|secret|pass)[\w-]{0,10}\W{0,5}(?<![\w+/-])(?<secret>[A-Za-z0-9+/]{44})(?![A-Za-z0-9+/=_-])/i,
    minEntropy: 4,
    confidence: 'medium',
    verify: isDataCenterPat,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const [a, b] = [dataCenterPat(f), dataCenterPat(f)];
        return [
          { text: `JIRA_PAT=${a}`, secret: a, path: '.env' },
          { text: `confluence_token: "${b}"`, secret: b, path: 'ci/vars.yml' },
        ];
      },
      fp: [
        { text: 'JIRA_PAT=DSbDqgtkRQgfve/RhpXAEQd2rdFlmJ6EPjef+kEkic9b', why: 'random base64 that does not decode to id:bytes' },
        { text: 'JIRA_PAT=<personal-access-token>', why: 'template' },
        { text: 'jira_token_sha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', why: 'a digest, not id:bytes' },
      ],
    },
  },
];
