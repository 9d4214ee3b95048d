import type { ProviderRule } from '../types';

// Square credentials (https://developer.squareup.com/docs/build-basics/access-tokens; gitleaks square-access-token,
// square-secret): access tokens are 64 characters starting EAAA; legacy OAuth/personal tokens are sq0atp- + 22;
// application (OAuth client) secrets are sq0csp- + 43. Application ids (sq0idp-, sandbox-sq0idb-) are public.

export const rules: ProviderRule[] = [
  {
    id: 'square-access-token',
    kind: 'square-access-token',
    provider: 'Square',
    title: 'Square access token',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Revoke at developer.squareup.com/apps > Credentials (replace the personal access token) and load it from a secret manager.',
    keywords: ['eaaa'],
    pattern: /(?<![A-Za-z0-9_-])EAAA[A-Za-z0-9_-]{60}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `EAAA${f.base64url(60)}`;
        const b = `EAAA${f.alnum(60)}`;
        const c = `EAAA${f.base64url(60)}`;
        return [
          { text: `SQUARE_ACCESS_TOKEN=${a}`, secret: a },
          { text: `const client = new Client({ accessToken: '${b}', environment: Environment.Production });`, secret: b },
          { text: `curl -H "Authorization: Bearer ${c}" https://connect.squareup.com/v2/locations`, secret: c },
        ];
      },
      fp: [
        { text: 'image: aws-cli@sha256:eaaa7b11777babe28e6133a8b19ff71cea687e0d7f05158dee95a71f76ce3d00', why: 'lower-case hex digest, not a token' },
        { text: 'SQUARE_ACCESS_TOKEN=EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'fb_token = "EAAAGZCZBa7ZBZA4sBAKq1ZCvZB8mHw2ZAZBZAg3ZCZBq8ZAZCLmZBZCkZAZBZAZAZAlZAZB5ZBq6ZAZA8ZA0ZCZAZB1ZBZAZA3ZCZAnZA"', why: 'Facebook token, longer than 64 characters' },
        { text: 'SQUARE_ACCESS_TOKEN=EAAAEOuLQObrVwJvCvoio', why: 'too short' },
      ],
    },
  },
  {
    id: 'square-oauth-token',
    kind: 'square-access-token',
    provider: 'Square',
    title: 'Square legacy OAuth / personal access token',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Revoke at developer.squareup.com/apps > OAuth and issue a new token; load it from a secret manager.',
    keywords: ['sq0atp-'],
    pattern: /(?<![A-Za-z0-9_-])sq0atp-[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `sq0atp-${f.base64url(22)}`;
        const b = `sq0atp-${f.base64url(22)}`;
        return [
          { text: `square_access_token: "${a}"`, secret: a },
          { text: `SQUARE_TOKEN=${b}`, secret: b },
        ];
      },
      fp: [
        { text: 'SQUARE_TOKEN=sq0atp-xxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'SQUARE_TOKEN=sq0atp-123abc', why: 'too short' },
      ],
    },
  },
  {
    id: 'square-application-secret',
    kind: 'square-application-secret',
    provider: 'Square',
    title: 'Square application (OAuth client) secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Replace the application secret at developer.squareup.com/apps > OAuth and load it from a secret manager.',
    keywords: ['sq0csp-'],
    pattern: /(?<![A-Za-z0-9_-])sq0csp-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `sq0csp-${f.base64url(43)}`;
        const b = `sq0csp-${f.base64url(43)}`;
        return [
          { text: `SQUARE_APPLICATION_SECRET=${a}`, secret: a },
          { text: `  "client_secret": "${b}"`, secret: b },
        ];
      },
      fp: [
        { text: 'SQUARE_APPLICATION_ID=sq0idp-wGVapF8sNt9PLrdj5znuKA', why: 'application id is public' },
        { text: 'SQUARE_APPLICATION_SECRET=sq0csp-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'SQUARE_APPLICATION_SECRET=sq0csp-abc', why: 'too short' },
      ],
    },
  },
];
