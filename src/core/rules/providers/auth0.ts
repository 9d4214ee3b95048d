import type { Fake } from '../fake';
import type { ProviderRule } from '../types';

/*
 * Auth0 (https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens):
 * - Management API tokens are JWTs whose audience is the tenant's Management API,
 *   `https://<tenant>.auth0.com/api/v2/`. Besides an `auth0` keyword, the prefilter also accepts
 *   the three base64 spellings of `auth0.com/api/v2` (one per byte alignment), so a token is found
 *   in the payload even when the line never says auth0. `verify` decodes the payload and checks
 *   the audience is `https://<tenant>.auth0.com/api/v2/`; a JWT for any other API is dropped.
 * - Application client secrets are 64 base64url characters with no prefix, reported only behind
 *   an `auth0 … client secret` name on the same line.
 */

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The Management API identifier stays on the canonical tenant domain, even with custom domains. */
const MANAGEMENT_AUDIENCE = /^https:\/\/[A-Za-z0-9.-]+\.auth0\.com\/api\/v2\/?$/;

function isManagementToken(jwt: string): boolean {
  const [h, p] = jwt.split('.');
  const header = b64urlJson(h);
  const payload = b64urlJson(p);
  if (!header || typeof header.alg !== 'string' || !payload) return false;
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return aud.some((a) => typeof a === 'string' && MANAGEMENT_AUDIENCE.test(a));
}

function managementToken(f: Fake, tenant: string): string {
  const now = f.int(1_700_000_000, 1_790_000_000);
  const header = { alg: 'RS256', typ: 'JWT', kid: f.base64url(22) };
  const payload = {
    iss: `https://${tenant}.auth0.com/`,
    sub: `${f.alnum(32)}@clients`,
    aud: `https://${tenant}.auth0.com/api/v2/`,
    iat: now,
    exp: now + 86400,
    scope: 'read:users update:users delete:users',
    gty: 'client-credentials',
    azp: f.alnum(32),
  };
  return `${f.b64url(JSON.stringify(header))}.${f.b64url(JSON.stringify(payload))}.${f.base64url(342)}`;
}

export const rules: ProviderRule[] = [
  {
    id: 'auth0-management-token',
    kind: 'auth0-management-token',
    provider: 'Auth0',
    title: 'Auth0 Management API token',
    severity: 'high',
    owasp: 'NHI2',
    remediation:
      'Rotate the signing key or wait for expiry, and revoke the issuing application grant; fetch short-lived tokens at runtime with client credentials instead of pasting them.',
    keywords: ['auth0', 'yxv0adauy29tl2fwas92', 'hdxromc5jb20vyxbpl3yy', 'f1dggwlmnvbs9hcgkvdji'],
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,500}\.eyJ[A-Za-z0-9_-]{20,5000}\.[A-Za-z0-9_-]{20,1000}(?![A-Za-z0-9_-])/,
    verify: isManagementToken,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = managementToken(f, 'acme');
        const b = managementToken(f, 'globex-prod.eu');
        const c = managementToken(f, 'initech');
        return [
          { text: `AUTH0_MANAGEMENT_API_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `const management = new ManagementClient({ domain: 'login.globex.com', token: '${b}' });`, secret: b, path: 'src/admin.ts' },
          { text: `curl -H "Authorization: Bearer ${c}" https://initech.auth0.com/api/v2/users`, secret: c, path: 'scripts/users.sh' },
        ];
      },
      fp: [
        {
          // header {"alg":"HS256","typ":"JWT"}, payload {"sub":"1234567890","name":"John Doe","iat":1516239022}
          text: "AUTH0_TOKEN='eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'",
          why: 'a JWT whose audience is not the Auth0 Management API (jwt.io sample)',
        },
        { text: 'AUTH0_MANAGEMENT_API_TOKEN=eyJhbGciOi...', why: 'truncated in documentation' },
        { text: 'AUTH0_DOMAIN=acme.us.auth0.com', why: 'tenant domain, not a credential' },
      ],
    },
  },
  {
    id: 'auth0-client-secret',
    kind: 'auth0-client-secret',
    provider: 'Auth0',
    title: 'Auth0 application client secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Rotate the secret in the Auth0 Dashboard (Applications → Settings → Rotate); prefer Private Key JWT client authentication.',
    keywords: ['auth0'],
    pattern: /auth0[\w.-]{0,20}?client[_.-]?secret\W{1,5}(?<secret>[A-Za-z0-9_-]{64})(?![A-Za-z0-9_-])/i,
    confidence: 'medium',
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = f.base64url(64);
        const b = f.base64url(64);
        const c = f.base64url(64);
        return [
          { text: `AUTH0_CLIENT_SECRET='${a}'`, secret: a, path: '.env.local' },
          { text: `  auth0_client_secret: ${b}`, secret: b, path: 'config/secrets.yml' },
          { text: `"auth0ClientSecret": "${c}",`, secret: c, path: 'appsettings.json' },
        ];
      },
      fp: [
        { text: "AUTH0_CLIENT_SECRET='YOUR_AUTH0_CLIENT_SECRET'", why: 'placeholder' },
        { text: 'AUTH0_CLIENT_SECRET: ${{ secrets.AUTH0_CLIENT_SECRET }}', why: 'CI secret reference' },
        { text: "AUTH0_SECRET='3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550f'", why: 'session cookie secret of nextjs-auth0, not a client secret (and 56 characters)' },
      ],
    },
  },
];
