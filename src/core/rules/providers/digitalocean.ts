import type { ProviderRule } from '../types';

/**
 * DigitalOcean tokens: `dop_v1_` (personal access token), `doo_v1_` (OAuth access token),
 * `dor_v1_` (OAuth refresh token), each followed by 64 lower-case hex characters
 * (docs.digitalocean.com/reference/api/create-personal-access-token; gitleaks `digitalocean-*`).
 */

const REVOKE = 'Revoke it at cloud.digitalocean.com/account/api/tokens and audit the team security history';

export const rules: ProviderRule[] = [
  {
    id: 'digitalocean-pat',
    kind: 'digitalocean-pat',
    provider: 'DigitalOcean',
    title: 'DigitalOcean personal access token',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: `${REVOKE}; create scoped tokens with an expiry and keep them in a secret store`,
    keywords: ['dop_v1_'],
    pattern: /(?<![A-Za-z0-9_])dop_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b, c] = [`dop_v1_${f.hex(64)}`, `dop_v1_${f.hex(64)}`, `dop_v1_${f.hex(64)}`];
        return [
          { text: `export DIGITALOCEAN_ACCESS_TOKEN=${a}`, secret: a },
          { text: `provider "digitalocean" {\n  token = "${b}"\n}`, secret: b },
          { text: `doctl auth init --access-token ${c}`, secret: c },
        ];
      },
      fp: [
        { text: 'DIGITALOCEAN_TOKEN=dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'token: dop_v1_3f9a0c', why: 'too short' },
        { text: 'token: dop_v1_5B1F0E8C2D3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D', why: 'upper-case hex is not issued' },
      ],
    },
  },
  {
    id: 'digitalocean-oauth-token',
    kind: 'digitalocean-oauth-token',
    provider: 'DigitalOcean',
    title: 'DigitalOcean OAuth access token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: `${REVOKE}, or revoke the OAuth application's grant (POST /v1/oauth/revoke)`,
    keywords: ['doo_v1_'],
    pattern: /(?<![A-Za-z0-9_])doo_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b] = [`doo_v1_${f.hex(64)}`, `doo_v1_${f.hex(64)}`];
        return [
          { text: `{"access_token":"${a}","token_type":"bearer","expires_in":2592000}`, secret: a },
          { text: `Authorization: Bearer ${b}`, secret: b },
        ];
      },
      fp: [
        { text: 'access_token: doo_v1_<token>', why: 'placeholder' },
        { text: 'x = "mydoo_v1_aa"', why: 'prefix inside another identifier, too short' },
      ],
    },
  },
  {
    id: 'digitalocean-refresh-token',
    kind: 'digitalocean-refresh-token',
    provider: 'DigitalOcean',
    title: 'DigitalOcean OAuth refresh token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `Revoke the OAuth grant (POST https://cloud.digitalocean.com/v1/oauth/revoke) and store refresh tokens in a secret manager`,
    keywords: ['dor_v1_'],
    pattern: /(?<![A-Za-z0-9_])dor_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b] = [`dor_v1_${f.hex(64)}`, `dor_v1_${f.hex(64)}`];
        return [
          { text: `{"refresh_token":"${a}"}`, secret: a },
          { text: `DO_REFRESH_TOKEN='${b}'`, secret: b },
        ];
      },
      fp: [
        { text: 'refresh_token: dor_v1_...', why: 'truncated' },
        { text: `DO_REFRESH_TOKEN=dor_v1_${'0123456789abcdef'.repeat(4)}ff`, why: 'too long (66 hex characters)' },
      ],
    },
  },
];
