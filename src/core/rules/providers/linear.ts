import type { ProviderRule } from '../types';

/*
 * Linear (https://developers.linear.app/docs/graphql/working-with-the-graphql-api):
 * personal API keys `lin_api_` + 40 alphanumerics (gitleaks `linear-api-key`); OAuth access
 * tokens `lin_oauth_` + 64 hex (as issued by https://api.linear.app/oauth/token); OAuth client
 * secrets are 32 hex with no prefix (gitleaks `linear-client-secret`), so they need a
 * `linear … secret` name on the line.
 */

export const rules: ProviderRule[] = [
  {
    id: 'linear-api-key',
    kind: 'linear-api-key',
    provider: 'Linear',
    title: 'Linear personal API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at linear.app/settings/account/security (API keys); use an OAuth app with actor=app for automation.',
    keywords: ['lin_api_'],
    pattern: /(?<![A-Za-z0-9_])lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `lin_api_${f.alnum(40)}`;
        const b = `lin_api_${f.alnum(40)}`;
        const c = `lin_api_${f.alnum(40)}`;
        return [
          { text: `LINEAR_API_KEY=${a}`, secret: a, path: '.env' },
          { text: `const linear = new LinearClient({ apiKey: "${b}" });`, secret: b, path: 'src/linear.ts' },
          { text: `curl https://api.linear.app/graphql -H "Authorization: ${c}" -d '{"query":"{ viewer { id } }"}'`, secret: c, path: 'scripts/whoami.sh' },
        ];
      },
      fp: [
        { text: 'LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'LINEAR_API_KEY=lin_api_Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9L0z', why: 'wrong length (39 characters)' },
        { text: 'assert.doesNotMatch(prompt, /lin_api_|lin_oauth_/);', why: 'prefix only, no key' },
      ],
    },
  },
  {
    id: 'linear-oauth-token',
    kind: 'linear-oauth-token',
    provider: 'Linear',
    title: 'Linear OAuth access token',
    severity: 'high',
    owasp: 'NHI2',
    remediation:
      'Revoke the token (POST https://api.linear.app/oauth/revoke) or the app authorization; store tokens encrypted server-side and refresh them.',
    keywords: ['lin_oauth_'],
    pattern: /(?<![A-Za-z0-9_])lin_oauth_[a-f0-9]{64}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `lin_oauth_${f.hex(64)}`;
        const b = `lin_oauth_${f.hex(64)}`;
        return [
          { text: `    $token = "${a}";`, secret: a, path: 'app/Http/Controllers/LinearController.php' },
          { text: `{"accessToken": "${b}", "expiresAt": 1734567890000}`, secret: b, path: '.data/oauth-token.json' },
        ];
      },
      fp: [
        { text: '"accessToken": "lin_oauth_xxx"', why: 'placeholder' },
        { text: 'expect(linearAuthHeader("lin_oauth_abc123")).toBe("Bearer lin_oauth_abc123");', why: 'wrong length (test stub)' },
      ],
    },
  },
  {
    id: 'linear-client-secret',
    kind: 'linear-client-secret',
    provider: 'Linear',
    title: 'Linear OAuth client secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Rotate the client secret in linear.app/settings/api/applications; load it from a secret store at runtime.',
    keywords: ['linear'],
    pattern: /linear[\w.-]{0,20}?(?:client)?[_.-]?secret\W{0,5}(?<secret>[a-f0-9]{32})(?![a-z0-9])/i,
    confidence: 'medium',
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = f.hex(32);
        const b = f.hex(32);
        return [
          { text: `LINEAR_CLIENT_SECRET=${a}`, secret: a, path: '.env' },
          { text: `  linearClientSecret: '${b}',`, secret: b, path: 'src/config.ts' },
        ];
      },
      fp: [
        { text: 'LINEAR_CLIENT_SECRET=<client-secret>', why: 'placeholder' },
        { text: 'LINEAR_WEBHOOK_ID=9f500122e319dce965baba25e330cf07', why: '32 hex without a secret name' },
        { text: 'linear_client_secret: 9f500122e319dce965baba25e330cf0', why: 'wrong length (31 hex characters)' },
      ],
    },
  },
];
