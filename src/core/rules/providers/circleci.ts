import type { ProviderRule } from '../types';

/*
 * CircleCI API tokens (https://circleci.com/docs/managing-api-tokens/):
 *   personal `CCIPAT_` + 22 alphanumerics + `_` + 40 hex; project `CCIPRJ_` with the same shape.
 * Tokens issued before the prefixes were 40 hex with no marker, so they need a `circle` keyword.
 */

export const rules: ProviderRule[] = [
  {
    id: 'circleci-personal-token',
    kind: 'circleci-personal-token',
    provider: 'CircleCI',
    title: 'CircleCI personal API token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at app.circleci.com/settings/user/tokens; use a project API token or OIDC for automation.',
    keywords: ['ccipat_'],
    pattern: /(?<![A-Za-z0-9_])CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const make = () => `CCIPAT_${f.alnum(22)}_${f.hex(40)}`;
        const [a, b, c] = [make(), make(), make()];
        return [
          { text: `headers: { 'Circle-Token': '${a}' }`, secret: a, path: 'src/ci.ts' },
          { text: `export CIRCLECI_TOKEN=${b}`, secret: b, path: 'scripts/trigger.sh' },
          { text: `host: https://circleci.com\ntoken: ${c}`, secret: c, path: '.circleci/cli.yml' },
        ];
      },
      fp: [
        { text: 'export CIRCLECI_TOKEN=CCIPAT_...', why: 'truncated placeholder' },
        { text: "return 'ccipat_PLACEHOLDER_syncer_test_value'", why: 'placeholder in a test fake' },
        { text: 'CIRCLECI_TOKEN=CCIPAT_qjJ7iwqS8EkiM1EfegJFmvP_0bb14ac11c8ae03b81288194926af4399756afb', why: 'wrong lengths (23 and 39)' },
      ],
    },
  },
  {
    id: 'circleci-project-token',
    kind: 'circleci-project-token',
    provider: 'CircleCI',
    title: 'CircleCI project API token',
    severity: 'medium',
    owasp: 'NHI7',
    remediation: 'Delete it under Project Settings > API Permissions; status badges of private projects need only a Status-scoped token.',
    keywords: ['cciprj_'],
    pattern: /(?<![A-Za-z0-9_])CCIPRJ_[A-Za-z0-9]{22}_[a-f0-9]{40}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const make = () => `CCIPRJ_${f.alnum(22)}_${f.hex(40)}`;
        const [a, b] = [make(), make()];
        return [
          { text: `[![CircleCI](https://dl.circleci.com/status-badge/img/gh/acme/app/tree/main.svg?style=svg&circle-token=${a})](https://dl.circleci.com/)`, secret: a, path: 'README.md' },
          { text: `CIRCLE_PROJECT_TOKEN="${b}"`, secret: b, path: '.env' },
        ];
      },
      fp: [
        { text: 'circle-token=CCIPRJ_<token>', why: 'template' },
        { text: 'CCI=CCIPRJ_r4Ivd8Tu2PYTpdNv0ckZ0aON1D2C516Eaa', why: 'no underscore-separated hex tail' },
      ],
    },
  },
  {
    id: 'circleci-legacy-token',
    kind: 'circleci-legacy-token',
    provider: 'CircleCI',
    title: 'CircleCI API token (legacy 40-hex format)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at app.circleci.com/settings/user/tokens (or the project API permissions) and reissue in the prefixed format.',
    keywords: ['circle'],
    // 40 hex after a CircleCI token keyword (CIRCLE_TOKEN, circleci_api_key, circle-token=…)
    pattern: /circle(?:ci)?[\w.-]{0,20}(?:token|api[_-]?key|secret)[\w-]{0,10}\W{0,5}(?<![\w-])(?<secret>[a-f0-9]{40})(?![a-z0-9])/i,
    minEntropy: 3,
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const [a, b, c] = [f.hex(40), f.hex(40), f.hex(40)];
        return [
          { text: `CIRCLE_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `curl "https://circleci.com/api/v1.1/project/github/acme/app?circle-token=${b}"`, secret: b, path: 'status.sh' },
          { text: `  circleciApiKey: '${c}',`, secret: c, path: 'config.js' },
        ];
      },
      fp: [
        { text: 'CIRCLE_SHA1=b1769db8bd8bb5520250dcbf54377de59fe76e3a', why: 'commit SHA, no token keyword' },
        { text: 'CIRCLE_TOKEN=0bb14ac11c8ae03b81288194926af4399756afb', why: '39 hex characters' },
        { text: 'CIRCLE_TOKEN=CCIPAT_${TOKEN_SUFFIX}', why: 'reference' },
      ],
    },
  },
];
