import type { Fake } from '../fake';
import type { ProviderRule } from '../types';

/*
 * Sentry auth tokens (https://docs.sentry.io/account/auth-tokens/):
 * - organization tokens `sntrys_` + base64(JSON {iat, url, region_url, org}) + `_` + 43 base64
 *   characters of secret (format seen in sentry-cli/source-map upload configs);
 * - user tokens `sntryu_` + 64 hex (gitleaks `sentry-user-token`);
 * - legacy auth tokens: 64 hex, no prefix, reported only behind a `sentry … token` name.
 * The DSN public key (32 hex in https://<key>@oNNN.ingest.sentry.io/NNN) is public by design
 * and deliberately not matched.
 */

/** The JSON payload of an org token: `sntrys_<base64 json>_<secret>`. */
function orgTokenPayload(token: string): Record<string, unknown> | undefined {
  const body = token.slice('sntrys_'.length);
  const cut = body.lastIndexOf('_');
  if (cut <= 0) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(body.slice(0, cut), 'base64').toString('utf8'));
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function orgToken(f: Fake): string {
  const payload = {
    iat: f.int(1_700_000_000, 1_790_000_000) + 0.25,
    url: 'https://sentry.io',
    region_url: 'https://us.sentry.io',
    org: f.lower(8),
  };
  return `sntrys_${f.b64(JSON.stringify(payload))}_${f.base64(43)}`;
}

export const rules: ProviderRule[] = [
  {
    id: 'sentry-org-token',
    kind: 'sentry-org-token',
    provider: 'Sentry',
    title: 'Sentry organization auth token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke at sentry.io → Settings → Developer Settings → Organization Tokens; give sentry-cli SENTRY_AUTH_TOKEN from CI secrets.',
    keywords: ['sntrys_'],
    // payload is standard base64 (may be padded), the secret after the last `_` is 43 base64 chars.
    pattern: /(?<![A-Za-z0-9_])sntrys_eyJ[A-Za-z0-9+/]{20,600}={0,2}_[A-Za-z0-9+/]{43}(?![A-Za-z0-9+/=_-])/,
    verify: (secret) => {
      const p = orgTokenPayload(secret);
      return !!p && typeof p.iat === 'number' && (typeof p.org === 'string' || typeof p.url === 'string');
    },
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = orgToken(f);
        const b = orgToken(f);
        const c = orgToken(f);
        return [
          { text: `SENTRY_AUTH_TOKEN=${a}`, secret: a, path: '.env.sentry-build-plugin' },
          { text: `    sentryVitePlugin({ org: "acme", project: "web", authToken: "${b}" }),`, secret: b, path: 'vite.config.ts' },
          { text: `auth.token=${c}`, secret: c, path: 'sentry.properties' },
        ];
      },
      fp: [
        { text: 'SENTRY_AUTH_TOKEN=sntrys_eyJpYXQiOjE3...', why: 'truncated in documentation' },
        {
          text: 'SENTRY_AUTH_TOKEN=sntrys_eyJub3RlIjoibm90IGEgc2VudHJ5IG9yZyB0b2tlbiJ9_q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c',
          why: 'payload decodes to JSON without iat/org/url (not an org token)',
        },
        { text: 'SENTRY_AUTH_TOKEN=sntrys_YOUR_TOKEN_HERE', why: 'placeholder' },
      ],
    },
  },
  {
    id: 'sentry-user-token',
    kind: 'sentry-user-token',
    provider: 'Sentry',
    title: 'Sentry user auth token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke at sentry.io/settings/account/api/auth-tokens/; use an organization token scoped to CI instead of a personal token.',
    keywords: ['sntryu_'],
    pattern: /(?<![A-Za-z0-9_])sntryu_[a-f0-9]{64}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `sntryu_${f.hex(64)}`;
        const b = `sntryu_${f.hex(64)}`;
        const c = `sntryu_${f.hex(64)}`;
        return [
          { text: `export SENTRY_AUTH_TOKEN=${a}`, secret: a, path: 'scripts/release.sh' },
          { text: `      "headers": { "Authorization": "Bearer ${b}" }`, secret: b, path: '.mcp.json' },
          { text: `sentry_token: '${c}'`, secret: c, path: 'config/ci.yml' },
        ];
      },
      fp: [
        { text: 'SENTRY_AUTH_TOKEN=sntryu_your_token_here', why: 'placeholder' },
        { text: "SENTRY_ACCESS_TOKEN: 'sntryu_0123456789abcdef0123456789abcdef'", why: 'wrong length (32 hex characters)' },
        { text: 'token = "sntryu_ecb79ae6319919a5e23b81a1c0094c831574d3887f0ac7b5d2729374997faeaz"', why: 'wrong alphabet (non-hex character)' },
      ],
    },
  },
  {
    id: 'sentry-auth-token',
    kind: 'sentry-auth-token',
    provider: 'Sentry',
    title: 'Sentry auth token (legacy, unprefixed)',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke at sentry.io/settings/account/api/auth-tokens/ and replace with a prefixed organization token kept in CI secrets.',
    keywords: ['sentry'],
    pattern: /sentry[\w.-]{0,20}?(?:auth)?[_.-]?token\W{0,5}(?<secret>[a-f0-9]{64})(?![a-z0-9])/i,
    confidence: 'medium',
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = f.hex(64);
        const b = f.hex(64);
        const c = f.hex(64);
        return [
          { text: `SENTRY_AUTH_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `  sentryAuthToken: '${b}',`, secret: b, path: 'app.config.js' },
          { text: `sentry_token = "${c}"`, secret: c, path: 'settings.py' },
        ];
      },
      fp: [
        {
          text: 'SENTRY_DSN=https://9f500122e319dce965baba25e330cf07@o4510207888392192.ingest.de.sentry.io/4510207920701520',
          why: 'DSN public key (public by design)',
        },
        { text: 'sentry_token = "9f500122e319dce965baba25e330cf07"', why: 'wrong length (32 hex characters)' },
        {
          text: 'checksum: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
          why: '64 hex characters without a Sentry token name (a SHA-256)',
        },
      ],
    },
  },
];
