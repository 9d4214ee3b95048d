import type { ProviderRule } from '../types';

/*
 * Okta API tokens (https://developer.okta.com/docs/guides/create-an-api-token/): 42 characters,
 * `00` followed by 40 base64url characters, sent as `Authorization: SSWS <token>`. `00…` alone is
 * far too common, so the token needs `okta` on the line or the SSWS scheme (gitleaks
 * `okta-access-token` also requires okta context). Client secrets of Okta OIDC apps are 40 (older)
 * to 64 base64url characters with no prefix, reported only behind `okta … client secret`.
 */

export const rules: ProviderRule[] = [
  {
    id: 'okta-api-token',
    kind: 'okta-api-token',
    provider: 'Okta',
    title: 'Okta API token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke in the Okta Admin Console (Security → API → Tokens); use an OAuth 2.0 service app with scoped access tokens instead of SSWS tokens.',
    keywords: ['okta', 'ssws'],
    pattern: /(?:okta[\w.-]{0,30}?\W{1,5}|\bSSWS\s{1,3})(?<secret>00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/i,
    confidence: 'medium',
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `00${f.base64url(40)}`;
        const b = `00${f.base64url(40)}`;
        const c = `00${f.base64url(40)}`;
        const d = `00${f.base64url(40)}`;
        return [
          { text: `OKTA_API_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `curl -H "Authorization: SSWS ${b}" https://acme.okta.com/api/v1/users?limit=25`, secret: b, path: 'scripts/users.sh' },
          { text: `  okta_client_token: "${c}"`, secret: c, path: 'config/application.yml' },
          { text: `okta.client.token=${d}`, secret: d, path: 'src/main/resources/application.properties' },
        ];
      },
      fp: [
        { text: 'OKTA_API_TOKEN={apiToken}', why: 'placeholder' },
        { text: 'Authorization: SSWS ${OKTA_API_TOKEN}', why: 'environment reference' },
        { text: 'order_id = "00QCjAl4MlV-WPXM2kjdQ9aRv5eXwYt1BnZ3uHcLpO"', why: '00-prefixed value without Okta context' },
        { text: 'OKTA_API_TOKEN=00QCjAl4MlV-WPXM2kjdQ9aRv5eXwYt1BnZ3uHcLp', why: 'wrong length (41 characters)' },
      ],
    },
  },
  {
    id: 'okta-client-secret',
    kind: 'okta-client-secret',
    provider: 'Okta',
    title: 'Okta OIDC client secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Generate a new client secret for the app in the Okta Admin Console and delete the old one; prefer private_key_jwt client authentication.',
    keywords: ['okta'],
    pattern: /okta[\w.-]{0,30}?client[_.-]?secret\W{1,5}(?<secret>[A-Za-z0-9_-]{40,64})(?![A-Za-z0-9_-])/i,
    confidence: 'medium',
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = f.base64url(64);
        const b = f.base64url(40);
        return [
          { text: `OKTA_CLIENT_SECRET=${a}`, secret: a, path: '.env' },
          { text: `okta.oauth2.client-secret=${b}`, secret: b, path: 'src/main/resources/application.properties' },
        ];
      },
      fp: [
        { text: 'OKTA_CLIENT_SECRET={clientSecret}', why: 'placeholder' },
        { text: 'OKTA_CLIENT_SECRET: ${{ secrets.OKTA_CLIENT_SECRET }}', why: 'CI secret reference' },
        { text: 'okta_client_secret = "aB3dE5gH7jK9mN1pQ3sT5vX7z"', why: 'too short (25 characters)' },
      ],
    },
  },
];
