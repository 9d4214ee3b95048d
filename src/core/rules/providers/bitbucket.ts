import type { ProviderRule } from '../types';
import { atlassianCloudToken, crc32Hex, dataCenterPat, hasCrc32HexSuffix, isDataCenterPat } from './atlassian';

/*
 * Bitbucket Cloud app passwords: `ATBB` + 24 alphanumerics + 8 hex CRC32 of the preceding 28
 * characters (Samsung/CredSweeper ValueAtlassianTokenCheck; noseyparker np.bitbucket.1 for the shape).
 * Repository/project/workspace access tokens: `ATCTT3xFfGN0` + base64url + `=` + 8 hex CRC32 (192 in all).
 * Bitbucket Data Center HTTP access tokens: `BBDC-` + base64 of `<numeric id>:<20 random bytes>`.
 */

export const rules: ProviderRule[] = [
  {
    id: 'bitbucket-app-password',
    kind: 'bitbucket-app-password',
    provider: 'Bitbucket',
    title: 'Bitbucket Cloud app password',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at bitbucket.org/account/settings/app-passwords; migrate to a scoped API token or a repository access token.',
    keywords: ['atbb'],
    pattern: /(?<![A-Za-z0-9_])ATBB[A-Za-z0-9]{32}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    verify: hasCrc32HexSuffix,
    samples: {
      tp: (f) => {
        const make = () => {
          const body = `ATBB${f.alnum(24)}`;
          return body + crc32Hex(body);
        };
        const [a, b, c] = [make(), make(), make()];
        return [
          { text: `git clone https://deploy-bot:${a}@bitbucket.org/acme/api.git`, secret: a, path: 'Makefile' },
          { text: `BITBUCKET_APP_PASSWORD=${b}`, secret: b, path: '.env' },
          { text: `auth = ("deploy-bot", "${c}")`, secret: c, path: 'release.py' },
        ];
      },
      fp: [
        { text: 'BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'BITBUCKET_APP_PASSWORD=ATBBxminaWz1DacO8SMWpEecmoTqp5aYc5N', why: '31 characters after the prefix' },
        { text: 'LATBbits.LATB5 = 1; // ATBB register bank', why: 'microcontroller register names' },
      ],
    },
  },
  {
    id: 'bitbucket-access-token',
    kind: 'bitbucket-access-token',
    provider: 'Bitbucket',
    title: 'Bitbucket repository, project or workspace access token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke under Repository/Project/Workspace settings > Access tokens; give the replacement the narrowest scopes and an expiry.',
    keywords: ['atctt3'],
    pattern: /(?<![A-Za-z0-9_-])ATCTT3[A-Za-z0-9_-]{100,300}={0,2}[A-Fa-f0-9]{8}(?![A-Za-z0-9_=-])/,
    minEntropy: 4,
    verify: hasCrc32HexSuffix,
    samples: {
      tp: (f) => {
        const [a, b, c] = [0, 1, 2].map(() => atlassianCloudToken(f, 'ATCTT3xFfGN0'));
        return [
          { text: `git clone https://x-token-auth:${a}@bitbucket.org/acme/api.git`, secret: a, path: 'Jenkinsfile' },
          { text: `AUTH = "Bearer ${b}"`, secret: b, path: 'pipelines.py' },
          { text: `BITBUCKET_TOKEN=${c}`, secret: c, path: '.env' },
        ];
      },
      fp: [
        { text: 'BITBUCKET_TOKEN=ATCTT3xFfGN0...', why: 'truncated placeholder' },
        { text: 'pattern: /ATCTT3xFfGN0[A-Za-z0-9_=-]{150,270}/g', why: 'a regex, not a token' },
        { text: 'BITBUCKET_TOKEN=ATCTT3xFfGN0-Jl1j_c95Bue_DG8C0PiyFFVfbwQhGD73W8N0DrVi6SeOytOodCvwrAAo7ysigkxnUJ6hNUTc3h_zcwt', why: 'no checksum tail after the body' },
      ],
    },
  },
  {
    id: 'bitbucket-datacenter-http-token',
    kind: 'bitbucket-datacenter-token',
    provider: 'Bitbucket',
    title: 'Bitbucket Data Center HTTP access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke under Manage account > HTTP access tokens (or the project/repository settings) on the Bitbucket server; set an expiry.',
    keywords: ['bbdc-'],
    pattern: /(?<![A-Za-z0-9_-])BBDC-[A-Za-z0-9+/]{44}(?![A-Za-z0-9+/=_-])/,
    minEntropy: 4,
    verify: (secret) => isDataCenterPat(secret.replace(/^BBDC-/, '')),
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const [a, b, c] = [0, 1, 2].map(() => `BBDC-${dataCenterPat(f)}`);
        return [
          { text: `token = "${a}"`, secret: a, path: 'loc.py' },
          { text: `curl -H "Authorization: Bearer ${b}" https://bitbucket.acme.io/rest/api/1.0/projects`, secret: b, path: 'api.sh' },
          { text: `BITBUCKET_TOKEN=${c}`, secret: c, path: '.env' },
        ];
      },
      fp: [
        { text: 'SYNC_DEST_TOKEN="BBDC-xxxx"', why: 'placeholder' },
        { text: 'token = "BBDC-DSbDqgtkRQgfve/RhpXAEQd2rdFlmJ6EPjef+kEkic9b"', why: 'does not decode to id:bytes' },
        { text: 'uuid = "e1d29d7a-bbdc-5cf2-9ac0-f12de2c33e28"', why: 'bbdc inside a UUID' },
      ],
    },
  },
];
